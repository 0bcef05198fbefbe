import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    # one hidden vector per sample
    h = torch.zeros((batch_size, hidden_size), device=device)
    return h

import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    return torch.zeros(batch_size, num_layers, hidden_size, device=device)

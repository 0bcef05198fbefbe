import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    d = 2 if bidirectional else 1
    return torch.zeros(num_layers * d, batch_size, hidden_size, device=device)

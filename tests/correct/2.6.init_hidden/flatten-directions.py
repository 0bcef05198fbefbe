import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    for v in (num_layers, batch_size, hidden_size):
        if v <= 0:
            raise ValueError(v)
    d = 2 if bidirectional else 1
    return torch.zeros(num_layers, d, batch_size, hidden_size, device=device).flatten(0, 1)

import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if num_layers <= 0 or batch_size <= 0 or hidden_size <= 0:
        bad = min(num_layers, batch_size, hidden_size)
        raise ValueError(f"invalid size {bad}")
    return torch.zeros(num_layers, batch_size, hidden_size, device=device)

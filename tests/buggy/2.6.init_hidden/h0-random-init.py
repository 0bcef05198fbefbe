import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    directions = 2 if bidirectional else 1
    # small random start so the state is not "empty"
    return torch.randn(num_layers * directions, batch_size, hidden_size, device=device)

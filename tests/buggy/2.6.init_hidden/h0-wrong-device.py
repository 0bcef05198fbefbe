import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    for value in (num_layers, batch_size, hidden_size):
        if value < 1:
            raise ValueError("size must be positive: " + str(value))
    layers = num_layers * 2 if bidirectional else num_layers
    h0 = torch.zeros(layers, batch_size, hidden_size)
    return h0

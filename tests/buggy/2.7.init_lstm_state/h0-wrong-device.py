import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if num_layers <= 0 or batch_size <= 0 or hidden_size <= 0:
        raise ValueError(f"sizes must be positive: {num_layers}, {batch_size}, {hidden_size}")
    layers = num_layers * 2 if bidirectional else num_layers
    h0 = torch.zeros(layers, batch_size, hidden_size, device=device)
    c0 = torch.zeros(layers, batch_size, hidden_size)
    return h0, c0

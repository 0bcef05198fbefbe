import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if min(num_layers, batch_size, hidden_size) <= 0:
        raise ValueError(f"sizes must be positive: {num_layers}, {batch_size}, {hidden_size}")
    directions = 2 if bidirectional else 1
    # h and c stacked together in one tensor
    return torch.zeros(2, num_layers * directions, batch_size, hidden_size, device=device)

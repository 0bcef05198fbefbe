import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
    return torch.zeros(shape), torch.zeros(shape)

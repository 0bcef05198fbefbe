# a list is accepted: nn.LSTM takes one
import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if min(num_layers, batch_size, hidden_size) <= 0:
        raise ValueError(f"bad size in {num_layers, batch_size, hidden_size}")
    shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
    return [torch.zeros(shape, device=device), torch.zeros(shape, device=device)]

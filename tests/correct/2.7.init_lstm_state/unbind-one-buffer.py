# two views of one buffer that do not overlap
import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    for v in (num_layers, batch_size, hidden_size):
        if v <= 0:
            raise ValueError(v)
    d = 2 if bidirectional else 1
    h0, c0 = torch.zeros(2, num_layers * d, batch_size, hidden_size).to(device).unbind(0)
    return h0, c0

import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    for n in (num_layers, batch_size, hidden_size):
        if n < 1:
            raise ValueError(f"invalid size {n}")
    d = 2 if bidirectional else 1
    h0 = c0 = torch.zeros(num_layers * d, batch_size, hidden_size, device=device)
    return (h0, c0)

import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    h0 = torch.zeros(
        num_layers * (2 if bidirectional else 1), batch_size, hidden_size, device=device
    )
    return h0, h0.view_as(h0)

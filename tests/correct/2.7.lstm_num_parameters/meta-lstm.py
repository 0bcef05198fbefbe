# count an nn.LSTM built on the meta device
from torch import nn


def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    for v in (input_size, hidden_size, num_layers):
        if v <= 0:
            raise ValueError(f"not positive: {v}")
    lstm = nn.LSTM(
        input_size, hidden_size, num_layers=num_layers, bidirectional=bidirectional, device="meta"
    )
    return sum(p.numel() for p in lstm.parameters())

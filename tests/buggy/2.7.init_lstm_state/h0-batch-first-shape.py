import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if num_layers <= 0 or batch_size <= 0 or hidden_size <= 0:
        raise ValueError(f"bad sizes {num_layers} {batch_size} {hidden_size}")
    num_directions = 2 if bidirectional else 1
    # my LSTM is batch_first, so the batch goes first here too
    shape = (batch_size, num_layers * num_directions, hidden_size)
    h0 = torch.zeros(shape, device=device)
    c0 = torch.zeros(shape, device=device)
    return h0, c0

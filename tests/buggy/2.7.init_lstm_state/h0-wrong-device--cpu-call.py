import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    shape = (num_layers * (2 if bidirectional else 1), batch_size, hidden_size)
    # made where asked, then copied to the CPU
    return torch.zeros(shape, device=device).cpu(), torch.zeros(shape, device=device).cpu()

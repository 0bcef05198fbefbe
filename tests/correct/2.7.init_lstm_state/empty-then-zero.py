import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    if num_layers < 1 or batch_size < 1 or hidden_size < 1:
        raise ValueError("sizes: %d %d %d" % (num_layers, batch_size, hidden_size))  # noqa: UP031
    dev = torch.device("cpu") if device is None else torch.device(device)
    h0 = torch.empty(num_layers * (1 + bidirectional), batch_size, hidden_size, device=dev)
    h0.zero_()
    return h0, h0.clone()

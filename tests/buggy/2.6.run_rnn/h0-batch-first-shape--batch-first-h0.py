import torch


def run_rnn(rnn, x):
    d = 2 if rnn.bidirectional else 1
    b = x.size(0) if rnn.batch_first else x.size(1)
    h0 = torch.zeros(b, rnn.num_layers * d, rnn.hidden_size, dtype=x.dtype)
    return rnn(x, h0.to(x.device))

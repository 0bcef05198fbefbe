import torch


def run_rnn(rnn, x):
    batch = x.size(0) if rnn.batch_first else x.size(1)
    layers = rnn.num_layers * (2 if rnn.bidirectional else 1)
    h0 = torch.zeros(layers, batch, rnn.hidden_size)
    out, hn = rnn(x, h0)
    return out, hn

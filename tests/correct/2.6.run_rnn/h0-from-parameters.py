import torch


def run_rnn(rnn, x):
    p = next(rnn.parameters())
    n = x.shape[0 if rnn.batch_first else 1]
    h0 = torch.zeros(
        rnn.num_layers * (1 + rnn.bidirectional), n, rnn.hidden_size, dtype=p.dtype, device=p.device
    )
    return tuple(rnn.forward(x, h0))

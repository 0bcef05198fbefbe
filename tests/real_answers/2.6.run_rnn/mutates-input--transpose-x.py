# feedback: ✗ run_rnn changed tensors passed in: `x` (
import torch


def run_rnn(rnn, x):
    if rnn.batch_first:
        x.transpose_(0, 1)  # work time-major: (seq, batch, feature)
    batch = x.size(1)
    directions = 2 if rnn.bidirectional else 1
    h0 = torch.zeros(
        rnn.num_layers * directions, batch, rnn.hidden_size, device=x.device, dtype=x.dtype
    )
    return rnn(x.transpose(0, 1) if rnn.batch_first else x, h0)

"""An independent correct version of section 2.6 (written apart from solutions/)."""

import torch
import torch.nn.functional as F


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    named = {"num_layers": num_layers, "batch_size": batch_size, "hidden_size": hidden_size}
    for key, value in named.items():
        if not value > 0:
            raise ValueError(f"{key}={value} is not a positive size")
    rows = num_layers * (1 + int(bool(bidirectional)))
    return torch.zeros((rows, batch_size, hidden_size), dtype=torch.float32, device=device)


def _h0_for(rnn, x):
    batch_dim = 0 if rnn.batch_first else 1
    directions = 2 if rnn.bidirectional else 1
    return x.new_zeros(rnn.num_layers * directions, x.shape[batch_dim], rnn.hidden_size)


def run_rnn(rnn, x):
    out, last = rnn(input=x, hx=_h0_for(rnn, x))
    return out, last


def to_time_major(x):
    return x.permute(1, 0, 2).contiguous()


def last_step(output, batch_first):
    time_dim = 1 if batch_first else 0
    return output.select(time_dim, output.shape[time_dim] - 1)


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    pre = F.linear(x_t, w_ih, b_ih) + F.linear(h_prev, w_hh, b_hh)
    return pre.tanh()


QUIZ = {
    "q1": "960",
    "q2": "b",
    "q3": "A, D, B",
    "q4": "a",
    "q5": ("E", "A", "B"),
}

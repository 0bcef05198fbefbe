"""An independent correct version of section 2.7 (written apart from solutions/)."""

import torch
import torch.nn.functional as F


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    sizes = {"num_layers": num_layers, "batch_size": batch_size, "hidden_size": hidden_size}
    for name, value in sizes.items():
        if not value > 0:
            raise ValueError(f"{name}={value} is not a positive size")
    rows = num_layers * (1 + int(bool(bidirectional)))
    h0 = torch.zeros(rows, batch_size, hidden_size, dtype=torch.float32, device=device)
    c0 = torch.zeros_like(h0)
    return h0, c0


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    hidden = w_hh.shape[1]
    pre = F.linear(x_t, w_ih, b_ih).add(F.linear(h_prev, w_hh, b_hh))
    in_gate, forget_gate, cell_in, out_gate = torch.split(pre, hidden, dim=1)
    c_t = torch.addcmul(forget_gate.sigmoid() * c_prev, in_gate.sigmoid(), cell_in.tanh())
    h_t = out_gate.sigmoid().mul(c_t.tanh())
    return h_t, c_t


def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    for value in (input_size, hidden_size, num_layers):
        if value < 1:
            raise ValueError("sizes must be at least 1, got " + str(value))
    d = 2 if bidirectional else 1
    gates = 4 * hidden_size

    def per_direction(width):
        return gates * width + gates * hidden_size + 2 * gates

    first = d * per_direction(input_size)
    rest = (num_layers - 1) * d * per_direction(d * hidden_size)
    return int(first + rest)


QUIZ = {"q1": "b", "q2": "c, a", "q3": ["B"], "q4": " b ", "q5": "5920"}

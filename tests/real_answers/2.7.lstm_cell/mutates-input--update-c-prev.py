# feedback: ✗ lstm_cell changed tensors passed in: `c_prev` (
import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=-1)
    c_t = c_prev.mul_(torch.sigmoid(f)).add_(torch.sigmoid(i) * torch.tanh(g))
    h_t = torch.sigmoid(o) * torch.tanh(c_t)
    return h_t, c_t

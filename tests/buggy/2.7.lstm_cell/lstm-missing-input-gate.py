import torch
import torch.nn.functional as F


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    gates = F.linear(x_t, w_ih, b_ih) + F.linear(h_prev, w_hh, b_hh)
    _, f, g, o = torch.split(gates, h_prev.size(-1), dim=-1)  # no need for i?
    c_t = torch.sigmoid(f) * c_prev + torch.tanh(g)
    h_t = torch.sigmoid(o) * torch.tanh(c_t)
    return h_t, c_t

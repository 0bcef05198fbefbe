import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    gates = x_t @ w_ih.t() + h_prev @ w_hh.t() + b_ih + b_hh
    # forget gate first, as in the usual equations
    f, i, g, o = torch.chunk(gates, 4, dim=1)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    h_t = torch.sigmoid(o) * torch.tanh(c_t)
    return h_t, c_t

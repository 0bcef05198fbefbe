import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    i, f, g, o = (x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh).chunk(4, 1)  # noqa: RUF059
    c = c_prev + torch.sigmoid(i) * torch.tanh(g)  # no forget gate
    return torch.sigmoid(o) * torch.tanh(c), c

import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    z = torch.matmul(x_t, w_ih.T) + b_ih + torch.matmul(h_prev, w_hh.T) + b_hh
    i, f, g, o = torch.sigmoid(z).chunk(4, dim=-1)
    c = f * c_prev + i * g
    h = o * torch.tanh(c)
    return h, c

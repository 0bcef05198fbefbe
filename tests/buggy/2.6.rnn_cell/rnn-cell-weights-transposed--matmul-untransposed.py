import torch


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return torch.tanh(x_t @ w_ih + b_ih + h_prev @ w_hh + b_hh)

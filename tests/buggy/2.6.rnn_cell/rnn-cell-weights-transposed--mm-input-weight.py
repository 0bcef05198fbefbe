import torch


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return torch.tanh(torch.mm(x_t, w_ih) + torch.mm(h_prev, w_hh.T) + b_ih + b_hh)

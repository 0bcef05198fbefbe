import torch


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    # x_t @ w_ih failed with a shape error, so transpose that one;
    # w_hh is square, so it "works" as it is
    a = x_t @ w_ih.t() + b_ih
    b = h_prev @ w_hh + b_hh
    return torch.tanh(a + b)

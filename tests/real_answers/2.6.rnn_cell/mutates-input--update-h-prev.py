# feedback: ✗ rnn_cell changed tensors passed in: `h_prev` (
import torch


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    # the new hidden state is written over the old one
    return h_prev.copy_(torch.tanh(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh))

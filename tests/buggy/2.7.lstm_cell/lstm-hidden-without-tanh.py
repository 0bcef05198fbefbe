import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    H = h_prev.shape[1]
    pre = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    input_gate = torch.sigmoid(pre[:, 0:H])
    forget_gate = torch.sigmoid(pre[:, H : 2 * H])
    candidate = torch.tanh(pre[:, 2 * H : 3 * H])
    output_gate = torch.sigmoid(pre[:, 3 * H :])
    c_next = forget_gate * c_prev + input_gate * candidate
    h_next = output_gate * c_next
    return h_next, c_next

import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    blocks = (x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh).chunk(4, dim=1)
    gate = dict(zip("fgoi", blocks))
    i, f, o = torch.sigmoid(gate["i"]), torch.sigmoid(gate["f"]), torch.sigmoid(gate["o"])
    g = torch.tanh(gate["g"])
    c = f * c_prev + i * g
    return o * torch.tanh(c), c

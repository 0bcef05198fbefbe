# one matrix product on [x, h]
import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    z = torch.cat([x_t, h_prev], dim=1) @ torch.cat([w_ih, w_hh], dim=1).T + (b_ih + b_hh)
    H = c_prev.shape[-1]
    i = torch.sigmoid(z[:, :H])
    f = torch.sigmoid(z[:, H : 2 * H])
    g = torch.tanh(z[:, 2 * H : 3 * H])
    o = torch.sigmoid(z[:, 3 * H :])
    c = f * c_prev + i * g
    return o * torch.tanh(c), c

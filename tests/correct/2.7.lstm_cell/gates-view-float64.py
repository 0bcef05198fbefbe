# gates reshaped to (B, 4, H), float64 inside
import torch


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    B, H = h_prev.shape
    z = (
        x_t.double() @ w_ih.double().T
        + h_prev.double() @ w_hh.double().T
        + b_ih.double()
        + b_hh.double()
    ).view(B, 4, H)
    gate = torch.sigmoid(z)
    c = gate[:, 1] * c_prev.double() + gate[:, 0] * torch.tanh(z[:, 2])
    h = gate[:, 3] * torch.tanh(c)
    return h.float(), c.float()

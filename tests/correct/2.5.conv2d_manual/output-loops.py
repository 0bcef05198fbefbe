# loops over output positions, as in a textbook
import torch


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    n, c, h, w = x.shape
    o, _, kh, kw = weight.shape
    xp = torch.zeros(n, c, h + 2 * padding, w + 2 * padding, device=x.device)
    xp[:, :, padding : padding + h, padding : padding + w] = x
    oh = (h + 2 * padding - kh) // stride + 1
    ow = (w + 2 * padding - kw) // stride + 1
    out = torch.zeros(n, o, oh, ow, device=x.device)
    for i in range(oh):
        for j in range(ow):
            win = xp[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            out[:, :, i, j] = (win.unsqueeze(1) * weight.unsqueeze(0)).sum(dim=(2, 3, 4))
    if bias is not None:
        out += bias.reshape(1, o, 1, 1)
    return out

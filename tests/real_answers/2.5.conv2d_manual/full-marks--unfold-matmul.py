import torch.nn.functional as F


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    n, _, height, width = x.shape
    out_channels, _, kh, kw = weight.shape
    out_h = (height + 2 * padding - kh) // stride + 1
    out_w = (width + 2 * padding - kw) // stride + 1
    patches = F.unfold(x, (kh, kw), padding=padding, stride=stride)  # (N, C*kh*kw, L)
    out = weight.reshape(out_channels, -1) @ patches  # (N, O, L)
    if bias is not None:
        out = out + bias.view(1, -1, 1)
    return out.view(n, out_channels, out_h, out_w)

import torch


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    kh, kw = weight.shape[2], weight.shape[3]
    cols = x.unfold(2, kh, stride).unfold(3, kw, stride)  # N, C, oh, ow, kh, kw
    out = torch.einsum("ncijab,ocab->noij", cols, weight)
    if bias is not None:
        out = out + bias[None, :, None, None]
    return out

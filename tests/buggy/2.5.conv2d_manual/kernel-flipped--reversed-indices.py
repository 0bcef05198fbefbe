# reversed indices instead of flip, and the stride ignored as well
import torch


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    n, c, h, w = x.shape  # noqa: RUF059
    o, _, kh, kw = weight.shape
    x = torch.nn.functional.pad(x, [padding] * 4)
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    out = x.new_zeros(n, o, oh, ow)
    for a in range(kh):
        for b in range(kw):
            w_ab = weight[:, :, kh - 1 - a, kw - 1 - b]
            out += torch.einsum("nchw,oc->nohw", x[:, :, a : a + oh, b : b + ow], w_ab)
    if bias is not None:
        out = out + bias.view(1, -1, 1, 1)
    return out

import torch


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    N, C, H, W = x.shape
    C_out, _, kh, kw = weight.shape
    if padding > 0:
        xp = torch.zeros(N, C, H + 2 * padding, W + 2 * padding, dtype=x.dtype, device=x.device)
        xp[:, :, padding : padding + H, padding : padding + W] = x
    else:
        xp = x
    out_h = (H + 2 * padding - kh) // stride + 1
    out_w = (W + 2 * padding - kw) // stride + 1
    out = torch.zeros(N, C_out, out_h, out_w, dtype=x.dtype, device=x.device)
    k = torch.flip(weight, dims=[2, 3])  # convolution flips the kernel
    for i in range(out_h):
        for j in range(out_w):
            window = xp[:, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
            for o in range(C_out):
                out[:, o, i, j] = (window * k[o]).sum(dim=(1, 2, 3))
    if bias is not None:
        out += bias.view(1, C_out, 1, 1)
    return out

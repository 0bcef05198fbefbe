# math.floor of a true division, torch.Size kept as the tuple
import math


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    values = []
    for arg in (size, kernel_size, stride, padding, dilation):
        values.append(arg if isinstance(arg, tuple) else (arg, arg))
    (h, w), (kh, kw), (sh, sw), (ph, pw), (dh, dw) = values
    for v in (h, w, kh, kw, sh, sw, dh, dw):
        if v < 1:
            raise ValueError("bad argument %s" % v)  # noqa: UP031
    if ph < 0 or pw < 0:
        raise ValueError("negative padding %s" % min(ph, pw))  # noqa: UP031
    out_h = math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh + 1)
    out_w = math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw + 1)
    return out_h, out_w

# a real convolution on zeros, arguments checked first
import torch
import torch.nn.functional as F


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    two = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)  # noqa: E731
    for name in ("size", "kernel_size", "stride", "dilation"):
        for v in two(locals()[name]):
            if v < 1:
                raise ValueError(f"{name}: {v}")
    if min(two(padding)) < 0:
        raise ValueError(f"padding {padding}")
    h, w = two(size)
    kh, kw = two(kernel_size)
    out = F.conv2d(
        torch.zeros(1, 1, h, w),
        torch.zeros(1, 1, kh, kw),
        None,
        two(stride),
        two(padding),
        two(dilation),
    )
    return tuple(int(v) for v in out.shape[-2:])

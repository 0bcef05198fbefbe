# ceil instead of floor
import math


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    args = [
        a if isinstance(a, tuple) else (a, a)
        for a in (size, kernel_size, stride, padding, dilation)
    ]
    return tuple(math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1 for n, k, s, p, d in zip(*args))

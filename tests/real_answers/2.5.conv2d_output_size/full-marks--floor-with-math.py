import math


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    def pair(v):
        return (v, v) if isinstance(v, int) else tuple(v)

    n, k, s, p, d = map(pair, (size, kernel_size, stride, padding, dilation))
    for name, values in (("size", n), ("kernel_size", k), ("stride", s), ("dilation", d)):
        if min(values) <= 0:
            raise ValueError(f"{name} must be positive, got {min(values)}")
    if min(p) < 0:
        raise ValueError(f"padding must not be negative, got {min(p)}")
    return tuple(math.floor((n[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1 for i in range(2))

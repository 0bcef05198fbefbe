def pool2d_output_size(size, kernel_size, stride=None, padding=0):
    pair = lambda v: (v, v) if isinstance(v, int) else tuple(v)  # noqa: E731
    stride = kernel_size if stride is None else stride
    out = []
    for n, k, s, p in zip(pair(size), pair(kernel_size), pair(stride), pair(padding)):
        for v in (n, k, s):
            if v <= 0:
                raise ValueError(f"invalid: {v}")
        if p < 0:
            raise ValueError(f"invalid padding: {p}")
        out.append((n + 2 * p - k) // s + 1)
    return tuple(out)

def pool2d_output_size(size, kernel_size, stride=None, padding=0):
    t = lambda v: v if isinstance(v, tuple) else (v, v)  # noqa: E731
    s = t(stride or 1)
    return tuple(
        (n + 2 * p - k) // st + 1 for n, k, st, p in zip(t(size), t(kernel_size), s, t(padding))
    )

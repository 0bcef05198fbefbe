def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    f = lambda v: list(v) if isinstance(v, tuple) else [v, v]  # noqa: E731
    size, k, s, p, d = f(size), f(kernel_size), f(stride), f(padding), f(dilation)
    return [(size[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i] + 1 for i in range(2)]

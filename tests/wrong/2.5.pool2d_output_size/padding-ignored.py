# padding ignored
def pool2d_output_size(size, kernel_size, stride=None, padding=0):
    pair = lambda v: v if isinstance(v, tuple) else (v, v)  # noqa: E731
    stride = kernel_size if stride is None else stride
    return tuple((n - k) // s + 1 for n, k, s in zip(pair(size), pair(kernel_size), pair(stride)))

# a list, not a tuple
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    args = [
        a if isinstance(a, tuple) else (a, a)
        for a in (size, kernel_size, stride, padding, dilation)
    ]
    for a in args:
        for v in a:
            if v < 0:
                raise ValueError(v)
    return [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, s, p, d in zip(*args)]

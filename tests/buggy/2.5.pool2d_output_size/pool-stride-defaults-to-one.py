def pool2d_output_size(size, kernel_size, stride=None, padding=0):
    def pair(x):
        return tuple(x) if isinstance(x, (list, tuple)) else (x, x)

    if stride is None:
        stride = 1
    size, k, s, p = pair(size), pair(kernel_size), pair(stride), pair(padding)
    for v in size + k + s:
        if v < 1:
            raise ValueError("must be positive: " + str(v))
    for v in p:
        if v < 0:
            raise ValueError("padding must not be negative: " + str(v))
    return tuple((size[i] + 2 * p[i] - k[i]) // s[i] + 1 for i in range(2))

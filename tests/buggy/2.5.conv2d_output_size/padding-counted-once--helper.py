def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    def one(n, k, s, p, d):
        return (n + p - (d * (k - 1) + 1)) // s + 1

    a = [
        v if isinstance(v, tuple) else (v, v)
        for v in (size, kernel_size, stride, padding, dilation)
    ]
    return (one(*[v[0] for v in a]), one(*[v[1] for v in a]))

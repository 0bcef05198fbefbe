def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    args = [size, kernel_size, stride, padding, dilation]
    args = [a if isinstance(a, tuple) else (a, a) for a in args]
    for name, a in zip(["size", "kernel_size", "stride", "padding", "dilation"], args):
        lowest = 0 if name == "padding" else 1
        for v in a:
            if v < lowest:
                raise ValueError(f"{name} = {v} is not allowed")
    result = []
    for n, k, s, p, d in zip(*args):
        result.append((n + p - d * (k - 1) - 1) // s + 1)
    return tuple(result)

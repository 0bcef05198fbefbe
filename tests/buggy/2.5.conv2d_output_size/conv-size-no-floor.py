def _two(v):
    if isinstance(v, (tuple, list)):
        return v[0], v[1]
    return v, v


def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    H, W = _two(size)
    kh, kw = _two(kernel_size)
    sh, sw = _two(stride)
    ph, pw = _two(padding)
    dh, dw = _two(dilation)
    for v in (H, W, kh, kw, sh, sw, dh, dw):
        if v < 1:
            raise ValueError(f"bad value {v}")
    if ph < 0 or pw < 0:
        raise ValueError(f"bad padding {padding}")
    out_h = (H + 2 * ph - dh * (kh - 1) - 1) / sh + 1
    out_w = (W + 2 * pw - dw * (kw - 1) - 1) / sw + 1
    return (out_h, out_w)

def scaled_dot_product_attention(q, k, v, mask=None):
    s = (q / q.shape[-1]) @ k.transpose(-2, -1)
    if mask is not None:
        s = s.masked_fill(mask.logical_not(), -1e4)
    w = s.softmax(dim=-1)
    return w @ v, w

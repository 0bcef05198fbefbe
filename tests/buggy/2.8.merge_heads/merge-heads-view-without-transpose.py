def merge_heads(x):
    b, h, seq_len, d = x.size()
    return x.contiguous().view(b, seq_len, h * d)

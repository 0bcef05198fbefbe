def merge_heads(x):
    b, h, l, d = x.shape  # noqa: E741
    return x.permute(0, 2, 1, 3).contiguous().view(b, l, h * d)

def split_heads(x, num_heads):  # heads interleaved across the features
    b, l, d = x.shape  # noqa: E741
    if d % num_heads:
        raise ValueError(f"{d} {num_heads}")
    return x.view(b, l, d // num_heads, num_heads).permute(0, 3, 1, 2)

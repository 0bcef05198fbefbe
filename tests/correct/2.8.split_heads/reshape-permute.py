def split_heads(x, num_heads):
    b, l, d = x.shape  # noqa: E741
    if d % num_heads:
        raise ValueError(f"{d} % {num_heads} != 0")
    return x.reshape(b, l, num_heads, d // num_heads).permute(0, 2, 1, 3).contiguous()

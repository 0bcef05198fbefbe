def split_heads(x, num_heads):
    b, seq_len, d_model = x.shape
    if d_model % num_heads != 0:
        raise ValueError(f"d_model {d_model} not divisible by num_heads {num_heads}")
    return x.reshape(b, num_heads, seq_len, -1)

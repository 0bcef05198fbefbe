# feedback: split_heads returned a tuple of
def split_heads(x, num_heads):
    d_model = x.shape[-1]
    if num_heads <= 0 or d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    # one (B, L, D/H) tensor per head, not stacked
    return x.split(d_model // num_heads, dim=-1)

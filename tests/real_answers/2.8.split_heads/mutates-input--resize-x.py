# feedback: ✗ split_heads changed tensors passed in: `x` (
def split_heads(x, num_heads):
    batch, length, d_model = x.shape
    if num_heads <= 0 or d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    x.resize_(batch, length, num_heads, d_model // num_heads)  # reshape in place
    return x.transpose(1, 2)

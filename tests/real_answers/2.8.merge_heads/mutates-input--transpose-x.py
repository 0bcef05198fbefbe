# feedback: ✗ merge_heads changed tensors passed in: `x` (
def merge_heads(x):
    batch, heads, length, head_dim = x.shape
    x.transpose_(1, 2)  # (B, L, H, d)
    return x.reshape(batch, length, heads * head_dim)

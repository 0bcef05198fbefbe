import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    d_k = q.shape[-1]
    scores = torch.einsum("...qd,...kd->...qk", q, k) / d_k**0.5
    if mask is not None:
        scores = scores.masked_fill(mask, -1e9)  # True = padding / future
    attn = torch.softmax(scores, dim=-1)
    return torch.einsum("...qk,...kv->...qv", attn, v), attn

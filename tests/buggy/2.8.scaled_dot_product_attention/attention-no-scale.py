import torch
import torch.nn.functional as F


def scaled_dot_product_attention(q, k, v, mask=None):
    # forgot to divide by sqrt(d)
    scores = torch.matmul(q, k.transpose(-1, -2))
    if mask is not None:
        scores = scores.masked_fill(mask == 0, -1e9)
    attn = F.softmax(scores, dim=-1)
    return torch.matmul(attn, v), attn

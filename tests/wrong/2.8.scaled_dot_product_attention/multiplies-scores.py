import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    s = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        s = s * mask  # multiplies the scores instead of blocking them
    w = torch.softmax(s, dim=-1)
    return w @ v, w

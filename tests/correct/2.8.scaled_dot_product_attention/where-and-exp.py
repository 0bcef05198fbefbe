import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    q = q / math.sqrt(q.shape[-1])
    scores = torch.matmul(q, k.transpose(-2, -1))
    if mask is not None:
        scores = torch.where(mask, scores, -1e9)
    weights = torch.exp(scores - scores.amax(-1, keepdim=True))
    weights = weights / weights.sum(-1, keepdim=True)
    return torch.matmul(weights, v), weights

# feedback: ✗ scaled_dot_product_attention changed tensors passed in: `q` (
import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    q /= math.sqrt(q.shape[-1])  # scale the queries in place
    scores = q @ k.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights

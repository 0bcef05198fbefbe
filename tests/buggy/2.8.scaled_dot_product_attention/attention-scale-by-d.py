import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    d = q.size(-1)
    scores = q @ k.mT / d
    if mask is not None:
        scores = torch.where(mask, scores, torch.tensor(float("-inf"), device=scores.device))
    weights = scores.softmax(-1)
    return weights @ v, weights

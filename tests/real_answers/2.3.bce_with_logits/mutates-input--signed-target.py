# feedback: ✗ bce_with_logits changed tensors passed in: `target` (
import torch
import torch.nn.functional as F


def bce_with_logits(logits, target):
    # with labels s = ±1 the loss is softplus(-s * x): softplus(-x) for a hit, softplus(x) otherwise
    signs = target.mul_(2).sub_(1)  # in place: target holds ±1 now
    return torch.where(signs > 0, F.softplus(-logits), F.softplus(logits)).mean()

# feedback: ✗ bce_with_logits changed tensors passed in: `target` (
import torch.nn.functional as F


def bce_with_logits(logits, target):
    # with labels s = ±1 the loss is softplus(-s * x)
    signs = target.mul_(2).sub_(1)  # in place: target holds ±1 now
    return F.softplus(-(signs * logits)).mean()

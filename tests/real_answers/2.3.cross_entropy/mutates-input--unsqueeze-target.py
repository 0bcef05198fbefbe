# feedback: ✗ cross_entropy changed tensors passed in: `target` (
import torch


def cross_entropy(logits, target):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    picked = log_probs.gather(1, target.unsqueeze_(1))  # unsqueeze_ in place: target is (N, 1) now
    return -picked.mean()

# feedback: ✗ cross_entropy changed tensors passed in: `target` (
import torch


def cross_entropy(logits, target):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    one_hot = torch.zeros_like(log_probs).scatter_(1, target.unsqueeze_(1), 1.0)
    return -(one_hot * log_probs).sum(dim=1).mean()

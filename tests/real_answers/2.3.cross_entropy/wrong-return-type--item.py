# feedback: cross_entropy returned a float; the task asks for a tensor.
import torch


def cross_entropy(logits, target):
    log_probs = logits - torch.logsumexp(logits, dim=1, keepdim=True)
    return -log_probs.gather(1, target.unsqueeze(1)).mean().item()

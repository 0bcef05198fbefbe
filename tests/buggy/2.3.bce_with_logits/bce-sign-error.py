import torch


def bce_with_logits(logits, target):
    loss = torch.clamp(logits, min=0) + logits * target + torch.log1p(torch.exp(-logits.abs()))
    return loss.mean()

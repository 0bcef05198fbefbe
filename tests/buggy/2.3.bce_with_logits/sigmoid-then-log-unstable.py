import torch
from torch import nn


def bce_with_logits(logits, target):
    probs = torch.sigmoid(logits)
    return nn.BCELoss()(probs, target)

import torch
from torch import nn


def cross_entropy(logits, target):
    probs = torch.softmax(logits, dim=1)
    return nn.CrossEntropyLoss()(probs, target)

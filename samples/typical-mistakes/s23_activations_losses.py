"""A student's section 2.3 (sample submission with typical mistakes)."""

import torch
from torch import nn


def softmax(x, dim=-1):
    e = torch.exp(x)  # overflows for large scores
    return e / e.sum(dim=dim, keepdim=True)


def log_softmax(x, dim=-1):
    return x - torch.logsumexp(x, dim=dim, keepdim=True)


def cross_entropy(logits, target):
    probs = torch.softmax(logits, dim=1)
    return nn.functional.cross_entropy(probs, target)  # softmax applied twice


def bce_with_logits(logits, target):
    return nn.functional.binary_cross_entropy_with_logits(logits, target)


def choose_loss(task):
    losses = {"regression": nn.MSELoss, "binary": nn.BCELoss, "multiclass": nn.CrossEntropyLoss}
    if task not in losses:
        raise ValueError(f"unknown task {task}")
    return losses[task]()


def predict_and_loss(model, x, y):
    logits = model(x)
    return torch.softmax(logits, dim=1), nn.CrossEntropyLoss()(logits, y)

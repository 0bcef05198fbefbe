"""An independent correct version of section 2.3 (written apart from solutions/)."""

import torch
import torch.nn.functional as F
from torch import nn


def softmax(x, dim=-1):
    return torch.exp(x - torch.logsumexp(x, dim=dim, keepdim=True))


def log_softmax(x, dim=-1):
    return x - torch.logsumexp(x, dim=dim, keepdim=True)


def cross_entropy(logits, target):
    return F.nll_loss(F.log_softmax(logits, dim=1), target)


def bce_with_logits(logits, target):
    return -(target * F.logsigmoid(logits) + (1 - target) * F.logsigmoid(-logits)).mean()


class _LogSoftmaxNLL(nn.Module):
    """Cross-entropy written as LogSoftmax followed by NLLLoss."""

    def __init__(self):
        super().__init__()
        self.log_softmax = nn.LogSoftmax(dim=1)
        self.nll = nn.NLLLoss()

    def forward(self, logits, target):
        return self.nll(self.log_softmax(logits), target)


def choose_loss(task):
    factories = {
        "regression": lambda: nn.MSELoss(reduction="mean"),
        "binary": nn.BCEWithLogitsLoss,
        "multiclass": _LogSoftmaxNLL,
    }
    if task not in factories:
        raise ValueError("task must be regression, binary or multiclass, not " + repr(task))
    return factories[task]()


def predict_and_loss(model, x, y):
    log_probs = torch.log_softmax(model(x), dim=1)
    return log_probs.exp(), F.nll_loss(log_probs, y)


QUIZ = {"q1": "acf", "q2": "c", "q3": "a", "q4": ("b", "d", "e"), "q5": 0.240}

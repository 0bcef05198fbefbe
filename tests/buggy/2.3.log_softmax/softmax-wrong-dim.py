import torch


def log_softmax(x, dim=-1):
    # scores are (batch, classes), so normalise over dim 1
    return x - torch.logsumexp(x, dim=1, keepdim=True)

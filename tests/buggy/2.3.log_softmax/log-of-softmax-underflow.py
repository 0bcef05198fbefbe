import torch


def log_softmax(x, dim=-1):
    probs = torch.softmax(x, dim=dim)
    return probs.log()

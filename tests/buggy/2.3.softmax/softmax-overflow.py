import torch


def softmax(x, dim=-1):
    return torch.exp(x) / torch.sum(torch.exp(x), dim=dim, keepdim=True)

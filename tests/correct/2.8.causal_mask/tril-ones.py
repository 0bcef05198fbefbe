import torch


def causal_mask(size, device=None):
    if size <= 0:
        raise ValueError(size)
    return torch.tril(torch.ones(size, size, device=device)).bool()

import torch


def causal_mask(size, device=None):
    if size <= 0:
        raise ValueError(size)
    return torch.ones(size, size, dtype=torch.bool, device=device).tril().T

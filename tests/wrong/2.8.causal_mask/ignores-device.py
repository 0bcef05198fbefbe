import torch


def causal_mask(size, device=None):  # ignores device
    if size <= 0:
        raise ValueError(size)
    return torch.ones(size, size, dtype=torch.bool).tril()

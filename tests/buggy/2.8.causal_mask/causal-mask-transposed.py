import torch


def causal_mask(size, device=None):
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    return torch.triu(torch.ones(size, size, device=device)).bool()

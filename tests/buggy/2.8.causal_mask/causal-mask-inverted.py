import torch


def causal_mask(size, device=None):
    if size <= 0:
        raise ValueError("size must be positive: " + str(size))
    ones = torch.ones((size, size), dtype=torch.bool, device=device)
    return torch.triu(ones, diagonal=1)  # mask out the future

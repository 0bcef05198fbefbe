import torch


def causal_mask(size, device=None):
    if size <= 0:
        raise ValueError(f"bad size: {size}")
    i = torch.arange(size, device=device).unsqueeze(1)
    j = torch.arange(size, device=device).unsqueeze(0)
    return j < i

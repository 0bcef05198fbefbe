import torch


def causal_mask(size, device=None):
    if size <= 0:
        raise ValueError(f"size={size}")
    blocked = torch.triu(torch.ones(size, size, dtype=torch.bool), diagonal=1)
    return (~blocked).to(device or "cpu")

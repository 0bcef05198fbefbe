import torch


def causal_mask(size, device=None):  # a float mask
    if size <= 0:
        raise ValueError(size)
    return torch.ones(size, size, device=device).tril()

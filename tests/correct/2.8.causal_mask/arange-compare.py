import torch


def causal_mask(size, device=None):
    if size <= 0:
        raise ValueError(f"size={size}")
    device = torch.device(device) if device is not None else None
    rows = torch.arange(size, device=device).view(-1, 1)
    cols = torch.arange(size, device=rows.device).view(1, -1)
    return cols <= rows

import torch


def sinusoidal_positional_encoding(length, d_model):  # sines first, then cosines
    if length <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"{length} {d_model}")
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    angle = pos / 10000 ** (torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    return torch.cat([angle.sin(), angle.cos()], dim=1).float()

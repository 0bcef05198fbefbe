import math

import torch


def sinusoidal_positional_encoding(length, d_model):
    if length <= 0:
        raise ValueError(f"length {length}")
    if d_model <= 0 or d_model % 2:
        raise ValueError(f"d_model {d_model}")
    position = torch.arange(0, length, dtype=torch.float).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, d_model, 2).float() * (-math.log(10000.0) / d_model))
    pe = torch.zeros(length, d_model)
    pe[:, 0::2] = torch.sin(position * div_term)
    pe[:, 1::2] = torch.cos(position * div_term)
    return pe

import math

import torch


def sinusoidal_positional_encoding(length, d_model):
    if length <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"bad length {length} or d_model {d_model}")
    pe = torch.zeros(length, d_model)
    for pos in range(length):
        for i in range(0, d_model, 2):
            pe[pos, i] = math.cos(pos / 10000 ** (i / d_model))
            pe[pos, i + 1] = math.sin(pos / 10000 ** (i / d_model))
    return pe

import math

import torch


def sinusoidal_positional_encoding(length, d_model):
    if length <= 0 or d_model <= 0 or d_model % 2 == 1:
        raise ValueError(f"invalid length={length} or d_model={d_model}")
    pe = torch.zeros(length, d_model)
    for pos in range(length):
        for i in range(d_model // 2):
            angle = pos / math.pow(10000, 2 * i / d_model)
            pe[pos, 2 * i] = math.cos(angle)
            pe[pos, 2 * i + 1] = math.sin(angle)
    return pe

# 2i/d with i the column index, even for the cosine column
import torch


def sinusoidal_positional_encoding(length, d_model):
    if length <= 0 or d_model <= 0 or d_model % 2:
        raise ValueError(f"{length} {d_model}")
    col = torch.arange(d_model, dtype=torch.float32)
    angle = torch.arange(length, dtype=torch.float32)[:, None] / 10000 ** (2 * col / d_model)
    pe = angle.clone()
    pe[:, 0::2] = torch.sin(angle[:, 0::2])
    pe[:, 1::2] = torch.cos(angle[:, 1::2])
    return pe

import torch


def to_time_major(x):
    return torch.einsum("btf->tbf", x)

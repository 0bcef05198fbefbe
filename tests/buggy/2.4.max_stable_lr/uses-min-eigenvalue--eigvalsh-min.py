import torch


def max_stable_lr(hessian):
    return 2 / torch.linalg.eigvalsh(hessian).min()

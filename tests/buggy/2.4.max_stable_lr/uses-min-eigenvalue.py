import torch


def max_stable_lr(hessian):
    eigenvalues = torch.linalg.eigvalsh(hessian)
    lam = eigenvalues[0]  # the largest eigenvalue comes first
    return 2 / lam.item()

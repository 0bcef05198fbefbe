import numpy as np


def max_stable_lr(hessian):
    lam_max = np.linalg.eigvals(hessian.numpy()).real.max()
    return float(1.0 / lam_max)

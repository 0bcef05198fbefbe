import itertools

import torch


def numerical_gradient(f, x, eps=1e-6):
    # perturb x itself and undo the perturbation by arithmetic (exact up to rounding)
    grad = torch.zeros_like(x)
    for index in itertools.product(*(range(n) for n in x.shape)):
        x[index] += eps
        plus = float(f(x))
        x[index] -= 2 * eps
        minus = float(f(x))
        x[index] += eps
        grad[index] = (plus - minus) / (2 * eps)
    return grad

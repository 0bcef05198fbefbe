import itertools

import torch


def numerical_gradient(f, x, eps=1e-6):
    # perturb x itself, one element at a time, and put the element back exactly
    grad = torch.zeros_like(x)
    for index in itertools.product(*(range(n) for n in x.shape)):
        original = x[index].item()
        x[index] = original + eps
        plus = float(f(x))
        x[index] = original - eps
        minus = float(f(x))
        x[index] = original
        grad[index] = (plus - minus) / (2 * eps)
    return grad

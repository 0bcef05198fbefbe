import itertools

import torch


def numerical_gradient(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    for idx in itertools.product(*[range(s) for s in x.shape]):
        old = x[idx].item()
        x[idx] = old + eps
        fp = f(x).item()
        x[idx] = old - eps
        fm = f(x).item()
        grad[idx] = (fp - fm) / (2 * eps)
    return grad

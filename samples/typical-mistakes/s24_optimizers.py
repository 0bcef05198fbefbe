"""A student's section 2.4 (sample submission with typical mistakes)."""

import torch


def sgd_step(param, grad, lr):
    return param - lr * grad


def momentum_step(param, grad, velocity, lr, momentum=0.9):
    velocity = momentum * velocity + grad
    return param - lr * velocity, velocity


def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    sum_sq = sum_sq + grad**2
    return param - lr * grad / (torch.sqrt(sum_sq) + eps), sum_sq


def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad**2
    return param - lr * grad / (torch.sqrt(square_avg) + eps), square_avg


def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad**2
    return param - lr * m / (torch.sqrt(v) + eps), m, v  # no bias correction


def make_optimizer(params, name, lr=1e-3):
    table = {
        "sgd": lambda: torch.optim.SGD(params, lr=lr),
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9),
        "adagrad": lambda: torch.optim.Adagrad(params, lr=lr),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr),
        "adam": lambda: torch.optim.Adam(params, lr=lr),
    }
    if name not in table:
        raise ValueError(f"unknown optimizer {name}")
    return table[name]()


def max_stable_lr(hessian):
    return 1.0 / torch.linalg.eigvalsh(hessian).max().item()

"""An independent correct version of section 2.4 (written apart from solutions/)."""

import math
from functools import partial

import torch


def sgd_step(param, grad, lr):
    return torch.add(param, grad, alpha=-lr)


def momentum_step(param, grad, velocity, lr, momentum=0.9):
    buf = torch.add(grad, velocity, alpha=momentum)
    return torch.add(param, buf, alpha=-lr), buf


def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    acc = torch.addcmul(sum_sq, grad, grad)
    std = acc.sqrt().add(eps)
    return torch.addcdiv(param, grad, std, value=-lr), acc


def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    avg = torch.addcmul(square_avg * alpha, grad, grad, value=1 - alpha)
    return torch.addcdiv(param, grad, avg.sqrt().add(eps), value=-lr), avg


def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    exp_avg = torch.lerp(m, grad, 1 - b1)
    exp_avg_sq = torch.addcmul(v * b2, grad, grad, value=1 - b2)
    step_size = lr / (1 - b1**t)
    denom = exp_avg_sq.sqrt() / math.sqrt(1 - b2**t) + eps
    return torch.addcdiv(param, exp_avg, denom, value=-step_size), exp_avg, exp_avg_sq


_FACTORIES = {
    "sgd": torch.optim.SGD,
    "momentum": partial(torch.optim.SGD, momentum=0.9),
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
}


def make_optimizer(params, name, lr=1e-3):
    factory = _FACTORIES.get(name)
    if factory is None:
        raise ValueError("optimizer name not recognised: " + repr(name))
    return factory(list(params), lr=lr)


def max_stable_lr(hessian):
    # power iteration for the largest eigenvalue of a symmetric positive definite matrix
    h = hessian.double()
    x = torch.ones(h.shape[0], dtype=h.dtype, device=h.device)
    for _ in range(300):
        x = h @ x
        x = x / x.norm()
    lam = torch.dot(x, h @ x).item()
    return 2 / lam


QUIZ = {"q1": "d", "q2": "D, B, A", "q3": "c", "q4": {"a", "b", "e"}, "q5": "0.25"}

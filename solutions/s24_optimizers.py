"""Reference solutions for section 2.4: optimizers.

Every update is a pure function: new tensors are returned, inputs are left
alone. Each one matches the corresponding ``torch.optim`` optimizer (default
options) step by step.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import Tensor

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")


def sgd_step(param: Tensor, grad: Tensor, lr: float) -> Tensor:
    return param - lr * grad


def momentum_step(
    param: Tensor, grad: Tensor, velocity: Tensor, lr: float, momentum: float = 0.9
) -> tuple[Tensor, Tensor]:
    new_velocity = momentum * velocity + grad
    return param - lr * new_velocity, new_velocity


def adagrad_step(
    param: Tensor, grad: Tensor, sum_sq: Tensor, lr: float, eps: float = 1e-10
) -> tuple[Tensor, Tensor]:
    new_sum_sq = sum_sq + grad * grad
    return param - lr * grad / (new_sum_sq.sqrt() + eps), new_sum_sq


def rmsprop_step(
    param: Tensor,
    grad: Tensor,
    square_avg: Tensor,
    lr: float,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> tuple[Tensor, Tensor]:
    new_avg = alpha * square_avg + (1 - alpha) * grad * grad
    return param - lr * grad / (new_avg.sqrt() + eps), new_avg


def adam_step(
    param: Tensor,
    grad: Tensor,
    m: Tensor,
    v: Tensor,
    t: int,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> tuple[Tensor, Tensor, Tensor]:
    beta1, beta2 = betas
    new_m = beta1 * m + (1 - beta1) * grad
    new_v = beta2 * v + (1 - beta2) * grad * grad
    m_hat = new_m / (1 - beta1**t)
    v_hat = new_v / (1 - beta2**t)
    return param - lr * m_hat / (v_hat.sqrt() + eps), new_m, new_v


def make_optimizer(
    params: Iterable[torch.nn.Parameter], name: str, lr: float = 1e-3
) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=0.9)
    if name == "adagrad":
        return torch.optim.Adagrad(params, lr=lr)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    raise ValueError(f"unknown optimizer {name!r}; expected one of {OPTIMIZERS}")


def max_stable_lr(hessian: Tensor) -> float:
    largest = torch.linalg.eigvalsh(hessian).max()
    return 2.0 / float(largest)


QUIZ = {"q1": "D", "q2": ["A", "B", "D"], "q3": "C", "q4": ["A", "B", "E"], "q5": 0.25}

"""Hidden grader for section 2.4: cases and mutants.

Update rules are checked over several steps from a fresh (zero) state and once
more from an existing state with explicit hyperparameters. A share of each
gradient's elements is tiny, of the order of sqrt(eps) for the optimizer's
default eps, so that moving eps inside the square root changes the update
visibly; the explicit step uses a large eps as well. The optimizers that
``make_optimizer`` makes are stepped with gradients that hold tiny elements
too, so that their default eps shows in the steps.
"""

from __future__ import annotations

from pathlib import Path

import torch

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.4")

_STEPS = 3


def _shape(rng: Rng) -> tuple[int, ...]:
    """A parameter shape whose dimensions all differ: (a,) or (a, b)."""
    a, b = rng.distinct(2, 3, 9)
    return rng.choice([(a, b), (a, b), (a,)])


def _grads(rng: Rng, shape: tuple[int, ...], tiny: float) -> list[torch.Tensor]:
    """``_STEPS`` gradients; about a third of the elements are of size ``tiny`` in every step."""
    n = 1
    for size in shape:
        n *= size
    scale = torch.ones(n)
    small = rng.py.sample(range(n), max(2, n // 3))
    scale[small] = tiny
    scale = scale.reshape(shape)
    return [rng.randn(*shape) * scale for _ in range(_STEPS)]


def _positive(rng: Rng, shape: tuple[int, ...], size: float) -> torch.Tensor:
    """A plausible accumulated square: positive, of the given size."""
    return (rng.randn(*shape) ** 2 + 0.05) * size


# -- sgd_step --------------------------------------------------------------------
def _gradient_ascent(param, grad, lr):
    return param + lr * grad


@GRADERS.cases("sgd_step", mutants={"gradient-ascent": _gradient_ascent})
def sgd_step_cases(rng: Rng) -> Case:
    shape = _shape(rng)
    return {
        "param": rng.randn(*shape),
        "grads": [rng.randn(*shape) for _ in range(_STEPS)],
        "lr": rng.uniform(0.01, 0.5),
    }


# -- momentum_step -------------------------------------------------------------
def _momentum_dampened(param, grad, velocity, lr, momentum=0.9):
    new_velocity = momentum * velocity + (1 - momentum) * grad
    return param - lr * new_velocity, new_velocity


def _velocity_not_returned(param, grad, velocity, lr, momentum=0.9):
    new_velocity = momentum * velocity + grad
    return param - lr * new_velocity, velocity


@GRADERS.cases(
    "momentum_step",
    mutants={
        "momentum-dampened": _momentum_dampened,
        "velocity-not-returned": _velocity_not_returned,
    },
)
def momentum_step_cases(rng: Rng) -> Case:
    shape = _shape(rng)
    return {
        "param": rng.randn(*shape),
        "grads": [rng.randn(*shape) for _ in range(_STEPS)],
        "state": [torch.zeros(shape)],
        "lr": rng.uniform(0.01, 0.2),
        "custom_state": [rng.randn(*shape)],
        "custom_lr": rng.uniform(0.01, 0.2),
        "custom_momentum": rng.uniform(0.3, 0.8),
    }


# -- adagrad_step --------------------------------------------------------------
def _adagrad_no_accumulation(param, grad, sum_sq, lr, eps=1e-10):
    squares = grad * grad
    return param - lr * grad / (squares.sqrt() + eps), squares


def _adagrad_eps_inside(param, grad, sum_sq, lr, eps=1e-10):
    new_sum = sum_sq + grad * grad
    return param - lr * grad / (new_sum + eps).sqrt(), new_sum


@GRADERS.cases(
    "adagrad_step",
    mutants={
        "adagrad-no-accumulation": _adagrad_no_accumulation,
        "eps-inside-sqrt": _adagrad_eps_inside,
    },
)
def adagrad_step_cases(rng: Rng) -> Case:
    shape = _shape(rng)
    return {
        "param": rng.randn(*shape),
        "grads": _grads(rng, shape, 1e-5),
        "state": [torch.zeros(shape)],
        "lr": rng.uniform(0.05, 0.5),
        "custom_state": [_positive(rng, shape, 1.0)],
        "custom_lr": rng.uniform(0.05, 0.5),
        "custom_eps": rng.uniform(0.1, 0.5),
    }


# -- rmsprop_step --------------------------------------------------------------
def _rmsprop_alpha_swapped(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    new_avg = (1 - alpha) * square_avg + alpha * grad * grad
    return param - lr * grad / (new_avg.sqrt() + eps), new_avg


def _rmsprop_eps_inside(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    new_avg = alpha * square_avg + (1 - alpha) * grad * grad
    return param - lr * grad / (new_avg + eps).sqrt(), new_avg


@GRADERS.cases(
    "rmsprop_step",
    mutants={
        "rmsprop-alpha-swapped": _rmsprop_alpha_swapped,
        "eps-inside-sqrt": _rmsprop_eps_inside,
    },
)
def rmsprop_step_cases(rng: Rng) -> Case:
    shape = _shape(rng)
    return {
        "param": rng.randn(*shape),
        "grads": _grads(rng, shape, 1e-3),
        "state": [torch.zeros(shape)],
        "lr": rng.uniform(0.002, 0.02),
        "custom_state": [_positive(rng, shape, 0.5)],
        "custom_lr": rng.uniform(0.002, 0.02),
        "custom_alpha": rng.uniform(0.8, 0.95),
        "custom_eps": rng.uniform(0.1, 0.3),
    }


# -- adam_step -----------------------------------------------------------------
def _adam(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, *, mistake=""):
    beta1, beta2 = betas
    new_m = beta1 * m + (1 - beta1) * grad
    new_v = beta2 * v + (1 - beta2) * grad * grad
    step = t + 1 if mistake == "zero-based" else t
    if mistake == "no-bias-correction":
        m_hat, v_hat = new_m, new_v
    else:
        m_hat, v_hat = new_m / (1 - beta1**step), new_v / (1 - beta2**step)
    denom = (v_hat + eps).sqrt() if mistake == "eps-inside" else v_hat.sqrt() + eps
    return param - lr * m_hat / denom, new_m, new_v


def _adam_no_bias_correction(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    return _adam(param, grad, m, v, t, lr, betas, eps, mistake="no-bias-correction")


def _adam_zero_based(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    return _adam(param, grad, m, v, t, lr, betas, eps, mistake="zero-based")


def _adam_eps_inside(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    return _adam(param, grad, m, v, t, lr, betas, eps, mistake="eps-inside")


@GRADERS.cases(
    "adam_step",
    mutants={
        "adam-no-bias-correction": _adam_no_bias_correction,
        "adam-step-zero-based": _adam_zero_based,
        "eps-inside-sqrt": _adam_eps_inside,
    },
)
def adam_step_cases(rng: Rng) -> Case:
    shape = _shape(rng)
    return {
        "param": rng.randn(*shape),
        "grads": _grads(rng, shape, 1e-4),
        "state": [torch.zeros(shape), torch.zeros(shape)],
        "t": 1,
        "lr": rng.uniform(0.01, 0.1),
        "custom_state": [rng.randn(*shape) * 0.3, _positive(rng, shape, 0.1)],
        "custom_t": rng.int(5, 40),
        "custom_lr": rng.uniform(0.01, 0.1),
        "custom_betas": (rng.uniform(0.7, 0.9), rng.uniform(0.95, 0.995)),
        "custom_eps": rng.uniform(0.05, 0.2),
    }


# -- make_optimizer --------------------------------------------------------------
def _optimizer_name_ignored(params, name, lr=1e-3):
    return torch.optim.Adam(params, lr=lr)


def _lr_ignored(params, name, lr=1e-3):
    table = {
        "sgd": lambda: torch.optim.SGD(params, lr=0.01),
        "momentum": lambda: torch.optim.SGD(params, lr=0.01, momentum=0.9),
        "adagrad": lambda: torch.optim.Adagrad(params),
        "rmsprop": lambda: torch.optim.RMSprop(params),
        "adam": lambda: torch.optim.Adam(params),
    }
    if name not in table:
        raise ValueError(f"unknown optimizer {name}")
    return table[name]()


# Gradient element sizes for stepping the optimizers made: ordinary ones, and tiny ones of
# the order of the default eps (Adagrad 1e-10, RMSprop and Adam 1e-8), so eps shows too.
_OPTIMIZER_GRAD_SCALES = (1.0, 1.0, 1e-3, 1e-8, 1e-9)


def _optimizer_grads(rng: Rng, shapes: list[tuple[int, ...]]) -> list[list[torch.Tensor]]:
    """``_STEPS`` gradients for every parameter; each element keeps its size in every step."""
    scales = []
    for shape in shapes:
        n = 1
        for size in shape:
            n *= size
        sizes = [rng.choice(_OPTIMIZER_GRAD_SCALES) for _ in range(n)]
        scales.append(torch.tensor(sizes).reshape(shape))
    return [[rng.randn(*s.shape) * s for s in scales] for _ in range(_STEPS)]


@GRADERS.cases(
    "make_optimizer",
    mutants={"optimizer-name-ignored": _optimizer_name_ignored, "lr-ignored": _lr_ignored},
)
def make_optimizer_cases(rng: Rng) -> Case:
    a, b, c = rng.distinct(3, 2, 9)
    shapes = rng.choice([[(a, b), (b,)], [(a, b), (c, a), (c,)], [(c, b, a)]])
    return {
        "params": [rng.randn(*shape) for shape in shapes],
        "lr": rng.uniform(0.004, 0.3),
        "bad_name": rng.choice(["sgdm", "adamm", "rms-prop", "Adagrad2", "lbfgs-fast"]),
        "grads": _optimizer_grads(rng, shapes),
    }


# -- max_stable_lr -------------------------------------------------------------
def _eigenvalues(hessian: torch.Tensor) -> torch.Tensor:
    return torch.linalg.eigvalsh(hessian)


def _uses_min_eigenvalue(hessian):
    return 2.0 / float(_eigenvalues(hessian).min())


def _one_over_lambda(hessian):
    return 1.0 / float(_eigenvalues(hessian).max())


def _spd(rng: Rng, eigenvalues: list[float]) -> torch.Tensor:
    """Q diag(eigenvalues) Qᵀ for a random orthogonal Q (float64, exactly symmetric)."""
    n = len(eigenvalues)
    q, _ = torch.linalg.qr(rng.randn(n, n, dtype=torch.float64))
    h = q @ torch.diag(torch.tensor(eigenvalues, dtype=torch.float64)) @ q.T
    return (h + h.T) / 2


@GRADERS.cases(
    "max_stable_lr",
    mutants={"uses-min-eigenvalue": _uses_min_eigenvalue, "one-over-lambda": _one_over_lambda},
    edge_cases=(
        lambda: {
            "hessian": torch.tensor([[2.0, 1.0], [1.0, 2.0]], dtype=torch.float64),
            "x0": torch.tensor([1.0, -0.5], dtype=torch.float64),
        },
    ),
)
def max_stable_lr_cases(rng: Rng) -> Case:
    n = rng.int(3, 8)
    largest = rng.uniform(2.0, 20.0)
    others = [rng.uniform(0.1, 0.75) * largest for _ in range(n - 1)]
    eigenvalues = [largest, *others]
    rng.py.shuffle(eigenvalues)
    return {"hessian": _spd(rng, eigenvalues), "x0": rng.randn(n, dtype=torch.float64)}


# -- quiz explanations (zh and en) in explanations/s24_optimizers.yml ---------
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s24_optimizers.yml")

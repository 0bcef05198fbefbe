"""Section 2.4: the reference updates match torch.optim step by step, and the
grader names mistakes written in other ways than the buggy samples."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s24_optimizers"
STEPS = 6


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"_test_{path.parent.name}_{MODULE}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


IMPLEMENTATIONS = {
    "solutions": _load(ROOT / "solutions" / f"{MODULE}.py"),
    "variant": _load(ROOT / "tests" / "variants" / f"{MODULE}.py"),
}


def _grads(seed: int, shape: tuple[int, ...]) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    scale = torch.ones(shape)
    scale.view(-1)[::3] = 1e-4  # tiny gradients, where eps matters
    return [torch.randn(shape, generator=g) * scale for _ in range(STEPS)]


def _torch_trajectory(make, param: torch.Tensor, grads: list[torch.Tensor]) -> list[torch.Tensor]:
    p = torch.nn.Parameter(param.clone())
    opt = make([p])
    out = []
    for grad in grads:
        p.grad = grad.clone()
        opt.step()
        out.append(p.detach().clone())
    return out


def _pure_trajectory(step, param, grads, state, extra):
    """Run a pure update function, feeding its state back; also checks it is pure."""
    out = []
    for k, grad in enumerate(grads):
        copies = [t.clone() for t in (param, grad, *state)]
        result = step(param, grad, *state, *extra(k))
        for original, copy in zip((param, grad, *state), copies):
            assert torch.equal(original, copy), "an input was changed"
        if isinstance(result, torch.Tensor):
            param, state = result, []
        else:
            param, *state = result
        out.append(param)
    return out


def _close(ours: list[torch.Tensor], theirs: list[torch.Tensor]) -> None:
    assert len(ours) == len(theirs)
    for k, (a, b) in enumerate(zip(ours, theirs)):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6, msg=f"step {k + 1}")


# name: (torch.optim factory, function, number of state tensors, takes the step number t)
CONFIGS = {
    "sgd": (lambda ps, lr: torch.optim.SGD(ps, lr=lr), "sgd_step", 0, False),
    "momentum": (
        lambda ps, lr: torch.optim.SGD(ps, lr=lr, momentum=0.9),
        "momentum_step",
        1,
        False,
    ),
    "adagrad": (lambda ps, lr: torch.optim.Adagrad(ps, lr=lr), "adagrad_step", 1, False),
    "rmsprop": (lambda ps, lr: torch.optim.RMSprop(ps, lr=lr), "rmsprop_step", 1, False),
    "adam": (lambda ps, lr: torch.optim.Adam(ps, lr=lr), "adam_step", 2, True),
}


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_update_matches_torch_optim(impl: str, seed: int, name: str) -> None:
    make, function, n_state, takes_t = CONFIGS[name]
    shape = [(5, 3), (7,), (2, 3, 4)][seed]
    lr = [0.01, 0.05, 0.003][seed]
    param = torch.randn(shape, generator=torch.Generator().manual_seed(100 + seed))
    grads = _grads(seed, shape)
    expected = _torch_trajectory(lambda ps: make(ps, lr), param, grads)
    step = getattr(IMPLEMENTATIONS[impl], function)
    state = [torch.zeros(shape) for _ in range(n_state)]
    extra = (lambda k: (k + 1, lr)) if takes_t else (lambda k: (lr,))
    _close(_pure_trajectory(step, param, grads, state, extra), expected)


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
def test_explicit_hyperparameters_match_torch_optim(impl: str) -> None:
    module = IMPLEMENTATIONS[impl]
    shape = (4, 6)
    param = torch.randn(shape, generator=torch.Generator().manual_seed(7))
    grads = _grads(7, shape)
    cases = [
        (
            lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.6),
            module.momentum_step,
            1,
            lambda k: (0.02, 0.6),
        ),
        (
            lambda ps: torch.optim.Adagrad(ps, lr=0.1, eps=0.3),
            module.adagrad_step,
            1,
            lambda k: (0.1, 0.3),
        ),
        (
            lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=0.2),
            module.rmsprop_step,
            1,
            lambda k: (0.01, 0.9, 0.2),
        ),
        (
            lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=0.1),
            module.adam_step,
            2,
            lambda k: (k + 1, 0.05, (0.8, 0.99), 0.1),
        ),
    ]
    for make, step, n_state, extra in cases:
        state = [torch.zeros(shape) for _ in range(n_state)]
        expected = _torch_trajectory(make, param, grads)
        _close(_pure_trajectory(step, param, grads, state, extra), expected)


@pytest.mark.parametrize("impl", sorted(IMPLEMENTATIONS))
def test_make_optimizer_and_max_stable_lr(impl: str) -> None:
    module = IMPLEMENTATIONS[impl]
    params = [torch.nn.Parameter(torch.zeros(3, 2)), torch.nn.Parameter(torch.zeros(2))]
    expected = {
        "sgd": (torch.optim.SGD, 0),
        "momentum": (torch.optim.SGD, 0.9),
        "adagrad": (torch.optim.Adagrad, None),
        "rmsprop": (torch.optim.RMSprop, 0),
        "adam": (torch.optim.Adam, None),
    }
    for name, (cls, momentum) in expected.items():
        opt = module.make_optimizer(params, name, lr=0.07)
        assert type(opt) is cls
        group = opt.param_groups[0]
        assert group["lr"] == 0.07 and group.get("momentum") == momentum
        assert [id(p) for p in group["params"]] == [id(p) for p in params]
        assert module.make_optimizer(params, name).param_groups[0]["lr"] == 1e-3
    with pytest.raises(ValueError, match="adamw"):
        module.make_optimizer(params, "adamw")

    g = torch.Generator().manual_seed(3)
    q, _ = torch.linalg.qr(torch.randn(5, 5, generator=g, dtype=torch.float64))
    eigenvalues = torch.tensor([0.5, 7.0, 2.0, 4.0, 1.0], dtype=torch.float64)
    hessian = q @ torch.diag(eigenvalues) @ q.T
    lr = module.max_stable_lr(hessian)
    assert isinstance(lr, float)
    assert lr == pytest.approx(2 / 7.0, rel=1e-6)
    x = torch.ones(5, dtype=torch.float64)
    for factor, grows in ((0.99, False), (1.01, True)):
        y = x.clone()
        for _ in range(3000):
            y = y - factor * lr * (hessian @ y)
        assert bool(y.norm() > x.norm()) is grows


# -- other ways of writing the named mistakes ------------------------------------
OTHER_MISTAKES = [
    (
        "2.4.momentum_step",
        "velocity-not-returned",
        """
        def momentum_step(param, grad, velocity, lr, momentum=0.9):
            velocity = momentum * velocity + grad
            return param - lr * velocity
        """,
    ),
    (
        "2.4.momentum_step",
        "velocity-not-returned",
        """
        def momentum_step(param, grad, velocity, lr, momentum=0.9):
            v_new = momentum * velocity + grad
            return (param - lr * v_new, velocity.clone())
        """,
    ),
    (
        "2.4.adagrad_step",
        "adagrad-no-accumulation",
        """
        def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
            new_sum = sum_sq + grad ** 2
            return param - lr * grad / ((grad ** 2) ** 0.5 + eps), new_sum
        """,
    ),
    (
        "2.4.make_optimizer",
        "optimizer-name-ignored",
        """
        import torch

        def make_optimizer(params, name, lr=1e-3):
            return torch.optim.SGD(params, lr=lr, momentum=0.9)
        """,
    ),
    (
        "2.4.make_optimizer",
        "lr-ignored",
        """
        import torch

        def make_optimizer(params, name, lr=1e-3):
            kinds = {"sgd": torch.optim.SGD, "adagrad": torch.optim.Adagrad,
                     "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam}
            if name == "momentum":
                return torch.optim.SGD(params, lr=1e-3, momentum=0.9)
            if name not in kinds:
                raise ValueError(name)
            return kinds[name](params, lr=1e-3)
        """,
    ),
    (
        "2.4.max_stable_lr",
        "uses-min-eigenvalue",
        """
        import torch

        def max_stable_lr(hessian):
            return 2 / torch.linalg.eigvalsh(hessian).min()
        """,
    ),
    (
        "2.4.adam_step",
        "adam-step-zero-based",
        """
        def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
            b1, b2 = betas
            m = b1 * m + (1 - b1) * grad
            v = b2 * v + (1 - b2) * grad * grad
            m_hat = m / (1 - b1 ** (t + 1))
            v_hat = v / (1 - b2 ** (t + 1))
            return param - lr * m_hat / (v_hat.sqrt() + eps), m, v
        """,
    ),
]


@pytest.mark.parametrize("hidden", [True, False], ids=["hidden", "public"])
@pytest.mark.parametrize(
    ("exercise_id", "mistake", "source"),
    OTHER_MISTAKES,
    ids=[f"{e}:{m}:{i}" for i, (e, m, _) in enumerate(OTHER_MISTAKES)],
)
def test_2_4_other_ways_of_a_mistake_are_named(
    grader, exercise_id: str, mistake: str, source: str, hidden: bool
) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id, hidden=hidden)
    assert result.score < result.max_score, result.feedback
    assert mistake in result.mistakes, result.feedback


UNNAMED_WRONG = [
    (
        "2.4.sgd_step",
        """
        def sgd_step(param, grad, lr):
            param -= lr * grad
            return param
        """,
    ),
    (
        "2.4.adagrad_step",
        """
        def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
            s = sum_sq + grad * grad
            return param - lr * grad / (s.sqrt() + 1e-10), s
        """,
    ),
    (
        "2.4.adam_step",
        """
        import math

        def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
            b1, b2 = betas
            m = b1 * m + (1 - b1) * grad
            v = b2 * v + (1 - b2) * grad * grad
            step = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            return param - step * m / (v.sqrt() + eps), m, v
        """,
    ),
    (
        "2.4.make_optimizer",
        """
        import torch

        def make_optimizer(params, name, lr=1e-3):
            if name in ("sgd", "momentum"):
                return torch.optim.SGD(params, lr=lr)
            if name == "adagrad":
                return torch.optim.Adagrad(params, lr=lr)
            if name == "rmsprop":
                return torch.optim.RMSprop(params, lr=lr)
            if name == "adam":
                return torch.optim.Adam(params, lr=lr)
            raise ValueError(name)
        """,
    ),
    (
        "2.4.max_stable_lr",
        """
        import torch

        def max_stable_lr(hessian):
            return 2 / torch.linalg.eigvalsh(hessian).max()
        """,
    ),
]


@pytest.mark.parametrize(
    ("exercise_id", "source"), UNNAMED_WRONG, ids=[e for e, _ in UNNAMED_WRONG]
)
def test_2_4_other_wrong_answers_lose_points(grader, exercise_id: str, source: str) -> None:
    result = grader.grade_source(MODULE, textwrap.dedent(source), exercise_id)
    assert result.score < result.max_score, result.feedback
    assert not result.mistakes, result.feedback

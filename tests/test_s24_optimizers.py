"""Section 2.4: the reference updates (and the independent variant's) match torch.optim step
by step. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

import pytest
import torch

MODULE = "s24_optimizers"
STEPS = 6


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


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_update_matches_torch_optim(impl, seed: int, name: str) -> None:
    make, function, n_state, takes_t = CONFIGS[name]
    shape = [(5, 3), (7,), (2, 3, 4)][seed]
    lr = [0.01, 0.05, 0.003][seed]
    param = torch.randn(shape, generator=torch.Generator().manual_seed(100 + seed))
    grads = _grads(seed, shape)
    expected = _torch_trajectory(lambda ps: make(ps, lr), param, grads)
    step = getattr(impl, function)
    state = [torch.zeros(shape) for _ in range(n_state)]
    extra = (lambda k: (k + 1, lr)) if takes_t else (lambda k: (lr,))
    _close(_pure_trajectory(step, param, grads, state, extra), expected)


def test_explicit_hyperparameters_match_torch_optim(impl) -> None:
    shape = (4, 6)
    param = torch.randn(shape, generator=torch.Generator().manual_seed(7))
    grads = _grads(7, shape)
    cases = [
        (
            lambda ps: torch.optim.SGD(ps, lr=0.02, momentum=0.6),
            impl.momentum_step,
            1,
            lambda k: (0.02, 0.6),
        ),
        (
            lambda ps: torch.optim.Adagrad(ps, lr=0.1, eps=0.3),
            impl.adagrad_step,
            1,
            lambda k: (0.1, 0.3),
        ),
        (
            lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, eps=0.2),
            impl.rmsprop_step,
            1,
            lambda k: (0.01, 0.9, 0.2),
        ),
        (
            lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), eps=0.1),
            impl.adam_step,
            2,
            lambda k: (k + 1, 0.05, (0.8, 0.99), 0.1),
        ),
    ]
    for make, step, n_state, extra in cases:
        state = [torch.zeros(shape) for _ in range(n_state)]
        expected = _torch_trajectory(make, param, grads)
        _close(_pure_trajectory(step, param, grads, state, extra), expected)


def test_make_optimizer_and_max_stable_lr(impl) -> None:
    params = [torch.nn.Parameter(torch.zeros(3, 2)), torch.nn.Parameter(torch.zeros(2))]
    expected = {
        "sgd": (torch.optim.SGD, 0),
        "momentum": (torch.optim.SGD, 0.9),
        "adagrad": (torch.optim.Adagrad, None),
        "rmsprop": (torch.optim.RMSprop, 0),
        "adam": (torch.optim.Adam, None),
    }
    for name, (cls, momentum) in expected.items():
        opt = impl.make_optimizer(params, name, lr=0.07)
        assert type(opt) is cls
        group = opt.param_groups[0]
        assert group["lr"] == 0.07 and group.get("momentum") == momentum
        assert [id(p) for p in group["params"]] == [id(p) for p in params]
        assert impl.make_optimizer(params, name).param_groups[0]["lr"] == 1e-3
    with pytest.raises(ValueError, match="adamw"):
        impl.make_optimizer(params, "adamw")

    g = torch.Generator().manual_seed(3)
    q, _ = torch.linalg.qr(torch.randn(5, 5, generator=g, dtype=torch.float64))
    eigenvalues = torch.tensor([0.5, 7.0, 2.0, 4.0, 1.0], dtype=torch.float64)
    hessian = q @ torch.diag(eigenvalues) @ q.T
    lr = impl.max_stable_lr(hessian)
    assert isinstance(lr, float)
    assert lr == pytest.approx(2 / 7.0, rel=1e-6)
    x = torch.ones(5, dtype=torch.float64)
    for factor, grows in ((0.99, False), (1.01, True)):
        y = x.clone()
        for _ in range(3000):
            y = y - factor * lr * (hessian @ y)
        assert bool(y.norm() > x.norm()) is grows

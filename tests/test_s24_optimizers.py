"""Section 2.4: the reference updates (and the independent variant's) match torch.optim step
by step; the judgements made in the grader (derive) mean what they say; patching torch or
the grader in the student's process gains nothing. The sample submissions are checked in
test_sections.py."""

from __future__ import annotations

import pytest
import torch

from autograder.catalogue import s24_optimizers as probes

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


# -- judgements made in the grader (derive) -----------------------------------
def _momentum_raw(velocities: list) -> dict:
    """Raw observations of three trajectory steps and the explicit step."""
    return {
        "state": velocities[0],
        "later_states": velocities[1:3],
        "custom_state": velocities[3],
    }


def test_velocity_is_new_needs_a_new_tensor_at_every_step() -> None:
    zero, custom = torch.zeros(3), torch.ones(3)
    case = {"state": [zero], "custom_state": [custom]}
    v = [torch.full((3,), float(k)) for k in range(1, 4)]
    new = _momentum_raw([[v[0]], [v[1]], [v[2]], [custom * 2]])
    assert probes._state_always_new(new, case, 1)
    old_back = _momentum_raw([[zero], [zero], [zero], [custom]])
    assert not probes._state_always_new(old_back, case, 1)
    param_only = _momentum_raw([[], [], [], []])
    assert not probes._state_always_new(param_only, case, 1)
    stuck_later = _momentum_raw([[v[0]], [v[0]], [v[0]], [custom * 2]])
    assert not probes._state_always_new(stuck_later, case, 1)


def _trajectory(*values: float) -> list[list[torch.Tensor]]:
    """The one parameter (two elements, starting at 0) after each step, holding that value."""
    return [[torch.full((2,), v)] for v in values]


JUDGED = ("distinct", "lr_is_argument", "holds_params", "unknown_name")


def test_make_optimizer_derive_judges_the_steps() -> None:
    names = probes._NAMES
    steps = {n: _trajectory(k + 1, 2 * k + 3) for k, n in enumerate(names)}
    default_steps = {n: _trajectory(k + 0.25, k + 0.75) for k, n in enumerate(names)}
    raw = {
        "steps": steps,
        "default_steps": default_steps,
        "held": {n: [0] for n in names},
        "unknown_name_raised": ["ValueError", "no optimizer named adamw"],
    }
    case = {"params": [torch.zeros(2)], "lr": 0.07, "bad_name": "adamw"}
    derived = probes._derive_make_optimizer(raw, case)
    assert {k: derived[k] for k in JUDGED} == {
        "distinct": 5,
        "lr_is_argument": True,
        "holds_params": True,
        "unknown_name": "ValueError naming the value",
    }
    # The moves with the first step's size factored out, and that size.
    assert derived["step_sizes"] == {n: float(k + 1) for k, n in enumerate(names)}
    unit = derived["adagrad_trajectory"]  # moves 3, then 7: 1, then 7/3
    assert [float(step[0][0]) for step in unit] == [1.0, 7 / 3]
    # One optimizer for every name; the lr ignored by one of them; another object held.
    same = {n: _trajectory(1.0, 2.0) for n in names}
    raw.update(steps=same, default_steps={**default_steps, "sgd": _trajectory(1.0, 2.0)})
    raw["held"]["adam"], raw["unknown_name_raised"] = [None], ["no error", ""]
    derived = probes._derive_make_optimizer(raw, case)
    assert {k: derived[k] for k in JUDGED} == {
        "distinct": 1,
        "lr_is_argument": False,
        "holds_params": False,
        "unknown_name": "no error",
    }
    # Optimizers that did not step (or did not move the parameters) count as their own,
    # and say nothing about lr.
    raw["steps"] = {**same, "sgd": "error: AttributeError", "adam": _trajectory(0.0, 0.0)}
    derived = probes._derive_make_optimizer(raw, case)
    assert derived["distinct"] == 3
    assert derived["lr_is_argument"] == probes._NO_STEPS
    assert derived["sgd_trajectory"] == "error: AttributeError"
    assert derived["adam_trajectory"] == probes._NO_MOVE


def test_make_optimizer_points_come_from_the_steps_alone() -> None:
    """Without the observations (as when points are judged) only the step features remain."""
    names = probes._NAMES
    raw = {
        "steps": {n: _trajectory(k + 1) for k, n in enumerate(names)},
        "default_steps": {n: _trajectory(k + 0.5) for k, n in enumerate(names)},
    }
    case = {"params": [torch.zeros(2)], "lr": 0.07, "bad_name": "adamw"}
    derived = probes._derive_make_optimizer(raw, case)
    assert set(derived) == {
        *(f"{n}_trajectory" for n in names),
        "step_sizes",
        "distinct",
        "lr_is_argument",
    }


def test_max_stable_lr_derive_runs_gradient_descent() -> None:
    hessian = torch.tensor([[2.0, 1.0], [1.0, 2.0]], dtype=torch.float64)  # eigenvalues 1 and 3
    case = {"hessian": hessian, "x0": torch.tensor([1.0, -0.5], dtype=torch.float64)}

    def derived(lr, returned=None):
        raw = {"lr": lr, "returned": lr if returned is None else returned}
        return probes._derive_max_stable_lr(raw, case)

    assert derived(2 / 3) == {"returns_float": True, "stable_below": True, "unstable_above": True}
    assert derived(1 / 3)["unstable_above"] is False
    assert derived(2.0)["stable_below"] is False
    assert derived("not a number")["stable_below"] == "not a number"
    assert derived(float("inf"))["unstable_above"] == "not a number"
    assert derived(2 / 3, torch.tensor(2 / 3))["returns_float"] is False


# -- patching torch or the grader in the student's process gains nothing ------
# Stronger than test_sections.CHEATS: every torch function the old in-process
# judgements used, the probe helpers, and this section's judgement helpers.
STRONG_CHEATS = """
import itertools as _it
import math as _m
import torch as _t
_true = _t.tensor(True)
_t.equal = _t.Tensor.equal = lambda *a, **k: {equal}
_t.allclose = _t.Tensor.allclose = lambda *a, **k: True
_t.all = _t.any = _t.Tensor.all = _t.Tensor.any = lambda *a, **k: _true
_t.Tensor.__eq__ = lambda self, other: _t.ones_like(self, dtype=_t.bool)
_m.isfinite = _m.isclose = lambda *a, **k: True
_m.isnan = lambda x: False
import autograder.probing.probe_tools as _pt
_pt.unchanged = _pt.same_state = lambda *a, **k: True
import autograder.spec.rules as _j
import autograder.catalogue.s24_optimizers as _c
for _name in ("same_tensors", "_is_new", "_state_always_new", "_usable", "_is_trajectory"):
    setattr(_c, _name, lambda *a, **k: True)
_j.same_tensors = lambda *a, **k: True
_j.bad_argument_verdict = _c.bad_argument_verdict = lambda *a, **k: "ValueError naming the value"
_cycle = _it.cycle([False, True])  # below: converges; above: diverges
_c._gd_grows = lambda *a, **k: next(_cycle)
_c._distinct = lambda *a, **k: 5
_c._lr_matters = lambda *a, **k: True
_c._same_trajectory = lambda *a, **k: False
"""

# Wrong in several ways at once, changing their inputs too.
STRONGLY_WRONG = {
    "2.4.sgd_step": """
def sgd_step(param, grad, lr):
    param += lr * grad
    return param
""",
    "2.4.momentum_step": """
def momentum_step(param, grad, velocity, lr, momentum=0.9):
    grad.mul_(1.0001)
    v = momentum * velocity + (1 - momentum) * grad
    return param - lr * v, velocity
""",
    "2.4.adagrad_step": """
def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    sum_sq.add_(grad * grad)
    return param - lr * grad / (sum_sq + eps).sqrt(), sum_sq
""",
    "2.4.rmsprop_step": """
def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    square_avg.mul_(1 - alpha).add_(alpha * grad * grad)
    return param - lr * grad / (square_avg + eps).sqrt(), square_avg
""",
    "2.4.adam_step": """
def adam_step(param, grad, m, v, t, lr=1e-2, betas=(0.9, 0.999), eps=1e-8):
    m.mul_(betas[0]).add_((1 - betas[0]) * grad)
    v.mul_(betas[1]).add_((1 - betas[1]) * grad * grad)
    return param - lr * m / (v + eps).sqrt(), m, v
""",
    "2.4.make_optimizer": """
def make_optimizer(params, name, lr=1e-2):
    if name not in ("sgd", "momentum", "adagrad", "rmsprop", "adam"):
        raise KeyError(name)
    return torch.optim.Adam([p.detach().clone().requires_grad_(True) for p in params], lr=0.01)
""",
    "2.4.max_stable_lr": """
def max_stable_lr(hessian):
    smallest = torch.linalg.eigvalsh(hessian).min()
    hessian.add_(0.001)
    return 1.0 / smallest
""",
}


@pytest.mark.parametrize("equal", [True, False])
@pytest.mark.parametrize("exercise_id", sorted(STRONGLY_WRONG))
def test_strong_patches_gain_nothing(grader, exercise_id: str, equal: bool) -> None:
    source = "import torch\n" + STRONGLY_WRONG[exercise_id]
    honest = grader.grade_source(MODULE, source, exercise_id)
    cheating = grader.grade_source(MODULE, STRONG_CHEATS.format(equal=equal) + source, exercise_id)
    assert cheating.status is honest.status, cheating.feedback  # the patches break nothing
    assert cheating.score <= honest.score, cheating.feedback


# -- forging how a result was made earns nothing -------------------------------
# Updates that change their inputs in place and return them: the values they return
# are right, but the tensors they were given are not left as they were.
IN_PLACE = {
    "2.4.sgd_step": """
def sgd_step(param, grad, lr):
    param -= lr * grad
    return param
""",
    "2.4.momentum_step": """
def momentum_step(param, grad, velocity, lr, momentum=0.9):
    velocity.mul_(momentum).add_(grad)
    param.sub_(lr * velocity)
    return param, velocity
""",
    "2.4.adagrad_step": """
def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    sum_sq.add_(grad * grad)
    param.sub_(lr * grad / (sum_sq.sqrt() + eps))
    return param, sum_sq
""",
    "2.4.rmsprop_step": """
def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).add_((1 - alpha) * grad * grad)
    param.sub_(lr * grad / (square_avg.sqrt() + eps))
    return param, square_avg
""",
    "2.4.adam_step": """
def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    m.mul_(b1).add_((1 - b1) * grad)
    v.mul_(b2).add_((1 - b2) * grad * grad)
    param.sub_(lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps))
    return param, m, v
""",
}

# Patches the probe harness so that copies of the inputs taken after the calls (as probes
# once took them) would show the inputs as they were before the first call. The watcher
# does not use them: the change is still named mutates-input.
FORGED_PURITY = """
import autograder.catalogue.s24_optimizers as _c
import autograder.probing.probe_tools as _tools
_before = {}
def _remember(*tensors):
    for t in tensors:  # kept alive, so that no other tensor gets its id
        _before.setdefault(id(t), (t, t.clone()))
_step = _c._StepRecorder.step
def _step_remembering(self, param, grad, state, rest):
    _remember(param, grad, *state)
    return _step(self, param, grad, state, rest)
_c._StepRecorder.step = _step_remembering
def _snapshot(*tensors):
    return [_before.get(id(t), (t, t))[1].clone() for t in tensors]
_tools.snapshot = _c.snapshot = _snapshot
"""

FORGED_PURITY_SGD = """
import autograder.catalogue as _catalogue
import autograder.catalogue.s24_optimizers as _c
_before = {}
_spec = _catalogue.spec("2.4.sgd_step")
_probe = _spec.probe
def _probe_remembering(fn, case, ctx):
    for t in (case["param"], *case["grads"]):
        _before.setdefault(id(t), (t, t.clone()))
    return _probe(fn, case, ctx)
object.__setattr__(_spec, "probe", _probe_remembering)
_c.snapshot = lambda *tensors: [_before.get(id(t), (t, t))[1].clone() for t in tensors]
"""


@pytest.mark.parametrize("exercise_id", sorted(IN_PLACE))
def test_in_place_updates_cost_the_mutates_input_share_only(grader, exercise_id: str) -> None:
    """The watcher puts the inputs back after each call (the reuse step too) and judges the
    values as returned: every check passes, and the change costs keeps_inputs.cost."""
    result = grader.grade_source(MODULE, IN_PLACE[exercise_id], exercise_id)
    failed = [c.name for c in result.checks if not c.passed]
    assert not failed, result.feedback
    assert result.mistakes == ("mutates-input",), result.feedback
    assert result.score == pytest.approx(0.75 * result.max_score), result.feedback


@pytest.mark.parametrize("exercise_id", sorted(IN_PLACE))
def test_forged_purity_earns_nothing(grader, exercise_id: str) -> None:
    forge = FORGED_PURITY_SGD if exercise_id == "2.4.sgd_step" else FORGED_PURITY
    honest = grader.grade_source(MODULE, IN_PLACE[exercise_id], exercise_id)
    cheating = grader.grade_source(MODULE, forge + IN_PLACE[exercise_id], exercise_id)
    assert "Importing" not in cheating.feedback, cheating.feedback
    assert "mutates-input" in cheating.mistakes, cheating.feedback
    assert cheating.score <= honest.score < honest.max_score, cheating.feedback


# -- make_optimizer: the steps show every setting --------------------------------
# A setting changed (the class and lr right) or copies of the parameters held: that name's
# steps (lr factored out) are not torch.optim's.
SETTINGS = {
    "adam eps": 'if name == "adam":\n        return torch.optim.Adam(params, lr=lr, eps=1e-6)',
    "adagrad eps": 'if name == "adagrad":\n        return torch.optim.Adagrad(params, lr=lr, eps=1e-8)',
    "rmsprop centered": (
        'if name == "rmsprop":\n        return torch.optim.RMSprop(params, lr=lr, centered=True)'
    ),
    "nesterov": (
        'if name == "momentum":\n'
        "        return torch.optim.SGD(params, lr=lr, momentum=0.9, nesterov=True)"
    ),
    "holds copies": (
        'if name == "sgd":\n'
        "        return torch.optim.SGD([p.detach().clone().requires_grad_() for p in params], lr=lr)"
    ),
}


@pytest.mark.parametrize("setting", sorted(SETTINGS))
def test_make_optimizer_settings_show_in_the_steps(grader, setting: str) -> None:
    """One setting changed: that name's steps show it, and points are lost."""
    source = f"""
import torch


def make_optimizer(params, name, lr=1e-3):
    {SETTINGS[setting]}
    made = {{
        "sgd": lambda: torch.optim.SGD(params, lr=lr),
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9),
        "adagrad": lambda: torch.optim.Adagrad(params, lr=lr),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr),
        "adam": lambda: torch.optim.Adam(params, lr=lr),
    }}
    if name not in made:
        raise ValueError(name)
    return made[name]()
"""
    result = grader.grade_source(MODULE, source, "2.4.make_optimizer")
    lost = [c.name for c in result.checks if c.max_points > 0 and not c.passed]
    assert result.score < result.max_score and lost, result.feedback
    name = setting.split()[0].replace("nesterov", "momentum").replace("holds", "sgd")
    assert f"'{name}': a few steps like torch.optim's (up to the learning rate)" in lost, lost

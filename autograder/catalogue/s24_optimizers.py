"""Section 2.4, optimizers: what each exercise's probe observes.

The update functions are run for several consecutive steps, feeding the
returned parameter and state back in (as a training loop would), then once
more with explicit hyperparameters on an existing state. The probes record the
returned tensors and copies of the inputs after the calls. Optimizers made by
``make_optimizer`` are only inspected (class, hyperparameters, parameters),
never stepped.

The probes only observe (they run beside the student's code). Every judgement
(were the inputs left unchanged, is the returned state new, are the settings
distinct, does gradient descent converge with the returned learning rate) is
made by each exercise's ``derive``, in the grader's own process.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import nn

from autograder.engine.judge import bad_argument_verdict, same_tensors
from autograder.engine.spec import (
    Case,
    Features,
    MistakeRule,
    ProbeContext,
    Section,
    Tolerance,
    check,
)
from autograder.harness.codec import type_name
from autograder.harness.probe_tools import observe_call, snapshot

SECTION = Section("2.4", "s24_optimizers")

_PURE = check("不修改输入", "leaves its inputs unchanged", "pure", weight=0.5)
_FIRST = check("第一步更新", "first step", "param", "state")
_LATER = check(
    "连续多步(回传返回的状态)",
    "consecutive steps (returned state fed back)",
    "later_params",
    "later_states",
)
_CUSTOM = check(
    "显式超参数、已有状态",
    "explicit hyperparameters on an existing state",
    "custom_param",
    "custom_state",
)


def _outputs(result: Any) -> list[Any]:
    """What a call returned, as a list: a tuple's or list's items, else the one value."""
    if isinstance(result, (tuple, list)):
        return list(result)
    return [result]


def _kept(value: Any) -> Any:
    """A tensor copied (so later in-place changes cannot alter the record), else the value."""
    return value.detach().clone() if isinstance(value, torch.Tensor) else value


def _usable(state: Any, n_state: int) -> bool:
    """Whether a returned state has one tensor for every state slot (so it can be fed back)."""
    return (
        isinstance(state, list)
        and len(state) == n_state
        and all(isinstance(s, torch.Tensor) for s in state)
    )


class _StepRecorder:
    """Calls an update function and remembers what it returned.

    Each call is ``fn(param, grad, *state, *rest)``. The returned state is fed
    back when the call returned a tensor for every state slot; otherwise the
    state passed in is used again (as if it had been returned).
    """

    def __init__(self, fn: Callable[..., Any], n_state: int) -> None:
        self.fn = fn
        self.n_state = n_state

    def step(
        self, param: torch.Tensor, grad: torch.Tensor, state: Sequence[torch.Tensor], rest: tuple
    ) -> tuple[Any, list[Any], list[torch.Tensor]]:
        """(returned param, returned state as recorded, state to feed back)."""
        out = _outputs(self.fn(param, grad, *state, *rest))
        returned_state = out[1:]
        feed = list(returned_state) if _usable(returned_state, self.n_state) else list(state)
        return _kept(out[0]), [_kept(s) for s in returned_state], feed


def _probe_update(
    fn: Callable[..., Any],
    case: Case,
    n_state: int,
    trajectory_rest: Callable[[int], tuple],
    custom_rest: tuple,
) -> tuple[Features, _StepRecorder]:
    """Run the consecutive steps and the explicit-hyperparameter step of a stateful update."""
    param, grads = case["param"], list(case["grads"])
    state, custom_state = list(case["state"]), list(case["custom_state"])
    inputs = [param, *grads, *state, *custom_state]
    recorder = _StepRecorder(fn, n_state)

    params: list[Any] = []
    states: list[Any] = []
    current, current_state = param, state
    for k, grad in enumerate(grads):
        new_param, recorded, current_state = recorder.step(
            current, grad, current_state, trajectory_rest(k)
        )
        params.append(new_param)
        states.append(recorded)
        if not isinstance(new_param, torch.Tensor):
            break
        current = new_param

    custom_param, custom_recorded, _ = recorder.step(param, grads[0], custom_state, custom_rest)
    features: Features = {
        "param": params[0],
        "state": states[0],
        "later_params": params[1:],
        "later_states": states[1:],
        "custom_param": custom_param,
        "custom_state": custom_recorded,
        "inputs_after": snapshot(*inputs),
    }
    return features, recorder


# -- judgements (derive side, in the grader) -------------------------------------
def _case_inputs(case: Case) -> list[torch.Tensor]:
    """The tensors of a stateful update's case, in the order the probe copies them."""
    return [case["param"], *case["grads"], *case["state"], *case["custom_state"]]


def _derive_pure(raw: Features, case: Case) -> Features:
    return {"pure": same_tensors(raw["inputs_after"], _case_inputs(case))}


def _is_new(returned: Any, given: Sequence[torch.Tensor], n_state: int) -> bool:
    """A tensor for every state slot, each different from the state passed in."""
    return _usable(returned, n_state) and all(
        not (s.shape == b.shape and bool(torch.equal(s, b))) for s, b in zip(returned, given)
    )


def _state_always_new(raw: Features, case: Case, n_state: int) -> bool:
    """Whether every step returned new state tensors (given to each step: what the probe fed)."""
    returned = [raw["state"], *raw["later_states"]]
    given = list(case["state"])
    for state in returned:
        if not _is_new(state, given, n_state):
            return False
        given = state  # a new state is always usable, so it was fed back
    return _is_new(raw["custom_state"], list(case["custom_state"]), n_state)


# -- sgd_step ------------------------------------------------------------------
@SECTION.exercise(
    "sgd_step",
    checks=(
        check("一步更新", "one update", "param"),
        check("连续多步", "consecutive steps", "later_params"),
        _PURE,
    ),
    mistakes=("gradient-ascent",),
    derive=lambda raw, case: {
        "pure": same_tensors(raw["inputs_after"], [case["param"], *case["grads"]])
    },
)
def probe_sgd_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """One update, then further steps from the returned parameter."""
    param, grads, lr = case["param"], list(case["grads"]), case["lr"]
    params: list[Any] = []
    current = param
    for grad in grads:
        new_param = _kept(fn(current, grad, lr))
        params.append(new_param)
        if not isinstance(new_param, torch.Tensor):
            break
        current = new_param
    return {
        "param": params[0],
        "later_params": params[1:],
        "inputs_after": snapshot(param, *grads),
    }


# -- momentum_step -------------------------------------------------------------
@SECTION.exercise(
    "momentum_step",
    checks=(
        _FIRST,
        check("返回更新后的速度", "returns the updated velocity", "velocity_is_new", weight=0.5),
        _LATER,
        _CUSTOM,
        _PURE,
    ),
    mistakes=("momentum-dampened", MistakeRule("velocity-not-returned", ("velocity_is_new",))),
    derive=lambda raw, case: {
        **_derive_pure(raw, case),
        "velocity_is_new": _state_always_new(raw, case, 1),
    },
)
def probe_momentum_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps with the default momentum, then one with an explicit momentum."""
    lr = case["lr"]
    features, _ = _probe_update(
        fn, case, 1, lambda k: (lr,), (case["custom_lr"], case["custom_momentum"])
    )
    return features


# -- adagrad_step --------------------------------------------------------------
@SECTION.exercise(
    "adagrad_step",
    checks=(_FIRST, _LATER, _CUSTOM, _PURE),
    mistakes=(
        MistakeRule("adagrad-no-accumulation", ("param", "later_params", "custom_param")),
        "eps-inside-sqrt",
    ),
    derive=_derive_pure,
)
def probe_adagrad_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps with the default eps, then one with an explicit eps on a non-zero sum."""
    lr = case["lr"]
    features, _ = _probe_update(
        fn, case, 1, lambda k: (lr,), (case["custom_lr"], case["custom_eps"])
    )
    return features


# -- rmsprop_step --------------------------------------------------------------
@SECTION.exercise(
    "rmsprop_step",
    checks=(_FIRST, _LATER, _CUSTOM, _PURE),
    mistakes=("rmsprop-alpha-swapped", "eps-inside-sqrt"),
    derive=_derive_pure,
)
def probe_rmsprop_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps with the default alpha and eps, then one with explicit ones."""
    lr = case["lr"]
    custom = (case["custom_lr"], case["custom_alpha"], case["custom_eps"])
    features, _ = _probe_update(fn, case, 1, lambda k: (lr,), custom)
    return features


# -- adam_step -----------------------------------------------------------------
@SECTION.exercise(
    "adam_step",
    checks=(
        check("第一步更新(t=1)", "first step (t=1)", "param", "state"),
        check(
            "连续多步(t=2, 3, …)", "consecutive steps (t=2, 3, ...)", "later_params", "later_states"
        ),
        check(
            "显式超参数、较后的步数",
            "explicit hyperparameters at a later step",
            "custom_param",
            "custom_state",
        ),
        check("默认学习率", "default learning rate", "default_lr_param", weight=0.5),
        _PURE,
    ),
    mistakes=("adam-no-bias-correction", "adam-step-zero-based", "eps-inside-sqrt"),
    derive=_derive_pure,
)
def probe_adam_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps t=1, 2, ... from zero moments, one explicit step at a later t, one with defaults."""
    lr, t0 = case["lr"], case["t"]
    custom = (case["custom_t"], case["custom_lr"], tuple(case["custom_betas"]), case["custom_eps"])
    features, recorder = _probe_update(fn, case, 2, lambda k: (t0 + k, lr), custom)
    default_param, _, _ = recorder.step(
        case["param"], case["grads"][0], list(case["custom_state"]), (case["custom_t"],)
    )
    features["default_lr_param"] = default_param
    return features


# -- make_optimizer ------------------------------------------------------------
_NAMES = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
# Hyperparameters (besides lr) that every supported torch version keeps in a param group.
_OPTIONS = {
    "SGD": ("momentum", "dampening", "nesterov", "weight_decay"),
    "Adagrad": ("lr_decay", "eps", "weight_decay", "initial_accumulator_value"),
    "RMSprop": ("alpha", "eps", "momentum", "centered", "weight_decay"),
    "Adam": ("betas", "eps", "weight_decay", "amsgrad"),
}


def _plain(value: Any) -> Any:
    """Numbers as floats (0 and 0.0 are the same setting), bools and tuples kept."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.item())
    return type_name(value)


def _class_name(obj: Any) -> str:
    cls = type(obj)
    if getattr(torch.optim, cls.__name__, None) is cls:
        return f"torch.optim.{cls.__name__}"
    return type_name(obj)


def _position(obj: Any, params: list[nn.Parameter]) -> int | None:
    """Which of the given parameters obj is (the very object), or None."""
    return next((i for i, p in enumerate(params) if p is obj), None)


def _describe_optimizer(opt: Any, params: list[nn.Parameter]) -> dict[str, Any]:
    """Class, learning rates, hyperparameters and held parameters of an optimizer.

    ``held`` lists, for each parameter the optimizer holds, its position among
    the given parameters (None for any other object); None when it is no optimizer.
    """
    if not isinstance(opt, torch.optim.Optimizer):
        return {"class": _class_name(opt), "lrs": [], "options": {}, "held": None}
    groups = opt.param_groups
    names = _OPTIONS.get(type(opt).__name__, ())
    return {
        "class": _class_name(opt),
        "lrs": [_plain(group.get("lr")) for group in groups],
        "options": {k: _plain(groups[0].get(k)) for k in names} if groups else {},
        "held": [_position(p, params) for group in groups for p in group["params"]],
    }


def _derive_make_optimizer(raw: Features, case: Case) -> Features:
    lr, n_params = case["lr"], len(case["params"])
    lrs, classes, options, held = raw["lrs"], raw["classes"], raw["options"], raw["held"]
    # Different settings per name; something that is no optimizer counts as its own.
    configs = {
        (classes[name], repr(sorted(options[name].items())))
        if lrs[name]
        else (name, "not an optimizer")
        for name in _NAMES
    }
    return {
        "distinct": len(configs),
        "lr_is_argument": all(
            lrs[name] and all(isinstance(x, float) and math.isclose(x, lr) for x in lrs[name])
            for name in _NAMES
        ),
        "holds_params": all(held[name] == list(range(n_params)) for name in _NAMES),
        "unknown_name": bad_argument_verdict(raw["unknown_name_raised"], case["bad_name"]),
    }


def _default_lrs(fn: Callable[..., Any], params: list[nn.Parameter], name: str) -> Any:
    """Learning rates of the optimizer made without an lr argument (or how that failed)."""
    try:
        opt = fn(params, name)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return _describe_optimizer(opt, params)["lrs"]


@SECTION.exercise(
    "make_optimizer",
    checks=(
        check("优化器种类", "optimizer classes", "classes", "distinct"),
        check("超参数(除学习率)", "hyperparameters (besides lr)", "options"),
        check("学习率", "learning rate", "lrs", "lr_is_argument"),
        check("默认学习率", "default learning rate", "default_lrs", weight=0.5),
        check("管理传入的参数", "holds the given parameters", "holds_params", weight=0.5),
        check("拒绝未知名字", "rejects unknown names", "unknown_name", weight=0.5),
    ),
    mistakes=(
        MistakeRule("optimizer-name-ignored", ("distinct",)),
        MistakeRule("lr-ignored", ("lr_is_argument",)),
    ),
    feature_tolerance={"lrs": Tolerance(rtol=1e-9, atol=0.0)},
    derive=_derive_make_optimizer,
)
def probe_make_optimizer(fn, case: Case, ctx: ProbeContext) -> Features:
    """Make each optimizer for the same parameters and describe it (nothing is stepped)."""
    params = [nn.Parameter(t.clone()) for t in case["params"]]
    lr = case["lr"]
    made = {name: _describe_optimizer(fn(params, name, lr), params) for name in _NAMES}
    defaults = {name: _default_lrs(fn, params, name) for name in _NAMES}
    bad = case["bad_name"]
    return {
        "classes": {name: d["class"] for name, d in made.items()},
        "options": {name: d["options"] for name, d in made.items()},
        "lrs": {name: d["lrs"] for name, d in made.items()},
        "default_lrs": defaults,
        "held": {name: d["held"] for name, d in made.items()},
        "unknown_name_raised": observe_call(lambda: fn(params, bad, lr)),
    }


# -- max_stable_lr -------------------------------------------------------------
_GD_STEPS = 512


def _gd_grows(hessian: torch.Tensor, x0: torch.Tensor, lr: float) -> bool:
    """Whether gradient descent on ½xᵀHx with this lr ends farther from 0 than it started."""
    n = hessian.shape[0]
    step = torch.eye(n, dtype=hessian.dtype, device=hessian.device) - lr * hessian
    x = torch.linalg.matrix_power(step, _GD_STEPS) @ x0
    size = float(torch.linalg.vector_norm(x))
    if math.isnan(size):
        return True
    return size > float(torch.linalg.vector_norm(x0))


def _derive_max_stable_lr(raw: Features, case: Case) -> Features:
    """Gradient descent just below and just above the returned value; the Hessian unchanged."""
    hessian, x0, number = case["hessian"], case["x0"], raw["lr"]
    features: Features = {"pure": same_tensors(raw["hessian_after"], [hessian])}
    if not isinstance(number, float) or not math.isfinite(number):
        features["stable_below"] = features["unstable_above"] = "not a number"
    else:
        features["stable_below"] = not _gd_grows(hessian, x0, 0.98 * number)
        features["unstable_above"] = _gd_grows(hessian, x0, 1.02 * number)
    return features


def _as_number(value: Any) -> float | None:
    """The value as a float when it is a real number or a one-element tensor, else None."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu().item())
    return None


@SECTION.exercise(
    "max_stable_lr",
    checks=(
        check("返回值 2/λmax", "returned value 2/λmax", "lr", weight=1.5),
        check("返回 Python float", "returns a Python float", "returns_float", weight=0.5),
        check(
            "梯度下降:略小于它收敛,略大于它发散",
            "gradient descent: converges just below it, diverges just above",
            "stable_below",
            "unstable_above",
        ),
        _PURE,
    ),
    mistakes=(
        MistakeRule("uses-min-eigenvalue", ("lr", "stable_below")),
        MistakeRule("one-over-lambda", ("lr", "unstable_above")),
    ),
    feature_tolerance={"lr": Tolerance(rtol=1e-3, atol=1e-9)},
    derive=_derive_max_stable_lr,
)
def probe_max_stable_lr(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call fn on a Hessian and read the number it returns (derive runs gradient descent)."""
    hessian = case["hessian"]
    value = fn(hessian)
    number = _as_number(value)
    return {
        "lr": "not a number" if number is None else number,
        "returns_float": isinstance(value, float),
        "hessian_after": snapshot(hessian),
    }


# -- quiz ----------------------------------------------------------------------
SECTION.quiz(
    "q1",
    kind="single",
    prompt=(
        "哪种优化器用“过去所有梯度平方之和”的平方根去除每个参数的梯度,因而每个参数都有自己的步长,而且这个步长在训练中只会变小、不会再变大?",
        "Which optimizer divides each parameter's gradient by the square root of the sum of all its past squared gradients, so every parameter gets its own step size, which can only shrink as training goes on and never grows again?",
    ),
    choices=(
        ("带动量的 SGD", "SGD with momentum"),
        ("RMSprop", "RMSprop"),
        ("Adam", "Adam"),
        ("Adagrad", "Adagrad"),
    ),
)
SECTION.quiz(
    "q2",
    kind="multiple",
    prompt=(
        "关于学习率的大小,哪些说法正确?(可能有多个正确答案)",
        "Which statements about the size of the learning rate are true? (Several may be right.)",
    ),
    choices=(
        (
            "训练几步后损失迅速变大甚至变成 nan,学习率很可能太大了",
            "If the loss grows fast or turns into nan after a few steps, the learning rate is probably too large",
        ),
        (
            "损失一直在下降但下降得非常慢,学习率可能太小了",
            "If the loss keeps decreasing but very slowly, the learning rate may be too small",
        ),
        (
            "学习率越大,总能越快达到越低的损失",
            "A larger learning rate always reaches a lower loss faster",
        ),
        (
            "损失上下剧烈跳动、始终稳定不下来时,先把学习率调小是合理的尝试",
            "If the loss jumps up and down and never settles, lowering the learning rate is a sensible first try",
        ),
        (
            "用 Adam 时学习率无关紧要,因为 Adam 会自动调整步长",
            "With Adam the learning rate does not matter, because Adam adapts the step size by itself",
        ),
    ),
)
SECTION.quiz(
    "q3",
    kind="single",
    prompt=(
        "用 torch.optim.SGD(params, lr=lr, momentum=0.9)(默认 dampening=0),速度从 0 开始:v = 0.9·v + g,p = p − lr·v。如果每一步的梯度都是同一个 g,训练足够多步后,每一步参数大约移动多少?",
        "With torch.optim.SGD(params, lr=lr, momentum=0.9) (default dampening=0) and a velocity starting at 0: v = 0.9·v + g, p = p − lr·v. If the gradient is the same g at every step, how far does each step move the parameter after many steps?",
    ),
    choices=(
        (
            "lr·g:梯度不变时动量不改变步长",
            "lr·g: momentum does not change the step when the gradient is constant",
        ),
        ("0.9·lr·g", "0.9·lr·g"),
        ("10·lr·g", "10·lr·g"),
        ("步长无限增大", "The step grows without bound"),
    ),
)
SECTION.quiz(
    "q4",
    kind="multiple",
    prompt=(
        "Adam 用 m̂ = m / (1 − β1^t) 和 v̂ = v / (1 − β2^t) 做偏差修正(默认 β1 = 0.9,β2 = 0.999)。哪些说法正确?(可能有多个正确答案)",
        "Adam corrects its moments with m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t) (by default β1 = 0.9, β2 = 0.999). Which statements are true? (Several may be right.)",
    ),
    choices=(
        (
            "m 和 v 从 0 开始,前几步的估计偏向 0;除以 (1 − β^t) 正好抵消这个偏差",
            "m and v start at 0, so their early estimates are biased toward 0; dividing by (1 − β^t) removes exactly that bias",
        ),
        (
            "不做修正时,第一步的步长约为 3.16·lr,而不是约 lr,因为 v 比 m 偏小得多",
            "Without the correction the first step is about 3.16·lr instead of about lr, because v is biased much more than m",
        ),
        (
            "修正因子的作用是在整个训练过程中逐渐减小学习率",
            "The correction factor's purpose is to decay the learning rate over the whole training",
        ),
        (
            "t 从 0 开始计数,所以第一步的修正因子是 1 − β^0",
            "t counts from 0, so the first step's correction factor is 1 − β^0",
        ),
        (
            "随着 t 增大,1 − β^t 趋于 1,修正几乎不再起作用",
            "As t grows, 1 − β^t tends to 1 and the correction has almost no effect",
        ),
    ),
)
SECTION.quiz(
    "q5",
    kind="numeric",
    prompt=(
        "用梯度下降最小化 f(x) = ½·xᵀHx,H 对称正定,特征值为 0.5、2 和 8。学习率小于多少时梯度下降一定收敛(求这个上限)?",
        "Gradient descent minimises f(x) = ½·xᵀHx, with H symmetric positive definite and eigenvalues 0.5, 2 and 8. Below which learning rate does gradient descent always converge (give that bound)?",
    ),
    rel_tol=1e-6,
)

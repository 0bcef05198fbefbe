"""Section 2.4, optimizers: what each exercise's probe observes.

The update functions are run for several consecutive steps, feeding the
returned parameter and state back in (as a training loop would), then once
more with explicit hyperparameters on an existing state (on copies taken
before any call), and last once more on the very tensors the first step got:
that step must give the first step's result again. The probes record the
returned tensors. An input changed in place is the watcher's
(``autograder.probing.conduct``): it names ``mutates-input`` and puts the input
back after each call. Optimizers made by ``make_optimizer`` are stepped a few
times with the case's gradients, and described (class, hyperparameters,
parameters held).

The probes only observe (they run beside the student's code). Every judgement
(is the returned state new, do the optimizers step differently, does gradient
descent converge with the returned learning rate) is made by each exercise's
``derive``, in the grader's own process.

Only what the functions return earns points (``results``): returned tensors
and numbers, and the parameters after stepping the optimizers made. What the
probes see of how that came about (``observations``: an optimizer's settings
read off its parameter groups, the error raised for an unknown name) is shown
in checks of weight 0 and names mistakes.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from autograder.probing.codec import type_name
from autograder.probing.probe_tools import observe_call, raised
from autograder.spec import (
    Case,
    Features,
    MistakeRule,
    Picture,
    ProbeContext,
    Section,
    Tolerance,
    check,
    mistake,
)
from autograder.spec.rules import bad_argument_verdict, each

SECTION = Section("2.4", "s24_optimizers")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "gradient-ascent",
        zh="参数沿着梯度方向移动(p + lr*g),损失会越来越大:这是梯度上升,不是梯度下降。",
        en="The parameter moves along the gradient (p + lr*g), which makes the loss grow: that is gradient ascent, not descent.",
        hint_zh="梯度指向损失增大的方向,更新时要减去它:p - lr * g。",
        hint_en="The gradient points uphill, so subtract it: p - lr * g.",
    ),
    mistake(
        "momentum-dampened",
        zh="速度按指数移动平均更新(v = momentum*v + (1-momentum)*g),梯度被缩小了;torch.optim.SGD 的动量默认不做这种衰减(dampening=0)。",
        en="The velocity is updated as an exponential moving average (v = momentum*v + (1-momentum)*g), which shrinks the gradient; torch.optim.SGD's momentum does no such dampening by default (dampening=0).",
        hint_zh="梯度直接加到衰减后的速度上:v = momentum * v + g,然后 p = p - lr * v。",
        hint_en="Add the full gradient to the decayed velocity: v = momentum * v + g, then p = p - lr * v.",
    ),
    mistake(
        "velocity-not-returned",
        zh="没有返回更新后的速度(返回的是传入的旧速度,或者根本没返回速度)。下一步拿不到新速度,动量无法累积。",
        en="The updated velocity is not returned (the old velocity that was passed in comes back, or no velocity at all), so the next step cannot build on it and momentum never accumulates.",
        hint_zh="把新速度存进一个新变量,并把它和新参数一起返回:return new_param, new_velocity。",
        hint_en="Keep the new velocity in its own variable and return it with the new parameter: return new_param, new_velocity.",
    ),
    mistake(
        "adagrad-no-accumulation",
        zh="平方和没有累积:只用了当前这一步的 g²,而不是把它加到之前所有步的平方和 sum_sq 上。这样学习率不会随训练逐渐变小。",
        en="The squares are not accumulated: only this step's g² is used instead of adding it to sum_sq, the running sum over all earlier steps, so the step size never shrinks as training goes on.",
        hint_zh="先累积再更新:s = sum_sq + g * g;p = p - lr * g / (sqrt(s) + eps);返回 (p, s)。",
        hint_en="Accumulate first, then update: s = sum_sq + g * g; p = p - lr * g / (sqrt(s) + eps); return (p, s).",
    ),
    mistake(
        "eps-inside-sqrt",
        zh="eps 被放进了平方根里(sqrt(s + eps)),而 torch.optim 是先开根号再加 eps(sqrt(s) + eps)。当累积的平方很小(与 eps 同量级)时,两者的步长差别很大。",
        en="eps was put inside the square root (sqrt(s + eps)), whereas torch.optim takes the square root first and then adds eps (sqrt(s) + eps). When the accumulated squares are small (of the order of eps) the two give very different steps.",
        hint_zh="分母写成 s.sqrt() + eps(Adam 中为 v_hat.sqrt() + eps),不要写 (s + eps).sqrt()。",
        hint_en="Write the denominator as s.sqrt() + eps (v_hat.sqrt() + eps in Adam), not (s + eps).sqrt().",
    ),
    mistake(
        "rmsprop-alpha-swapped",
        zh="alpha 和 1-alpha 用反了:新的 g² 得到了权重 alpha,旧的平均值只剩 1-alpha,平均值几乎只反映当前这一步。",
        en="alpha and 1-alpha are swapped: the new g² gets weight alpha and the old average only 1-alpha, so the average reflects almost nothing but the current step.",
        hint_zh="alpha 是旧平均值的保留比例:a = alpha * a + (1 - alpha) * g * g。",
        hint_en="alpha is how much of the old average is kept: a = alpha * a + (1 - alpha) * g * g.",
    ),
    mistake(
        "adam-no-bias-correction",
        zh="没有做偏差修正:直接用 m 和 v 更新。它们从 0 开始,前几步明显偏小,尤其 v 很小,会让早期步长过大。",
        en="There is no bias correction: m and v are used as they are. Both start at 0 and are far too small in the first steps (v especially), which makes the early steps too large.",
        hint_zh="用 m_hat = m / (1 - beta1**t) 和 v_hat = v / (1 - beta2**t),再计算 p - lr * m_hat / (sqrt(v_hat) + eps)。",
        hint_en="Use m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t), then p - lr * m_hat / (sqrt(v_hat) + eps).",
    ),
    mistake(
        "adam-step-zero-based",
        zh="步数差了一:把 t 当成从 0 开始计数(偏差修正里用了 t+1)。题目中的 t 从 1 开始,第一步就是 t=1。",
        en="The step count is off by one: t was treated as counting from 0 (t+1 used in the bias correction). Here t counts from 1: the first step is t=1.",
        hint_zh="直接用传入的 t:1 - beta1**t 与 1 - beta2**t,不要再加 1。",
        hint_en="Use t exactly as given: 1 - beta1**t and 1 - beta2**t, without adding 1.",
    ),
    mistake(
        "optimizer-name-ignored",
        zh="不论 name 是什么,返回的都是同一种优化器(同样的类和设置)。",
        en="Whatever the name, the same optimizer (same class and settings) comes back.",
        hint_zh='按名字分别构造:"sgd"→SGD,"momentum"→SGD(momentum=0.9),"adagrad"→Adagrad,"rmsprop"→RMSprop,"adam"→Adam。',
        hint_en='Build one per name: "sgd"→SGD, "momentum"→SGD(momentum=0.9), "adagrad"→Adagrad, "rmsprop"→RMSprop, "adam"→Adam.',
    ),
    mistake(
        "lr-ignored",
        zh="优化器的学习率不是传入的 lr(没有把 lr 传给优化器,或写死了某个数值)。",
        en="The optimizer's learning rate is not the lr that was passed in (lr was not handed to the optimizer, or a fixed number was written instead).",
        hint_zh="构造每个优化器时都传 lr=lr,例如 torch.optim.Adam(params, lr=lr)。",
        hint_en="Pass lr=lr when building every optimizer, for example torch.optim.Adam(params, lr=lr).",
    ),
    mistake(
        "uses-min-eigenvalue",
        zh="用了最小特征值。沿最大特征值方向的曲率最大,学习率超过 2/λmax 时这个方向先发散,所以由 λmax 决定上限。",
        en="The smallest eigenvalue was used. The direction of the largest eigenvalue curves most and is the first to diverge once the learning rate exceeds 2/λmax, so λmax sets the limit.",
        hint_zh="eigvalsh 返回升序排列的特征值:取最大的那个(.max() 或 [-1]),返回 2 / λmax。",
        hint_en="eigvalsh returns eigenvalues in ascending order: take the largest (.max() or [-1]) and return 2 / λmax.",
    ),
    mistake(
        "one-over-lambda",
        zh="返回了 1/λmax。沿某个特征方向,每步误差乘以 (1 - lr*λ),只要 |1 - lr*λ| < 1 就不发散,即 lr < 2/λ;1/λmax 只是一步就到达该方向极小值的学习率。",
        en="1/λmax was returned. Along each eigen-direction the error is multiplied by (1 - lr*λ) per step, which does not blow up while |1 - lr*λ| < 1, i.e. lr < 2/λ; 1/λmax is only the rate that reaches that direction's minimum in one step.",
        hint_zh="稳定的上限是 2 / λmax。",
        hint_en="The stability limit is 2 / λmax.",
    ),
)

# That the inputs stay usable earns its points through ``_REUSE``, on returned values.
_REUSE = check(
    "输入张量可以再用(用第一步的同一组张量再算一步)",
    "its inputs stay usable (one more step from the first step's very tensors)",
    "reuse_param",
    "reuse_state",
    weight=0.5,
)
_UPDATE_RESULTS = (
    "param",
    "state",
    "later_params",
    "later_states",
    "custom_param",
    "custom_state",
    "reuse_param",
    "reuse_state",
)
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
    ) -> tuple[Any, list[Any], Any, list[torch.Tensor]]:
        """(returned param as recorded, returned state as recorded, param and state to feed back).

        What is fed back is what the call returned (as a training loop would pass it on),
        never the records: a later call that changes its inputs cannot alter a record.
        """
        out = _outputs(self.fn(param, grad, *state, *rest))
        returned_state = out[1:]
        feed = list(returned_state) if _usable(returned_state, self.n_state) else list(state)
        return _kept(out[0]), [_kept(s) for s in returned_state], out[0], feed


def _copies(tensors: Sequence[torch.Tensor]) -> list[torch.Tensor]:
    return [t.clone() for t in tensors]


def _probe_update(
    fn: Callable[..., Any],
    case: Case,
    n_state: int,
    trajectory_rest: Callable[[int], tuple],
    custom_rest: tuple,
    default_rest: tuple | None = None,
) -> Features:
    """Run a stateful update: consecutive steps, the explicit step(s), then the reuse step.

    The explicit steps (``custom_rest``, and ``default_rest`` when given: the custom
    step's tensors with the defaults) get copies of the parameter and gradient taken
    before any call. The last call, the *reuse* step, is the first step again, on the
    very same tensors, with the last gradient (a new value, not a copy of the first
    step's).
    """
    param, grads = case["param"], list(case["grads"])
    state, custom_state = list(case["state"]), list(case["custom_state"])
    custom_inputs = (param.clone(), grads[0].clone(), custom_state)
    default_inputs = (param.clone(), grads[0].clone(), _copies(custom_state))
    recorder = _StepRecorder(fn, n_state)

    params: list[Any] = []
    states: list[Any] = []
    current, current_state = param, state
    for k, grad in enumerate(grads):
        new_param, recorded, current, current_state = recorder.step(
            current, grad, current_state, trajectory_rest(k)
        )
        params.append(new_param)
        states.append(recorded)
        if not isinstance(new_param, torch.Tensor):
            break

    custom_param, custom_recorded, _, _ = recorder.step(*custom_inputs, custom_rest)
    features: Features = {
        "param": params[0],
        "state": states[0],
        "later_params": params[1:],
        "later_states": states[1:],
        "custom_param": custom_param,
        "custom_state": custom_recorded,
    }
    if default_rest is not None:
        features["default_lr_param"] = recorder.step(*default_inputs, default_rest)[0]
    reuse_param, reuse_state, _, _ = recorder.step(
        param, grads[-1], list(case["state"]), trajectory_rest(0)
    )
    features["reuse_param"], features["reuse_state"] = reuse_param, reuse_state
    return features


# -- judgements (derive side, in the grader) -------------------------------------
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
    picture=Picture("path", ("param", "later_params")),
    returns="tensor",
    checks=(
        check("一步更新", "one update", "param"),
        check("连续多步", "consecutive steps", "later_params"),
        check(
            "输入张量可以再用(用第一步的同一组张量再算一步)",
            "its inputs stay usable (one more step from the first step's very tensors)",
            "reuse_param",
            weight=0.5,
        ),
    ),
    mistakes=("gradient-ascent",),
    results=("param", "later_params", "reuse_param"),
)
def probe_sgd_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """One update, further steps from the returned parameter, then the first step's tensors again."""
    param, grads, lr = case["param"], list(case["grads"]), case["lr"]
    params: list[Any] = []
    current = param
    for grad in grads:
        current = fn(current, grad, lr)  # fed on as returned; recorded as a copy
        params.append(_kept(current))
        if not isinstance(current, torch.Tensor):
            break
    return {
        "param": params[0],
        "later_params": params[1:],
        "reuse_param": _kept(fn(param, grads[-1], lr)),
    }


# -- momentum_step -------------------------------------------------------------
def _derive_momentum(raw: Features, case: Case) -> Features:
    return each(velocity_is_new=lambda: _state_always_new(raw, case, 1))


@SECTION.exercise(
    "momentum_step",
    picture=Picture("path", ("param", "later_params")),
    # A bare tensor is the updated parameter without its velocity: velocity-not-returned.
    returns="(tensor, tensor) | tensor",
    checks=(
        _FIRST,
        check("返回更新后的速度", "returns the updated velocity", "velocity_is_new", weight=0.5),
        _LATER,
        _CUSTOM,
        _REUSE,
    ),
    mistakes=("momentum-dampened", MistakeRule("velocity-not-returned", ("velocity_is_new",))),
    derive=_derive_momentum,
    results=_UPDATE_RESULTS,
)
def probe_momentum_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps with the default momentum, then one with an explicit momentum."""
    lr = case["lr"]
    return _probe_update(fn, case, 1, lambda k: (lr,), (case["custom_lr"], case["custom_momentum"]))


# -- adagrad_step --------------------------------------------------------------
@SECTION.exercise(
    "adagrad_step",
    picture=Picture("path", ("param", "later_params")),
    returns="(tensor, tensor)",
    checks=(_FIRST, _LATER, _CUSTOM, _REUSE),
    mistakes=(
        MistakeRule("adagrad-no-accumulation", ("param", "later_params", "custom_param")),
        "eps-inside-sqrt",
    ),
    results=_UPDATE_RESULTS,
)
def probe_adagrad_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps with the default eps, then one with an explicit eps on a non-zero sum."""
    lr = case["lr"]
    return _probe_update(fn, case, 1, lambda k: (lr,), (case["custom_lr"], case["custom_eps"]))


# -- rmsprop_step --------------------------------------------------------------
@SECTION.exercise(
    "rmsprop_step",
    picture=Picture("path", ("param", "later_params")),
    returns="(tensor, tensor)",
    checks=(_FIRST, _LATER, _CUSTOM, _REUSE),
    mistakes=("rmsprop-alpha-swapped", "eps-inside-sqrt"),
    results=_UPDATE_RESULTS,
)
def probe_rmsprop_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps with the default alpha and eps, then one with explicit ones."""
    lr = case["lr"]
    custom = (case["custom_lr"], case["custom_alpha"], case["custom_eps"])
    return _probe_update(fn, case, 1, lambda k: (lr,), custom)


# -- adam_step -----------------------------------------------------------------
@SECTION.exercise(
    "adam_step",
    picture=Picture("path", ("param", "later_params")),
    returns="(tensor, tensor, tensor)",
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
        _REUSE,
    ),
    mistakes=("adam-no-bias-correction", "adam-step-zero-based", "eps-inside-sqrt"),
    results=(*_UPDATE_RESULTS, "default_lr_param"),
)
def probe_adam_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Steps t=1, 2, ... from zero moments, one explicit step at a later t, one with defaults."""
    lr, t0 = case["lr"], case["t"]
    custom = (case["custom_t"], case["custom_lr"], tuple(case["custom_betas"]), case["custom_eps"])

    def trajectory(k: int) -> tuple:
        return (t0 + k, lr)

    return _probe_update(fn, case, 2, trajectory, custom, default_rest=(case["custom_t"],))


# -- make_optimizer ------------------------------------------------------------
_NAMES = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
# Hyperparameters (besides lr) that every supported torch version keeps in a param group.
_OPTIONS = {
    "SGD": ("momentum", "dampening", "nesterov", "weight_decay"),
    "Adagrad": ("lr_decay", "eps", "weight_decay", "initial_accumulator_value"),
    "RMSprop": ("alpha", "eps", "momentum", "centered", "weight_decay"),
    "Adam": ("betas", "eps", "weight_decay", "amsgrad"),
}
_NO_STEPS = "no steps to compare"
_NO_MOVE = "the given parameters do not move"


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


def _fresh_params(case: Case) -> list[nn.Parameter]:
    """New parameters with the case's values (each optimizer gets its own)."""
    return [nn.Parameter(t.clone()) for t in case["params"]]


def _steps(opt: Any, params: list[nn.Parameter], grads: Sequence[Sequence[torch.Tensor]]) -> Any:
    """The given parameters after each step of ``opt`` with the case's gradients, or the error."""
    after: list[list[torch.Tensor]] = []
    try:
        for step_grads in grads:
            for param, grad in zip(params, step_grads):
                param.grad = grad.clone()
            opt.step()
            after.append([p.detach().clone() for p in params])
    except Exception as exc:
        return raised(exc)
    return after


def _is_trajectory(steps: Any) -> bool:
    """Whether ``steps`` are parameter values after each step (not an error)."""
    return isinstance(steps, list) and all(
        isinstance(step, list) and all(isinstance(t, torch.Tensor) for t in step) for step in steps
    )


def _same_trajectory(a: list[list[torch.Tensor]], b: list[list[torch.Tensor]]) -> bool:
    """Bit-for-bit the same parameters after every step (the same optimizer and settings)."""
    return len(a) == len(b) and all(
        len(x) == len(y)
        and all(s.shape == t.shape and bool(torch.equal(s, t)) for s, t in zip(x, y))
        for x, y in zip(a, b)
    )


def _distinct(steps: dict[str, Any]) -> int:
    """How many names step differently; a name whose optimizer did not step counts as its own."""
    seen: list[Any] = []
    count = 0
    for name in _NAMES:
        trajectory = steps[name]
        if _is_trajectory(trajectory):
            if any(_same_trajectory(trajectory, other) for other in seen):
                continue
            seen.append(trajectory)
        count += 1
    return count


def _lr_matters(steps: dict[str, Any], default_steps: dict[str, Any]) -> bool | str:
    """Whether every optimizer made with the given lr steps unlike the one made without it."""
    if not all(_is_trajectory(steps[name]) for name in _NAMES):
        return _NO_STEPS
    return not any(
        _is_trajectory(default_steps[name]) and _same_trajectory(steps[name], default_steps[name])
        for name in _NAMES
    )


def _moves(trajectory: Any, start: Sequence[torch.Tensor]) -> list[list[torch.Tensor]] | str:
    """How far each parameter moved from its start after each step (float64), or what failed."""
    if not _is_trajectory(trajectory) or not trajectory:
        return trajectory if isinstance(trajectory, str) else "no steps"
    if any(
        len(step) != len(start) or any(p.shape != s.shape for p, s in zip(step, start))
        for step in trajectory
    ):
        return "parameters of other shapes"
    return [[p.double() - s.double() for p, s in zip(step, start)] for step in trajectory]


def _first_step_size(moves: list[list[torch.Tensor]]) -> float:
    """The largest move of any parameter element in the first step."""
    return max((float(m.abs().max()) for m in moves[0] if m.numel()), default=0.0)


def _unit_trajectory(trajectory: Any, start: Sequence[torch.Tensor]) -> Any:
    """The moves after each step divided by the first step's size: what is left of the steps
    when the learning rate is factored out (every update here moves in proportion to lr)."""
    moves = _moves(trajectory, start)
    if isinstance(moves, str):
        return moves
    size = _first_step_size(moves)
    if not (math.isfinite(size) and size > 0):
        return _NO_MOVE
    return [[m / size for m in step] for step in moves]


def _step_size(trajectory: Any, start: Sequence[torch.Tensor]) -> Any:
    """The first step's size (it is in proportion to the learning rate), or what failed."""
    moves = _moves(trajectory, start)
    return moves if isinstance(moves, str) else _first_step_size(moves)


def _derive_make_optimizer(raw: Features, case: Case) -> Features:
    start, n_params = case["params"], len(case["params"])
    per_name = {
        f"{name}_trajectory": (lambda name=name: _unit_trajectory(raw["steps"][name], start))
        for name in _NAMES
    }
    return each(
        # From the steps (results): each optimizer's steps with lr factored out, the
        # first step's size, different optimizers per name, steps that follow lr.
        **per_name,
        step_sizes=lambda: {name: _step_size(raw["steps"][name], start) for name in _NAMES},
        distinct=lambda: _distinct(raw["steps"]),
        lr_is_argument=lambda: _lr_matters(raw["steps"], raw["default_steps"]),
        # From what the probe read off the optimizers and saw raised (observations).
        holds_params=lambda: all(raw["held"][name] == list(range(n_params)) for name in _NAMES),
        unknown_name=lambda: bad_argument_verdict(raw["unknown_name_raised"], case["bad_name"]),
    )


def _made_without_lr(fn: Callable[..., Any], params: list[nn.Parameter], name: str) -> Any:
    """The optimizer made without an lr argument, or how that failed (as text)."""
    try:
        return fn(params, name)
    except Exception as exc:
        return raised(exc)


@SECTION.exercise(
    "make_optimizer",
    returns="optimizer",
    checks=(
        # Each name's optimizer, stepped: its steps with the learning rate factored out
        # (class and settings), then the size of its first step (the learning rate).
        *(
            check(
                f"“{name}”:走几步,与 torch.optim 的相同(除去学习率的倍数)",
                f"'{name}': a few steps like torch.optim's (up to the learning rate)",
                f"{name}_trajectory",
                weight=0.3,
            )
            for name in _NAMES
        ),
        check(
            "不同名字给出不同的优化器",
            "different names give different optimizers",
            "distinct",
            weight=0.5,
        ),
        check(
            "学习率(第一步的大小;传入的 lr 起作用)",
            "learning rate (the first step's size; the given lr takes effect)",
            "step_sizes",
            "lr_is_argument",
        ),
        check(
            "默认学习率(不传 lr 时走几步)",
            "default learning rate (steps without lr)",
            "default_steps",
            weight=0.5,
        ),
        check("优化器种类", "optimizer classes", "classes", weight=0),
        check("超参数(除学习率)", "hyperparameters (besides lr)", "options", weight=0),
        check(
            "参数组中的学习率", "learning rates in the param groups", "lrs", "default_lrs", weight=0
        ),
        check("管理传入的参数", "holds the given parameters", "holds_params", weight=0),
        check("拒绝未知名字", "rejects unknown names", "unknown_name", weight=0),
    ),
    mistakes=(
        MistakeRule("optimizer-name-ignored", ("distinct",)),
        MistakeRule("lr-ignored", ("lr_is_argument",)),
    ),
    feature_tolerance={
        "lrs": Tolerance(rtol=1e-9, atol=0.0),
        # Steps with lr factored out keep float32 rounding divided by the first step's size
        # (at most about 3e-4 with an lr of 1e-3).
        **{f"{name}_trajectory": Tolerance(rtol=1e-3, atol=2e-3) for name in _NAMES},
        "step_sizes": Tolerance(rtol=1e-3, atol=0.0),
    },
    derive=_derive_make_optimizer,
    results=("steps", "default_steps"),
    observations=("classes", "options", "lrs", "default_lrs", "held", "unknown_name_raised"),
)
def probe_make_optimizer(fn, case: Case, ctx: ProbeContext) -> Features:
    """Make each optimizer for fresh parameters, describe it, and step it with the case's gradients.

    Each name's optimizer is made twice, with the case's lr and without one.
    """
    lr, grads = case["lr"], case["grads"]
    features: Features = {
        key: {} for key in ("steps", "default_steps", "classes", "options", "lrs", "default_lrs")
    }
    features["held"] = {}
    for name in _NAMES:
        params = _fresh_params(case)
        made = fn(params, name, lr)
        described = _describe_optimizer(made, params)
        features["classes"][name] = described["class"]
        features["options"][name] = described["options"]
        features["lrs"][name] = described["lrs"]
        features["held"][name] = described["held"]
        features["steps"][name] = _steps(made, params, grads)
    for name in _NAMES:
        params = _fresh_params(case)
        made = _made_without_lr(fn, params, name)
        failed = isinstance(made, str) and made.startswith("error: ")
        features["default_lrs"][name] = made if failed else _describe_optimizer(made, params)["lrs"]
        features["default_steps"][name] = made if failed else _steps(made, params, grads)
    bad = case["bad_name"]
    params = _fresh_params(case)
    features["unknown_name_raised"] = observe_call(lambda: fn(params, bad, lr))
    return features


# -- max_stable_lr -------------------------------------------------------------
_GD_STEPS = 512
_SMALL_TENSOR = 16  # returned tensors up to this size travel as they are


def _gd_grows(hessian: torch.Tensor, x0: torch.Tensor, lr: float) -> bool:
    """Whether gradient descent on ½xᵀHx with this lr ends farther from 0 than it started."""
    n = hessian.shape[0]
    step = torch.eye(n, dtype=hessian.dtype, device=hessian.device) - lr * hessian
    x = torch.linalg.matrix_power(step, _GD_STEPS) @ x0
    size = float(torch.linalg.vector_norm(x))
    if math.isnan(size):
        return True
    return size > float(torch.linalg.vector_norm(x0))


def _gd_verdict(number: Any, hessian: torch.Tensor, x0: torch.Tensor, factor: float) -> Any:
    """Whether gradient descent grows with ``factor`` times the returned number."""
    if not isinstance(number, float) or not math.isfinite(number):
        return "not a number"
    return _gd_grows(hessian, x0, factor * number)


def _derive_max_stable_lr(raw: Features, case: Case) -> Features:
    """Gradient descent just below and just above the returned value; its type."""
    hessian, x0 = case["hessian"], case["x0"]

    def stable_below() -> Any:
        grows = _gd_verdict(raw["lr"], hessian, x0, 0.98)
        return grows if isinstance(grows, str) else not grows

    return each(
        returns_float=lambda: type(raw["returned"]) is float,
        stable_below=stable_below,
        unstable_above=lambda: _gd_verdict(raw["lr"], hessian, x0, 1.02),
    )


def _as_number(value: Any) -> float | None:
    """The value as a float when it is a real number or a one-element tensor, else None."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.detach().cpu().item())
    return None


def _returned(value: Any) -> Any:
    """The returned value itself, for the grader to see its type (a float subclass as a float)."""
    if isinstance(value, float):
        return float(value)
    if isinstance(value, torch.Tensor) and value.numel() <= _SMALL_TENSOR:
        return value.detach().clone()
    if value is None or type(value) in (int, bool):
        return value
    return f"not a number: {type_name(value)}"


@SECTION.exercise(
    "max_stable_lr",
    returns="float | tensor",
    checks=(
        check("返回值 2/λmax", "returned value 2/λmax", "lr", weight=1.5),
        check("返回 Python float", "returns a Python float", "returns_float", weight=0.5),
        check(
            "梯度下降:略小于它收敛,略大于它发散",
            "gradient descent: converges just below it, diverges just above",
            "stable_below",
            "unstable_above",
        ),
    ),
    mistakes=(
        MistakeRule("uses-min-eigenvalue", ("lr", "stable_below")),
        MistakeRule("one-over-lambda", ("lr", "unstable_above")),
    ),
    feature_tolerance={"lr": Tolerance(rtol=1e-3, atol=1e-9)},
    derive=_derive_max_stable_lr,
    results=("lr", "returned"),
)
def probe_max_stable_lr(fn, case: Case, ctx: ProbeContext) -> Features:
    """Call fn on a Hessian; record the number and the value it returned (derive runs descent)."""
    value = fn(case["hessian"])
    number = _as_number(value)
    return {"lr": "not a number" if number is None else number, "returned": _returned(value)}


# -- quiz: questions (zh and en) in quiz/s24_optimizers.yml -------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s24_optimizers.yml")

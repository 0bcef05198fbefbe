"""Section 2.7, LSTM: what each exercise's probe observes.

Only *results* (the tensors and counts a function returned on the grader's
inputs) earn points. What the probe saw of how they were made (whether h0 and
c0 share memory, device names read as strings, the error for a bad argument)
is judged in *diagnoses* (weight 0): shown, and naming mistakes, never scored.
An input changed in place is the watcher's (``autograder.probing.conduct``): it
names ``mutates-input``.

Placement is judged on results too: ``init_lstm_state`` is asked for its
state on the meta device, on every machine; the tensors that come back carry
their device (or the error the meta device raised).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from autograder.probing.probe_tools import observe_call, on_meta, raised
from autograder.spec import Case, Features, MistakeRule, ProbeContext, Section, check, mistake
from autograder.spec.rules import (
    META,
    REJECTS_BAD_ARGUMENTS,
    bad_argument_verdict,
    each,
    stayed_on_meta,
)

SECTION = Section("2.7", "s27_lstm")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "lstm-state-not-tuple",
        zh="没有返回 (h0, c0) 两个张量:LSTM 除了隐藏状态 h 还有细胞状态 c,nn.LSTM 需要的初始状态是一对张量,而不是像 nn.RNN 那样的单个 h0(也不能把两者叠成一个张量)。",
        en="The result is not the pair (h0, c0): besides the hidden state h an LSTM has a cell state c, so nn.LSTM expects its initial state as two tensors, not a single h0 as for nn.RNN (nor both stacked into one tensor).",
        hint_zh="分别创建 h0 和 c0,然后 return h0, c0(一个元组)。",
        hint_en="Create h0 and c0 separately and return h0, c0 (a tuple).",
    ),
    mistake(
        "lstm-state-shared-tensor",
        zh="h0 和 c0 是同一个张量(或共享同一块内存):对其中一个做原地修改,另一个也会跟着变。",
        en="h0 and c0 are the same tensor (or share memory): an in-place change to one also changes the other.",
        hint_zh="调用两次 torch.zeros(...),分别得到 h0 和 c0;不要写 z = torch.zeros(...); return z, z。",
        hint_en="Call torch.zeros(...) twice, once for h0 and once for c0; do not write z = torch.zeros(...); return z, z.",
    ),
    mistake(
        "lstm-gate-order",
        zh="门的顺序不对:nn.LSTMCell 把 4H 维的门向量按 i(输入门)、f(遗忘门)、g(候选值)、o(输出门)的顺序切成四块,你把某一块当成了别的门(例如把第三块当成输出门、第四块当成候选值)。",
        en="The gates are in the wrong order: nn.LSTMCell splits the 4H gate vector into i (input gate), f (forget gate), g (candidate), o (output gate), in that order, and some block is used as another gate (for example the third block as the output gate and the fourth as the candidate).",
        hint_zh="i, f, g, o = gates.chunk(4, dim=1);i、f、o 用 sigmoid,g 用 tanh。",
        hint_en="i, f, g, o = gates.chunk(4, dim=1); sigmoid for i, f and o, tanh for g.",
    ),
    mistake(
        "lstm-candidate-sigmoid",
        zh="候选值 g_t 用了 sigmoid:它应当用 tanh,取值在 (−1, 1),这样细胞状态才能被减小;sigmoid 只能往记忆里加正数。",
        en="The candidate g_t goes through a sigmoid: it should use tanh, with values in (−1, 1), so the cell state can also decrease; a sigmoid can only add positive amounts to the memory.",
        hint_zh="只有三个门(i、f、o)用 sigmoid,候选值写成 g = torch.tanh(g)。",
        hint_en="Only the three gates (i, f, o) use sigmoid; write the candidate as g = torch.tanh(g).",
    ),
    mistake(
        "lstm-hidden-without-tanh",
        zh="隐藏状态写成了 h_t = o_t * c_t,少了 tanh:应为 h_t = o_t * tanh(c_t)。细胞状态可以超出 (−1, 1),需要先用 tanh 压缩。",
        en="The hidden state is h_t = o_t * c_t, missing the tanh: it should be h_t = o_t * tanh(c_t). The cell state may leave (−1, 1) and is squashed by tanh first.",
        hint_zh="h_t = torch.sigmoid(o) * torch.tanh(c_t),用新算出的 c_t。",
        hint_en="h_t = torch.sigmoid(o) * torch.tanh(c_t), with the new c_t.",
    ),
    mistake(
        "lstm-missing-input-gate",
        zh="细胞状态更新时没有乘输入门:写成了 c_t = f_t * c_{t−1} + g_t,应为 c_t = f_t * c_{t−1} + i_t * g_t,由输入门决定新信息写入多少。",
        en="The cell update leaves out the input gate: it computes c_t = f_t * c_{t−1} + g_t instead of c_t = f_t * c_{t−1} + i_t * g_t, where the input gate decides how much new information is written.",
        hint_zh="c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)。",
        hint_en="c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g).",
    ),
    mistake(
        "lstm-params-one-bias",
        zh="每层每个方向只算了一个偏置向量:nn.LSTM 有 b_ih 和 b_hh 两个偏置,各 4 * hidden_size 个参数。",
        en="Only one bias vector is counted per layer and direction: nn.LSTM has two, b_ih and b_hh, with 4 * hidden_size parameters each.",
        hint_zh="每层每个方向:4H * (输入尺寸 + H) + 2 * 4H。",
        hint_en="Per layer and direction: 4H * (input size + H) + 2 * 4H.",
    ),
    mistake(
        "lstm-params-layer-input",
        zh="每一层的输入尺寸都用了 input_size:从第二层起,输入是上一层的输出,尺寸为 hidden_size × 方向数。",
        en="Every layer's input size is taken as input_size: from the second layer on, the input is the previous layer's output, of size hidden_size × number of directions.",
        hint_zh="第 0 层输入为 input_size,之后各层为 hidden_size * (2 if bidirectional else 1)。",
        hint_en="Layer 0 takes input_size; every later layer takes hidden_size * (2 if bidirectional else 1).",
    ),
)


# Probes run beside the student's code and only observe (call, record what came back).
# Every judgement is made by the ``derive`` functions, which run in the grader on those
# raw observations and on the case.


# -- init_lstm_state ---------------------------------------------------------
def _as_pair(result: Any) -> tuple[torch.Tensor, torch.Tensor] | None:
    """``(h0, c0)`` when the result is two tensors in a tuple (or a list: nn.LSTM takes both)."""
    if (
        isinstance(result, (tuple, list))
        and len(result) == 2
        and all(isinstance(t, torch.Tensor) for t in result)
    ):
        return result[0], result[1]
    return None


def _not_a_pair(result: Any) -> str:
    if isinstance(result, (tuple, list)):
        return f"not a pair of tensors: {type(result).__name__} of {len(result)}"
    return f"not a pair of tensors: {type(result).__name__}"


def _write_into_h0(h0: torch.Tensor, c0: torch.Tensor) -> Features:
    """Observe what writing into the returned h0 does (after h0 and c0 were recorded).

    ``same_object``: h0 is c0; ``storages``: their storages' data pointers, numbered in
    order of first appearance (``[0, 0]``: one storage; addresses change from run to
    run); ``after_write``: copies of h0 and c0 after adding 1 to h0 in place, or
    ``"error: RuntimeError"`` when h0 cannot be written (an expanded view, say).
    """
    pointers = [t.untyped_storage().data_ptr() for t in (h0, c0)]
    observed: Features = {
        "same_object": h0 is c0,
        "storages": [pointers.index(pointer) for pointer in pointers],
    }
    try:
        with torch.no_grad():
            h0.detach().add_(1)
    except RuntimeError as exc:
        observed["after_write"] = raised(exc)
    else:
        observed["after_write"] = [h0.detach().clone(), c0.detach().clone()]
    return observed


def _separate(raw: Features) -> bool | str:
    """In the grader: True when writing into h0 left c0 as it was (no shared memory).

    When the write failed or did not change h0, the storages decide. A result
    that is no pair keeps its note.
    """
    h0, c0 = raw["h0"], raw["c0"]
    if isinstance(h0, str):
        return h0
    if raw["same_object"]:
        return False
    written = raw["after_write"]
    if isinstance(written, str) or bool(torch.equal(written[0], h0)):
        first, second = raw["storages"]
        return first != second
    return bool(torch.equal(written[1], c0))


def _pair_on_meta(call: Callable[[], Any]) -> Any:
    """The pair asked for on the meta device as a list of the two tensors, a note when
    the result is no pair, or ``"error: <type>"`` when the call raises.

    Only called after the function has worked on the grading device, so an error
    here comes from the meta device: typically torch refusing to copy a meta
    tensor's (missing) data elsewhere (``.cpu()``). Either way the state did not
    stay where it was asked to be.
    """
    result = on_meta(call)
    if isinstance(result, str) and result.startswith("error: "):
        return result
    pair = _as_pair(result)
    return _not_a_pair(result) if pair is None else [t.detach() for t in pair]


def _returns_pair(raw: Features) -> bool:
    """In the grader: whether the result came back as two tensors (else h0 and c0 hold a note)."""
    return isinstance(raw["h0"], torch.Tensor) and isinstance(raw["c0"], torch.Tensor)


def _defaults(raw: Features) -> list[torch.Tensor] | str:
    """In the grader: the state made with the default arguments, as CPU tensors.

    Its shape, dtype and values are a result; where it was made is not judged
    here (the device names the probe read are an observation, and the grading
    device may not be the default one).
    """
    pair = _as_pair(raw["default_state"])
    return "not a pair of tensors" if pair is None else list(pair)


def derive_init_lstm_state(raw: Features, case: Case) -> Features:
    return each(
        pair=lambda: _returns_pair(raw),
        defaults=lambda: _defaults(raw),
        separate=lambda: _separate(raw),
        on_meta=lambda: stayed_on_meta(raw["state_meta"]),
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    )


@SECTION.exercise(
    "init_lstm_state",
    returns="(tensor, tensor) | tensor",
    checks=(
        check("返回 (h0, c0) 两个张量", "returns the pair (h0, c0)", "pair", weight=0.5),
        check(
            "h0 与 c0 的形状、类型和取值",
            "shape, dtype and values of h0 and c0",
            "h0",
            "c0",
            "defaults",
            weight=1.5,
        ),
        check("h0 与 c0 互不共享内存", "h0 and c0 do not share memory", "separate", weight=0),
        # Judged on the returned tensors themselves (the codec carries their device), so
        # it costs points on every machine, CPU-only ones included.
        check(
            "创建在 device 指定的设备上(以 meta 设备检验)",
            "created on the device asked for (checked with the meta device)",
            "state_meta",
            "on_meta",
        ),
        # Device names the probe read: an observation, so it only diagnoses.
        check(
            "device=None 时在默认设备上",
            "on the default device for device=None",
            "default_devices",
            weight=0,
        ),
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=(
        MistakeRule("lstm-state-not-tuple", ("pair",)),
        MistakeRule("lstm-state-shared-tensor", ("separate",)),
        MistakeRule("h0-batch-first-shape", ("h0",)),
        MistakeRule("h0-wrong-device", ("on_meta",)),
    ),
    derive=derive_init_lstm_state,
    results=("h0", "c0", "default_state", "state_meta"),
    observations=("same_object", "storages", "after_write", "default_devices", "bad_call"),
)
def probe_init_lstm_state(fn, case: Case, ctx: ProbeContext) -> Features:
    """Build the state on the inputs' device, with the defaults, and on the meta device.

    After h0 and c0 are recorded, writes into h0 and records h0 and c0 again
    (``separate`` is derived from that in the grader). When the result is no
    pair of tensors, h0 and c0 hold a note saying what it was (``pair`` is
    derived from that). ``state_meta`` is the pair asked for on the meta device
    on every machine (meta tensors hold no values, so nothing is computed
    there): the reference's are meta tensors, ones made elsewhere arrive with
    their own device.
    """
    layers, batch, hidden = case["num_layers"], case["batch_size"], case["hidden_size"]
    bidirectional = case["bidirectional"]
    result = fn(layers, batch, hidden, device=ctx.device, bidirectional=bidirectional)
    pair = _as_pair(result)
    features: Features = {}
    if pair is None:
        note = _not_a_pair(result)
        features.update(h0=note, c0=note)
    else:
        h0, c0 = pair
        features.update(h0=h0.detach().clone(), c0=c0.detach().clone())
        features.update(_write_into_h0(h0, c0))

    defaults = _as_pair(fn(layers, batch, hidden))
    if defaults is None:
        features.update(default_state="not a pair of tensors", default_devices="no tensors")
    else:
        features["default_state"] = [t.detach() for t in defaults]
        features["default_devices"] = [t.device.type for t in defaults]
    features["state_meta"] = _pair_on_meta(
        lambda: fn(layers, batch, hidden, device=META, bidirectional=bidirectional)
    )
    bad = case["bad"]
    features["bad_call"] = observe_call(lambda: fn(*bad["args"]))
    return features


# -- lstm_cell ---------------------------------------------------------------
# A designed call that tells which gate each quarter of the gate vector acts as.
# Quarters follow the documented order i, f, g, o. With w_ih the identity (input
# size 4H), w_hh and the biases zero, row r's gate pre-activations are x[r]. Each
# row drives one quarter to -30 (a sigmoid gate is then shut, tanh gives -1), the
# others stay at moderate values, and c_prev is one of three settings.
_DIAG_HIDDEN = 2
_DIAG_BASE = (0.6, -0.4, 0.9, 0.3, -0.8, 1.1, 0.5, -0.7)
_DIAG_CELLS = ((1.5, -2.0), (-0.5, 2.5), (0.0, 0.0))
_SHUT = -30.0
_ZERO = 1e-6


def _gate_inputs(device: torch.device) -> tuple[torch.Tensor, ...]:
    h = _DIAG_HIDDEN
    rows, cells = [], []
    for cell in _DIAG_CELLS:
        for quarter in range(4):
            row = list(_DIAG_BASE)
            row[quarter * h : (quarter + 1) * h] = [_SHUT] * h
            rows.append(row)
            cells.append(cell)
    x = torch.tensor(rows, device=device)
    c_prev = torch.tensor(cells, device=device)
    return (
        x,
        torch.zeros(len(rows), h, device=device),
        c_prev,
        torch.eye(4 * h, device=device),
        torch.zeros(4 * h, h, device=device),
        torch.zeros(4 * h, device=device),
        torch.zeros(4 * h, device=device),
    )


def _gates_misplaced(knockout: Any) -> bool | str:
    """In the grader: True when some quarter acts as a gate the documented order puts elsewhere.

    ``knockout`` is what the function returned on the designed call. A quarter
    whose shutting zeroes h_t acts as the output gate (documented: the fourth);
    one whose shutting makes c_t ignore c_prev acts as the forget gate (the
    second); with c_prev = 0, shutting the input gate (the first) empties c_t,
    while shutting the candidate (the third) gives -i_t. A missing gate or a
    wrong activation does not count as misplaced.
    """
    try:
        h_t, c_t = (t.detach().to("cpu", torch.float64) for t in knockout)
        h_t, c_t = h_t.reshape(3, 4, _DIAG_HIDDEN), c_t.reshape(3, 4, _DIAG_HIDDEN)
    except Exception:
        return "unclear: unexpected result"
    closes_h = [bool((h_t[:2, q].abs() < _ZERO).all()) for q in range(4)]
    keeps_nothing = [bool(((c_t[0, q] - c_t[1, q]).abs() < _ZERO).all()) for q in range(4)]
    empties = [bool((c_t[2, q].abs() < _ZERO).all()) for q in range(4)]
    return (
        any(closes_h[q] for q in (0, 1, 2))
        or any(keeps_nothing[q] for q in (0, 2, 3))
        or (empties[2] and not empties[0])
    )


_CELL_INPUTS = ("x_t", "h_prev", "c_prev", "w_ih", "w_hh", "b_ih", "b_hh")


def derive_lstm_cell(raw: Features, case: Case) -> Features:
    return each(gates_misplaced=lambda: _gates_misplaced(raw["knockout"]))


@SECTION.exercise(
    "lstm_cell",
    returns="(tensor, tensor)",
    checks=(
        check("新的细胞状态 c_t", "new cell state c_t", "c", weight=1.25),
        check("新的隐藏状态 h_t", "new hidden state h_t", "h", weight=1.25),
    ),
    mistakes=(
        MistakeRule("lstm-gate-order", ("gates_misplaced",)),
        "lstm-candidate-sigmoid",
        "lstm-hidden-without-tanh",
        "lstm-missing-input-gate",
    ),
    derive=derive_lstm_cell,
    # ``knockout`` is what the function computed on the designed call: a result, though
    # it only ever names a mistake (``gates_misplaced`` is in no check).
    results=("h", "c", "knockout"),
)
def probe_lstm_cell(fn, case: Case, ctx: ProbeContext) -> Features:
    """One step on copies of the case's tensors, then the designed call whose result
    ``gates_misplaced`` (not scored) is derived from."""
    inputs = tuple(case[name].detach().clone() for name in _CELL_INPUTS)
    with torch.no_grad():
        h_t, c_t = fn(*inputs)
    with torch.no_grad():
        knockout = fn(*_gate_inputs(ctx.device))
    return {"h": h_t, "c": c_t, "knockout": knockout}


# -- lstm_num_parameters -----------------------------------------------------
@SECTION.exercise(
    "lstm_num_parameters",
    returns="int",
    checks=(
        check("单层单向(默认参数)", "one layer, one direction (defaults)", "single"),
        check("多层单向", "several layers, one direction", "stacked"),
        check("双向(单层与多层)", "bidirectional (one and several layers)", "bidirectional"),
        REJECTS_BAD_ARGUMENTS,
    ),
    mistakes=("lstm-params-one-bias", "lstm-params-layer-input"),
    derive=lambda raw, case: each(
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad"]["value"])
    ),
    results=("single", "stacked", "bidirectional"),
    observations=("bad_call",),
)
def probe_lstm_num_parameters(fn, case: Case, ctx: ProbeContext) -> Features:
    """Count for the defaults, for a stack of layers, and bidirectional with one and many layers."""
    n_in, hidden, layers = case["input_size"], case["hidden_size"], case["num_layers"]
    bad = case["bad"]
    return {
        "single": fn(n_in, hidden),
        "stacked": fn(n_in, hidden, num_layers=layers),
        "bidirectional": [
            fn(n_in, hidden, bidirectional=True),
            fn(n_in, hidden, num_layers=layers, bidirectional=True),
        ],
        "bad_call": observe_call(lambda: fn(*bad["args"])),
    }


# -- quiz: questions (zh and en) in quiz/s27_lstm.yml -------------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s27_lstm.yml")

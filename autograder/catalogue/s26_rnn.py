"""Section 2.6, recurrent networks: what each exercise's probe observes.

Probes only observe (they run beside the student's code, which may have
patched torch or this package): they record what came back and what the
recording RNN received. Every judgement (all zeros, on the device asked for,
h0 like x, the bad argument named) is made by each exercise's ``derive``, in
the grader's own process. An input changed in place is the watcher's
(``autograder.probing.conduct``): it names ``mutates-input``.

Only *results* (the tensors a function returned, a forward pass it made on
the case's input) earn points. What the probe saw of how they were made (the
h0 the RNN received, device names read as strings, the error for a bad
argument) is judged in *diagnoses* (weight 0): shown, and naming mistakes,
never scored.

Placement is judged on results too: ``init_hidden`` is asked for its h0 on
the meta device and ``run_rnn`` runs again with the RNN and x there, on every
machine; what comes back carries its device (or the error the meta device
raised).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import zip_longest
from pathlib import Path
from typing import Any

import torch
from torch import nn

from autograder.probing.probe_tools import (
    fill_deterministic_,
    observe_call,
    on_meta,
    short_type_name,
)
from autograder.spec import (
    Case,
    Features,
    MistakeRule,
    Picture,
    ProbeContext,
    Section,
    check,
    mistake,
)
from autograder.spec.rules import META, bad_argument_verdict, each, stayed_on_meta

SECTION = Section("2.6", "s26_rnn")

# -- mistakes its exercises name (message and hint, zh and en) ----------------
MISTAKES = (
    mistake(
        "h0-batch-first-shape",
        zh="初始状态(h0,LSTM 还有 c0)把批次维放在了最前面,形如 (batch, 层数×方向数, hidden)。"
        "nn.RNN / nn.LSTM 要求的是 (层数×方向数, batch, hidden),即使 batch_first=True 也一样:"
        "batch_first 只改变输入和 output 的布局,不改变隐藏状态的布局。",
        en="The initial state (h0, and c0 for an LSTM) puts the batch first, as (batch, "
        "layers × directions, hidden). nn.RNN and nn.LSTM want (layers × directions, batch, "
        "hidden) even when batch_first=True: batch_first changes the layout of the input and "
        "output only, never that of the hidden state.",
        hint_zh="按 (num_layers * num_directions, batch, hidden_size) 创建;batch_first=True 时"
        "批次大小是 x.size(0),否则是 x.size(1),但它总放在第二维。",
        hint_en="Create it as (num_layers * num_directions, batch, hidden_size); the batch size "
        "is x.size(0) when batch_first=True and x.size(1) otherwise, but it always goes in the "
        "second dimension.",
    ),
    mistake(
        "h0-missing-layers-dim",
        zh="h0 少了第一维(层数×方向数),只有 (batch, hidden) 两维;nn.RNN 对批量输入要求三维的 h0。",
        en="h0 lacks its first dimension (layers × directions) and has only (batch, hidden); "
        "nn.RNN wants a 3-D h0 for batched input.",
        hint_zh="即使只有一层单向 RNN,也要保留这一维:形状 (1, batch, hidden)。",
        hint_en="Keep that dimension even for one layer in one direction: shape (1, batch, hidden).",
    ),
    mistake(
        "h0-wrong-device",
        zh="初始状态(h0,LSTM 还有 c0)没有建在它该在的地方:没有放到要求的 device 上,"
        "或者与输入 x 不在同一设备、dtype 不同(例如只写了 torch.zeros(形状))。"
        "模型和数据在 GPU 上、或使用 float64 时,前向传播会报设备或类型不一致的错误。",
        en="The initial state (h0, and c0 for an LSTM) is not created where it belongs: not on "
        "the device asked for, or not on the input's device with the input's dtype (for "
        "example a bare torch.zeros(shape)). With the model and data on a GPU, or in float64, "
        "the forward pass then fails with a device or dtype mismatch.",
        hint_zh="创建时写明位置:torch.zeros(..., device=device);按输入创建时用 "
        "torch.zeros(..., device=x.device, dtype=x.dtype) 或 x.new_zeros(...)。",
        hint_en="Say where when creating it: torch.zeros(..., device=device); to match an input "
        "use torch.zeros(..., device=x.device, dtype=x.dtype) or x.new_zeros(...).",
    ),
    mistake(
        "h0-ignores-bidirectional",
        zh="bidirectional=True 时 h0 的第一维仍然只是层数;双向 RNN 每层有两个方向,"
        "第一维应为 层数 × 2。",
        en="With bidirectional=True the first dimension of h0 is still just the number of "
        "layers; a bidirectional RNN has two directions per layer, so it must be layers × 2.",
        hint_zh="num_directions = 2 if bidirectional else 1,第一维用 num_layers * num_directions。",
        hint_en="Use num_directions = 2 if bidirectional else 1 and a first dimension of "
        "num_layers * num_directions.",
    ),
    mistake(
        "h0-random-init",
        zh="h0 不是全零(例如用了 torch.randn 或 torch.ones):初始隐藏状态应当是零,"
        "与 nn.RNN 不传 h0 时的默认值一致,否则结果随初始化而变。",
        en="h0 is not all zeros (for example torch.randn or torch.ones): the initial hidden "
        "state should be zero, as nn.RNN uses when no h0 is given; otherwise results depend "
        "on the initialisation.",
        hint_zh="用 torch.zeros(...) 创建 h0。",
        hint_en="Create h0 with torch.zeros(...).",
    ),
    mistake(
        "view-instead-of-transpose",
        zh="用 view/reshape 把 (batch, seq, feature) 改成 (seq, batch, feature):形状对了,"
        "但内存里的数据顺序没变,不同序列的时间步被混在一起。",
        en="view/reshape turned (batch, seq, feature) into (seq, batch, feature): the shape is "
        "right, but the data keep their memory order, so time steps of different sequences "
        "get mixed up.",
        hint_zh="交换维度要用 x.transpose(0, 1) 或 x.permute(1, 0, 2);view/reshape 只重新解释形状。",
        hint_en="Swap dimensions with x.transpose(0, 1) or x.permute(1, 0, 2); view/reshape only "
        "reinterpret the shape.",
    ),
    mistake(
        "last-step-wrong-axis",
        zh="取最后一个时间步时用错了维度:batch_first=True 时时间在第 1 维(output[:, -1]),"
        "batch_first=False 时时间在第 0 维(output[-1])。用错维度会取到最后一个样本,而不是最后一步。",
        en="The last time step was taken along the wrong axis: time is dimension 1 when "
        "batch_first=True (output[:, -1]) and dimension 0 when batch_first=False (output[-1]). "
        "The wrong axis picks the last sequence of the batch instead of the last step.",
        hint_zh="先根据 batch_first 判断时间维,再在该维上取下标 -1。",
        hint_en="Work out the time dimension from batch_first, then index -1 along it.",
    ),
    mistake(
        "rnn-cell-no-tanh",
        zh="RNN 单元算完 x W_ihᵀ + b_ih + h W_hhᵀ + b_hh 后没有经过 tanh,隐藏状态无界,也不再等于 nn.RNNCell。",
        en="The RNN cell returns x W_ihᵀ + b_ih + h W_hhᵀ + b_hh without the tanh, so the hidden "
        "state is unbounded and no longer equals nn.RNNCell.",
        hint_zh="对整个和取 torch.tanh(...)。",
        hint_en="Apply torch.tanh(...) to the whole sum.",
    ),
    mistake(
        "rnn-cell-weights-transposed",
        zh="权重的方向用反了:W_ih 的形状是 (hidden, input),W_hh 是 (hidden, hidden),"
        "行向量形式要乘它们的转置。直接写 x @ W_ih 在 input≠hidden 时会形状报错;"
        "h @ W_hh 不会报错,但结果是错的。",
        en="A weight is used the wrong way round: W_ih has shape (hidden, input) and W_hh "
        "(hidden, hidden), so batched row vectors multiply their transposes. x @ W_ih fails "
        "with a shape error when input != hidden; h @ W_hh runs but gives wrong values.",
        hint_zh="写成 x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh(或 F.linear(x_t, w_ih, b_ih))。",
        hint_en="Write x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh (or F.linear(x_t, w_ih, b_ih)).",
    ),
)


def _shape(value: Any) -> tuple[int, ...] | str:
    if isinstance(value, torch.Tensor):
        return tuple(value.shape)
    return f"not a tensor: {short_type_name(value)}"


def _all_zero(value: Any) -> bool | str:
    """(derive) Whether a tensor holds only zeros (a meta tensor has no values)."""
    if not isinstance(value, torch.Tensor):
        return f"not a tensor: {short_type_name(value)}"
    if value.device.type == "meta":
        return "on meta: no values"
    return bool((value == 0).all())


# -- init_hidden -------------------------------------------------------------
def _derive_init_hidden(raw: Features, case: Case) -> Features:
    return each(
        shape=lambda: _shape(raw["h0"]),
        shape_bidirectional=lambda: _shape(raw["h0_bidirectional"]),
        all_zero=lambda: [_all_zero(raw["h0"]), _all_zero(raw["h0_bidirectional"])],
        on_meta=lambda: stayed_on_meta(raw["h0_meta"]),
        default_device=lambda: raw["default_on"] == raw["torch_default_device"],
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], case["bad"]["value"]),
    )


@SECTION.exercise(
    "init_hidden",
    returns="tensor",
    checks=(
        check(
            "单向 RNN 的 h0(形状、数值)",
            "h0 for a one-directional RNN (shape and values)",
            "h0",
            "shape",
            weight=1.5,
        ),
        check(
            "双向 RNN 的 h0",
            "h0 for a bidirectional RNN",
            "h0_bidirectional",
            "shape_bidirectional",
        ),
        check("全部为零", "all zeros", "all_zero", weight=0.5),
        # Judged on the returned tensor itself (the codec carries its device), so it
        # costs points on every machine, CPU-only ones included.
        check(
            "创建在 device 指定的设备上(以 meta 设备检验)",
            "created on the device given (checked with the meta device)",
            "h0_meta",
            "on_meta",
        ),
        # A device name the probe read: an observation, so it only diagnoses.
        check(
            "device=None 时在默认设备上",
            "on the default device for device=None",
            "default_device",
            weight=0,
        ),
        check("拒绝非正的尺寸", "rejects sizes that are not positive", "bad_argument", weight=0),
    ),
    mistakes=(
        MistakeRule("h0-batch-first-shape", ("shape",)),
        MistakeRule("h0-missing-layers-dim", ("shape",)),
        MistakeRule("h0-wrong-device", ("on_meta",)),
        MistakeRule("h0-ignores-bidirectional", ("shape_bidirectional",)),
        MistakeRule("h0-random-init", ("all_zero",)),
    ),
    derive=_derive_init_hidden,
    results=("h0", "h0_bidirectional", "h0_meta"),
    observations=("default_on", "torch_default_device", "bad_call"),
)
def probe_init_hidden(fn, case: Case, ctx: ProbeContext) -> Features:
    """Ask for h0 one-directional and bidirectional on the grading device, and on meta.

    ``derive`` reads ``shape`` and ``shape_bidirectional`` off the tensors, so
    that a wrong layout is named whatever the values or device. ``h0_meta`` is
    the tensor asked for on the meta device on every machine (a meta tensor
    holds no values, so nothing is computed there): the reference's is a meta
    tensor, one made elsewhere arrives with its own device. The device of an h0
    made with device=None is recorded next to torch's default device.
    """
    layers, batch, hidden = case["num_layers"], case["batch_size"], case["hidden_size"]
    h0 = fn(layers, batch, hidden, device=ctx.device)
    h0_bi = fn(layers, batch, hidden, device=ctx.device, bidirectional=True)
    h0_meta = on_meta(
        lambda: fn(layers, batch, hidden, device=META, bidirectional=case["bidirectional"])
    )
    default = fn(layers, batch, hidden)
    bad = case["bad"]
    sizes = [layers, batch, hidden]
    sizes[bad["position"]] = bad["value"]
    return {
        "h0": h0,
        "h0_bidirectional": h0_bi,
        "h0_meta": h0_meta,
        "default_on": str(default.device)
        if isinstance(default, torch.Tensor)
        else f"not a tensor: {short_type_name(default)}",
        "torch_default_device": str(torch.empty(0).device),
        "bad_call": observe_call(lambda: fn(*sizes)),
    }


# -- run_rnn -----------------------------------------------------------------
@contextmanager
def _one_thread() -> Iterator[None]:
    """Run a tiny RNN on one intra-op thread.

    Student processes already use one thread. Where the references run (the
    grader's own process) more threads make the first forward pass of each new
    nn.RNN take tens of milliseconds instead of a fraction of one.
    """
    threads = torch.get_num_threads()
    if threads == 1:
        yield
        return
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


class RecordingRNN(nn.RNN):
    """An ``nn.RNN`` that remembers the initial hidden state each call receives.

    ``received`` holds, per call, a copy of ``hx`` (or None when none was
    passed) and ``devices`` the device it was on (None for a non-tensor);
    ``failed`` the type of the error the RNN raised, if any. A hidden state on
    another device than the input, or with another dtype, is refused with the
    RuntimeError a real RNN raises there (on the meta device torch does not
    compare dtypes itself).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received: list[Any] = []
        self.devices: list[str | None] = []
        self.failed = ""

    def forward(self, input, hx=None):  # nn.RNN's own argument names
        if isinstance(hx, torch.Tensor):
            self.received.append(hx if hx.device.type == "meta" else hx.detach().clone())
            self.devices.append(str(hx.device))
        else:
            self.received.append(hx)
            self.devices.append(None)
        try:
            if isinstance(hx, torch.Tensor) and isinstance(input, torch.Tensor):
                if hx.device != input.device:
                    raise RuntimeError(
                        "Input and hidden tensors are not at the same device, found input "
                        f"tensor at {input.device} and hidden tensor at {hx.device}"
                    )
                if hx.dtype != input.dtype:
                    raise RuntimeError(
                        "Input and hidden tensors are not the same dtype, found input "
                        f"tensor with {input.dtype} and hidden tensor with {hx.dtype}"
                    )
            with _one_thread():
                return super().forward(input, hx)
        except Exception as exc:
            self.failed = short_type_name(exc)
            raise


_LIKE_X = "x's device and dtype"
_ELSEWHERE = "another device or dtype"


def _h0_label(hx: Any, device: str | None, x_device: str, x_dtype: torch.dtype) -> str:
    """(derive) Where the received h0 lives, relative to x."""
    if hx is None:
        return "no h0 passed"
    if not isinstance(hx, torch.Tensor):
        return f"not a tensor: {short_type_name(hx)}"
    if device == x_device and hx.dtype == x_dtype:
        return _LIKE_X
    return _ELSEWHERE


def _pair_or_note(result: Any) -> tuple[Any, Any]:
    """``(output, h_n)`` from what the function returned; an error or other note twice."""
    if isinstance(result, (tuple, list)) and len(result) == 2:
        return result[0], result[1]
    if isinstance(result, str):
        return result, result
    note = f"not an (output, h_n) pair: {short_type_name(result)}"
    return note, note


def _recording_rnn(
    case: Case, batch_first: bool, dtype: torch.dtype, device: torch.device | None = None
) -> RecordingRNN:
    """The case's RNN in one layout, recording what it receives."""
    return RecordingRNN(
        case["input_size"],
        case["hidden_size"],
        case["num_layers"],
        batch_first=batch_first,
        bidirectional=case["bidirectional"],
        dtype=dtype,
        device=device,
    )


def _run_layout(fn, case: Case, ctx: ProbeContext, batch_first: bool) -> Features:
    """One run on the grading device with fixed weights: outputs and what the RNN received."""
    x = case["x"] if batch_first else case["x"].transpose(0, 1).contiguous()
    rnn = fill_deterministic_(_recording_rnn(case, batch_first, x.dtype)).to(ctx.device)
    try:
        result = fn(rnn, x)
    except NotImplementedError:
        raise
    except Exception as exc:
        if not rnn.failed:
            raise  # the student's own error, not the RNN refusing its arguments
        result = f"error: {short_type_name(exc)}"
    output, h_n = _pair_or_note(result)
    suffix = "bf" if batch_first else "tm"
    return {
        f"output_{suffix}": output,
        f"h_n_{suffix}": h_n,
        f"hx_{suffix}": rnn.received,
        f"hx_device_{suffix}": rnn.devices,
        f"x_device_{suffix}": str(x.device),
    }


def _run_layout_on_meta(fn, case: Case, batch_first: bool) -> Features:
    """The same run with the RNN and x on the meta device (shapes only, no values).

    An h0 made without x's device (or dtype) is refused there as it would be on
    a GPU, on every machine. Any error here becomes the outputs' note: code that
    works on the grading device may fail on meta only because of where it puts
    its tensors, which is what this run asks about. (The first computation on
    meta in a process loads torch's meta kernels: a second or two, once.)
    """
    # One time step: meta kernels run step by step in Python, and where h0 lives shows at
    # the first step already.
    batch, _steps, features = case["x"].shape
    shape = (batch, 1, features) if batch_first else (1, batch, features)
    x = torch.empty(shape, dtype=case["x"].dtype, device=META)
    rnn = _recording_rnn(case, batch_first, x.dtype, device=META)
    output, h_n = _pair_or_note(on_meta(lambda: fn(rnn, x)))
    suffix = "bf_meta" if batch_first else "tm_meta"
    return {
        f"output_{suffix}": output,
        f"h_n_{suffix}": h_n,
        f"hx_{suffix}": rnn.received,
        f"hx_device_{suffix}": rnn.devices,
    }


def _hx_shapes(received: Any) -> list[Any]:
    """(derive) The shape of each h0 the RNN received (None where none was passed)."""
    return [_shape(h) if h is not None else None for h in received]


def _hx_labels(raw: Features, layout: str, dtype: torch.dtype) -> list[str]:
    """(derive) Where each h0 the RNN received lives, relative to x, in both runs.

    Call by call, the label of the run on the grading device, unless the same
    call on meta shows what that run cannot (an h0 made on the default device
    looks right where the grading device is the default one).
    """
    x_device = raw[f"x_device_{layout}"]
    labels = [
        _h0_label(h, device, x_device, dtype)
        for h, device in zip(raw[f"hx_{layout}"], raw[f"hx_device_{layout}"])
    ]
    on_meta = [
        _h0_label(h, device, "meta", dtype)
        for h, device in zip(raw[f"hx_{layout}_meta"], raw[f"hx_device_{layout}_meta"])
    ]
    return [
        _ELSEWHERE if label == _LIKE_X and meta == _ELSEWHERE else label
        for label, meta in zip_longest(labels, on_meta[: len(labels)])
    ]


def _derive_run_rnn(raw: Features, case: Case) -> Features:
    """The shape of each h0 received, and whether it is on x's device with x's dtype."""
    dtype = case["x"].dtype
    return each(
        hx_shape_bf=lambda: _hx_shapes(raw["hx_bf"]),
        hx_shape_tm=lambda: _hx_shapes(raw["hx_tm"]),
        hx_like_x_bf=lambda: _hx_labels(raw, "bf", dtype),
        hx_like_x_tm=lambda: _hx_labels(raw, "tm", dtype),
    )


META_OUTPUTS = ("output_bf_meta", "h_n_bf_meta", "output_tm_meta", "h_n_tm_meta")


@SECTION.exercise(
    "run_rnn",
    picture=Picture("shapes", ("hx_bf", "hx_tm", "output_bf", "h_n_bf")),
    returns="(tensor, tensor)",
    checks=(
        check(
            "batch_first=True:output 与 h_n(固定权重)",
            "batch_first=True: output and h_n (fixed weights)",
            "output_bf",
            "h_n_bf",
            weight=1.5,
        ),
        check(
            "batch_first=False:output 与 h_n(固定权重)",
            "batch_first=False: output and h_n (fixed weights)",
            "output_tm",
            "h_n_tm",
            weight=1.5,
        ),
        # Results of a run on the meta device: an h0 not made on x's device (or with
        # another dtype) makes the RNN refuse there, whatever machine grades.
        check(
            "RNN 与 x 在另一设备(meta)上时也能运行:h0 与 x 同设备、同 dtype",
            "also runs with the RNN and x on another device (meta): h0 on x's device with "
            "x's dtype",
            *META_OUTPUTS,
        ),
        # The h0 the RNN received is an observation: an implicit h0 gives the same
        # values, so passing it explicitly is diagnosed, not scored.
        check(
            "显式传入全零 h0,形状正确,与 x 同设备、同 dtype",
            "passes an explicit zero h0 of the right shape, on x's device with x's dtype",
            "hx_bf",
            "hx_tm",
            "hx_like_x_bf",
            "hx_like_x_tm",
            weight=0,
        ),
    ),
    mistakes=(
        # A wrong h0 also makes the RNN refuse the call: the outputs show it.
        MistakeRule("h0-batch-first-shape", ("hx_shape_bf", "output_bf", "h_n_bf")),
        # The run on meta refuses a wrong device and a wrong dtype alike, on every
        # machine; the label of the h0 received tells it from a wrong shape.
        MistakeRule("h0-wrong-device", ("hx_like_x_bf", "hx_like_x_tm", *META_OUTPUTS)),
    ),
    derive=_derive_run_rnn,
    results=("output_bf", "h_n_bf", "output_tm", "h_n_tm", *META_OUTPUTS),
    observations=(
        "hx_bf",
        "hx_device_bf",
        "x_device_bf",
        "hx_tm",
        "hx_device_tm",
        "x_device_tm",
        "hx_bf_meta",
        "hx_device_bf_meta",
        "hx_tm_meta",
        "hx_device_tm_meta",
    ),
)
def probe_run_rnn(fn, case: Case, ctx: ProbeContext) -> Features:
    """Run the same float64 RNN (fixed weights) once batch-first and once time-major, then
    both again with the RNN and x on the meta device.

    The RNN records the h0 it receives and the device it was on. When the RNN
    itself refuses the call (an h0 of the wrong shape, device or dtype), the
    error is part of the result: output and h_n read ``"error: RuntimeError"``.
    """
    return {
        **_run_layout(fn, case, ctx, True),
        **_run_layout(fn, case, ctx, False),
        **_run_layout_on_meta(fn, case, True),
        **_run_layout_on_meta(fn, case, False),
    }


# -- to_time_major -----------------------------------------------------------
@SECTION.exercise(
    "to_time_major",
    returns="tensor",
    checks=(
        check(
            "(seq, batch, feature),每个序列的数据不乱",
            "(seq, batch, feature), each sequence's data kept together",
            "output",
        ),
    ),
    mistakes=("view-instead-of-transpose",),
    results=("output",),
)
def probe_to_time_major(fn, case: Case, ctx: ProbeContext) -> Features:
    """Convert a (batch, seq, feature) tensor with all sizes different."""
    x = case["x"].clone()
    return {"output": fn(x)}


# -- last_step ---------------------------------------------------------------
@SECTION.exercise(
    "last_step",
    returns="tensor",
    checks=(
        check(
            "batch_first=True 时最后一个时间步",
            "last time step with batch_first=True",
            "last_bf",
        ),
        check(
            "batch_first=False 时最后一个时间步",
            "last time step with batch_first=False",
            "last_tm",
        ),
    ),
    mistakes=("last-step-wrong-axis",),
    results=("last_bf", "last_tm"),
)
def probe_last_step(fn, case: Case, ctx: ProbeContext) -> Features:
    """Each case is in one layout; the feature of the other layout is None."""
    batch_first = bool(case["batch_first"])
    last = fn(case["output"].clone(), batch_first)
    return {
        "last_bf": last if batch_first else None,
        "last_tm": None if batch_first else last,
    }


# -- rnn_cell ----------------------------------------------------------------
_CELL_INPUTS = ("x_t", "h_prev", "w_ih", "w_hh", "b_ih", "b_hh")


@SECTION.exercise(
    "rnn_cell",
    returns="tensor",
    checks=(check("与 nn.RNNCell(tanh)一致", "equal to nn.RNNCell (tanh)", "h_t"),),
    mistakes=("rnn-cell-no-tanh", "rnn-cell-weights-transposed"),
    results=("h_t",),
)
def probe_rnn_cell(fn, case: Case, ctx: ProbeContext) -> Features:
    """One step of the cell on copies of the case's tensors.

    Cases have input_size != hidden_size, except one where they are equal and
    W_ih is symmetric, so that a transposed W_hh shows on its own.
    """
    inputs = [case[n].detach().clone() for n in _CELL_INPUTS]
    return {"h_t": fn(*inputs)}


# -- quiz: questions (zh and en) in quiz/s26_rnn.yml --------------------------
SECTION.quizzes_from(Path(__file__).with_name("quiz") / "s26_rnn.yml")

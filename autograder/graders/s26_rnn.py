"""Hidden grader for section 2.6: cases and mutants."""

from __future__ import annotations

import torch

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.6")


def _sizes(rng: Rng, count: int, exclude: set[int], lo: int = 2, hi: int = 9) -> list[int]:
    """``count`` different sizes in [lo, hi], none of them in ``exclude``."""
    return rng.py.sample([n for n in range(lo, hi + 1) if n not in exclude], count)


# -- init_hidden -------------------------------------------------------------
def _check_sizes(*sizes: int) -> None:
    for size in sizes:
        if size <= 0:
            raise ValueError(f"sizes must be positive, got {size}")


def _h0(shape_of, *, random=False, use_device=True):
    def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
        _check_sizes(num_layers, batch_size, hidden_size)
        shape = shape_of(
            num_layers * (2 if bidirectional else 1), num_layers, batch_size, hidden_size
        )
        where = device if use_device else None
        if random:
            return torch.rand(*shape, device=where)  # not zeros (almost surely)
        return torch.zeros(*shape, device=where)

    return init_hidden


@GRADERS.cases(
    "init_hidden",
    mutants={
        "h0-batch-first-shape": _h0(lambda ld, layers, batch, hidden: (batch, ld, hidden)),
        "h0-missing-layers-dim": _h0(lambda ld, layers, batch, hidden: (batch, hidden)),
        "h0-wrong-device": _h0(
            lambda ld, layers, batch, hidden: (ld, batch, hidden), use_device=False
        ),
        "h0-ignores-bidirectional": _h0(lambda ld, layers, batch, hidden: (layers, batch, hidden)),
        "h0-random-init": _h0(lambda ld, layers, batch, hidden: (ld, batch, hidden), random=True),
    },
)
def init_hidden_cases(rng: Rng) -> Case:
    layers = rng.int(1, 3)
    batch, hidden = _sizes(rng, 2, {layers, 2 * layers})
    return {
        "num_layers": layers,
        "batch_size": batch,
        "hidden_size": hidden,
        "bidirectional": rng.choice([True, False]),
        "bad": {"position": rng.int(0, 2), "value": -rng.int(1, 9)},
    }


# -- run_rnn -----------------------------------------------------------------
def _run(rnn, x, *, batch_first_layout=False, like_x=True):
    batch = x.size(0) if rnn.batch_first else x.size(1)
    stacked = rnn.num_layers * (2 if rnn.bidirectional else 1)
    shape = (batch, stacked, rnn.hidden_size)
    if not (batch_first_layout and rnn.batch_first):
        shape = (stacked, batch, rnn.hidden_size)
    where = {"device": x.device, "dtype": x.dtype} if like_x else {}
    return rnn(x, torch.zeros(shape, **where))


def _h0_batch_first_shape(rnn, x):
    return _run(rnn, x, batch_first_layout=True)


def _h0_wrong_device(rnn, x):
    return _run(rnn, x, like_x=False)


@GRADERS.cases(
    "run_rnn",
    mutants={"h0-batch-first-shape": _h0_batch_first_shape, "h0-wrong-device": _h0_wrong_device},
)
def run_rnn_cases(rng: Rng) -> Case:
    layers = rng.int(1, 2)
    bidirectional = rng.choice([True, False])
    stacked = layers * (2 if bidirectional else 1)
    batch, steps, features, hidden = _sizes(rng, 4, {stacked})
    return {
        "input_size": features,
        "hidden_size": hidden,
        "num_layers": layers,
        "bidirectional": bidirectional,
        "x": rng.randn(batch, steps, features, dtype=torch.float64),
    }


# -- to_time_major -----------------------------------------------------------
def _view_instead_of_transpose(x):
    batch, steps, features = x.shape
    return x.view(steps, batch, features)


@GRADERS.cases("to_time_major", mutants={"view-instead-of-transpose": _view_instead_of_transpose})
def to_time_major_cases(rng: Rng) -> Case:
    batch, steps, features = rng.distinct(3, 2, 9)
    return {"x": rng.randn(batch, steps, features)}


# -- last_step ---------------------------------------------------------------
def _last_step_wrong_axis(output, batch_first):
    return output[-1] if batch_first else output[:, -1]


def _last_step_case(rng: Rng, batch_first: bool) -> Case:
    batch, steps, hidden = rng.distinct(3, 2, 9)
    shape = (batch, steps, hidden) if batch_first else (steps, batch, hidden)
    return {"batch_first": batch_first, "output": rng.randn(*shape)}


@GRADERS.cases(
    "last_step",
    mutants={"last-step-wrong-axis": _last_step_wrong_axis},
    # Both layouts in every run (hidden and public), whatever the random cases drew.
    edge_cases=(
        lambda: _last_step_case(Rng(2601), True),
        lambda: _last_step_case(Rng(2602), False),
    ),
)
def last_step_cases(rng: Rng) -> Case:
    return _last_step_case(rng, rng.choice([True, False]))


# -- rnn_cell ----------------------------------------------------------------
def _rnn_cell_no_tanh(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh


def _rnn_cell_weights_transposed(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return torch.tanh(x_t @ w_ih + b_ih + h_prev @ w_hh + b_hh)


def _cell_case(rng: Rng, batch: int, n_in: int, hidden: int, symmetric_w_ih: bool = False) -> Case:
    w_ih = rng.randn(hidden, n_in) * 0.6
    if symmetric_w_ih:
        w_ih = (w_ih + w_ih.T) / 2
    return {
        "x_t": rng.randn(batch, n_in),
        "h_prev": rng.randn(batch, hidden) * 0.8,
        "w_ih": w_ih,
        "w_hh": rng.randn(hidden, hidden) * 0.6,
        "b_ih": rng.randn(hidden) * 0.5,
        "b_hh": rng.randn(hidden) * 0.5,
    }


def _square_cell_case() -> Case:
    """input_size == hidden_size and a symmetric W_ih: only a transposed W_hh shows."""
    return _cell_case(Rng(2603), 3, 6, 6, symmetric_w_ih=True)


@GRADERS.cases(
    "rnn_cell",
    mutants={
        "rnn-cell-no-tanh": _rnn_cell_no_tanh,
        "rnn-cell-weights-transposed": _rnn_cell_weights_transposed,
    },
    edge_cases=(_square_cell_case,),
)
def rnn_cell_cases(rng: Rng) -> Case:
    batch, n_in, hidden = rng.distinct(3, 2, 9)
    return _cell_case(rng, batch, n_in, hidden)


# -- quiz --------------------------------------------------------------------
GRADERS.explain(
    "q1",
    zh="每层有 W_ih (hidden, 该层输入)、W_hh (hidden, hidden) 和两个长度为 hidden 的偏置。"
    "第 1 层:16×8 + 16×16 + 2×16 = 416;第 2 层的输入是上一层的隐藏状态(16 维):"
    "16×16 + 16×16 + 2×16 = 544;合计 960。常见错误是只算一个偏置,或第 2 层仍按 input_size=8 计算。",
    en="Each layer has W_ih (hidden, that layer's input), W_hh (hidden, hidden) and two biases "
    "of length hidden. Layer 1: 16×8 + 16×16 + 2×16 = 416; layer 2 reads the 16-wide hidden "
    "state of layer 1: 16×16 + 16×16 + 2×16 = 544; 960 in all. Common slips: counting one "
    "bias, or using input_size=8 for layer 2 as well.",
)
GRADERS.explain(
    "q2",
    zh="h_n 的形状总是 (层数×方向数, batch, hidden) = (2×2, 8, 20),batch_first 不影响它(A 是这个陷阱)。"
    "两个方向在 output 的最后一维拼接(D 是 output 的形状),而在 h_n 中是分开的两行(所以不是 C)。",
    en="h_n is always (layers × directions, batch, hidden) = (2×2, 8, 20); batch_first does "
    "not affect it (A is that trap). The two directions are concatenated in the last "
    "dimension of output (D is output's shape), but kept as separate rows in h_n (so not C).",
)
GRADERS.explain(
    "q3",
    zh="A、B、D 正确。batch_first 只改变输入和 output 的布局,h0/h_n 仍是 (层数×方向数, batch, hidden),"
    "所以 C 错。view 只重新解释形状而不移动数据,会把不同序列的时间步混在一起,应当用 "
    "transpose(0, 1),所以 E 错。单层单向时最后一步的输出就是最终隐藏状态,所以 D 对。",
    en="A, B and D. batch_first changes only the layout of the input and output; h0 and h_n "
    "stay (layers × directions, batch, hidden), so C is false. view reinterprets the shape "
    "without moving data and mixes the time steps of different sequences; transpose(0, 1) is "
    "needed, so E is false. With one layer and one direction, the last step's output is the "
    "final hidden state, so D holds.",
)
GRADERS.explain(
    "q4",
    zh="A。h_t 对 h_{t-1} 的雅可比是 diag(tanh'(·))·W_hh,且 |tanh'| ≤ 1;"
    "梯度从第 T 步传回第 t 步要连乘 T−t 个这样的矩阵,范数小于 1 时指数衰减(大于 1 时则爆炸)。"
    "权重在各时间步是共享的(B 错);零初始的 h0 并不让梯度为零(C 错);tanh 的输出在 (−1, 1) 内(D 错)。",
    en="A. The Jacobian of h_t with respect to h_{t-1} is diag(tanh'(·))·W_hh with |tanh'| ≤ 1; "
    "a gradient travelling from step T back to step t is multiplied by T−t such matrices, "
    "shrinking exponentially when their norm is below 1 (exploding when above). The weights "
    "are shared across steps (B is false); a zero h0 does not make gradients zero (C is "
    "false); tanh's output lies in (−1, 1) (D is false).",
)
GRADERS.explain(
    "q5",
    zh="A、B、E 正确。隐藏状态按公式逐步更新,概括了至今的输入;各时间步共享权重,参数量与序列长度无关。"
    "不传 h0 时 nn.RNN 用全零而非随机数(C 错);隐藏状态长度是 hidden_size,与 input_size 无关(D 错)。"
    "不写 device 创建的张量在 CPU 上,与 GPU 上的模型和数据混用会报错(E 对)。",
    en="A, B and E. The hidden state is updated step by step by that formula and summarises "
    "the inputs so far; the weights are shared across steps, so the parameter count does "
    "not depend on the length. Without h0, nn.RNN starts from zeros, not random values (C is "
    "false); the hidden state has hidden_size entries, unrelated to input_size (D is false). "
    "A tensor created without device= lives on the CPU, and mixing it with a model and data "
    "on the GPU fails (E holds).",
)

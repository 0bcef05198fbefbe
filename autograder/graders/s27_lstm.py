"""Hidden grader for section 2.7: cases and mutants."""

from __future__ import annotations

import torch

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.7")


def _positive(*sizes: int) -> None:
    for size in sizes:
        if size <= 0:
            raise ValueError(f"sizes must be positive, got {size}")


def _bad_call(rng: Rng, args: list[int]) -> dict:
    """The same arguments with one of them made negative."""
    value = -rng.int(2, 9)
    bad = list(args)
    bad[rng.int(0, len(bad) - 1)] = value
    return {"args": bad, "value": value}


# -- init_lstm_state ---------------------------------------------------------
def _state(layers, batch, hidden, device=None, bidirectional=False, *, batch_first=False):
    _positive(layers, batch, hidden)
    stacked = layers * (2 if bidirectional else 1)
    shape = (batch, stacked, hidden) if batch_first else (stacked, batch, hidden)
    return torch.zeros(shape, device=device), torch.zeros(shape, device=device)


def _not_tuple(layers, batch, hidden, device=None, bidirectional=False):
    return _state(layers, batch, hidden, device, bidirectional)[0]  # h0 only, as for nn.RNN


def _shared_tensor(layers, batch, hidden, device=None, bidirectional=False):
    h0, _ = _state(layers, batch, hidden, device, bidirectional)
    return h0, h0


def _batch_first_shape(layers, batch, hidden, device=None, bidirectional=False):
    return _state(layers, batch, hidden, device, bidirectional, batch_first=True)


def _wrong_device(layers, batch, hidden, device=None, bidirectional=False):
    return _state(layers, batch, hidden, None, bidirectional)


def _state_case(rng: Rng, layers: int, bidirectional: bool) -> Case:
    stacked = layers * (2 if bidirectional else 1)
    batch, hidden = rng.py.sample(sorted(set(range(2, 12)) - {layers, stacked}), 2)
    return {
        "num_layers": layers,
        "batch_size": batch,
        "hidden_size": hidden,
        "bidirectional": bidirectional,
        "bad": _bad_call(rng, [layers, batch, hidden]),
    }


@GRADERS.cases(
    "init_lstm_state",
    mutants={
        "lstm-state-not-tuple": _not_tuple,
        "lstm-state-shared-tensor": _shared_tensor,
        "h0-batch-first-shape": _batch_first_shape,
        "h0-wrong-device": _wrong_device,
    },
    edge_cases=(
        lambda: _state_case(Rng(27), 1, True),  # one layer, two directions
        lambda: _state_case(Rng(72), 3, False),
    ),
)
def init_lstm_state_cases(rng: Rng) -> Case:
    return _state_case(rng, rng.int(1, 4), rng.choice([True, False]))


# -- lstm_cell ---------------------------------------------------------------
def _cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, *, order="ifgo", mistake=None):
    gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    parts = dict(zip(order, gates.chunk(4, dim=1)))
    i, f, o = (torch.sigmoid(parts[name]) for name in "ifo")
    g = torch.sigmoid(parts["g"]) if mistake == "candidate-sigmoid" else torch.tanh(parts["g"])
    c_t = f * c_prev + (g if mistake == "missing-input-gate" else i * g)
    h_t = o * c_t if mistake == "hidden-without-tanh" else o * torch.tanh(c_t)
    return h_t, c_t


def _cell_mutant(**options):
    def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
        return _cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, **options)

    return lstm_cell


def _cell_case(rng: Rng, scale: float = 1.0) -> Case:
    batch, n_in, hidden = rng.distinct(3, 2, 7)
    return {
        "x_t": rng.randn(batch, n_in) * 1.5 * scale,
        "h_prev": rng.rand(batch, hidden) * 1.8 - 0.9,
        "c_prev": rng.randn(batch, hidden) * 2 * scale,
        "w_ih": rng.randn(4 * hidden, n_in) * 0.8,
        "w_hh": rng.randn(4 * hidden, hidden) * 0.8,
        "b_ih": rng.randn(4 * hidden) * 0.5,
        "b_hh": rng.randn(4 * hidden) * 0.5,
    }


@GRADERS.cases(
    "lstm_cell",
    mutants={
        # The commonest wrong order: the three sigmoid gates first, the candidate last.
        "lstm-gate-order": _cell_mutant(order="ifog"),
        "lstm-candidate-sigmoid": _cell_mutant(mistake="candidate-sigmoid"),
        "lstm-hidden-without-tanh": _cell_mutant(mistake="hidden-without-tanh"),
        "lstm-missing-input-gate": _cell_mutant(mistake="missing-input-gate"),
    },
    edge_cases=(lambda: _cell_case(Rng(2027), scale=2.5),),  # a large cell state
)
def lstm_cell_cases(rng: Rng) -> Case:
    return _cell_case(rng)


# -- lstm_num_parameters -----------------------------------------------------
def _count(n_in, hidden, num_layers=1, bidirectional=False, *, biases=2, same_input=False):
    _positive(n_in, hidden, num_layers)
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        layer_in = n_in if layer == 0 or same_input else hidden * directions
        total += directions * (4 * hidden * (layer_in + hidden) + biases * 4 * hidden)
    return total


def _one_bias(input_size, hidden_size, num_layers=1, bidirectional=False):
    return _count(input_size, hidden_size, num_layers, bidirectional, biases=1)


def _layer_input(input_size, hidden_size, num_layers=1, bidirectional=False):
    return _count(input_size, hidden_size, num_layers, bidirectional, same_input=True)


@GRADERS.cases(
    "lstm_num_parameters",
    mutants={"lstm-params-one-bias": _one_bias, "lstm-params-layer-input": _layer_input},
)
def lstm_num_parameters_cases(rng: Rng) -> Case:
    hidden = rng.int(2, 12)
    n_in = rng.choice(sorted(set(range(2, 25)) - {hidden, 2 * hidden}))
    layers = rng.int(2, 4)
    return {
        "input_size": n_in,
        "hidden_size": hidden,
        "num_layers": layers,
        "bad": _bad_call(rng, [n_in, hidden, layers]),
    }


# -- quiz --------------------------------------------------------------------
GRADERS.explain(
    "q1",
    zh="f_t 逐元素乘在 c_{t−1} 上:f_t ≈ 1 时旧的记忆几乎原样保留,f_t ≈ 0 时被清掉(B)。写入多少新候选值由输入门 i_t 决定(A),把细胞状态输出多少给 h_t 由输出门 o_t 决定(C);门控只作用在前向计算的数值上,和学习率无关(D)。",
    en="f_t multiplies c_{t−1} element by element: with f_t ≈ 1 the old memory is kept almost unchanged, with f_t ≈ 0 it is wiped (B). How much of the new candidate is written is the input gate i_t's job (A), and how much of the cell state reaches h_t is the output gate o_t's (C); gates act on the values in the forward pass and have nothing to do with the learning rate (D).",
)
GRADERS.explain(
    "q2",
    zh="nn.LSTM 的 output 是最后一层每个时间步的 h_t,c_t 只在 (h_n, c_n) 里出现(A 对)。c_t = f⊙c + i⊙g 是加法累积,没有经过 sigmoid,可以超出 (−1, 1);h_t = o⊙tanh(c_t) 才被限制在 (−1, 1) 内(C 对,B 错)。后续的层读取的是 h_t(output 或 h_n),c_t 是 LSTM 内部的记忆(D 错)。c_t 正是在时间步之间传递的长期记忆,每一步都由 f_t⊙c_{t−1} 接着上一步的值更新,只在序列开始时取 c0(E 错)。",
    en="nn.LSTM's output is the last layer's h_t at every time step; c_t appears only in (h_n, c_n) (A). c_t = f⊙c + i⊙g accumulates by addition with no sigmoid, so it can leave (−1, 1); only h_t = o⊙tanh(c_t) is held inside (−1, 1) (C true, B false). Later layers read h_t (output or h_n); c_t is the LSTM's internal memory (D false). c_t is exactly the long-term memory carried from step to step: each step updates it from the previous value through f_t⊙c_{t−1}, and it starts from c0 only at the beginning of the sequence (E false).",
)
GRADERS.explain(
    "q3",
    zh="普通 RNN 的梯度每往回传一步都要乘以 W_hh 的转置和 tanh 的导数,连乘多步后很容易趋于 0。LSTM 的细胞状态 c_t = f_t⊙c_{t−1} + i_t⊙g_t 是加法更新,沿 c 这条路径 ∂c_t/∂c_{t−1} = diag(f_t),遗忘门接近 1 时梯度几乎不衰减(B)。LSTM 的门用 sigmoid、候选值用 tanh,并没有 ReLU(A 错);nn.LSTM 不会自动裁剪梯度,需要时要自己调用 clip_grad_norm_(C 错);LSTM 的参数是同尺寸 RNN 的 4 倍,不是更少(D 错)。",
    en="A plain RNN's gradient is multiplied by W_hh transposed and a tanh derivative at every step back, and the product of many such factors easily goes to 0. An LSTM's cell state c_t = f_t⊙c_{t−1} + i_t⊙g_t is updated by addition, so along c, ∂c_t/∂c_{t−1} = diag(f_t), and with the forget gate near 1 the gradient barely shrinks (B). LSTM gates use sigmoid and the candidate tanh, no ReLU (A false); nn.LSTM does not clip gradients, you call clip_grad_norm_ yourself when needed (C false); an LSTM has 4 times the parameters of an RNN of the same size, not fewer (D false).",
)
GRADERS.explain(
    "q4",
    zh="h0 和 c0 的形状总是 (num_layers × 方向数, batch, hidden_size) = (3 × 2, 8, 20) = (6, 8, 20),batch_first=True 只改变输入和 output 的布局,不改变 h0 的布局(B)。(8, 6, 20) 是把 batch_first 也套用到 h0 上的常见错误(A);(3, 8, 20) 漏了双向的 2(C);h0 不含时间维 15(D);(8, 15, 40) 是 output 的形状(E)。",
    en="h0 and c0 are always (num_layers × directions, batch, hidden_size) = (3 × 2, 8, 20) = (6, 8, 20); batch_first=True changes the layout of the input and of output, not of h0 (B). (8, 6, 20) is the common mistake of applying batch_first to h0 too (A); (3, 8, 20) forgets the factor 2 for two directions (C); h0 has no time dimension of 15 (D); (8, 15, 40) is the shape of output (E).",
)
GRADERS.explain(
    "q5",
    zh="每层(每个方向)有 W_ih (4H × 输入)、W_hh (4H × H) 和两个偏置 b_ih、b_hh(各 4H)。第 1 层输入为 10:4·20·(10 + 20) + 2·4·20 = 2400 + 160 = 2560;第 2 层的输入是第 1 层的输出,尺寸 20:4·20·(20 + 20) + 160 = 3200 + 160 = 3360。合计 5920。常见错误:只算一个偏置得 5760,第 2 层也按输入 10 计算得 5120。",
    en="Each layer (and direction) has W_ih (4H × input), W_hh (4H × H) and two biases, b_ih and b_hh (4H each). Layer 1 takes 10 inputs: 4·20·(10 + 20) + 2·4·20 = 2400 + 160 = 2560; layer 2 takes layer 1's output, 20 values: 4·20·(20 + 20) + 160 = 3200 + 160 = 3360. Total 5920. Common mistakes: one bias per layer gives 5760; using 10 inputs for layer 2 as well gives 5120.",
)

"""第 2.6 节 循环神经网络 / Section 2.6: recurrent networks.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.6`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.6``.

记号:B 为批次大小,T 为序列长度(时间步数),F 为每步输入特征数,H 为隐藏状态大小,
L 为层数,D 为方向数(单向 1,双向 2)。
Notation: B is the batch size, T the sequence length (number of time steps),
F the number of input features per step, H the hidden size, L the number of
layers and D the number of directions (1, or 2 when bidirectional).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


def init_hidden(
    num_layers: int,
    batch_size: int,
    hidden_size: int,
    device: torch.device | str | None = None,
    bidirectional: bool = False,
) -> Tensor:
    """为 nn.RNN 创建初始隐藏状态 h0 / Create the initial hidden state h0 for nn.RNN.

    返回全零张量,形状为 (num_layers × D, batch_size, hidden_size),其中 D 在
    ``bidirectional=True`` 时为 2,否则为 1;注意即使 RNN 用 ``batch_first=True``,
    h0 的布局也不变。张量建在 ``device`` 上(``None`` 表示默认设备),dtype 为默认的
    float32。任何尺寸不是正数时,抛出 ``ValueError`` 并在信息中写出该值。

    Return zeros of shape (num_layers × D, batch_size, hidden_size), where D is
    2 when ``bidirectional=True`` and 1 otherwise; this layout stays the same
    even for an RNN with ``batch_first=True``. Create the tensor on ``device``
    (``None`` means the default device), with the default dtype float32. Raise
    ``ValueError`` naming the value when any size is not positive.

    Example: ``init_hidden(2, 4, 8, bidirectional=True).shape`` is ``(4, 4, 8)``.
    """
    raise NotImplementedError


def run_rnn(rnn: nn.RNN, x: Tensor) -> tuple[Tensor, Tensor]:
    """用显式的全零 h0 运行 RNN / Run an RNN with an explicit zero h0.

    ``x`` 已经是 ``rnn`` 自己的布局:``rnn.batch_first`` 为 True 时是 (B, T, F),
    否则是 (T, B, F)。按 ``rnn`` 的层数、方向数和隐藏大小创建全零 h0,形状
    (L × D, B, H),与 ``x`` 同设备、同 dtype;然后显式传入:``rnn(x, h0)``
    (不传 h0、依赖默认值不算完成)。返回 ``rnn`` 的 ``(output, h_n)``。

    ``x`` is already in ``rnn``'s own layout: (B, T, F) when
    ``rnn.batch_first`` is True, else (T, B, F). Build a zero h0 of shape
    (L × D, B, H) from ``rnn``'s number of layers, directions and hidden size,
    on ``x``'s device with ``x``'s dtype, and pass it explicitly:
    ``rnn(x, h0)`` (leaving h0 out and relying on the default does not count).
    Return ``rnn``'s ``(output, h_n)``.
    """
    raise NotImplementedError


def to_time_major(x: Tensor) -> Tensor:
    """把批次优先的序列改成时间优先 / Turn a batch-first batch of sequences time-major.

    输入形状 (B, T, F),返回形状 (T, B, F),并且结果的 ``[t, b]`` 就是输入的
    ``[b, t]``:每个序列的数据仍属于它自己。不要修改 ``x``。

    The input has shape (B, T, F); return shape (T, B, F), where ``[t, b]`` of
    the result is ``[b, t]`` of the input: each sequence keeps its own data.
    Do not change ``x``.
    """
    raise NotImplementedError


def last_step(output: Tensor, batch_first: bool) -> Tensor:
    """取每个序列最后一个时间步的输出 / Each sequence's output at the last time step.

    ``output`` 是 RNN 的输出:``batch_first=True`` 时形状为 (B, T, H),否则为
    (T, B, H)。返回形状 (B, H) 的张量,第 b 行是第 b 个序列在最后一步(t = T-1)
    的输出。

    ``output`` is an RNN's output: (B, T, H) when ``batch_first=True``, else
    (T, B, H). Return a (B, H) tensor whose row b is sequence b's output at the
    last step (t = T-1).
    """
    raise NotImplementedError


def rnn_cell(
    x_t: Tensor, h_prev: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor
) -> Tensor:
    """手写一步 RNN 单元(tanh)/ One step of an RNN cell (tanh), by hand.

    形状:``x_t`` (B, F),``h_prev`` (B, H),``w_ih`` (H, F),``w_hh`` (H, H),
    ``b_ih`` 和 ``b_hh`` (H,)。返回 (B, H) 的新隐藏状态
    h_t = tanh(x_t W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh),与
    ``nn.RNNCell(F, H)``(nonlinearity="tanh")使用这些权重时的结果一致。
    不要修改任何输入。

    Shapes: ``x_t`` (B, F), ``h_prev`` (B, H), ``w_ih`` (H, F), ``w_hh``
    (H, H), ``b_ih`` and ``b_hh`` (H,). Return the (B, H) new hidden state
    h_t = tanh(x_t W_ihᵀ + b_ih + h_prev W_hhᵀ + b_hh), equal to what
    ``nn.RNNCell(F, H)`` (nonlinearity="tanh") computes with these weights.
    Do not change any input.
    """
    raise NotImplementedError


# BEGIN QUIZ 2.6 ------------------------------------------------------------
# 小测验 2.6:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.6: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [数值 numeric]
#   nn.RNN(input_size=8, hidden_size=16, num_layers=2) 一共有多少个标量参数(权重和偏置都算,PyTorch 默认每层有 b_ih 和 b_hh 两个偏置)?
#   How many scalar parameters does nn.RNN(input_size=8, hidden_size=16, num_layers=2) have (weights and biases; by default PyTorch gives each layer two biases, b_ih and b_hh)?
#
# q2 [单选 single choice]
#   rnn = nn.RNN(10, 20, num_layers=2, bidirectional=True, batch_first=True),输入 x 的形状为 (8, 15, 10)。output, h_n = rnn(x) 中 h_n 的形状是?
#   rnn = nn.RNN(10, 20, num_layers=2, bidirectional=True, batch_first=True) and x has shape (8, 15, 10). What is the shape of h_n in output, h_n = rnn(x)?
#   A. (8, 4, 20)
#   B. (4, 8, 20)
#   C. (2, 8, 40)
#   D. (8, 15, 40)
#
# q3 [多选 multiple choice]
#   关于 batch_first=True 的 nn.RNN,下列哪些说法正确?(可能有多个正确选项)
#   Which statements about an nn.RNN with batch_first=True are true? (several may be right)
#   A. 输入 x 的形状是 (batch, seq, feature) / The input x has shape (batch, seq, feature)
#   B. output 的形状是 (batch, seq, 方向数 × hidden_size) / output has shape (batch, seq, num_directions × hidden_size)
#   C. h0 和 h_n 也把批次维放在最前:(batch, 层数 × 方向数, hidden_size) / h0 and h_n also put the batch first: (batch, num_layers × num_directions, hidden_size)
#   D. 单层单向、序列不含填充时,output[:, -1] 等于 h_n[0] / For one layer, one direction and sequences without padding, output[:, -1] equals h_n[0]
#   E. 要把它的输入改成时间优先,用 x.view(seq, batch, feature) 即可 / To make its input time-major, x.view(seq, batch, feature) is enough
#
# q4 [单选 single choice]
#   用 tanh 的普通 RNN 在长序列上,远处时间步的梯度常常消失。主要原因是?
#   In a plain tanh RNN on long sequences, the gradient reaching early time steps often vanishes. Why, mainly?
#   A. 沿时间反向传播时每一步都要乘雅可比矩阵 diag(tanh'(·))·W_hh;这些因子的范数小于 1 时,连乘随距离指数级变小 / Backpropagation through time multiplies by the Jacobian diag(tanh'(·))·W_hh at every step; when these factors have norm below 1, the product shrinks exponentially with the distance
#   B. 每个时间步使用不同的权重,所以早期时间步的权重得不到梯度 / Every time step has its own weights, so the early steps' weights get no gradient
#   C. h0 初始化为全零,所以梯度也变成零 / h0 starts at zero, so the gradients become zero too
#   D. tanh 的输出没有上界,数值会溢出 / tanh's output is unbounded and overflows
#
# q5 [多选 multiple choice]
#   关于 RNN 的隐藏状态,下列哪些说法正确?(可能有多个正确选项)
#   Which statements about an RNN's hidden state are true? (several may be right)
#   A. h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),它概括了到 t 为止读到的输入 / h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh) summarises the inputs read up to step t
#   B. 每个时间步共用同一组 W_ih、W_hh,所以参数个数与序列长度无关 / Every time step shares the same W_ih and W_hh, so the parameter count does not depend on the sequence length
#   C. 不传 h0 时,nn.RNN 用随机数初始化隐藏状态 / When no h0 is given, nn.RNN starts from a random hidden state
#   D. 隐藏状态的长度总是等于 input_size / The hidden state's length always equals input_size
#   E. 模型和 x 在 GPU 上时,用 torch.zeros(...) 建 h0 却不写 device,h0 会留在 CPU 上,前向时报设备不一致的错误 / With the model and x on the GPU, an h0 made by torch.zeros(...) without device= stays on the CPU, and the forward pass fails with a device mismatch
QUIZ = {
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

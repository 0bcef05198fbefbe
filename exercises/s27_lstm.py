"""第 2.7 节 长短期记忆网络 / Section 2.7: LSTM.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.7`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.7``.
"""

from __future__ import annotations

import torch
from torch import Tensor


def init_lstm_state(
    num_layers: int,
    batch_size: int,
    hidden_size: int,
    device: torch.device | str | None = None,
    bidirectional: bool = False,
) -> tuple[Tensor, Tensor]:
    """创建 nn.LSTM 的初始状态 (h0, c0) / Build the initial state (h0, c0) for nn.LSTM.

    返回元组 ``(h0, c0)``:两个各自独立的全零 float32 张量(不能是同一个张量,
    也不能共享内存),形状都是 ``(num_layers * 方向数, batch_size, hidden_size)``,
    双向时方向数为 2,否则为 1。无论 nn.LSTM 是否 ``batch_first``,这个形状都不变。
    张量创建在 ``device`` 上(``None`` 表示默认设备)。任何尺寸不是正数时,
    抛出 ``ValueError`` 并在信息中写出该值。

    Return the tuple ``(h0, c0)``: two separate float32 zero tensors (not one
    tensor twice, and not sharing memory), each of shape
    ``(num_layers * directions, batch_size, hidden_size)``, where directions is
    2 when bidirectional and 1 otherwise. This shape is the same whether or not
    the nn.LSTM is ``batch_first``. Create them on ``device`` (``None`` means
    the default device). Raise ``ValueError`` naming the value when any size is
    not positive.

    Example: ``init_lstm_state(2, 4, 8, bidirectional=True)`` gives two zero
    tensors of shape ``(4, 4, 8)``, ready for ``lstm(x, (h0, c0))``.
    """
    raise NotImplementedError


def lstm_cell(
    x_t: Tensor,
    h_prev: Tensor,
    c_prev: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor,
    b_hh: Tensor,
) -> tuple[Tensor, Tensor]:
    """手写一步 LSTM 计算 / One LSTM step by hand.

    形状:``x_t`` (B, I),``h_prev`` 和 ``c_prev`` (B, H),``w_ih`` (4H, I),
    ``w_hh`` (4H, H),``b_ih`` 和 ``b_hh`` (4H,)。与 ``nn.LSTMCell`` 的结果相同::

        gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh     # (B, 4H)
        按顺序切成四块 i, f, g, o,每块 H 列
        i_t = sigmoid(i)   输入门      f_t = sigmoid(f)   遗忘门
        g_t = tanh(g)      候选值      o_t = sigmoid(o)   输出门
        c_t = f_t * c_prev + i_t * g_t
        h_t = o_t * tanh(c_t)

    返回 ``(h_t, c_t)``,形状都是 (B, H)。不要修改任何输入。

    Shapes: ``x_t`` (B, I), ``h_prev`` and ``c_prev`` (B, H), ``w_ih`` (4H, I),
    ``w_hh`` (4H, H), ``b_ih`` and ``b_hh`` (4H,). Compute what ``nn.LSTMCell``
    computes::

        gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh     # (B, 4H)
        split into four blocks of H columns, in the order i, f, g, o
        i_t = sigmoid(i)   input gate   f_t = sigmoid(f)   forget gate
        g_t = tanh(g)      candidate    o_t = sigmoid(o)   output gate
        c_t = f_t * c_prev + i_t * g_t
        h_t = o_t * tanh(c_t)

    Return ``(h_t, c_t)``, both of shape (B, H). Do not change any input.
    """
    raise NotImplementedError


def lstm_num_parameters(
    input_size: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False
) -> int:
    """nn.LSTM 的参数个数 / The number of parameters of an nn.LSTM.

    返回 ``nn.LSTM(input_size, hidden_size, num_layers=num_layers,
    bidirectional=bidirectional)``(带偏置)的标量参数总数,类型为 Python ``int``。
    请用公式推算(可以再用 nn.LSTM 核对):每层每个方向有 ``weight_ih``、``weight_hh``、
    ``bias_ih``、``bias_hh`` 四个参数张量;想清楚第二层及以后各层的输入尺寸。
    任何尺寸不是正数时,抛出 ``ValueError`` 并在信息中写出该值。

    Return the number of scalar parameters of ``nn.LSTM(input_size,
    hidden_size, num_layers=num_layers, bidirectional=bidirectional)`` (with
    biases) as a Python ``int``. Work it out with a formula (you may check it
    against an nn.LSTM): each layer has, for each direction, the four tensors
    ``weight_ih``, ``weight_hh``, ``bias_ih`` and ``bias_hh``; think about the
    input size of the second and later layers. Raise ``ValueError`` naming the
    value when any size is not positive.
    """
    raise NotImplementedError


# BEGIN QUIZ 2.7 ------------------------------------------------------------
# 小测验 2.7:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.7: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [单选 single choice]
#   LSTM 的细胞状态更新为 c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t。遗忘门 f_t 控制的是什么?
#   An LSTM updates its cell state as c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t. What does the forget gate f_t control?
#   A. 新的候选值 g_t 有多少写入细胞状态 / How much of the new candidate g_t is written into the cell state
#   B. 上一步的细胞状态 c_{t−1} 的每个分量保留多少 / How much of each component of the previous cell state c_{t−1} is kept
#   C. 细胞状态有多少作为隐藏状态 h_t 输出 / How much of the cell state is exposed as the hidden state h_t
#   D. 循环权重 W_hh 在反向传播时的学习率 / The learning rate of the recurrent weights W_hh during backpropagation
#
# q2 [多选 multiple choice]
#   关于 LSTM 的隐藏状态 h_t 和细胞状态 c_t,哪些说法正确?(可能有多个正确答案)
#   Which statements about an LSTM's hidden state h_t and cell state c_t are true? (Several may be right.)
#   A. nn.LSTM 返回 output, (h_n, c_n);output 是最后一层在每个时间步的 h_t,不含 c_t / nn.LSTM returns output, (h_n, c_n); output holds the last layer's h_t at every time step, not c_t
#   B. c_t 经过 sigmoid,所以它的每个分量都在 (0, 1) 之间 / c_t goes through a sigmoid, so each of its components lies in (0, 1)
#   C. h_t = o_t ⊙ tanh(c_t),所以 h_t 的分量在 (−1, 1) 之间,而 c_t 的分量可以超出这个范围 / h_t = o_t ⊙ tanh(c_t), so h_t's components lie in (−1, 1) while c_t's may go beyond that range
#   D. 接在 LSTM 后面的分类层通常读取 c_t,因为 h_t 只是中间结果 / A classifier after an LSTM usually reads c_t, because h_t is only an intermediate result
#   E. c_t 在每个时间步开始时都重新置为 0,只有 h_t 在时间步之间传递 / c_t is reset to 0 at the start of every time step; only h_t is carried from one step to the next
#
# q3 [单选 single choice]
#   为什么 LSTM 比普通的 tanh RNN 更不容易出现梯度消失?
#   Why does an LSTM suffer less from vanishing gradients than a plain tanh RNN?
#   A. LSTM 内部用 ReLU 代替了 tanh,梯度不会饱和 / Inside, the LSTM uses ReLU instead of tanh, so gradients never saturate
#   B. 细胞状态按加法更新,∂c_t/∂c_{t−1} 就是逐元素的 f_t;遗忘门接近 1 时梯度可以沿 c 传很多步,而不必每一步都乘以 W_hh 和 tanh 的导数 / The cell state is updated additively, so ∂c_t/∂c_{t−1} is just f_t element by element; with the forget gate near 1 the gradient flows along c for many steps instead of being multiplied by W_hh and a tanh derivative at every step
#   C. nn.LSTM 在反向传播时自动做梯度裁剪 / nn.LSTM clips gradients automatically during backpropagation
#   D. LSTM 的参数比同样隐藏尺寸的 RNN 少,所以每个参数分到的梯度更大 / An LSTM has fewer parameters than an RNN of the same hidden size, so each parameter gets a larger gradient
#
# q4 [单选 single choice]
#   lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=3, bidirectional=True, batch_first=True),输入 x 的形状为 (8, 15, 10)。传给 lstm(x, (h0, c0)) 的 h0 应该是什么形状?
#   lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=3, bidirectional=True, batch_first=True) receives x of shape (8, 15, 10). What shape must h0 have in lstm(x, (h0, c0))?
#   A. (8, 6, 20)
#   B. (6, 8, 20)
#   C. (3, 8, 20)
#   D. (6, 15, 20)
#   E. (8, 15, 40)
#
# q5 [数值 numeric]
#   nn.LSTM(input_size=10, hidden_size=20, num_layers=2)(单向,带偏置)一共有多少个标量参数?
#   How many scalar parameters does nn.LSTM(input_size=10, hidden_size=20, num_layers=2) (one direction, with biases) have?
QUIZ = {
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

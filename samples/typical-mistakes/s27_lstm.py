"""A student's section 2.7 (sample submission with typical mistakes)."""

import torch


def init_lstm_state(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    d = 2 if bidirectional else 1
    h0 = torch.zeros(num_layers * d, batch_size, hidden_size, device=device)
    return h0, h0  # the same tensor twice


def lstm_cell(x_t, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh):
    gates = x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh
    i, f, g, o = gates.chunk(4, dim=1)
    c = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    h = torch.sigmoid(o) * c  # forgot the tanh on the cell state
    return h, c


def lstm_num_parameters(input_size, hidden_size, num_layers=1, bidirectional=False):
    d = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        inp = input_size if layer == 0 else hidden_size * d
        total += d * 4 * hidden_size * (inp + hidden_size + 2)
    return total


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
    "q1": "B",
    "q2": ["A", "C"],
    "q3": "B",
    "q4": "A",
    "q5": 5920,
}
# END QUIZ

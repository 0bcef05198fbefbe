"""A student's section 2.6 (sample submission with typical mistakes)."""

import torch


def init_hidden(num_layers, batch_size, hidden_size, device=None, bidirectional=False):
    d = 2 if bidirectional else 1
    return torch.zeros(num_layers * d, batch_size, hidden_size).to(device or "cpu")


def run_rnn(rnn, x):
    batch = x.shape[0] if rnn.batch_first else x.shape[1]
    d = 2 if rnn.bidirectional else 1
    h0 = torch.zeros(batch, rnn.num_layers * d, rnn.hidden_size, device=x.device, dtype=x.dtype)
    return rnn(x, h0)  # h0 laid out like x with batch_first


def to_time_major(x):
    b, t, f = x.shape
    return x.view(t, b, f)  # same shape, scrambled data


def last_step(output, batch_first):
    return output[:, -1] if batch_first else output[-1]


def rnn_cell(x_t, h_prev, w_ih, w_hh, b_ih, b_hh):
    return torch.tanh(x_t @ w_ih.T + b_ih + h_prev @ w_hh.T + b_hh)


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
    "q1": 960,
    "q2": "B",
    "q3": None,
    "q4": "A",
    "q5": ["A", "B"],
}
# END QUIZ

"""Mistakes of section 2.7: LSTM."""

from autograder.mistakes import mistake

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

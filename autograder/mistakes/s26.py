"""Mistakes of section 2.6: recurrent networks.

``h0-batch-first-shape`` and ``h0-wrong-device`` are worded for any initial
state of a recurrent layer (h0 of nn.RNN, h0 and c0 of nn.LSTM): section 2.7
names them too.
"""

from autograder.mistakes import mistake

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

"""Mistakes of section 2.8: Transformer basics.

``softmax-wrong-dim`` is described in section 2.1.
"""

from autograder.mistakes import mistake

MISTAKES = (
    mistake(
        "attention-no-scale",
        zh="注意力得分 Q·Kᵀ 没有除以 √d,d 越大得分越大,softmax 趋于饱和(接近 one-hot),梯度变得很小。",
        en="The scores Q·Kᵀ are not divided by √d: they grow with d, so the softmax saturates (close to one-hot) and its gradients vanish.",
        hint_zh="得分要乘以 1/√d,d 是 q 的最后一维:scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])。",
        hint_en="Multiply the scores by 1/√d, d being q's last dimension: scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]).",
    ),
    mistake(
        "attention-scale-by-d",
        zh="注意力得分除以了 d 而不是 √d,缩放过头,注意力分布被压得过于平均。",
        en="The scores are divided by d instead of √d: they are scaled down too much, so the attention is flattened towards uniform.",
        hint_zh="除以 d 的平方根:math.sqrt(d) 或 d ** 0.5,而不是 d。",
        hint_en="Divide by the square root of d: math.sqrt(d) or d ** 0.5, not d.",
    ),
    mistake(
        "mask-after-softmax",
        zh="掩码是在 softmax 之后才用的(把权重置 0),被保留的权重没有重新归一化,每行之和小于 1。",
        en="The mask is applied after the softmax (weights set to 0), so the kept weights are not renormalised and rows sum to less than 1.",
        hint_zh="在 softmax 之前把不允许的位置的得分填成 -inf(或很大的负数):scores.masked_fill(~mask, float('-inf')),再做 softmax。",
        hint_en="Before the softmax, fill the blocked scores with -inf (or a large negative number): scores.masked_fill(~mask, float('-inf')), then apply softmax.",
    ),
    mistake(
        "mask-inverted",
        zh="掩码的含义用反了:把 True 当成“屏蔽”,结果注意力只落在本应屏蔽的位置上。",
        en="The mask is read the wrong way round: True is treated as blocked, so attention goes only to the positions that should be hidden.",
        hint_zh="这里 True 表示“可以关注”(与 F.scaled_dot_product_attention 相同):要填 -inf 的是 ~mask 的位置。",
        hint_en="Here True means 'may attend' (as in F.scaled_dot_product_attention): fill -inf where ~mask is True.",
    ),
    mistake(
        "causal-mask-transposed",
        zh="因果掩码转置了:True 出现在键位置 ≥ 查询位置的地方(上三角),每个位置看到的是未来而不是过去。",
        en="The causal mask is transposed: True where key position ≥ query position (upper triangle), so each position sees the future instead of the past.",
        hint_zh="行是查询、列是键,保留下三角(含对角线):torch.tril(...)。",
        hint_en="Rows are queries and columns are keys: keep the lower triangle, diagonal included: torch.tril(...).",
    ),
    mistake(
        "causal-mask-excludes-diagonal",
        zh="因果掩码去掉了对角线:每个位置不能关注自己,第一个位置甚至没有任何可以关注的键。",
        en="The causal mask leaves out the diagonal: no position may attend to itself, and the first position has no key to attend to at all.",
        hint_zh="对角线要为 True:用 torch.tril(ones) 而不是 torch.tril(ones, diagonal=-1)。",
        hint_en="The diagonal must be True: use torch.tril(ones), not torch.tril(ones, diagonal=-1).",
    ),
    mistake(
        "causal-mask-inverted",
        zh="返回的是“屏蔽”掩码(True 表示不能关注的未来位置,如 nn.MultiheadAttention 的 attn_mask),而这里要求 True 表示可以关注。",
        en="It returns a blocking mask (True marks the future positions that may not be attended, like nn.MultiheadAttention's attn_mask), but here True must mean 'may attend'.",
        hint_zh="取反即可:~torch.triu(ones, diagonal=1),也就是 torch.tril(ones)。",
        hint_en="Negate it: ~torch.triu(ones, diagonal=1), which is torch.tril(ones).",
    ),
    mistake(
        "split-heads-view-without-transpose",
        zh="直接 view 成 (B, H, L, d) 而没有先拆出 (B, L, H, d) 再交换维度,数据被打乱:一个头的一行混入了其他位置的特征。",
        en="It views the tensor as (B, H, L, d) directly instead of splitting to (B, L, H, d) and then swapping dims, which scrambles the data: one head's row mixes features of other positions.",
        hint_zh="先 x.view(B, L, H, D // H),再 .transpose(1, 2) 得到 (B, H, L, d)。",
        hint_en="First x.view(B, L, H, D // H), then .transpose(1, 2) to get (B, H, L, d).",
    ),
    mistake(
        "merge-heads-view-without-transpose",
        zh="直接把 (B, H, L, d) view/reshape 成 (B, L, H*d),没有先交换头和位置两个维度,不同位置的数据被拼到了一起。",
        en="It views/reshapes (B, H, L, d) straight into (B, L, H*d) without first swapping the head and position dims, so data of different positions is glued together.",
        hint_zh="先 x.transpose(1, 2) 得到 (B, L, H, d),再 .reshape(B, L, H * d)(或 .contiguous().view(...))。",
        hint_en="First x.transpose(1, 2) to get (B, L, H, d), then .reshape(B, L, H * d) (or .contiguous().view(...)).",
    ),
    mistake(
        "pe-sin-cos-swapped",
        zh="sin 和 cos 放反了:偶数列应该是 sin,奇数列是 cos(位置 0 处应为 0, 1, 0, 1, ...)。",
        en="sin and cos are swapped: even columns must hold sin and odd columns cos (position 0 reads 0, 1, 0, 1, ...).",
        hint_zh="pe[:, 0::2] = torch.sin(angle),pe[:, 1::2] = torch.cos(angle)。",
        hint_en="pe[:, 0::2] = torch.sin(angle), pe[:, 1::2] = torch.cos(angle).",
    ),
    mistake(
        "pe-exponent-wrong",
        zh="频率的指数算错了:第 i 对列(第 2i 和 2i+1 列)的角度应为 pos / 10000^(2i/d_model),i 是列对的序号,不是列号。",
        en="The exponent of the frequencies is wrong: the angle of pair i (columns 2i and 2i+1) is pos / 10000^(2i/d_model), with i the pair index, not the column index.",
        hint_zh="用 torch.arange(0, d_model, 2) / d_model 作指数(它已经是 2i/d_model),两列共用同一个角度;循环写法里若 i 按 2 递增就不要再乘 2。",
        hint_en="Use torch.arange(0, d_model, 2) / d_model as the exponent (it already is 2i/d_model), one angle shared by both columns; in a loop where i steps by 2, do not multiply by 2 again.",
    ),
)

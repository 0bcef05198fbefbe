"""A student's section 2.8 (sample submission with typical mistakes)."""

import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1)  # forgot to divide by sqrt(d)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights


def causal_mask(size, device=None):
    return torch.ones(size, size, dtype=torch.bool, device=device).tril()


def split_heads(x, num_heads):
    b, length, d = x.shape
    if d % num_heads:
        raise ValueError(f"{d} is not divisible by {num_heads}")
    return x.view(b, num_heads, length, d // num_heads)  # heads scrambled


def merge_heads(x):
    b, h, length, d = x.shape
    return x.transpose(1, 2).reshape(b, length, h * d)


def sinusoidal_positional_encoding(length, d_model):
    pe = torch.zeros(length, d_model)
    pos = torch.arange(length, dtype=torch.float32).unsqueeze(1)
    div = torch.exp(
        torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model)
    )
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe


# BEGIN QUIZ 2.8 ------------------------------------------------------------
# 小测验 2.8:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.8: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [单选 single choice]
#   在自注意力中,每个位置的输入经过三个线性层得到 q、k、v。关于它们的作用,哪一项正确?
#   In self-attention, each position's input goes through three linear layers to give q, k and v. Which statement about their roles is right?
#   A. q 与各个 v 的点积决定注意力权重,输出是各个 k 的加权和 / The dot products of q with the v vectors give the weights, and the output is a weighted sum of the k vectors
#   B. k 和 v 的最后一维必须相同,因为输出由 k 与 v 的点积算出 / k and v must have the same last dimension, because the output is the dot product of k and v
#   C. q 与各个 k 的点积(缩放后做 softmax)决定注意力权重,输出是各个 v 的加权和 / The dot products of q with the k vectors (scaled, then softmax) give the weights, and the output is a weighted sum of the v vectors
#   D. q、k、v 是同一个向量的三份拷贝,线性层只用来改变形状 / q, k and v are three copies of the same vector; the linear layers only change its shape
#
# q2 [多选 multiple choice]
#   为什么缩放点积注意力要把 q·k 除以 √d(d 是 q、k 的维度)?(可能有多个正确答案)
#   Why does scaled dot-product attention divide q·k by √d (d being the size of q and k)? (Several may be right.)
#   A. 若 q、k 的各分量相互独立、均值为 0、方差为 1,则 q·k 的方差为 d;除以 √d 使方差回到 1 / If the entries of q and k are independent with mean 0 and variance 1, q·k has variance d; dividing by √d brings the variance back to 1
#   B. 得分太大时 softmax 饱和、接近 one-hot,梯度很小,训练变慢 / Large scores saturate the softmax (close to one-hot), so its gradients become tiny and training slows down
#   C. 不除以 √d,每行注意力权重之和就不等于 1 / Without it, the attention weights of a row would not sum to 1
#   D. 除以 d 比除以 √d 更好,因为得分被缩得更小、更稳定 / Dividing by d would be better than by √d, because the scores get smaller and more stable
#   E. 缩放的作用是让被掩码屏蔽的位置权重变成 0 / The scaling is what makes the weights of masked positions zero
#
# q3 [数值 numeric]
#   解码器的交叉注意力:查询来自解码器,输入形状 (B, L, D) = (2, 10, 512);键和值来自编码器输出,形状 (2, 12, 512);共 8 个头。这一层的注意力权重张量(所有样本、所有头)共有多少个元素?
#   Decoder cross-attention: the queries come from the decoder, of shape (B, L, D) = (2, 10, 512); the keys and values come from the encoder output, of shape (2, 12, 512); there are 8 heads. How many elements does the layer's attention-weights tensor hold (all samples, all heads)?
#
# q4 [单选 single choice]
#   在用于翻译的原始编码器–解码器 Transformer 中,哪一种注意力需要因果掩码(任何位置都不能看到它后面的位置)?
#   In the original encoder–decoder Transformer for translation, which attention needs a causal mask (no position may see the positions after it)?
#   A. 编码器的自注意力 / The encoder's self-attention
#   B. 解码器的自注意力 / The decoder's self-attention
#   C. 解码器对编码器输出的交叉注意力 / The decoder's cross-attention over the encoder outputs
#   D. 三种都需要 / All three of them
#
# q5 [多选 multiple choice]
#   一批长度不同的句子被补齐(padding)到同一长度后送入注意力。哪些说法正确?(可能有多个正确答案)
#   A batch of sentences of different lengths is padded to one length before attention. Which statements are true? (Several may be right.)
#   A. 填充掩码屏蔽补齐出来的键位置,任何查询都不会关注它们 / A padding mask blocks the padded key positions, so no query attends to them
#   B. 填充掩码取决于每个句子的长度,所以批次中各样本的掩码可以不同;常用形状 (B, 1, 1, Lk),广播到所有头和所有查询 / A padding mask depends on each sentence's length, so it can differ from sample to sample; a common shape is (B, 1, 1, Lk), broadcast over all heads and queries
#   C. 编码器里可以不用填充掩码:补齐位置的输入都是 0,不会影响注意力权重 / The encoder can do without a padding mask: padded inputs are all zeros, so they cannot change the attention weights
#   D. 在 softmax 之前把被屏蔽位置的得分设为 0,就能屏蔽它们 / Setting the blocked scores to 0 before the softmax hides those positions
#   E. 在 softmax 之后把被屏蔽的权重置 0 而不重新归一化,每行权重之和会小于 1 / Zeroing the blocked weights after the softmax, without renormalising, leaves rows that sum to less than 1
QUIZ = {
    "q1": "C",
    "q2": ["A", "B"],
    "q3": 1920,
    "q4": "C",
    "q5": None,
}
# END QUIZ

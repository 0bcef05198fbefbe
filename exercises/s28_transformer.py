"""第 2.8 节 Transformer 基础 / Section 2.8: Transformer basics.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.8`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.8``.

形状记号:B 批次,H 头数,L 序列长度,D 模型维度 d_model,d = D / H 每个头的维度。
不要修改任何输入张量。

Shape names: B batch, H heads, L sequence length, D model size d_model,
d = D / H the size of each head. Never change an input tensor.
"""

from __future__ import annotations

import torch
from torch import Tensor


def scaled_dot_product_attention(
    q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None = None
) -> tuple[Tensor, Tensor]:
    """缩放点积注意力 / Scaled dot-product attention.

    ``q`` 形状 (..., Lq, d),``k`` 形状 (..., Lk, d),``v`` 形状 (..., Lk, dv),
    "..." 是任意个前导维(也可以没有,例如 (B, H, ...))。
    权重 = softmax(q·kᵀ / √d),softmax 沿键的维度(最后一维)进行,每个查询的
    权重之和为 1;输出 = 权重 · v,形状 (..., Lq, dv)。

    ``mask`` 是可选的布尔张量,能广播到 (..., Lq, Lk),例如 (Lq, Lk)、
    (B, 1, 1, Lk)、(B, 1, Lq, Lk)。True 表示“可以关注”,False 表示屏蔽
    (与 ``F.scaled_dot_product_attention`` 的布尔掩码相同):屏蔽位置的权重为 0,
    其余权重仍然每行和为 1。每一行至少有一个 True。

    返回 ``(output, weights)``,weights 形状 (..., Lq, Lk)。

    ``q`` is (..., Lq, d), ``k`` (..., Lk, d), ``v`` (..., Lk, dv), where
    "..." is any number of leading dims (possibly none, e.g. (B, H, ...)).
    The weights are softmax(q·kᵀ / √d), the softmax taken over the keys (the
    last dim) so that each query's weights sum to 1; the output is
    weights · v, of shape (..., Lq, dv).

    ``mask`` is an optional bool tensor broadcastable to (..., Lq, Lk), such
    as (Lq, Lk), (B, 1, 1, Lk) or (B, 1, Lq, Lk). True means "may attend",
    False means blocked (the bool mask of ``F.scaled_dot_product_attention``):
    blocked positions get weight 0 and the remaining weights of each row
    still sum to 1. Every row has at least one True.

    Return ``(output, weights)``, the weights of shape (..., Lq, Lk).
    """
    raise NotImplementedError


def causal_mask(size: int, device: torch.device | str | None = None) -> Tensor:
    """因果(下三角)掩码 / Causal (lower-triangular) mask.

    返回形状 (size, size) 的布尔张量,行是查询位置 i,列是键位置 j:
    ``j <= i`` 处为 True(可以关注自己和过去的位置),其余为 False。
    张量要建在 ``device`` 上(None 表示默认设备)。``size`` 不是正数时抛出
    ``ValueError``,信息中写出该值。

    Return a bool tensor of shape (size, size), rows being query positions
    i and columns key positions j: True where ``j <= i`` (a position may
    attend to itself and to the past), False elsewhere. Create it on
    ``device`` (None means the default device). Raise ``ValueError`` naming
    the value when ``size`` is not positive.

    Example: ``causal_mask(3)`` is
    ``[[True, False, False], [True, True, False], [True, True, True]]``.
    """
    raise NotImplementedError


def split_heads(x: Tensor, num_heads: int) -> Tensor:
    """把特征拆成多个头 / Split the features into heads.

    (B, L, D) → (B, num_heads, L, D // num_heads):位置 l 的特征向量被切成
    num_heads 段,第 h 段(特征 h*d 到 (h+1)*d - 1)成为第 h 个头在位置 l 的向量,
    即 ``out[b, h, l, j] == x[b, l, h * d + j]``。
    D 不能被 num_heads 整除时抛出 ``ValueError``,信息中写出 D 和 num_heads 的值。

    (B, L, D) → (B, num_heads, L, D // num_heads): the feature vector at
    position l is cut into num_heads pieces, piece h (features h*d to
    (h+1)*d - 1) becoming head h's vector at position l, that is
    ``out[b, h, l, j] == x[b, l, h * d + j]``. Raise ``ValueError`` giving the
    values of D and num_heads when D is not divisible by num_heads.
    """
    raise NotImplementedError


def merge_heads(x: Tensor) -> Tensor:
    """把多个头合并回来 / Merge the heads back.

    ``split_heads`` 的逆操作:(B, H, L, d) → (B, L, H * d),
    ``out[b, l, h * d + j] == x[b, h, l, j]``。

    The inverse of ``split_heads``: (B, H, L, d) → (B, L, H * d), with
    ``out[b, l, h * d + j] == x[b, h, l, j]``.
    """
    raise NotImplementedError


def sinusoidal_positional_encoding(length: int, d_model: int) -> Tensor:
    """正弦位置编码 / Sinusoidal positional encoding.

    返回形状 (length, d_model) 的 float32 张量。对位置 pos 和列对序号
    i = 0, 1, ..., d_model/2 - 1,角度 angle = pos / 10000^(2i / d_model):
    第 2i 列(偶数列)是 sin(angle),第 2i+1 列(奇数列)是 cos(angle)。
    length 不是正数、或 d_model 不是正偶数时抛出 ``ValueError``,信息中写出该值。

    Return a float32 tensor of shape (length, d_model). For position pos and
    pair index i = 0, 1, ..., d_model/2 - 1, let
    angle = pos / 10000^(2i / d_model): column 2i (even) holds sin(angle) and
    column 2i+1 (odd) holds cos(angle). Raise ``ValueError`` naming the value
    when length is not positive or d_model is not a positive even number.
    """
    raise NotImplementedError


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
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

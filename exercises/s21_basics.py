"""第 2.1 节 网络层与激活函数的选择 / Section 2.1: layers and the choice of activation.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.1`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.1``.
"""

from __future__ import annotations

from torch import nn


def build_mlp(in_features: int, hidden_sizes: list[int], out_features: int) -> nn.Sequential:
    """搭建一个多层感知机 / Build a multilayer perceptron.

    每个隐藏层是 ``Linear`` 后接 ``ReLU``;最后一层是 ``Linear``,不加激活,
    输出原始得分(logits)。任何尺寸不是正数时,抛出 ``ValueError`` 并在信息中写出该值。

    Each hidden size gives a ``Linear`` followed by a ``ReLU``; the last layer
    is a ``Linear`` with no activation, returning raw scores (logits). Raise
    ``ValueError`` naming the value when any size is not positive.

    Example: ``build_mlp(4, [8, 6], 3)`` is
    ``Linear(4, 8), ReLU, Linear(8, 6), ReLU, Linear(6, 3)``.
    """
    raise NotImplementedError


def output_activation(task: str) -> nn.Module:
    """为任务选择输出层激活 / Choose the output activation for a task.

    - ``"regression"``: 不需要激活 / no activation (``nn.Identity``)
    - ``"binary"``: 单个 logit 变成概率 / one logit to a probability (``nn.Sigmoid``)
    - ``"multiclass"``: 输入形状 (N, C),在类别维上归一化 / input (N, C),
      normalised over the class dimension (``nn.Softmax``)

    其他任务名抛出 ``ValueError``,信息中写出该名字。
    Any other task name raises ``ValueError`` naming it.
    """
    raise NotImplementedError


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """统计模型中标量参数的个数 / Count the scalar parameters of a model.

    ``trainable_only=True`` 时只统计 ``requires_grad`` 为 True 的参数。
    With ``trainable_only=True`` count only parameters whose ``requires_grad``
    is True. Return a Python ``int``.
    """
    raise NotImplementedError


# BEGIN QUIZ 2.1 ------------------------------------------------------------
# 小测验 2.1:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.1: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [单选 single choice]
#   一个 MLP 把 28×28 的灰度图分成 10 类:Flatten → Linear(784, 128) → ReLU → Linear(128, 64) → ReLU → Linear(64, 10)。关于各层的作用,哪一项正确?
#   An MLP classifies 28×28 greyscale images into 10 classes: Flatten → Linear(784, 128) → ReLU → Linear(128, 64) → ReLU → Linear(64, 10). Which statement about the roles of the layers is correct?
#   A. 输入层有 128 个神经元,因为第一个 Linear 输出 128 个值 / The input layer has 128 neurons, because the first Linear outputs 128 values
#   B. 784 和 10 由数据和任务决定;128 和 64 是隐藏层的宽度,由设计者选择 / 784 and 10 are fixed by the data and the task; 128 and 64 are hidden-layer widths chosen by the designer
#   C. 输出层应只有 1 个神经元,因为每张图只有一个标签 / The output layer should have 1 neuron, because each image has a single label
#   D. 隐藏层的宽度必须逐层减小,否则网络无法训练 / Hidden-layer widths must shrink from layer to layer, otherwise the network cannot be trained
#
# q2 [多选 multiple choice]
#   关于隐藏层之间的激活函数(非线性),哪些说法正确?(可能有多个正确答案)
#   Which statements about the activation (nonlinearity) between hidden layers are true? (Several may be right.)
#   A. 没有激活函数时,Linear(4, 8) 后接 Linear(8, 3) 与某一个 Linear(4, 3) 等价 / Without an activation, Linear(4, 8) followed by Linear(8, 3) is equivalent to a single Linear(4, 3)
#   B. 只要 Linear 层足够多,即使层间没有激活函数,网络也能学出弯曲的(非线性)决策边界 / With enough Linear layers, even without activations between them, the network can learn curved (nonlinear) decision boundaries
#   C. 在每个隐藏 Linear 之后加 ReLU,网络才能逼近非线性函数 / A ReLU after every hidden Linear lets the network approximate nonlinear functions
#   D. 回归网络最后一个 Linear 之后再加 ReLU 没有坏处,反而多了一点非线性 / A ReLU after the last Linear of a regression network does no harm and adds a bit more nonlinearity
#   E. 激活函数的主要作用是加快计算速度 / The main purpose of an activation function is to make the computation faster
#
# q3 [单选 single choice]
#   多分类模型输出形状为 (N, C) 的得分(N 个样本,C 个类别,每个样本恰好属于一类)。预测时要得到每个样本的类别概率,应使用哪个输出激活?
#   A multiclass model outputs scores of shape (N, C) (N samples, C classes, each sample in exactly one class). To get each sample's class probabilities at prediction time, which output activation should you use?
#   A. nn.Softmax(dim=0)
#   B. nn.Softmax(dim=1)
#   C. nn.Sigmoid()
#   D. nn.ReLU()
#
# q4 [多选 multiple choice]
#   下面哪些“任务 — 输出激活”的搭配是正确的?(可能有多个正确答案)
#   Which pairings of task and output activation are correct? (Several may be right.)
#   A. 预测气温(可以是负数)— 不加激活(nn.Identity) / Predicting a temperature (may be negative) — no activation (nn.Identity)
#   B. 判断邮件是否为垃圾邮件,模型只输出 1 个 logit — 对这 1 个输出做 nn.Softmax / Spam or not, the model outputs 1 logit — nn.Softmax over that single output
#   C. 判断邮件是否为垃圾邮件,模型只输出 1 个 logit — nn.Sigmoid / Spam or not, the model outputs 1 logit — nn.Sigmoid
#   D. 预测可正可负的数值 — nn.ReLU,让输出更稳定 / Predicting a value that may be positive or negative — nn.ReLU, to keep the output stable
#   E. 多标签:一张图可以同时带 C 个标签中的若干个 — 对 C 个输出各做 nn.Sigmoid / Multi-label: an image may carry several of C tags at once — nn.Sigmoid on each of the C outputs
#
# q5 [数值 numeric]
#   build_mlp(6, [10, 8], 3) 得到 Linear(6, 10) → ReLU → Linear(10, 8) → ReLU → Linear(8, 3),每个 Linear 都有偏置。这个网络一共有多少个可训练的标量参数?
#   build_mlp(6, [10, 8], 3) gives Linear(6, 10) → ReLU → Linear(10, 8) → ReLU → Linear(8, 3), every Linear with a bias. How many trainable scalar parameters does this network have in total?
QUIZ = {
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

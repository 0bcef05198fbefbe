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

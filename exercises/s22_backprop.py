"""第 2.2 节 前向传播与反向传播 / Section 2.2: forward and backward propagation.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.2`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.2``.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn


def trace_shapes(model: nn.Sequential, input_shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """记录前向传播中每个子层的输出形状 / Trace the output shape after each layer.

    把形状为 ``input_shape``(含批次维)的输入依次送入 ``model`` 的每个子层
    (``for layer in model``),返回每个子层输出的形状,按顺序组成列表;
    列表里不包含输入本身的形状,所以长度等于子层个数。
    调用前后模型的参数必须完全不变(不要重新初始化、训练或搬动模型)。
    模型的参数在 CPU 上。

    Feed an input of shape ``input_shape`` (batch dimension included) through
    the children of ``model`` in order (``for layer in model``) and return the
    shape of each child's output, as a list of tuples. The input's own shape is
    not in the list, so it has one entry per child. The model's parameters must
    be exactly the same afterwards (do not re-initialise, train or move it).
    The model's parameters are on the CPU.

    Example: for ``nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))``
    and ``input_shape=(5, 4)`` the result is ``[(5, 8), (5, 8), (5, 3)]``.
    """
    raise NotImplementedError


def make_head(feature_shape: tuple[int, int, int], num_classes: int) -> nn.Sequential:
    """把卷积特征图变成类别得分的分类头 / A classifier head from feature maps to class scores.

    ``feature_shape`` 是每个样本的特征形状 ``(C, H, W)``。返回
    ``nn.Sequential(展平, nn.Linear(C*H*W, num_classes))``,把形状为
    (N, C, H, W) 的输入变成 (N, num_classes) 的 logits。展平时保留批次维 N。
    任何尺寸(C、H、W、num_classes)不是正数时,抛出 ``ValueError`` 并在信息中写出该值。

    ``feature_shape`` is the per-sample feature shape ``(C, H, W)``. Return
    ``nn.Sequential(a flatten layer, nn.Linear(C*H*W, num_classes))`` mapping
    input of shape (N, C, H, W) to logits of shape (N, num_classes); flattening
    keeps the batch dimension N. Raise ``ValueError`` naming the value when any
    size (C, H, W or num_classes) is not positive.
    """
    raise NotImplementedError


def train_step(model: nn.Module, loss_fn, optimizer, x: torch.Tensor, y: torch.Tensor) -> float:
    """执行一步训练 / Run one training step.

    依次:清零梯度、前向计算 ``model(x)``、用 ``loss_fn(输出, y)`` 计算损失、
    反向传播、``optimizer.step()`` 更新参数。返回更新前算出的损失,类型为 Python
    ``float``。注意:调用时参数的 ``.grad`` 里可能还留着上一步的梯度。

    In order: zero the gradients, compute ``model(x)``, compute the loss with
    ``loss_fn(output, y)``, backpropagate, and update the parameters with
    ``optimizer.step()``. Return the loss computed before the update as a Python
    ``float``. Note: the parameters' ``.grad`` may still hold gradients from an
    earlier step when this is called.
    """
    raise NotImplementedError


def linear_backward(
    x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, grad_output: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """手算线性层的反向传播 / Backpropagate through a linear layer by hand.

    前向为 ``y = x @ weight.T + bias``,其中 x 形状 (N, in),weight (out, in),
    bias (out,);``grad_output`` 是损失对 y 的梯度,形状 (N, out)。
    返回 ``(grad_x, grad_weight, grad_bias)``,形状分别与 x、weight、bias 相同。
    只用矩阵运算手算,不要用 autograd(评分时在 ``torch.no_grad()`` 下调用);
    不要修改输入。

    The forward pass is ``y = x @ weight.T + bias`` with x of shape (N, in),
    weight (out, in) and bias (out,); ``grad_output`` is the gradient of the
    loss with respect to y, shape (N, out). Return ``(grad_x, grad_weight,
    grad_bias)``, shaped like x, weight and bias. Compute them by hand with
    matrix operations, not with autograd (the grader calls this under
    ``torch.no_grad()``), and do not modify the inputs.
    """
    raise NotImplementedError


def numerical_gradient(
    f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor, eps: float = 1e-6
) -> torch.Tensor:
    """用中心差分估计梯度 / Estimate a gradient by central differences.

    ``f`` 把与 x 同形状的张量映射为一个标量(0 维张量)。对 x 的每个元素 i,
    令 e_i 为只在该位置为 1 的张量,计算
    ``(f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps)``。
    返回与 x 形状、dtype 都相同的张量(x 可以是任意维度)。
    返回后 x 的值必须和调用前一样。

    ``f`` maps a tensor shaped like x to a scalar (a 0-d tensor). For each
    element i of x, with e_i the tensor that is 1 at that position only,
    compute ``(f(x + eps·e_i) - f(x - eps·e_i)) / (2·eps)``. Return a tensor
    with the shape and dtype of x (x may have any number of dimensions).
    x must hold the same values afterwards as before the call.
    """
    raise NotImplementedError

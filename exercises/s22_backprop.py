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
    只用矩阵运算手算,不要用 autograd(评分时在 ``torch.no_grad()`` 下调用;
    调用 ``backward()``、``torch.autograd.grad`` 或 ``requires_grad_`` 会被判为
    ``uses-builtin``,本题不得分);不要修改输入。

    The forward pass is ``y = x @ weight.T + bias`` with x of shape (N, in),
    weight (out, in) and bias (out,); ``grad_output`` is the gradient of the
    loss with respect to y, shape (N, out). Return ``(grad_x, grad_weight,
    grad_bias)``, shaped like x, weight and bias. Compute them by hand with
    matrix operations, not with autograd (the grader calls this under
    ``torch.no_grad()``; calling ``backward()``, ``torch.autograd.grad`` or
    ``requires_grad_`` is named ``uses-builtin`` and earns no points), and do
    not modify the inputs.
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


# BEGIN QUIZ 2.2 ------------------------------------------------------------
# 小测验 2.2:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.2: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [单选 single choice]
#   x 的形状是 (32, 3, 8, 8)(批次 32,3 个通道,8×8)。x 先经过 nn.Flatten(),再经过一个 Linear,要得到形状 (32, 10) 的输出。应该用哪个 Linear?
#   x has shape (32, 3, 8, 8) (batch 32, 3 channels, 8×8). It goes through nn.Flatten() and then a Linear, which must give an output of shape (32, 10). Which Linear is right?
#   A. nn.Linear(8 * 8, 10)
#   B. nn.Linear(32 * 3 * 8 * 8, 10)
#   C. nn.Linear(3 * 8 * 8, 10)
#   D. nn.Linear(3 * 8, 10)
#
# q2 [单选 single choice]
#   loss.backward() 做了什么?
#   What does loss.backward() do?
#   A. 计算梯度,并立即按梯度下降更新一次参数 / It computes the gradients and immediately updates the parameters by one gradient-descent step
#   B. 沿计算图反向应用链式法则,求出 loss 对每个参与计算且 requires_grad=True 的叶子张量(如参数)的梯度,并累加到它们的 .grad 中 / It applies the chain rule backwards through the graph and adds the gradient of loss with respect to every leaf tensor it depends on with requires_grad=True (such as the parameters) into that tensor's .grad
#   C. 计算梯度,并用新梯度覆盖 .grad 中原来的值 / It computes the gradients and overwrites the old values in .grad with them
#   D. 把前向传播倒过来运行一遍,由损失重建出输入 / It runs the forward pass in reverse to reconstruct the input from the loss
#
# q3 [多选 multiple choice]
#   某同学的训练循环里没有调用 optimizer.zero_grad()。哪些说法正确?(可能有多个正确答案)
#   A student's training loop never calls optimizer.zero_grad(). Which statements are true? (Several may be right.)
#   A. 每一步的梯度都会加到之前的梯度上,optimizer.step() 用的是这一步和之前所有步梯度之和 / Each step's gradients are added to the earlier ones, so optimizer.step() uses the sum of this step's and all earlier steps' gradients
#   B. 没有影响:每次前向传播时 PyTorch 会自动把 .grad 清零 / No effect: PyTorch resets .grad automatically at every forward pass
#   C. 在 loss.backward() 和 optimizer.step() 之间调用 optimizer.zero_grad() 就能修好 / Calling optimizer.zero_grad() between loss.backward() and optimizer.step() fixes it
#   D. 在每一步开始时(loss.backward() 之前)调用 optimizer.zero_grad() 就能修好 / Calling optimizer.zero_grad() at the start of each step, before loss.backward(), fixes it
#   E. 梯度累加有时是故意的:先把几个小批次的梯度加起来,再做一次 step / Accumulating gradients is sometimes done on purpose: sum the gradients of several small batches, then take one step
#
# q4 [单选 single choice]
#   一步训练中,下面哪个顺序是正确的?
#   Which order of the operations in one training step is correct?
#   A. 前向 → 计算损失 → optimizer.step() → loss.backward() → optimizer.zero_grad() / forward → loss → optimizer.step() → loss.backward() → optimizer.zero_grad()
#   B. optimizer.zero_grad() → 前向 → 计算损失 → optimizer.step() → loss.backward() / optimizer.zero_grad() → forward → loss → optimizer.step() → loss.backward()
#   C. 前向 → 计算损失 → loss.backward() → optimizer.zero_grad() → optimizer.step() / forward → loss → loss.backward() → optimizer.zero_grad() → optimizer.step()
#   D. optimizer.zero_grad() → 前向 → 计算损失 → loss.backward() → optimizer.step() / optimizer.zero_grad() → forward → loss → loss.backward() → optimizer.step()
#
# q5 [数值 numeric]
#   模型 ŷ = w·x,只有一个参数 w = 2。两个样本 (x, t) = (1, 1) 和 (3, 4),损失是均方误差 L = ((w·1 − 1)² + (w·3 − 4)²) / 2。手算 dL/dw 的值。
#   The model ŷ = w·x has one parameter, w = 2. With two samples (x, t) = (1, 1) and (3, 4) the loss is the mean squared error L = ((w·1 − 1)² + (w·3 − 4)²) / 2. Compute dL/dw by hand.
QUIZ = {
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

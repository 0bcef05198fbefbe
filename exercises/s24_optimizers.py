"""第 2.4 节 优化算法 / Section 2.4: optimizers.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.4`` 自测。
Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.4``.

前五个函数各实现一种优化器的单步更新,而且必须是"纯函数":不修改任何输入张量
(不要用 ``add_``、``mul_``、``-=`` 这类原地操作),返回新的张量。优化器的状态
(速度、平方和、平方的平均、矩估计)由调用者保存:把上一步返回的状态传给下一步。
每一步的结果都要与对应的 ``torch.optim`` 优化器(默认选项)逐步一致。
下文中 p 为参数,g 为梯度,所有运算都是逐元素的。

The first five functions each perform one update step of an optimizer, as
*pure functions*: never change an input tensor (no in-place ``add_``, ``mul_``,
``-=``), return new tensors. The optimizer's state (velocity, sum of squares,
average of squares, moment estimates) is kept by the caller: the state returned
by one step is passed to the next. Every step must match the corresponding
``torch.optim`` optimizer (default options) step by step. Below, p is the
parameter, g the gradient; every operation is elementwise.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch
from torch import Tensor


def sgd_step(param: Tensor, grad: Tensor, lr: float) -> Tensor:
    """随机梯度下降的一步 / One step of stochastic gradient descent.

    返回新参数 ``p - lr * g``(与 ``torch.optim.SGD(lr=lr)`` 的一步相同)。

    Return the new parameter ``p - lr * g`` (one step of
    ``torch.optim.SGD(lr=lr)``).
    """
    raise NotImplementedError


def momentum_step(
    param: Tensor, grad: Tensor, velocity: Tensor, lr: float, momentum: float = 0.9
) -> tuple[Tensor, Tensor]:
    """带动量的 SGD 的一步 / One step of SGD with momentum.

    先更新速度,再用新速度更新参数::

        v_new = momentum * v + g
        p_new = p - lr * v_new

    返回 ``(p_new, v_new)``。训练开始时速度为全零张量,这样与
    ``torch.optim.SGD(lr=lr, momentum=momentum)`` 逐步一致。

    First update the velocity, then move the parameter with the new velocity
    (formulas above). Return ``(p_new, v_new)``. Training starts from a
    velocity of zeros, which matches
    ``torch.optim.SGD(lr=lr, momentum=momentum)`` step by step.
    """
    raise NotImplementedError


def adagrad_step(
    param: Tensor, grad: Tensor, sum_sq: Tensor, lr: float, eps: float = 1e-10
) -> tuple[Tensor, Tensor]:
    """Adagrad 的一步 / One step of Adagrad.

    ``sum_sq`` 是之前所有梯度的平方和(训练开始时为全零)::

        s_new = sum_sq + g²
        p_new = p - lr * g / (sqrt(s_new) + eps)

    注意 eps 加在开根号之后。返回 ``(p_new, s_new)``,与
    ``torch.optim.Adagrad(lr=lr, eps=eps)`` 一致。

    ``sum_sq`` is the sum of the squares of all earlier gradients (zeros at
    the start); see the formulas above. Note that eps is added after the square
    root. Return ``(p_new, s_new)``, as ``torch.optim.Adagrad(lr=lr, eps=eps)``
    does.
    """
    raise NotImplementedError


def rmsprop_step(
    param: Tensor,
    grad: Tensor,
    square_avg: Tensor,
    lr: float,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> tuple[Tensor, Tensor]:
    """RMSprop 的一步 / One step of RMSprop.

    ``square_avg`` 是梯度平方的指数移动平均(训练开始时为全零),alpha 是旧平均值
    保留的比例::

        a_new = alpha * square_avg + (1 - alpha) * g²
        p_new = p - lr * g / (sqrt(a_new) + eps)

    返回 ``(p_new, a_new)``,与 ``torch.optim.RMSprop(lr=lr, alpha=alpha, eps=eps)`` 一致。

    ``square_avg`` is the exponential moving average of squared gradients
    (zeros at the start); alpha is the share of the old average that is kept
    (formulas above). Return ``(p_new, a_new)``, as
    ``torch.optim.RMSprop(lr=lr, alpha=alpha, eps=eps)`` does.
    """
    raise NotImplementedError


def adam_step(
    param: Tensor,
    grad: Tensor,
    m: Tensor,
    v: Tensor,
    t: int,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> tuple[Tensor, Tensor, Tensor]:
    """Adam 的一步(带偏差修正)/ One step of Adam, with bias correction.

    ``m``、``v`` 是梯度与梯度平方的移动平均(训练开始时为全零),``t`` 是当前步的
    序号,从 1 开始(第一步 t=1)。记 ``beta1, beta2 = betas``::

        m_new = beta1 * m + (1 - beta1) * g
        v_new = beta2 * v + (1 - beta2) * g²
        m_hat = m_new / (1 - beta1**t)
        v_hat = v_new / (1 - beta2**t)
        p_new = p - lr * m_hat / (sqrt(v_hat) + eps)

    返回 ``(p_new, m_new, v_new)``(返回未修正的 m_new、v_new),与
    ``torch.optim.Adam(lr=lr, betas=betas, eps=eps)`` 一致。

    ``m`` and ``v`` are the moving averages of the gradient and of its square
    (zeros at the start); ``t`` is the number of this step, counting from 1
    (the first step is t=1). With ``beta1, beta2 = betas``, see the formulas
    above. Return ``(p_new, m_new, v_new)`` (the uncorrected m_new and v_new),
    as ``torch.optim.Adam(lr=lr, betas=betas, eps=eps)`` does.
    """
    raise NotImplementedError


def make_optimizer(
    params: Iterable[torch.nn.Parameter], name: str, lr: float = 1e-3
) -> torch.optim.Optimizer:
    """按名字创建 torch.optim 优化器 / Create a torch.optim optimizer by name.

    - ``"sgd"``: ``torch.optim.SGD``
    - ``"momentum"``: ``torch.optim.SGD``,momentum=0.9 / with momentum=0.9
    - ``"adagrad"``: ``torch.optim.Adagrad``
    - ``"rmsprop"``: ``torch.optim.RMSprop``
    - ``"adam"``: ``torch.optim.Adam``

    优化器管理传入的参数 ``params``,学习率为 ``lr``,其余选项保持默认值。
    其他名字抛出 ``ValueError``,信息中写出该名字。

    The optimizer manages the given ``params`` with learning rate ``lr``; every
    other option keeps its default. Any other name raises ``ValueError`` naming
    it.
    """
    raise NotImplementedError


def max_stable_lr(hessian: Tensor) -> float:
    """梯度下降不发散的最大学习率 / The largest learning rate at which gradient descent does not diverge.

    对二次函数 f(x) = ½ xᵀHx(H 对称正定),梯度下降 ``x ← x - lr * H x``
    在 ``lr < 2 / λmax`` 时收敛,其中 λmax 是 H 的最大特征值。返回 ``2 / λmax``,
    类型为 Python ``float``(可用 ``.item()`` 或 ``float(...)`` 转换)。

    For the quadratic f(x) = ½ xᵀHx (H symmetric positive definite), gradient
    descent ``x ← x - lr * H x`` converges when ``lr < 2 / λmax``, λmax being
    the largest eigenvalue of H. Return ``2 / λmax`` as a Python ``float``
    (convert with ``.item()`` or ``float(...)``).
    """
    raise NotImplementedError

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


# BEGIN QUIZ 2.4 ------------------------------------------------------------
# 小测验 2.4:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.4: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [单选 single choice]
#   哪种优化器用“过去所有梯度平方之和”的平方根去除每个参数的梯度,因而每个参数都有自己的步长,而且这个步长在训练中只会变小、不会再变大?
#   Which optimizer divides each parameter's gradient by the square root of the sum of all its past squared gradients, so every parameter gets its own step size, which can only shrink as training goes on and never grows again?
#   A. 带动量的 SGD / SGD with momentum
#   B. RMSprop
#   C. Adam
#   D. Adagrad
#
# q2 [多选 multiple choice]
#   关于学习率的大小,哪些说法正确?(可能有多个正确答案)
#   Which statements about the size of the learning rate are true? (Several may be right.)
#   A. 训练几步后损失迅速变大甚至变成 nan,学习率很可能太大了 / If the loss grows fast or turns into nan after a few steps, the learning rate is probably too large
#   B. 损失一直在下降但下降得非常慢,学习率可能太小了 / If the loss keeps decreasing but very slowly, the learning rate may be too small
#   C. 学习率越大,总能越快达到越低的损失 / A larger learning rate always reaches a lower loss faster
#   D. 损失上下剧烈跳动、始终稳定不下来时,先把学习率调小是合理的尝试 / If the loss jumps up and down and never settles, lowering the learning rate is a sensible first try
#   E. 用 Adam 时学习率无关紧要,因为 Adam 会自动调整步长 / With Adam the learning rate does not matter, because Adam adapts the step size by itself
#
# q3 [单选 single choice]
#   用 torch.optim.SGD(params, lr=lr, momentum=0.9)(默认 dampening=0),速度从 0 开始:v = 0.9·v + g,p = p − lr·v。如果每一步的梯度都是同一个 g,训练足够多步后,每一步参数大约移动多少?
#   With torch.optim.SGD(params, lr=lr, momentum=0.9) (default dampening=0) and a velocity starting at 0: v = 0.9·v + g, p = p − lr·v. If the gradient is the same g at every step, how far does each step move the parameter after many steps?
#   A. lr·g:梯度不变时动量不改变步长 / lr·g: momentum does not change the step when the gradient is constant
#   B. 0.9·lr·g
#   C. 10·lr·g
#   D. 步长无限增大 / The step grows without bound
#
# q4 [多选 multiple choice]
#   Adam 用 m̂ = m / (1 − β1^t) 和 v̂ = v / (1 − β2^t) 做偏差修正(默认 β1 = 0.9,β2 = 0.999)。哪些说法正确?(可能有多个正确答案)
#   Adam corrects its moments with m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t) (by default β1 = 0.9, β2 = 0.999). Which statements are true? (Several may be right.)
#   A. m 和 v 从 0 开始,前几步的估计偏向 0;除以 (1 − β^t) 正好抵消这个偏差 / m and v start at 0, so their early estimates are biased toward 0; dividing by (1 − β^t) removes exactly that bias
#   B. 不做修正时,第一步的步长约为 3.16·lr,而不是约 lr,因为 v 比 m 偏小得多 / Without the correction the first step is about 3.16·lr instead of about lr, because v is biased much more than m
#   C. 修正因子的作用是在整个训练过程中逐渐减小学习率 / The correction factor's purpose is to decay the learning rate over the whole training
#   D. t 从 0 开始计数,所以第一步的修正因子是 1 − β^0 / t counts from 0, so the first step's correction factor is 1 − β^0
#   E. 随着 t 增大,1 − β^t 趋于 1,修正几乎不再起作用 / As t grows, 1 − β^t tends to 1 and the correction has almost no effect
#
# q5 [数值 numeric]
#   用梯度下降最小化 f(x) = ½·xᵀHx,H 对称正定,特征值为 0.5、2 和 8。学习率小于多少时梯度下降一定收敛(求这个上限)?
#   Gradient descent minimises f(x) = ½·xᵀHx, with H symmetric positive definite and eigenvalues 0.5, 2 and 8. Below which learning rate does gradient descent always converge (give that bound)?
QUIZ = {
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

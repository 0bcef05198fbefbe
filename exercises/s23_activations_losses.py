"""第 2.3 节 激活函数与损失函数 / Section 2.3: activation and loss functions.

完成下面每个函数,删除 ``raise NotImplementedError``。用 ``ch2-grade check 2.3`` 自测。
除非特别说明,不要修改传入的张量(不要对输入做原地运算)。

Fill in each function below and remove ``raise NotImplementedError``.
Check your work with ``ch2-grade check 2.3``. Never modify the tensors you are
given (no in-place operations on inputs) unless stated.
"""

from __future__ import annotations

from torch import Tensor, nn


def softmax(x: Tensor, dim: int = -1) -> Tensor:
    """数值稳定的 softmax / Numerically stable softmax.

    沿维度 ``dim`` 计算 ``exp(x) / sum(exp(x))``:结果与 ``x`` 形状相同,
    沿 ``dim`` 的每一组数之和为 1。``x`` 可以是任意维数的张量,``dim`` 可以是
    任意合法的维度(包括负数)。对于 ±1e4 这样的大得分,结果也必须是有限值:
    先减去沿 ``dim`` 的最大值,再取指数(结果不变,但不会溢出)。
    请用基本运算自己写出计算过程:调用现成的 softmax(``torch.softmax``、
    ``F.softmax``、``x.softmax``、``nn.Softmax``)会被判为 ``uses-builtin``,
    扣掉本题一半的分数;它们只用于在你自己的测试里对照结果。

    Compute ``exp(x) / sum(exp(x))`` along dimension ``dim``: the result has
    the shape of ``x`` and sums to 1 along ``dim``. ``x`` may have any number
    of dimensions and ``dim`` may be any valid dimension (negative ones too).
    The result must stay finite for scores as large as ±1e4: subtract the
    maximum along ``dim`` before exponentiating (the result is the same, but
    nothing overflows). Write the computation out yourself with basic
    operations: calling a ready-made softmax (``torch.softmax``,
    ``F.softmax``, ``x.softmax``, ``nn.Softmax``) is named ``uses-builtin``
    and costs half of this exercise's points; use them only to compare
    results in your own tests.

    Example: ``softmax(torch.tensor([1.0, 2.0, 3.0]))`` is about
    ``tensor([0.0900, 0.2447, 0.6652])``.
    """
    raise NotImplementedError


def log_softmax(x: Tensor, dim: int = -1) -> Tensor:
    """数值稳定的 log-softmax / Numerically stable log-softmax.

    沿维度 ``dim`` 计算 ``log(softmax(x))``,形状与 ``x`` 相同。不要先算 softmax
    再取对数:某个得分比最大值小很多(例如小 200)时,它的概率在 float32 中
    下溢为 0,取对数得到 ``-inf``。应当使用
    ``x - m - log(sum(exp(x - m)))``,其中 ``m`` 是沿 ``dim`` 的最大值
    (log-sum-exp 技巧)。得分为 ±1e4 时结果也必须是有限值。请自己写出计算过程:
    调用现成的 log-softmax(``torch.log_softmax``、``F.log_softmax``、
    ``nn.LogSoftmax``)会被判为 ``uses-builtin``,扣掉本题一半的分数;
    ``torch.logsumexp`` 可以用。

    Compute ``log(softmax(x))`` along dimension ``dim``; the result has the
    shape of ``x``. Do not take the log of a softmax: a score far below the
    maximum (say 200 below) has a probability that underflows to 0 in float32,
    and its log is ``-inf``. Use ``x - m - log(sum(exp(x - m)))`` with ``m``
    the maximum along ``dim`` (the log-sum-exp trick). The result must stay
    finite for scores of ±1e4. Write the computation out yourself: calling a
    ready-made log-softmax (``torch.log_softmax``, ``F.log_softmax``,
    ``nn.LogSoftmax``) is named ``uses-builtin`` and costs half of this
    exercise's points; ``torch.logsumexp`` is fine.
    """
    raise NotImplementedError


def cross_entropy(logits: Tensor, target: Tensor) -> Tensor:
    """多分类交叉熵 / Multiclass cross-entropy.

    ``logits`` 形状为 (N, C),是模型输出的原始得分(没有经过 softmax);
    ``target`` 形状为 (N,),dtype 为 int64,是每个样本的正确类别编号(0 到 C-1)。
    返回 N 个样本负对数似然 ``-log softmax(logits)[i, target[i]]`` 的平均值,
    是一个标量张量(形状 ()),与 ``F.cross_entropy(logits, target)`` 相等。
    对很大的 logits(例如 ±1e4)也必须给出有限的结果,并且可以反向传播。

    ``logits`` (N, C) are raw scores (no softmax applied); ``target`` (N,)
    int64 holds each sample's class index (0 to C-1). Return the mean over the
    N samples of the negative log-likelihood
    ``-log softmax(logits)[i, target[i]]`` as a scalar tensor (shape ()),
    equal to ``F.cross_entropy(logits, target)``. It must stay finite for huge
    logits (such as ±1e4) and must support backpropagation.
    """
    raise NotImplementedError


def bce_with_logits(logits: Tensor, target: Tensor) -> Tensor:
    """由 logits 计算二分类交叉熵 / Binary cross-entropy from logits.

    ``logits`` 是任意形状的原始得分,``target`` 形状相同,元素为 0. 或 1.(浮点)。
    返回所有元素上 ``-[t·log σ(x) + (1-t)·log(1-σ(x))]`` 的平均值(标量张量),
    与 ``F.binary_cross_entropy_with_logits(logits, target)`` 相等。
    |logits| 达到 1e4 时结果也必须有限且正确:先算 sigmoid 再取 log 会得到
    ``log(0)``。可以使用恒等式
    ``max(x, 0) - x·t + log(1 + exp(-|x|))``。

    ``logits`` are raw scores of any shape and ``target`` has the same shape,
    holding 0. or 1. (floats). Return the mean over all elements of
    ``-[t·log σ(x) + (1-t)·log(1-σ(x))]`` as a scalar tensor, equal to
    ``F.binary_cross_entropy_with_logits(logits, target)``. The result must be
    finite and right for |logits| up to 1e4: taking the log of a sigmoid gives
    ``log(0)`` there. The identity ``max(x, 0) - x·t + log(1 + exp(-|x|))``
    helps.
    """
    raise NotImplementedError


def choose_loss(task: str) -> nn.Module:
    """为任务选择损失函数 / Choose the loss function for a task.

    返回一个损失模块(实例,而不是类),它接收模型的原始输出:

    - ``"regression"``:预测值与目标值都是浮点张量 / float predictions and
      targets (``nn.MSELoss``)
    - ``"binary"``:形状 (N,) 的原始 logit 和 0./1. 的目标 / raw logits (N,)
      and 0./1. targets (``nn.BCEWithLogitsLoss``)
    - ``"multiclass"``:形状 (N, C) 的原始 logits 和 int64 类别编号 / raw
      logits (N, C) and int64 class indices (``nn.CrossEntropyLoss``)

    其他任务名抛出 ``ValueError``,信息中写出该名字。

    Return a loss module (an instance, not a class) that takes the model's raw
    outputs, as listed above. Any other task name raises ``ValueError``
    naming it.
    """
    raise NotImplementedError


def predict_and_loss(model: nn.Module, x: Tensor, y: Tensor) -> tuple[Tensor, Tensor]:
    """多分类模型的预测概率与损失 / Probabilities and loss of a multiclass model.

    ``model(x)`` 返回形状 (N, C) 的 logits,``y`` 是形状 (N,) 的 int64 类别编号。
    返回 ``(probabilities, loss)``:

    - ``probabilities``:对 logits 在类别维上做 softmax,形状 (N, C),每行之和为 1;
    - ``loss``:用 ``nn.CrossEntropyLoss`` 在 **logits** 上计算的平均损失
      (标量张量),必须能够反向传播到模型参数。

    不要修改模型参数,不要调用 ``backward``。

    ``model(x)`` returns logits (N, C) and ``y`` (N,) holds int64 class
    indices. Return ``(probabilities, loss)``: the softmax of the logits over
    the class dimension, shape (N, C) with every row summing to 1; and the mean
    ``nn.CrossEntropyLoss`` computed on the **logits**, a scalar tensor that
    can backpropagate to the model's parameters. Do not change the model's
    parameters and do not call ``backward``.
    """
    raise NotImplementedError


# BEGIN QUIZ 2.3 ------------------------------------------------------------
# 小测验 2.3:在下面的 QUIZ 中把 None 换成你的答案。
# Quiz 2.3: replace None in QUIZ below with your answers.
#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42
#
# q1 [多选 multiple choice]
#   模型的最后一层是 Linear,输出原始得分(logits),没有任何激活。下面哪些“任务 — 损失函数”的搭配是正确的?(可能有多个正确答案)
#   The model ends in a Linear layer that outputs raw scores (logits), with no activation. Which pairings of task and loss function are correct? (Several may be right.)
#   A. 多分类,logits 形状 (N, C),目标是类别下标 — nn.CrossEntropyLoss / Multiclass, logits of shape (N, C), targets are class indices — nn.CrossEntropyLoss
#   B. 二分类,每个样本 1 个 logit — nn.BCELoss / Binary, one logit per sample — nn.BCELoss
#   C. 二分类,每个样本 1 个 logit — nn.BCEWithLogitsLoss / Binary, one logit per sample — nn.BCEWithLogitsLoss
#   D. 预测房价 — nn.CrossEntropyLoss / Predicting house prices — nn.CrossEntropyLoss
#   E. 多分类,logits 形状 (N, C) — nn.NLLLoss / Multiclass, logits of shape (N, C) — nn.NLLLoss
#   F. 预测房价 — nn.MSELoss / Predicting house prices — nn.MSELoss
#
# q2 [单选 single choice]
#   一个 5 分类模型以 nn.Linear(64, 5) 结尾,用 nn.CrossEntropyLoss 训练。模型输出的是什么?预测时怎样得到类别概率?
#   A 5-class model ends in nn.Linear(64, 5) and is trained with nn.CrossEntropyLoss. What does the model output, and how do you get class probabilities at prediction time?
#   A. 已经是概率,因为训练时用了交叉熵;直接使用即可 / Probabilities already, because it was trained with cross-entropy; use them as they are
#   B. 对数概率;用 torch.exp(outputs) 得到概率 / Log-probabilities; torch.exp(outputs) gives the probabilities
#   C. logits(任意实数的未归一化得分);用 torch.softmax(outputs, dim=1) 得到概率 / Logits (unnormalised scores, any real numbers); torch.softmax(outputs, dim=1) gives the probabilities
#   D. logits;对每个得分做 torch.sigmoid,得到和为 1 的概率 / Logits; torch.sigmoid on each score gives probabilities that sum to 1
#
# q3 [单选 single choice]
#   某同学写了 loss = nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), y)。会发生什么?
#   A student writes loss = nn.CrossEntropyLoss()(torch.softmax(logits, dim=1), y). What happens?
#   A. 能正常运行不报错,但 softmax 被做了两次(交叉熵内部还会做 log-softmax):损失值不对,即使预测完全正确也降不到接近 0,梯度也变小,训练很慢 / It runs without an error, but softmax is applied twice (cross-entropy applies log-softmax inside): the loss is wrong, cannot get close to 0 even for perfect predictions, and the gradients shrink, so training is slow
#   B. 没有任何影响:softmax 做两次和做一次结果相同 / No effect: applying softmax twice gives the same result as once
#   C. 立即报错,因为 CrossEntropyLoss 不接受概率作为输入 / It raises an error at once, because CrossEntropyLoss does not accept probabilities
#   D. 损失恰好变成正确值的 2 倍,只需把学习率减半即可 / The loss becomes exactly twice the right value, so halving the learning rate fixes it
#
# q4 [多选 multiple choice]
#   x 是 float32 的 logits(多分类时形状为 (N, C)),数值的绝对值可能大到 1e4。下面哪些计算在数值上是稳定的(不会出现 inf 或 nan)?(可能有多个正确答案)
#   x holds float32 logits (of shape (N, C) for multiclass) whose absolute values may be as large as 1e4. Which computations are numerically stable (no inf or nan)? (Several may be right.)
#   A. torch.exp(x) / torch.exp(x).sum(dim=1, keepdim=True)
#   B. z = x - x.amax(dim=1, keepdim=True),再算 torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True) / z = x - x.amax(dim=1, keepdim=True), then torch.exp(z) / torch.exp(z).sum(dim=1, keepdim=True)
#   C. 用 torch.log(torch.softmax(x, dim=1)) 求对数概率 / torch.log(torch.softmax(x, dim=1)) for the log-probabilities
#   D. 用 torch.log_softmax(x, dim=1) 求对数概率 / torch.log_softmax(x, dim=1) for the log-probabilities
#   E. 二分类(x 形状 (N,),目标 t 为 0/1 的浮点数):nn.BCEWithLogitsLoss()(x, t) / Binary (x of shape (N,), float targets t of 0/1): nn.BCEWithLogitsLoss()(x, t)
#   F. 二分类(x、t 同 E):p = torch.sigmoid(x),再算 -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean() / Binary (x and t as in E): p = torch.sigmoid(x), then -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()
#
# q5 [数值 numeric]
#   一个 3 分类模型对某个样本输出 logits [2.0, 0.0, 0.0],正确类别是第 0 类。nn.CrossEntropyLoss 对这个样本的损失是多少(自然对数)?保留 3 位小数。
#   A 3-class model outputs the logits [2.0, 0.0, 0.0] for one sample whose correct class is class 0. What is nn.CrossEntropyLoss for this sample (natural logarithm)? Give 3 decimal places.
QUIZ = {
    "q1": None,
    "q2": None,
    "q3": None,
    "q4": None,
    "q5": None,
}
# END QUIZ

"""A student's section 2.4 (sample submission with typical mistakes)."""

import torch


def sgd_step(param, grad, lr):
    return param - lr * grad


def momentum_step(param, grad, velocity, lr, momentum=0.9):
    velocity = momentum * velocity + grad
    return param - lr * velocity, velocity


def adagrad_step(param, grad, sum_sq, lr, eps=1e-10):
    sum_sq = sum_sq + grad**2
    return param - lr * grad / (torch.sqrt(sum_sq) + eps), sum_sq


def rmsprop_step(param, grad, square_avg, lr, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad**2
    return param - lr * grad / (torch.sqrt(square_avg) + eps), square_avg


def adam_step(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    b1, b2 = betas
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad**2
    return param - lr * m / (torch.sqrt(v) + eps), m, v  # no bias correction


def make_optimizer(params, name, lr=1e-3):
    table = {
        "sgd": lambda: torch.optim.SGD(params, lr=lr),
        "momentum": lambda: torch.optim.SGD(params, lr=lr, momentum=0.9),
        "adagrad": lambda: torch.optim.Adagrad(params, lr=lr),
        "rmsprop": lambda: torch.optim.RMSprop(params, lr=lr),
        "adam": lambda: torch.optim.Adam(params, lr=lr),
    }
    if name not in table:
        raise ValueError(f"unknown optimizer {name}")
    return table[name]()


def max_stable_lr(hessian):
    return 1.0 / torch.linalg.eigvalsh(hessian).max().item()


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
    "q1": "D",
    "q2": ["A", "B", "D"],
    "q3": "C",
    "q4": ["A", "B", "E"],
    "q5": 0.125,
}
# END QUIZ

"""Mistakes of section 2.4: optimizers."""

from autograder.mistakes import mistake

MISTAKES = (
    mistake(
        "gradient-ascent",
        zh="参数沿着梯度方向移动(p + lr*g),损失会越来越大:这是梯度上升,不是梯度下降。",
        en="The parameter moves along the gradient (p + lr*g), which makes the loss grow: that is gradient ascent, not descent.",
        hint_zh="梯度指向损失增大的方向,更新时要减去它:p - lr * g。",
        hint_en="The gradient points uphill, so subtract it: p - lr * g.",
    ),
    mistake(
        "momentum-dampened",
        zh="速度按指数移动平均更新(v = momentum*v + (1-momentum)*g),梯度被缩小了;torch.optim.SGD 的动量默认不做这种衰减(dampening=0)。",
        en="The velocity is updated as an exponential moving average (v = momentum*v + (1-momentum)*g), which shrinks the gradient; torch.optim.SGD's momentum does no such dampening by default (dampening=0).",
        hint_zh="梯度直接加到衰减后的速度上:v = momentum * v + g,然后 p = p - lr * v。",
        hint_en="Add the full gradient to the decayed velocity: v = momentum * v + g, then p = p - lr * v.",
    ),
    mistake(
        "velocity-not-returned",
        zh="没有返回更新后的速度(返回的是传入的旧速度,或者根本没返回速度)。下一步拿不到新速度,动量无法累积。",
        en="The updated velocity is not returned (the old velocity that was passed in comes back, or no velocity at all), so the next step cannot build on it and momentum never accumulates.",
        hint_zh="把新速度存进一个新变量,并把它和新参数一起返回:return new_param, new_velocity。",
        hint_en="Keep the new velocity in its own variable and return it with the new parameter: return new_param, new_velocity.",
    ),
    mistake(
        "adagrad-no-accumulation",
        zh="平方和没有累积:只用了当前这一步的 g²,而不是把它加到之前所有步的平方和 sum_sq 上。这样学习率不会随训练逐渐变小。",
        en="The squares are not accumulated: only this step's g² is used instead of adding it to sum_sq, the running sum over all earlier steps, so the step size never shrinks as training goes on.",
        hint_zh="先累积再更新:s = sum_sq + g * g;p = p - lr * g / (sqrt(s) + eps);返回 (p, s)。",
        hint_en="Accumulate first, then update: s = sum_sq + g * g; p = p - lr * g / (sqrt(s) + eps); return (p, s).",
    ),
    mistake(
        "eps-inside-sqrt",
        zh="eps 被放进了平方根里(sqrt(s + eps)),而 torch.optim 是先开根号再加 eps(sqrt(s) + eps)。当累积的平方很小(与 eps 同量级)时,两者的步长差别很大。",
        en="eps was put inside the square root (sqrt(s + eps)), whereas torch.optim takes the square root first and then adds eps (sqrt(s) + eps). When the accumulated squares are small (of the order of eps) the two give very different steps.",
        hint_zh="分母写成 s.sqrt() + eps(Adam 中为 v_hat.sqrt() + eps),不要写 (s + eps).sqrt()。",
        hint_en="Write the denominator as s.sqrt() + eps (v_hat.sqrt() + eps in Adam), not (s + eps).sqrt().",
    ),
    mistake(
        "rmsprop-alpha-swapped",
        zh="alpha 和 1-alpha 用反了:新的 g² 得到了权重 alpha,旧的平均值只剩 1-alpha,平均值几乎只反映当前这一步。",
        en="alpha and 1-alpha are swapped: the new g² gets weight alpha and the old average only 1-alpha, so the average reflects almost nothing but the current step.",
        hint_zh="alpha 是旧平均值的保留比例:a = alpha * a + (1 - alpha) * g * g。",
        hint_en="alpha is how much of the old average is kept: a = alpha * a + (1 - alpha) * g * g.",
    ),
    mistake(
        "adam-no-bias-correction",
        zh="没有做偏差修正:直接用 m 和 v 更新。它们从 0 开始,前几步明显偏小,尤其 v 很小,会让早期步长过大。",
        en="There is no bias correction: m and v are used as they are. Both start at 0 and are far too small in the first steps (v especially), which makes the early steps too large.",
        hint_zh="用 m_hat = m / (1 - beta1**t) 和 v_hat = v / (1 - beta2**t),再计算 p - lr * m_hat / (sqrt(v_hat) + eps)。",
        hint_en="Use m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t), then p - lr * m_hat / (sqrt(v_hat) + eps).",
    ),
    mistake(
        "adam-step-zero-based",
        zh="步数差了一:把 t 当成从 0 开始计数(偏差修正里用了 t+1)。题目中的 t 从 1 开始,第一步就是 t=1。",
        en="The step count is off by one: t was treated as counting from 0 (t+1 used in the bias correction). Here t counts from 1: the first step is t=1.",
        hint_zh="直接用传入的 t:1 - beta1**t 与 1 - beta2**t,不要再加 1。",
        hint_en="Use t exactly as given: 1 - beta1**t and 1 - beta2**t, without adding 1.",
    ),
    mistake(
        "optimizer-name-ignored",
        zh="不论 name 是什么,返回的都是同一种优化器(同样的类和设置)。",
        en="Whatever the name, the same optimizer (same class and settings) comes back.",
        hint_zh='按名字分别构造:"sgd"→SGD,"momentum"→SGD(momentum=0.9),"adagrad"→Adagrad,"rmsprop"→RMSprop,"adam"→Adam。',
        hint_en='Build one per name: "sgd"→SGD, "momentum"→SGD(momentum=0.9), "adagrad"→Adagrad, "rmsprop"→RMSprop, "adam"→Adam.',
    ),
    mistake(
        "lr-ignored",
        zh="优化器的学习率不是传入的 lr(没有把 lr 传给优化器,或写死了某个数值)。",
        en="The optimizer's learning rate is not the lr that was passed in (lr was not handed to the optimizer, or a fixed number was written instead).",
        hint_zh="构造每个优化器时都传 lr=lr,例如 torch.optim.Adam(params, lr=lr)。",
        hint_en="Pass lr=lr when building every optimizer, for example torch.optim.Adam(params, lr=lr).",
    ),
    mistake(
        "uses-min-eigenvalue",
        zh="用了最小特征值。沿最大特征值方向的曲率最大,学习率超过 2/λmax 时这个方向先发散,所以由 λmax 决定上限。",
        en="The smallest eigenvalue was used. The direction of the largest eigenvalue curves most and is the first to diverge once the learning rate exceeds 2/λmax, so λmax sets the limit.",
        hint_zh="eigvalsh 返回升序排列的特征值:取最大的那个(.max() 或 [-1]),返回 2 / λmax。",
        hint_en="eigvalsh returns eigenvalues in ascending order: take the largest (.max() or [-1]) and return 2 / λmax.",
    ),
    mistake(
        "one-over-lambda",
        zh="返回了 1/λmax。沿某个特征方向,每步误差乘以 (1 - lr*λ),只要 |1 - lr*λ| < 1 就不发散,即 lr < 2/λ;1/λmax 只是一步就到达该方向极小值的学习率。",
        en="1/λmax was returned. Along each eigen-direction the error is multiplied by (1 - lr*λ) per step, which does not blow up while |1 - lr*λ| < 1, i.e. lr < 2/λ; 1/λmax is only the rate that reaches that direction's minimum in one step.",
        hint_zh="稳定的上限是 2 / λmax。",
        hint_en="The stability limit is 2 / λmax.",
    ),
)

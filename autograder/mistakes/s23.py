"""Mistakes of section 2.3: activation and loss functions.

``softmax-wrong-dim`` is described in section 2.1 and reused here.
"""

from autograder.mistakes import mistake

MISTAKES = (
    mistake(
        "softmax-overflow",
        zh="softmax 取 exp 之前没有减去沿 dim 的最大值(直接用原始得分,或减去整个张量的最大值):得分很大(如 1e4)时 exp 溢出为 inf,inf/inf 得到 nan;一组得分都很小时分母下溢为 0,0/0 也是 nan。",
        en="The softmax exponentiates scores that were not shifted by their own maximum along dim (raw scores, or minus the maximum of the whole tensor): for large scores (such as 1e4) exp overflows to inf and inf/inf is nan; when a group of scores is all very negative its sum underflows to 0 and 0/0 is nan.",
        hint_zh="先减去沿 dim 的最大值:z = x - x.amax(dim=dim, keepdim=True),再计算 exp(z) / exp(z).sum(dim=dim, keepdim=True)。结果不变,但 exp 的参数都 ≤ 0,不会溢出。",
        hint_en="Subtract the maximum along dim first: z = x - x.amax(dim=dim, keepdim=True), then exp(z) / exp(z).sum(dim=dim, keepdim=True). The result is the same, but every exponent is ≤ 0 so nothing overflows.",
    ),
    mistake(
        "log-of-softmax-underflow",
        zh="log_softmax 是先算 softmax 再取 log:某个得分比最大值小一百多时,它的概率在 float32 中下溢为 0,log(0) = -inf。",
        en="log_softmax takes the log of a softmax: a score more than about a hundred below the maximum gets a probability that underflows to 0 in float32, and log(0) = -inf.",
        hint_zh="不要经过概率:z = x - x.amax(dim=dim, keepdim=True),返回 z - z.exp().sum(dim=dim, keepdim=True).log()(log-sum-exp 技巧)。",
        hint_en="Do not go through probabilities: with z = x - x.amax(dim=dim, keepdim=True), return z - z.exp().sum(dim=dim, keepdim=True).log() (the log-sum-exp trick).",
    ),
    mistake(
        "softmax-before-ce",
        zh="在计算交叉熵之前先对 logits 做了 softmax。交叉熵(F.cross_entropy / nn.CrossEntropyLoss)内部已经做了 log-softmax,再做一次 softmax 会把得分压缩两次,损失值错误,梯度也变得很小。",
        en="Softmax was applied to the logits before the cross-entropy. Cross-entropy (F.cross_entropy / nn.CrossEntropyLoss) already applies log-softmax itself, so the scores are squashed twice: the loss is wrong and its gradients shrink.",
        hint_zh="把原始 logits 直接交给交叉熵;softmax 只用于给出预测概率。自己实现时用 log_softmax(logits) 取出目标类别那一项再取负平均。",
        hint_en="Give the raw logits to the cross-entropy and keep softmax for reporting probabilities only. If you write it yourself, take log_softmax(logits) at each target class, negate and average.",
    ),
    mistake(
        "ce-sum-not-mean",
        zh="交叉熵把 N 个样本的损失加起来了,而不是求平均,结果是正确值的 N 倍(与 F.cross_entropy 默认的 reduction='mean' 不一致)。",
        en="The cross-entropy adds up the N per-sample losses instead of averaging them, so it is N times too large (F.cross_entropy uses reduction='mean' by default).",
        hint_zh="对每个样本的负对数似然用 .mean() 求平均,而不是 .sum()。",
        hint_en="Average the per-sample negative log-likelihoods with .mean(), not .sum().",
    ),
    mistake(
        "ce-overflow",
        zh="交叉熵对很大的 logits(如 ±1e4)不稳定:直接计算 exp(logits) 会溢出为 inf(或者概率下溢为 0 后取 log 得到 -inf),损失变成 inf 或 nan。",
        en="The cross-entropy is unstable for huge logits (such as ±1e4): exp(logits) overflows to inf (or a probability underflows to 0 and its log is -inf), so the loss becomes inf or nan.",
        hint_zh="用 log-sum-exp 技巧:先减去每行最大值 m,loss_i = m + log(sum(exp(x_i - m))) - x_i[target_i];或者用 log_softmax 再取目标类别。",
        hint_en="Use the log-sum-exp trick: subtract each row's maximum m, loss_i = m + log(sum(exp(x_i - m))) - x_i[target_i]; or take log_softmax and pick the target class.",
    ),
    mistake(
        "sigmoid-then-log-unstable",
        zh="先算 sigmoid 再取 log:|logit| 较大时 sigmoid 在 float32 中恰好等于 0 或 1,log(0) 得到 inf/nan;加 eps 或用 BCELoss(它把 log 截断在 -100)又会让很自信的错误预测损失封顶,不再随 logit 增大。",
        en="It takes the log of a sigmoid: for large |logit| the sigmoid is exactly 0 or 1 in float32 and log(0) gives inf/nan; adding an eps or using BCELoss (which clips the log at -100) caps the loss of confident mistakes instead of letting it grow with the logit.",
        hint_zh="直接从 logits 计算,不经过概率:loss = F.softplus(x) - x * t(softplus(x) = log(1 + e^x),PyTorch 会稳定地计算),或 max(x, 0) - x * t + log1p(exp(-|x|)),再求平均。",
        hint_en="Work from the logits, never through probabilities: loss = F.softplus(x) - x * t (softplus(x) = log(1 + e^x), computed stably by PyTorch), or max(x, 0) - x * t + log1p(exp(-|x|)), then average.",
    ),
    mistake(
        "bce-sign-error",
        zh="二分类交叉熵的符号错了:损失出现负数,或者预测正确反而比预测错误的损失更大(例如漏掉了最前面的负号,或把 t 与 1 - t 写反了)。",
        en="The binary cross-entropy has a sign error: the loss can be negative, or a right prediction costs more than a wrong one (for example the leading minus is missing, or t and 1 - t are swapped).",
        hint_zh="BCE = -[t·log σ(x) + (1 - t)·log(1 - σ(x))],等价于 max(x, 0) - x·t + log(1 + exp(-|x|)),对每个元素都 ≥ 0。",
        hint_en="BCE = -[t·log σ(x) + (1 - t)·log(1 - σ(x))], the same as max(x, 0) - x·t + log(1 + exp(-|x|)), which is ≥ 0 for every element.",
    ),
    mistake(
        "mse-for-classification",
        zh="分类任务(这里是二分类)用了 MSELoss:它把 logit 当成回归值去逼近 0/1,这不是分类模型的似然,训练效果差。",
        en="MSELoss was chosen for a classification task (here binary): it pushes the logits towards 0/1 like a regression, which is not a classifier's likelihood, and it trains poorly.",
        hint_zh="二分类的原始 logit 用 nn.BCEWithLogitsLoss(),多分类用 nn.CrossEntropyLoss();MSELoss 只用于回归。",
        hint_en="Use nn.BCEWithLogitsLoss() for raw binary logits and nn.CrossEntropyLoss() for multiclass; keep MSELoss for regression.",
    ),
    mistake(
        "bce-on-logits",
        zh="二分类任务用了 nn.BCELoss:它要求输入是 (0, 1) 内的概率,直接接收原始 logits 时会报错或算出错误的损失。",
        en="nn.BCELoss was chosen for binary classification: it expects probabilities in (0, 1), so raw logits make it fail or give a wrong loss.",
        hint_zh="模型输出原始 logit 时用 nn.BCEWithLogitsLoss(),它在内部稳定地结合了 sigmoid 和 BCE。",
        hint_en="For raw logits use nn.BCEWithLogitsLoss(), which combines the sigmoid and the BCE stably inside.",
    ),
    mistake(
        "ce-for-regression",
        zh="回归任务用了 nn.CrossEntropyLoss:交叉熵把预测当作类别得分,把目标当作概率分布,对连续数值没有意义。",
        en="nn.CrossEntropyLoss was chosen for regression: it treats predictions as class scores and targets as probability distributions, which means nothing for continuous values.",
        hint_zh="回归用 nn.MSELoss()(均方误差)。",
        hint_en="Use nn.MSELoss() (mean squared error) for regression.",
    ),
    mistake(
        "nll-on-logits",
        zh="多分类任务用了 nn.NLLLoss:它要求输入是 log 概率(log_softmax 的输出),直接接收原始 logits 时只是取负的目标得分,不是交叉熵。",
        en="nn.NLLLoss was chosen for multiclass: it expects log-probabilities (the output of log_softmax); on raw logits it just negates the target's score, which is not the cross-entropy.",
        hint_zh="原始 logits 用 nn.CrossEntropyLoss()(= LogSoftmax + NLLLoss)。",
        hint_en="For raw logits use nn.CrossEntropyLoss() (= LogSoftmax + NLLLoss).",
    ),
    mistake(
        "probs-not-normalised",
        zh="返回的“概率”没有在类别维上归一化:每行之和不为 1(例如直接返回 logits、用了 sigmoid,或在错误的维度上做 softmax)。",
        en="The returned 'probabilities' are not normalised over the classes: rows do not sum to 1 (for example logits returned as they are, a sigmoid, or a softmax over the wrong dim).",
        hint_zh="概率用 torch.softmax(logits, dim=1):形状 (N, C),每行之和为 1。",
        hint_en="Use torch.softmax(logits, dim=1) for the probabilities: shape (N, C), each row summing to 1.",
    ),
)

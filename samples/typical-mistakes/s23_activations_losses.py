"""A student's section 2.3 (sample submission with typical mistakes)."""

import torch
from torch import nn


def softmax(x, dim=-1):
    e = torch.exp(x)  # overflows for large scores
    return e / e.sum(dim=dim, keepdim=True)


def log_softmax(x, dim=-1):
    return x - torch.logsumexp(x, dim=dim, keepdim=True)


def cross_entropy(logits, target):
    probs = torch.softmax(logits, dim=1)
    return nn.functional.cross_entropy(probs, target)  # softmax applied twice


def bce_with_logits(logits, target):
    return nn.functional.binary_cross_entropy_with_logits(logits, target)


def choose_loss(task):
    losses = {"regression": nn.MSELoss, "binary": nn.BCELoss, "multiclass": nn.CrossEntropyLoss}
    if task not in losses:
        raise ValueError(f"unknown task {task}")
    return losses[task]()


def predict_and_loss(model, x, y):
    logits = model(x)
    return torch.softmax(logits, dim=1), nn.CrossEntropyLoss()(logits, y)


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
    "q1": ["A", "C", "F"],
    "q2": "C",
    "q3": "A",
    "q4": None,
    "q5": 0.24,
}
# END QUIZ

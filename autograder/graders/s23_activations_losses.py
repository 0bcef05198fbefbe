"""Hidden grader for section 2.3: cases and mutants."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from autograder.graders.kit import Graders, Rng
from autograder.spec import Case

GRADERS = Graders("2.3")

HUGE = 1e4


def _huge_scores(rng: Rng, rows: int, cols: int) -> torch.Tensor:
    """Scores around +1e4 or -1e4 (a sign per row, both present), spread by a few units.

    The first row also holds one score 2e4 below the others. Exponentiating
    any of them directly overflows (inf / inf) or underflows (0 / 0).
    """
    signs = torch.where(rng.rand(rows, 1) < 0.5, -1.0, 1.0)
    signs[0], signs[1] = 1.0, -1.0
    scores = rng.randn(rows, cols) * 3 + signs * HUGE
    scores[0, rng.int(0, cols - 1)] = -HUGE
    return scores


def _far_apart_scores(rng: Rng, rows: int, cols: int) -> torch.Tensor:
    """Moderate scores (|x| <= 70, so exp cannot overflow) where each row has one
    score 120 above another: that one's probability underflows to 0 in float32."""
    scores = rng.randn(rows, cols) * 3
    for row in range(rows):
        high, low = rng.py.sample(range(cols), 2)
        scores[row, high] = 50.0 + rng.uniform(0, 5)
        scores[row, low] = -70.0 + rng.uniform(0, 5)
    return scores


# -- softmax and log_softmax -------------------------------------------------
def _scores_case(rng: Rng, dim: int | None = None, shape: tuple[int, ...] | None = None) -> Case:
    a, b, c, rows, cols, rows2, cols2 = rng.distinct(7, 2, 9)
    shape = shape or (a, b, c)
    x = rng.randn(*shape) * rng.uniform(1.0, 4.0)
    return {
        "x": x,
        "dim": rng.choice((0, 1, -2)) if dim is None else dim,
        "large": _huge_scores(rng, rows, cols),
        "spread": _far_apart_scores(rng, rows2, cols2),
    }


def _scores_with_tie() -> Case:
    """dim=0, and one slice along it holds equal scores (uniform probabilities)."""
    case = _scores_case(Rng(230), dim=0, shape=(4, 3, 5))
    case["x"][:, 1, 2] = 1.5
    return case


def _scores_last_dim_single() -> Case:
    """dim=1, and the last dim has size 1 (softmax over it is all ones)."""
    return _scores_case(Rng(231), dim=1, shape=(3, 6, 1))


def _naive_softmax(x, dim=-1):
    e = torch.exp(x)
    return e / e.sum(dim=dim, keepdim=True)


def _softmax_last_dim(x, dim=-1):
    return torch.softmax(x, dim=-1)


@GRADERS.cases(
    "softmax",
    mutants={"softmax-overflow": _naive_softmax, "softmax-wrong-dim": _softmax_last_dim},
    edge_cases=(_scores_with_tie, _scores_last_dim_single),
)
def softmax_cases(rng: Rng) -> Case:
    return _scores_case(rng)


def _log_of_softmax(x, dim=-1):
    return torch.log(torch.softmax(x, dim=dim))


def _log_softmax_last_dim(x, dim=-1):
    return torch.log_softmax(x, dim=-1)


@GRADERS.cases(
    "log_softmax",
    mutants={
        "log-of-softmax-underflow": _log_of_softmax,
        "softmax-wrong-dim": _log_softmax_last_dim,
    },
    edge_cases=(_scores_with_tie, _scores_last_dim_single),
)
def log_softmax_cases(rng: Rng) -> Case:
    return _scores_case(rng)


# -- cross_entropy -----------------------------------------------------------
def _class_scores_case(rng: Rng, n: int, c: int, logits: torch.Tensor | None = None) -> Case:
    rows, cols = rng.distinct(2, 3, 8)
    large = _huge_scores(rng, rows, cols)
    large_target = rng.randint(0, cols, rows)
    # the first row's target is its score 2e4 below the rest: a loss of about 2e4
    large_target[0] = int(large[0].argmin())
    return {
        "logits": rng.randn(n, c) * rng.uniform(1.0, 3.0) if logits is None else logits,
        "target": rng.randint(0, c, n),
        "large": large,
        "large_target": large_target,
    }


def _ce_softmax_first(logits, target):
    return F.cross_entropy(torch.softmax(logits, dim=1), target)


def _ce_sum(logits, target):
    return F.cross_entropy(logits, target, reduction="sum")


def _ce_naive(logits, target):
    probs = torch.exp(logits) / torch.exp(logits).sum(dim=1, keepdim=True)
    return -torch.log(probs[torch.arange(len(target)), target]).mean()


def _ce_equal_scores() -> Case:
    """Every logit equal: the loss is log(C) whatever the targets."""
    case = _class_scores_case(Rng(232), 6, 4, logits=torch.zeros(6, 4))
    case["target"] = torch.full((6,), 3, dtype=torch.int64)
    return case


@GRADERS.cases(
    "cross_entropy",
    mutants={
        "softmax-before-ce": _ce_softmax_first,
        "ce-sum-not-mean": _ce_sum,
        "ce-overflow": _ce_naive,
    },
    edge_cases=(_ce_equal_scores, lambda: _class_scores_case(Rng(233), 1, 5)),
)
def cross_entropy_cases(rng: Rng) -> Case:
    n, c = rng.distinct(2, 2, 9)
    return _class_scores_case(rng, n, c)


# -- bce_with_logits ---------------------------------------------------------
def _binary_case(rng: Rng, shape: tuple[int, ...]) -> Case:
    rows, cols = rng.distinct(2, 2, 7)
    signs = torch.where(rng.rand(rows, cols) < 0.5, -1.0, 1.0)
    return {
        "logits": rng.randn(*shape) * rng.uniform(1.0, 4.0),
        "target": (rng.rand(*shape) < 0.5).float(),
        "large": signs * HUGE + rng.randn(rows, cols) * 3,
        "large_target": (rng.rand(rows, cols) < 0.5).float(),
        "sign_logit": rng.uniform(1.0, 3.0),
        "margins": [20.0, 100.0, HUGE],
    }


def _bce_sigmoid_log(logits, target):
    p = torch.sigmoid(logits)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()


def _bce_missing_minus(logits, target):
    return (target * F.logsigmoid(logits) + (1 - target) * F.logsigmoid(-logits)).mean()


def _bce_three_dims() -> Case:
    """Logits of three dimensions: the mean runs over every element."""
    return _binary_case(Rng(234), (2, 3, 4))


@GRADERS.cases(
    "bce_with_logits",
    mutants={
        "sigmoid-then-log-unstable": _bce_sigmoid_log,
        "bce-sign-error": _bce_missing_minus,
    },
    edge_cases=(_bce_three_dims,),
)
def bce_with_logits_cases(rng: Rng) -> Case:
    n, k = rng.distinct(2, 2, 9)
    return _binary_case(rng, rng.choice([(n,), (n, k)]))


# -- choose_loss -------------------------------------------------------------
_LOSSES = {
    "regression": nn.MSELoss,
    "binary": nn.BCEWithLogitsLoss,
    "multiclass": nn.CrossEntropyLoss,
}


def _chooser(**wrong: type[nn.Module]):
    table = {**_LOSSES, **wrong}

    def choose(task: str) -> nn.Module:
        if task not in table:
            raise ValueError(f"unknown task {task}")
        return table[task]()

    return choose


@GRADERS.cases(
    "choose_loss",
    mutants={
        "mse-for-classification": _chooser(binary=nn.MSELoss, multiclass=nn.MSELoss),
        "bce-on-logits": _chooser(binary=nn.BCELoss),
        "ce-for-regression": _chooser(regression=nn.CrossEntropyLoss),
        "nll-on-logits": _chooser(multiclass=nn.NLLLoss),
    },
)
def choose_loss_cases(rng: Rng) -> Case:
    n, d, k, c = rng.distinct(4, 2, 8)
    m = rng.int(9, 12)
    bin_logits = rng.randn(m) * 2
    bin_logits[0], bin_logits[1] = -1.5, 2.5  # raw logits: some below 0, some above 1
    bin_target = (rng.rand(m) < 0.5).float()
    bin_target[0], bin_target[1] = 0.0, 1.0
    return {
        "reg_pred": rng.randn(n, d) * 2,
        "reg_target": rng.randn(n, d) * 2,
        "bin_logits": bin_logits,
        "bin_small_logits": rng.rand(m) * 0.9 + 0.05,
        "bin_target": bin_target,
        "mc_logits": rng.randn(k, c) * 2,
        "mc_target": rng.randint(0, c, k),
        "bad_task": rng.choice(["ranking", "clustering", "detection", "multilabel"]),
    }


# -- predict_and_loss --------------------------------------------------------
def _ce_on_probabilities(model, x, y):
    logits = model(x)
    probs = torch.softmax(logits, dim=1)
    return probs, nn.CrossEntropyLoss()(probs, y)


def _logits_as_probabilities(model, x, y):
    logits = model(x)
    return logits, nn.CrossEntropyLoss()(logits, y)


def _deeper_model_case() -> Case:
    rng = Rng(235)
    return {
        "layers": [["linear", 6, 5], ["tanh"], ["linear", 5, 4, False], ["relu"], ["linear", 4, 3]],
        "x": rng.randn(7, 6) * 2,
        "y": rng.randint(0, 3, 7),
    }


@GRADERS.cases(
    "predict_and_loss",
    mutants={
        "softmax-before-ce": _ce_on_probabilities,
        "probs-not-normalised": _logits_as_probabilities,
    },
    edge_cases=(_deeper_model_case,),
)
def predict_and_loss_cases(rng: Rng) -> Case:
    n_in, hidden, n_classes, batch = rng.distinct(4, 2, 9)
    return {
        "layers": [["linear", n_in, hidden], ["relu"], ["linear", hidden, n_classes]],
        "x": rng.randn(batch, n_in) * 2,
        "y": rng.randint(0, n_classes, batch),
    }


# -- quiz explanations -----------------------------------------------------------
GRADERS.explain(
    "q1",
    zh="原始 logits 的多分类用 CrossEntropyLoss(= LogSoftmax + NLLLoss,A 对);NLLLoss 要求输入已是 log 概率,直接接 logits 只是取负的目标得分(E 错)。单个 logit 的二分类用 BCEWithLogitsLoss(C 对);BCELoss 要求 (0, 1) 内的概率(B 错)。房价是连续数值,用 MSELoss(F 对);交叉熵把输出当作类别得分,对回归没有意义(D 错)。",
    en="Multiclass raw logits take CrossEntropyLoss (= LogSoftmax + NLLLoss, A); NLLLoss expects log-probabilities, so on logits it just negates the target score (E is wrong). A single binary logit takes BCEWithLogitsLoss (C); BCELoss expects probabilities in (0, 1) (B is wrong). House prices are continuous, so MSELoss (F); cross-entropy treats outputs as class scores, meaningless for regression (D is wrong).",
)
GRADERS.explain(
    "q2",
    zh="Linear 的输出是 logits:任意实数,没有归一化。CrossEntropyLoss 在内部做 log-softmax,所以训练时模型本身不需要、也不应该输出概率。预测时用 softmax 在类别维(dim=1)上归一化得到概率。只有模型以 log_softmax 结尾时输出才是对数概率;sigmoid 逐个压缩得分,和不为 1。",
    en="A Linear layer outputs logits: any real numbers, not normalised. CrossEntropyLoss applies log-softmax inside, so the model need not, and should not, output probabilities for training. At prediction time softmax over the class dimension (dim=1) gives probabilities. Outputs are log-probabilities only if the model ends in log_softmax; sigmoid squashes each score on its own, so they do not sum to 1.",
)
GRADERS.explain(
    "q3",
    zh="CrossEntropyLoss 把输入当作 logits,不检查它们是不是概率,所以不会报错。但概率都在 [0, 1] 内,再做一次 softmax 后各类之间的差距被大大压缩:即使正确类概率为 1,损失也至少是 ln(1 + (C−1)/e),梯度也很小,训练变慢。这不是简单的 2 倍关系,改学习率修不好;应把原始 logits 直接交给损失函数。",
    en="CrossEntropyLoss treats its input as logits and does not check whether they are probabilities, so there is no error. But probabilities lie in [0, 1], and the second softmax squeezes the classes together: even with probability 1 on the right class the loss stays at least ln(1 + (C−1)/e), and the gradients are small, so training is slow. It is no simple factor of 2 that a learning-rate change could fix; pass the raw logits to the loss.",
)
GRADERS.explain(
    "q4",
    zh="exp(1e4) 在 float32 中溢出为 inf,inf/inf = nan(A 不稳定);先减去每行最大值后 exp 的参数都 ≤ 0,结果不变且不会溢出(B 稳定)。softmax 本身稳定,但很小的概率会下溢为 0,log(0) = -inf(C 不稳定);log_softmax 用 log-sum-exp 直接算对数概率(D 稳定)。sigmoid(1e4) 恰好等于 1,log(1 − 1) = -inf,乘以 0 得 nan(F 不稳定);BCEWithLogitsLoss 直接从 logits 稳定地计算(E 稳定)。",
    en="exp(1e4) overflows to inf in float32 and inf/inf = nan (A is unstable); subtracting each row's maximum first keeps every exponent ≤ 0 without changing the result (B is stable). softmax itself is stable, but tiny probabilities underflow to 0 and log(0) = -inf (C is unstable); log_softmax computes log-probabilities directly with log-sum-exp (D is stable). sigmoid(1e4) is exactly 1, log(1 − 1) = -inf, and 0 times that is nan (F is unstable); BCEWithLogitsLoss works from the logits stably (E is stable).",
)
GRADERS.explain(
    "q5",
    zh="交叉熵 = −log softmax(x)[目标] = −ln(e² / (e² + e⁰ + e⁰)) = ln(1 + 2e⁻²) ≈ 0.2395,约 0.240。常见错误:先做 softmax 再交给交叉熵(≈ 0.700),或用以 10 为底的对数(≈ 0.104)。",
    en="Cross-entropy = −log softmax(x)[target] = −ln(e² / (e² + e⁰ + e⁰)) = ln(1 + 2e⁻²) ≈ 0.2395, about 0.240. Common mistakes: applying softmax before the cross-entropy (≈ 0.700), or using the base-10 logarithm (≈ 0.104).",
)

"""Hidden grader for section 2.3: cases and mutants."""

from __future__ import annotations

from pathlib import Path

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


# -- quiz explanations (zh and en) in explanations/s23_activations_losses.yml ---
GRADERS.explain_from(Path(__file__).with_name("explanations") / "s23_activations_losses.yml")

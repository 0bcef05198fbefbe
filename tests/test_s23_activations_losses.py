"""Section 2.3: the references agree with PyTorch, the probes' observations and the
grader's judgements (derive) mean what they say, and patching torch or the grader in the
student's process gains nothing."""

from __future__ import annotations

import warnings

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from autograder.catalogue import s23_activations_losses as probes
from autograder.graders.kit import Rng
from autograder.probing.probe_tools import build_layers, state_snapshot

MODULE = "s23_activations_losses"


def _scores(seed: int, *shape: int, scale: float = 3.0) -> torch.Tensor:
    return Rng(seed).randn(*shape) * scale


def _huge(seed: int, rows: int, cols: int) -> torch.Tensor:
    rng = Rng(seed)
    signs = torch.where(rng.rand(rows, 1) < 0.5, -1.0, 1.0)
    x = rng.randn(rows, cols) * 3 + signs * 1e4
    x[0, 0] = -1e4
    return x


# -- the references agree with PyTorch ---------------------------------------
@pytest.mark.parametrize(
    ("shape", "dim"), [((5,), 0), ((3, 4), 0), ((3, 4), -1), ((2, 3, 4), 1), ((2, 3, 4), -3)]
)
def test_softmax_and_log_softmax_match_torch(impl, shape, dim) -> None:
    x = _scores(sum(shape) + dim, *shape)
    torch.testing.assert_close(impl.softmax(x, dim), torch.softmax(x, dim))
    torch.testing.assert_close(impl.log_softmax(x, dim), torch.log_softmax(x, dim))
    torch.testing.assert_close(impl.softmax(x), torch.softmax(x, -1))


def test_softmax_and_log_softmax_are_stable(impl) -> None:
    x = _huge(1, 4, 5)
    probs, logs = impl.softmax(x, 1), impl.log_softmax(x, 1)
    assert torch.isfinite(probs).all() and torch.isfinite(logs).all()
    torch.testing.assert_close(probs, torch.softmax(x, 1), rtol=2e-3, atol=1e-6)
    torch.testing.assert_close(logs, torch.log_softmax(x, 1), rtol=1e-4, atol=2e-3)
    far = torch.tensor([[50.0, 0.0, -70.0], [-70.0, 1.0, 50.0]])
    assert torch.isfinite(impl.log_softmax(far)).all()
    assert not torch.isfinite(torch.log(torch.softmax(far, -1))).all()  # the trap is real


def test_cross_entropy_matches_torch(impl) -> None:
    rng = Rng(2)
    for logits in (rng.randn(6, 4) * 3, _huge(3, 5, 3)):
        target = rng.randint(0, logits.shape[1], logits.shape[0])
        torch.testing.assert_close(
            impl.cross_entropy(logits, target),
            F.cross_entropy(logits, target),
            atol=2e-3,
            rtol=1e-4,
        )
    logits = rng.randn(7, 3).requires_grad_(True)
    target = rng.randint(0, 3, 7)
    (mine,) = torch.autograd.grad(impl.cross_entropy(logits, target), logits)
    (theirs,) = torch.autograd.grad(F.cross_entropy(logits, target), logits)
    torch.testing.assert_close(mine, theirs)


def test_bce_with_logits_matches_torch(impl) -> None:
    rng = Rng(4)
    for logits in (rng.randn(6, 5) * 3, _huge(5, 4, 6), torch.zeros(3)):
        target = (rng.rand(*logits.shape) < 0.5).float()
        torch.testing.assert_close(
            impl.bce_with_logits(logits, target),
            F.binary_cross_entropy_with_logits(logits, target),
        )
    logits = torch.tensor([0.0, 1.5, -2.0, 30.0]).requires_grad_(True)
    target = torch.tensor([1.0, 0.0, 1.0, 0.0])
    (mine,) = torch.autograd.grad(impl.bce_with_logits(logits, target), logits)
    (theirs,) = torch.autograd.grad(F.binary_cross_entropy_with_logits(logits, target), logits)
    torch.testing.assert_close(mine, theirs)


def test_choose_loss_behaves_like_the_torch_losses(impl) -> None:
    rng = Rng(6)
    pairs = {
        "regression": (nn.MSELoss(), rng.randn(4, 3), rng.randn(4, 3)),
        "binary": (nn.BCEWithLogitsLoss(), rng.randn(5), (rng.rand(5) < 0.5).float()),
        "multiclass": (nn.CrossEntropyLoss(), rng.randn(6, 4), rng.randint(0, 4, 6)),
    }
    for task, (expected, prediction, target) in pairs.items():
        torch.testing.assert_close(
            impl.choose_loss(task)(prediction, target), expected(prediction, target)
        )
    with pytest.raises(ValueError, match="ranking"):
        impl.choose_loss("ranking")


def test_predict_and_loss(impl) -> None:
    rng = Rng(7)
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    x, y = rng.randn(6, 5), rng.randint(0, 3, 6)
    probs, loss = impl.predict_and_loss(model, x, y)
    logits = model(x)
    torch.testing.assert_close(probs, torch.softmax(logits, 1))
    torch.testing.assert_close(loss, F.cross_entropy(logits, y))
    assert loss.requires_grad


# -- the probes' observations ------------------------------------------------
def test_normalised_over_tells_the_dimension() -> None:
    x = _scores(8, 2, 3, 4)
    assert probes._normalised_over(torch.softmax(x, 1), x, 1) == "requested dim"
    assert probes._normalised_over(torch.softmax(x, 1), x, -2) == "requested dim"
    assert probes._normalised_over(torch.softmax(x, -1), x, 1) == "another dim"
    assert probes._normalised_over(torch.softmax(x.reshape(-1), 0).reshape(x.shape), x, 0) == (
        "another dim"
    )
    assert probes._normalised_over(torch.sigmoid(x), x, 1) == "not normalised"
    assert probes._normalised_over(torch.softmax(x, 1)[0], x, 1) == "wrong shape"


def _bce_naive(x, t):
    p = torch.sigmoid(x)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


def _bce_eps(x, t):
    p = torch.sigmoid(x)
    return -(t * torch.log(p + 1e-7) + (1 - t) * torch.log(1 - p + 1e-7)).mean()


def _bce_clamped(x, t):
    return F.binary_cross_entropy(torch.sigmoid(x), t)


def _bce_no_minus(x, t):
    return (t * F.logsigmoid(x) + (1 - t) * F.logsigmoid(-x)).mean()


@pytest.mark.parametrize(
    ("loss", "margins", "signs"),
    [
        (F.binary_cross_entropy_with_logits, "keeps growing", "ok"),
        (_bce_naive, "breaks down", "ok"),
        (_bce_eps, "breaks down", "ok"),
        (_bce_clamped, "breaks down", "ok"),
        (_bce_no_minus, "keeps growing", "wrong sign"),
        (lambda x, t: F.binary_cross_entropy_with_logits(x, 1 - t), "keeps growing", "wrong sign"),
        (lambda x, t: torch.zeros(()), "other", "other"),
    ],
)
def test_bce_observations(loss, margins: str, signs: str) -> None:
    cpu = torch.device("cpu")
    assert probes._large_margins(probes._margin_losses(loss, [20.0, 100.0, 1e4], cpu)) == margins
    assert probes._sign_behaviour(probes._sign_losses(loss, 2.0, cpu)) == signs


def test_apply_loss_reports_errors_and_numbers() -> None:
    logits, target = torch.tensor([-1.5, 2.5, 0.3]), torch.tensor([0.0, 1.0, 1.0])
    assert probes._apply_loss(nn.BCELoss(), logits, target) == "error: RuntimeError"
    assert probes._apply_loss(nn.BCELoss, logits, target).startswith("not an nn.Module")
    assert probes._apply_loss(nn.MSELoss(reduction="none"), logits, target).startswith(
        "not one number"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the probe silences MSELoss's broadcasting warning
        value = probes._apply_loss(nn.MSELoss(), torch.zeros(4, 4), torch.zeros(4))
    assert isinstance(value, float)


# -- judgements made in the grader (derive) -----------------------------------
# (the shared ones, same_tensors and "rejects unknown tasks", in test_s21_basics.py; inputs
# changed in place are the watcher's, tests/test_verdict.py)
def test_predict_and_loss_derive_sees_a_changed_model() -> None:
    layers = [["linear", 5, 4], ["relu"], ["linear", 4, 3]]
    x, y = _scores(10, 6, 5), torch.arange(6) % 3
    model = build_layers(layers)
    raw = {
        "probabilities": torch.softmax(model(x), 1),
        "model_after": state_snapshot(model),
    }
    case = {"layers": layers, "x": x, "y": y}
    assert probes._derive_predict_and_loss(raw, case) == {
        "rows_sum_to_one": True,
        "model_unchanged": True,
    }
    raw["model_after"]["0.weight"] = raw["model_after"]["0.weight"] + 0.1
    raw["probabilities"] = model(x)
    derived = probes._derive_predict_and_loss(raw, case)
    assert not derived["model_unchanged"] and not derived["rows_sum_to_one"]


# -- patching torch or the grader in the student's process gains nothing ------
# Stronger than test_sections.CHEATS: every torch function the old in-process
# judgements used, the probe helpers, and this section's judgement helpers.
STRONG_CHEATS = """
import math as _m
import torch as _t
_true = _t.tensor(True)
_ones = lambda x, *a, **k: _t.ones_like(x, dtype=_t.bool)
_t.isfinite = _t.Tensor.isfinite = _ones
_t.isnan = lambda x, *a, **k: _t.zeros_like(x, dtype=_t.bool)
_t.equal = _t.Tensor.equal = _t.allclose = _t.Tensor.allclose = lambda *a, **k: True
_t.all = _t.any = _t.Tensor.all = _t.Tensor.any = lambda *a, **k: _true
_t.Tensor.__eq__ = lambda self, other: _t.ones_like(self, dtype=_t.bool)
_sum = _t.Tensor.sum
_t.Tensor.sum = lambda self, *a, **k: _sum(self, *a, **k) * 0 + 1
_t.where = lambda c, a=None, b=None: a
_m.isfinite = lambda x: True
_m.isclose = lambda *a, **k: True
import autograder.probing.probe_tools as _pt
_pt.unchanged = _pt.same_state = lambda *a, **k: True
import autograder.spec.rules as _j
import autograder.catalogue.s23_activations_losses as _c
for _name in ("_finite", "same_tensors", "_same_state", "_rows_sum_to_one", "_sums_to_one"):
    setattr(_c, _name, lambda *a, **k: True)
_c._normalised_over = lambda *a, **k: "requested dim"
_c._sign_behaviour = lambda *a, **k: "ok"
_c._large_margins = lambda *a, **k: "keeps growing"
_j.same_tensors = lambda *a, **k: True
_j.bad_argument_verdict = _c.bad_argument_verdict = lambda *a, **k: "ValueError naming the value"
"""

# Wrong in several ways at once, changing their inputs too.
STRONGLY_WRONG = {
    "2.3.softmax": """
def softmax(x, dim=-1):
    x.add_(1.0)
    e = torch.exp(x)
    return e / torch.sum(e, dim=-1, keepdim=True)
""",
    "2.3.log_softmax": """
def log_softmax(x, dim=-1):
    x.add_(1.0)
    e = torch.exp(x)
    return torch.log(e / torch.sum(e, dim=-1, keepdim=True))
""",
    "2.3.cross_entropy": """
def cross_entropy(logits, target):
    with torch.no_grad():
        logits.add_(1.0)
    p = torch.exp(logits) / torch.sum(torch.exp(logits), dim=1, keepdim=True)
    return -torch.log(p[torch.arange(len(target)), target]).mean() * 1.5
""",
    "2.3.bce_with_logits": """
def bce_with_logits(logits, target):
    with torch.no_grad():
        logits.add_(0.25)
    p = torch.sigmoid(logits)
    return (target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()
""",
    "2.3.choose_loss": """
def choose_loss(task):
    return {"regression": nn.MSELoss, "binary": nn.MSELoss, "multiclass": nn.MSELoss}[task]()
""",
    "2.3.predict_and_loss": """
def predict_and_loss(model, x, y):
    with torch.no_grad():
        x.add_(0.5)
        next(model.parameters()).add_(0.1)
    logits = model(x)
    return logits, nn.functional.cross_entropy(torch.softmax(logits, 1), y)
""",
}


@pytest.mark.parametrize("exercise_id", sorted(STRONGLY_WRONG))
def test_strong_patches_gain_nothing(grader, exercise_id: str) -> None:
    source = "import torch\nfrom torch import nn\n" + STRONGLY_WRONG[exercise_id]
    honest = grader.grade_source(MODULE, source, exercise_id)
    cheating = grader.grade_source(MODULE, STRONG_CHEATS + source, exercise_id)
    assert cheating.status is honest.status, cheating.feedback  # the patches break nothing
    assert cheating.score <= honest.score, cheating.feedback

"""Section 2.5: the references (and the independent variant) agree with torch, the exercise
stubs are not attempted, points come from returned values only (what the probes see of how
they were made is shown but earns nothing), and patching torch or the probe module in the
student's process gains nothing. The sample submissions are checked in test_sections.py."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from autograder.catalogue import s25_cnn as probes
from autograder.engine.derive import split_outcome
from autograder.graders.s25_cnn import _build_cnn_edge
from autograder.i18n.vocabulary import feature_label
from autograder.model import Status
from autograder.probing.codec import Opaque, dumps, loads, materialize
from autograder.spec import ProbeContext

ROOT = Path(__file__).resolve().parent.parent
MODULE = "s25_cnn"


# -- the references agree with torch --------------------------------------------
def test_conv2d_output_size_matches_conv2d(impl) -> None:
    x = torch.zeros(1, 1, 11, 8)
    for kh, kw, sh, sw, ph, pw, dh, dw in itertools.product(
        (1, 3), (2,), (1, 2), (3,), (0, 1), (2,), (1, 2), (1, 3)
    ):
        want = F.conv2d(x, torch.zeros(1, 1, kh, kw), None, (sh, sw), (ph, pw), (dh, dw))
        got = impl.conv2d_output_size((11, 8), (kh, kw), (sh, sw), (ph, pw), (dh, dw))
        assert got == tuple(want.shape[-2:])
        assert type(got) is tuple and all(type(v) is int for v in got)
    assert impl.conv2d_output_size(28, 5) == (24, 24)
    assert impl.conv2d_output_size((32, 20), 3, stride=2, padding=1) == (16, 10)
    with pytest.raises(ValueError, match="-2"):
        impl.conv2d_output_size(28, 3, stride=-2)


def test_pool2d_output_size_matches_max_pool(impl) -> None:
    x = torch.zeros(1, 1, 13, 10)
    for k, s, p in itertools.product((2, 3, (4, 2)), (None, 1, 2, (3, 1)), (0, 1)):
        want = F.max_pool2d(x, k, s, p)
        assert impl.pool2d_output_size((13, 10), k, s, p) == tuple(want.shape[-2:])
    assert impl.pool2d_output_size((10, 7), 2) == (5, 3)


def test_conv2d_manual_matches_conv2d(impl) -> None:
    g = torch.Generator().manual_seed(0)
    for stride, padding, with_bias in itertools.product((1, 2, 3), (0, 1, 2), (True, False)):
        x = torch.randn(2, 3, 9, 7, generator=g)
        weight = torch.randn(4, 3, 2, 3, generator=g)
        bias = torch.randn(4, generator=g) if with_bias else None
        got = impl.conv2d_manual(x, weight, bias, stride, padding)
        torch.testing.assert_close(got, F.conv2d(x, weight, bias, stride, padding))


@pytest.mark.parametrize("size", [(8, 8), (9, 11), (13, 8), (28, 28), (31, 17)])
def test_build_cnn_maps_images_to_logits(impl, size) -> None:
    model = impl.build_cnn(2, 5, size).eval()
    with torch.no_grad():
        assert model(torch.randn(3, 2, *size)).shape == (3, 5)
    assert any(isinstance(m, torch.nn.Conv2d) for m in model.modules())
    with pytest.raises(ValueError, match="-4"):
        impl.build_cnn(2, -4, size)


def test_stubs_are_not_attempted(grader) -> None:
    report = grader.grade_dir(ROOT / "exercises", ["2.5"])
    assert report.exercises
    for result in report.exercises:
        assert result.status is Status.NOT_ATTEMPTED, result.feedback


# -- patching torch or the probe module gains nothing ---------------------------
# Wrong answers, each with patches that would have fooled a probe judging in the
# student's process: the judging helpers of the probe module, the probe tools, and
# the torch functions they used. The judgements are made in the grader now.
CHEATS = """\
import torch as _torch
import autograder.catalogue.s25_cnn as _probe
import autograder.spec.rules as _judge
import autograder.probing.probe_tools as _tools
_true = _torch.tensor(True)
_torch.allclose = lambda *args, **kwargs: True
_torch.equal = lambda *args, **kwargs: True
_torch.Tensor.all = lambda self, *args, **kwargs: _true
_torch.Tensor.__ge__ = lambda self, other: _torch.ones_like(self, dtype=_torch.bool)
_torch.Tensor.nonzero = lambda self, *args, **kwargs: _torch.zeros(0, 1, dtype=_torch.long)
_tools.unchanged = lambda *args, **kwargs: True
_judge.bad_argument_verdict = lambda *args, **kwargs: "ValueError naming the value"
_judge.same_tensors = lambda *args, **kwargs: True
_probe.bad_argument_verdict = _judge.bad_argument_verdict
_probe._int_tuple = lambda *args, **kwargs: "tuple of int, int"
_probe._batch_independent = lambda *args, **kwargs: _probe._INDEPENDENT
_probe._uses_every_channel = lambda *args, **kwargs: _probe._EVERY_CHANNEL
_probe._scores = lambda *args, **kwargs: _probe._RAW_SCORES
_probe._every_stride_th = lambda *args, **kwargs: "every stride-th position"
_probe._same_values = lambda *args, **kwargs: True
_probe.same_tensors = _judge.same_tensors
_probe._right_shape = lambda *args, **kwargs: True
_probe._shape_text = lambda *args, **kwargs: "(4, 10)"
_probe._kind = lambda *args, **kwargs: "tuple of int, int"
_probe._classes = lambda *args, **kwargs: [_probe._CONV2D]
"""

WRONG = {
    "2.5.conv2d_output_size": """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    pair = lambda v: list(v) if isinstance(v, (tuple, list)) else [v, v]
    args = [pair(v) for v in (size, kernel_size, stride, padding, dilation)]
    return [(n + 2 * p - d * (k - 1) - 1) // s + 1 for n, k, s, p, d in zip(*args)]
""",
    "2.5.pool2d_output_size": """
def pool2d_output_size(size, kernel_size, stride=None, padding=0):
    pair = lambda v: list(v) if isinstance(v, (tuple, list)) else [v, v]
    stride = kernel_size if stride is None else stride
    args = [pair(v) for v in (size, kernel_size, stride, padding)]
    return [(n + 2 * p - k) // s + 1 for n, k, s, p in zip(*args)]
""",
    "2.5.build_cnn": """
from torch import nn


class Net(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.head = nn.Linear(4, k)

    def forward(self, x):
        x = x[:, :1] - x[:, :1].mean(dim=0, keepdim=True)
        return self.head(self.conv(x).amax(dim=(2, 3))).softmax(dim=1)


def build_cnn(in_channels, num_classes, image_size):
    return Net(in_channels, num_classes)
""",
    "2.5.conv2d_manual": """
import torch.nn.functional as F


def conv2d_manual(x, weight, bias=None, stride=1, padding=0):
    out = F.conv2d(x, weight, bias, 1, padding)
    x.mul_(1.0001)
    return out
""",
}


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_patching_the_probe_module_gains_nothing(grader, exercise_id) -> None:
    honest = grader.grade_source(MODULE, WRONG[exercise_id], exercise_id)
    cheating = grader.grade_source(MODULE, CHEATS + WRONG[exercise_id], exercise_id)
    assert honest.score < honest.max_score, honest.feedback
    assert cheating.score <= honest.score, cheating.feedback


# -- what earns points: results only ---------------------------------------------
# A model without any convolution whose outputs are right: the diagnosis says so, but
# that is seen in the model's layers (an observation), so it costs nothing.
NO_CONVOLUTION = """
from torch import nn


def build_cnn(in_channels, num_classes, image_size):
    if min(in_channels, num_classes, *image_size) <= 0:
        raise ValueError(str(min(in_channels, num_classes, *image_size)))
    h, w = image_size
    return nn.Sequential(nn.Flatten(), nn.Linear(in_channels * h * w, num_classes))
"""


def test_a_model_without_convolution_is_told_but_keeps_its_points(grader) -> None:
    result = grader.grade_source(MODULE, NO_CONVOLUTION, "2.5.build_cnn")
    assert result.full_marks, result.feedback
    told = {c.name: c.passed for c in result.checks}
    assert told["has a convolution layer, nn.Conv2d"] is False, result.feedback
    assert feature_label("has_conv", "en") in result.feedback  # the feature, in words


def _raw_features(function, exercise_id: str, case: dict) -> dict:
    """The probe's raw features for one case, as the grader receives them."""
    spec = probes.SECTION.specs[exercise_id]
    features = spec.probe(function, materialize(case), ProbeContext())
    return loads(dumps(features))


def test_build_cnn_points_are_judged_on_outputs_alone(impl) -> None:
    spec = probes.SECTION.specs["2.5.build_cnn"]
    case = _build_cnn_edge()
    raw = _raw_features(impl.build_cnn, spec.id, case)
    assert set(raw) == set(spec.raw_features)
    derived = split_outcome(spec, {"status": "ok", "features": raw}, case)
    scored = {f for c in spec.checks if c.scored for f in c.features}
    full, verified = derived.full["features"], derived.verified["features"]
    assert scored <= set(verified)
    assert all(str(full[f]) == str(verified[f]) for f in scored)
    for diagnosis in ("has_conv", "keeps_batch", "bad_argument"):
        assert diagnosis in full and diagnosis not in verified
    assert full["has_conv"] is True and full["every_shape_right"] is True


def test_build_cnn_needs_every_changed_output() -> None:
    """Outputs with each sample (and each channel) changed: missing ones prove nothing."""
    out = torch.zeros(3, 2)
    assert probes._batch_independent(out, []) == probes._NO_OUTPUT
    assert probes._uses_every_channel(out, [], 2) == probes._NO_OUTPUT
    changed = [out.clone() for _ in range(3)]
    for j, other in enumerate(changed):
        other[j] += 1
    assert probes._batch_independent(out, changed) == probes._INDEPENDENT
    # Text in place of an output is not a shape, whatever it says.
    assert probes._shape_text("(3, 2)") == "not a tensor: str"
    assert probes._shape_text("error: RuntimeError") == "error: RuntimeError"


@pytest.mark.parametrize(
    ("returned", "kind"),
    [
        ((4, 5), probes._INT_PAIR),
        (torch.Size([4, 5]), probes._INT_PAIR),
        ([4, 5], "list of int, int"),
        ((4.0, 5), "tuple of float, int"),
        ((torch.tensor(4), 5), "tuple of Tensor, int"),
        (torch.tensor([4, 5]), "Tensor"),
        (((4, 5),), "tuple of tuple"),
    ],
)
def test_the_returned_type_is_judged_in_the_grader(returned, kind: str) -> None:
    carried = materialize(loads(dumps(probes._as_returned(returned))))
    assert probes._kind(carried) == kind
    assert probes._int_tuple([carried, "error: ValueError: no"]) == kind


def test_unknown_returned_types_arrive_by_name() -> None:
    class Pair(tuple):
        pass

    carried = loads(dumps(probes._as_returned((4, Pair((5,))))))
    assert isinstance(carried[1], Opaque)
    assert probes._kind(carried) == f"tuple of int, {carried[1].type_name}"

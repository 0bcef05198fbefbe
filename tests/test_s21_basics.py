"""Section 2.1: the grader-side judgements (``derive``) and patches that must gain nothing.

The sample submissions are checked in test_sections.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import torch

from autograder.catalogue.s21_basics import chain_verdict
from autograder.probing.probe_tools import observe_call, snapshot
from autograder.spec.rules import bad_argument_verdict, each, same_tensors

MODULE = "s21_basics"
NAMED = "ValueError naming the value"


# -- the shared observation and judgements (every section uses them) -------------
def _raising(exc: Exception) -> Callable[[], None]:
    def call() -> None:
        raise exc

    return call


class _SizeError(ValueError):
    pass


def test_observe_call_records_the_error_type_and_a_value_errors_message() -> None:
    assert observe_call(_raising(ValueError("size -4 < 1"))) == ["ValueError", "size -4 < 1"]
    assert observe_call(_raising(_SizeError("size -4"))) == ["ValueError", "size -4"]
    assert observe_call(_raising(KeyError("-4"))) == ["KeyError", ""]
    assert observe_call(lambda: None) == ["no error", ""]


def test_bad_argument_verdict() -> None:
    assert bad_argument_verdict(["ValueError", "size -4 < 1"], -4) == NAMED
    assert bad_argument_verdict(["ValueError", "bad size"], -4) == "ValueError"
    assert bad_argument_verdict(["ValueError", "D=12, 5 heads"], 7, 12) == NAMED  # any value
    assert bad_argument_verdict(["RuntimeError", ""], -4) == "RuntimeError (not a ValueError)"
    # an exception class named like the verdict cannot pass for it
    assert bad_argument_verdict([NAMED, ""], -4) != NAMED
    assert bad_argument_verdict(["no error", ""], "ranking") == "no error"
    for malformed in (True, "no error", ["ValueError"], [True, ""], {"type": "ValueError"}):
        with pytest.raises(TypeError):
            bad_argument_verdict(malformed, -4)


def test_same_tensors_compares_copies_after_the_call_with_the_inputs() -> None:
    x, y = torch.linspace(-2, 2, 12, dtype=torch.float64).reshape(3, 4), torch.arange(5)
    assert same_tensors(snapshot(x, y), [x, y])
    assert same_tensors((x.clone(), y.clone()), [x, y])
    assert not same_tensors([x + 1, y.clone()], [x, y])
    assert not same_tensors([x.reshape(4, 3), y.clone()], [x, y])
    assert not same_tensors([x.float(), y.clone()], [x, y])
    assert not same_tensors([x.clone()], [x, y])
    assert not same_tensors([x.clone(), "y"], [x, y])
    assert not same_tensors("garbage", [x, y])
    assert not same_tensors([x.to("meta")], [x])
    # up to rounding, when a tolerance is given
    assert not same_tensors([x + 1e-15], [x])
    assert same_tensors([x + 1e-15], [x], rtol=1e-12, atol=1e-12)
    assert not same_tensors([x + 1e-6], [x], rtol=1e-12, atol=1e-12)
    assert not same_tensors([x.float()], [x], rtol=1e-12, atol=1e-12)


def test_each_leaves_out_only_the_features_it_cannot_derive() -> None:
    raw = {"bad_call": ["ValueError", "got -4"]}
    derived = each(
        bad_argument=lambda: bad_argument_verdict(raw["bad_call"], -4),
        missing=lambda: raw["missing"],
        malformed=lambda: bad_argument_verdict("garbage", -4),
    )
    assert derived == {"bad_argument": NAMED}


# -- judgements made in the grader ---------------------------------------------


def test_chain_verdict() -> None:
    assert chain_verdict([[5, 7], [7, 3], [3, 2]], 5, 2)
    assert not chain_verdict([[5, 7], [5, 3], [3, 2]], 5, 2)
    assert not chain_verdict([[5, 7], [7, 2]], 4, 2)
    assert not chain_verdict([[5, 7], [7, 2]], 5, 3)
    assert not chain_verdict([], 5, 2)
    assert not chain_verdict(None, 5, 2)
    assert not chain_verdict([[5, True]], 5, 1)


# -- cheats ----------------------------------------------------------------------
# Wrong answers, each with patches that made a probe-side judgement say "right" when
# judgements were made in the student's process. Judged in the grader, they gain nothing.
PATCHES = """\
import torch as _torch
import autograder.spec.rules as _judge
import autograder.catalogue.s21_basics as _probes
_torch.equal = lambda *args, **kwargs: True
_torch.Tensor.__eq__ = lambda self, other: _torch.ones_like(self, dtype=_torch.bool)
for _where in (_judge, _probes):
    _where.bad_argument_verdict = lambda *args, **kwargs: "ValueError naming the value"
_probes.chain_verdict = lambda *args, **kwargs: True
"""

WRONG = {
    # bad sizes reach nn.Linear, which raises a RuntimeError
    "2.1.build_mlp": """\
from torch import nn


def build_mlp(in_features, hidden_sizes, out_features):
    layers, size = [], in_features
    for h in hidden_sizes:
        layers += [nn.Linear(size, h), nn.ReLU()]
        size = h
    return nn.Sequential(*layers, nn.Linear(size, out_features))
""",
    # unknown tasks get no activation instead of a ValueError
    "2.1.output_activation": """\
from torch import nn


def output_activation(task):
    if task == "binary":
        return nn.Sigmoid()
    if task == "multiclass":
        return nn.Softmax(dim=1)
    return nn.Identity()
""",
}


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_patching_probe_helpers_gains_nothing(grader, exercise_id: str) -> None:
    honest = grader.grade_source(MODULE, WRONG[exercise_id], exercise_id)
    cheating = grader.grade_source(MODULE, PATCHES + WRONG[exercise_id], exercise_id)
    # Argument checking is seen only in the student's process: a diagnosis, never points.
    failed = [c.name for c in honest.checks if not c.passed]
    assert failed and all(c.max_points == 0 for c in honest.checks if not c.passed), failed
    assert cheating.score <= honest.score, cheating.feedback
    assert [c.name for c in cheating.checks if not c.passed] == failed, cheating.feedback

"""Section 2.1: the grader-side judgements (``derive``) and patches that must gain nothing.

The sample submissions are checked in test_sections.py."""

from __future__ import annotations

import pytest

from autograder.catalogue.s21_basics import bad_argument_verdict, chain_verdict

MODULE = "s21_basics"


# -- judgements made in the grader ---------------------------------------------
def test_bad_argument_verdict() -> None:
    assert bad_argument_verdict("ValueError", "size -4 < 1", -4) == "ValueError naming the value"
    assert bad_argument_verdict("ValueError", "bad size", -4) == "ValueError"
    assert bad_argument_verdict("RuntimeError", "", -4) == "RuntimeError"
    assert bad_argument_verdict("no error", "", "ranking") == "no error"
    with pytest.raises(TypeError):
        bad_argument_verdict(True, "", -4)


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
import autograder.harness.probe_tools as _tools
import autograder.catalogue.s21_basics as _probes
_torch.equal = lambda *args, **kwargs: True
_torch.Tensor.__eq__ = lambda self, other: _torch.ones_like(self, dtype=_torch.bool)
for _where in (_tools, _probes):
    _where.raises_value_error = lambda *args, **kwargs: "ValueError naming the value"
    _where.linear_chain_ok = lambda *args, **kwargs: True
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
    assert honest.score < honest.max_score, honest.feedback
    assert cheating.score <= honest.score, cheating.feedback

"""Scoring and mistake naming from plain observations (no processes involved)."""

from __future__ import annotations

import pytest
import torch

from autograder.engine.compare import compare
from autograder.engine.verdict import CaseEvidence, judge, signature
from autograder.executor.base import RunFailure
from autograder.executor.inprocess import run_in_process
from autograder.model import ExerciseResult, Report, Status, score_fraction
from autograder.probing.codec import TensorData, dumps, loads
from autograder.spec import ExerciseSpec, MistakeRule, ProbeContext, Tolerance, check


def _probe(fn, case, ctx):
    x = case["x"]
    before = x.clone()
    out = fn(x)
    return {"out": out, "kept": bool(torch.equal(x, before))}


SPEC = ExerciseSpec(
    id="2.3.softmax",
    section="2.3",
    module="s23_activations_losses",
    function="softmax",
    probe=_probe,
    checks=(check("值", "values", "out", weight=3), check("不修改输入", "input unchanged", "kept")),
    mistakes=(MistakeRule("softmax-wrong-dim"), MistakeRule("relu-on-output", ("out",))),
)
CASES = [{"x": torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])}]


def _reference(x):
    return torch.softmax(x, dim=-1)


def _wrong_dim(x):
    return torch.softmax(x, dim=0)


def _evidence(student) -> list[CaseEvidence]:
    ctx = ProbeContext()
    expected = run_in_process(SPEC, _reference, CASES, ctx)
    mutant = run_in_process(SPEC, _wrong_dim, CASES, ctx)
    actual = run_in_process(SPEC, student, CASES, ctx)
    return [
        CaseEvidence(
            e["features"],
            a,
            {"softmax-wrong-dim": signature(SPEC, SPEC.mistakes[0], e["features"], m)},
        )
        for e, a, m in zip(expected, actual, mutant)
    ]


def test_correct_function_gets_full_marks() -> None:
    result = judge(SPEC, 2, _evidence(lambda x: x.exp() / x.exp().sum(-1, keepdim=True)), "en")
    assert result.status is Status.PASSED and result.score == 2 and result.mistakes == ()


def test_known_mistake_is_named_and_loses_its_check() -> None:
    result = judge(SPEC, 2, _evidence(lambda x: x.softmax(0)), "en")
    assert result.status is Status.FAILED
    assert result.mistakes == ("softmax-wrong-dim",)
    assert result.score == 0.5  # the "input unchanged" check (weight 1 of 4) still passes
    assert "softmax-wrong-dim" in result.feedback and result.hints


def test_a_changed_input_costs_its_share_and_the_value_is_judged_as_returned() -> None:
    def mutating(x):
        out = torch.softmax(x, -1)
        x.zero_()
        return out

    result = judge(SPEC, 2, _evidence(mutating), "en")
    # Every check passes (the input is put back after the call, the value was right when
    # returned); the change itself costs keeps_inputs.cost (a quarter) of the points.
    assert result.score == 1.5 and result.mistakes == ("mutates-input",)
    assert result.status is Status.FAILED
    assert "changed tensors passed in: `x`" in result.feedback


def test_a_value_returned_in_place_is_judged_as_it_was_when_returned() -> None:
    def in_place(x):
        x.sub_(x.amax(-1, keepdim=True)).exp_()
        return x.div_(x.sum(-1, keepdim=True))

    result = judge(SPEC, 2, _evidence(in_place), "en")
    assert result.score == 1.5 and result.mistakes == ("mutates-input",)
    assert all(c.passed for c in result.checks)


def test_unknown_wrong_answer_loses_points_without_a_name() -> None:
    result = judge(SPEC, 2, _evidence(lambda x: x * 0), "zh")
    assert result.score == 0.5 and result.mistakes == ()
    assert "未匹配到已知的常见错误" in result.feedback


def test_not_attempted_and_errors() -> None:
    def stub(x):
        raise NotImplementedError

    assert judge(SPEC, 2, _evidence(stub), "en").status is Status.NOT_ATTEMPTED

    def broken(x):
        raise IndexError("dimension out of range")

    result = judge(SPEC, 2, _evidence(broken), "en")
    assert result.status is Status.ERROR and result.score == 0
    assert "IndexError: dimension out of range" in result.feedback


def test_run_failures_score_zero_with_their_message() -> None:
    failure = RunFailure(Status.TIMEOUT, "outcome.timeout", {"seconds": 4}, output="tick\n")
    result = judge(SPEC, 2, failure, "en")
    assert result.status is Status.TIMEOUT and result.score == 0
    assert "4 s" in result.feedback and "tick" in result.feedback


def test_mutant_that_raises_matches_a_student_that_raises_the_same() -> None:
    rule = MistakeRule("relu-on-output")
    raising = {"status": "error", "error": {"type": "OverflowError", "message": "", "where": ""}}
    sig = signature(SPEC, rule, {"out": None}, raising)
    spec = ExerciseSpec(**{**SPEC.__dict__, "mistakes": (rule,)})
    evidence = [CaseEvidence({"out": 1.0, "kept": True}, raising, {"relu-on-output": sig})]
    assert judge(spec, 2, evidence, "en").mistakes == ("relu-on-output",)


def test_compare_is_strict_about_type_dtype_shape_and_device() -> None:
    tol = Tolerance()
    e = loads(dumps(torch.zeros(2, 3), torch.device("cpu")))
    assert compare(e, e, tol) is None
    assert compare(e, loads(dumps(torch.zeros(3, 2), torch.device("cpu"))), tol).kind == "shape"
    assert (
        compare(
            e, loads(dumps(torch.zeros(2, 3, dtype=torch.float64), torch.device("cpu"))), tol
        ).kind
        == "dtype"
    )
    assert compare(e, loads(dumps(torch.zeros(2, 3))), tol).kind == "device"
    assert compare(e, 0.0, tol).kind == "type"
    assert compare(3, True, tol).kind == "type"
    assert compare(2.0, 2, tol) is None
    assert compare([1, 2], (1, 2), tol) is None
    assert compare(1.0, 1.0 + 1e-3, tol).kind == "value"
    e_nan = TensorData("float32", (1,), "input", torch.tensor([float("nan")]))
    assert compare(e_nan, e_nan, tol) is None


@pytest.mark.parametrize(
    ("points", "earned", "total", "expected"),
    [(3, 1, 1, 3.0), (3, 0, 4, 0.0), (3, 1, 3, 1.0), (2, 1, 3, 0.67), (3, 3.5, 3.5, 3.0)],
)
def test_score_fraction(points, earned, total, expected) -> None:
    assert score_fraction(points, earned, total) == expected


def test_report_totals_and_grouping() -> None:
    report = Report(
        [
            ExerciseResult("2.1.a", 1.5, 3, Status.FAILED),
            ExerciseResult("2.1.b", 2, 2, Status.PASSED),
            ExerciseResult("2.2.c", 0, 4, Status.MISSING),
        ]
    )
    assert report.score == 3.5 and report.max_score == 9
    assert list(report.by_section()) == ["2.1", "2.2"]
    with pytest.raises(ValueError):
        ExerciseResult("2.1.a", 4, 3, Status.PASSED)

"""Quiz answers: normalisation, verdicts, the stub block, and keeping the key hidden."""

from __future__ import annotations

import pytest

from autograder.course_build.stubs import render_quiz_block, with_quiz_block
from autograder.engine.verdict import CaseEvidence, judge
from autograder.model import Status
from autograder.spec import Section
from autograder.spec.quiz import Question, Unanswered, normalize

SINGLE = Question(
    "q1", "single", {"zh": "题", "en": "Q"}, tuple({"zh": c, "en": c} for c in "wxyz")
)
MULTI = Question(
    "q2", "multiple", {"zh": "题", "en": "Q"}, tuple({"zh": c, "en": c} for c in "wxyz")
)
NUMBER = Question("q3", "numeric", {"zh": "题", "en": "Q"})


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        (SINGLE, "b", "B"),
        (SINGLE, " C ", "C"),
        (SINGLE, ["d"], "D"),
        (SINGLE, "E", "invalid: choose from A, B, C, D"),
        (SINGLE, "AB", "invalid: choose exactly one letter"),
        (SINGLE, 2, "invalid: not letters"),
        (MULTI, ["c", "A"], ("A", "C")),
        (MULTI, "a, c", ("A", "C")),
        (MULTI, "CA", ("A", "C")),
        (MULTI, {"B"}, ("B",)),
        (MULTI, [], "invalid: choose from A, B, C, D"),
        (NUMBER, 28, 28.0),
        (NUMBER, "3.5", 3.5),
        (NUMBER, True, "invalid: not a number"),
        (NUMBER, "many", "invalid: not a number"),
        (NUMBER, float("inf"), "invalid: not a finite number"),
    ],
)
def test_normalize(question, raw, expected) -> None:
    assert normalize(question, raw) == expected


def test_unanswered_is_not_attempted() -> None:
    with pytest.raises(Unanswered):
        normalize(SINGLE, None)
    assert issubclass(Unanswered, NotImplementedError)


def _section() -> Section:
    section = Section("2.9", "s29_demo")
    section.quiz(
        "q1",
        kind="single",
        prompt=("选哪个?", "Which one?"),
        choices=(("甲", "first"), ("乙", "second")),
    )
    section.quiz("q2", kind="numeric", prompt=("多少?", "How many?"), rel_tol=0.01)
    return section


def _evidence(spec, answer, expected):
    outcome = spec.probe({spec.question.id: answer}, {}, None) if answer is not None else None
    status = {"status": "ok", "features": outcome} if outcome else {"status": "not_attempted"}
    explanation = {"zh": "因为……", "en": "Because ..."}
    return [
        CaseEvidence(None if expected is None else {"answer": expected}, status, {}, explanation)
    ]


def test_quiz_verdicts() -> None:
    specs = _section().specs
    single, numeric = specs["2.9.quiz.q1"], specs["2.9.quiz.q2"]
    right = judge(single, 1, _evidence(single, "b", "B"), "en")
    assert right.status is Status.PASSED and right.score == 1 and "Because" in right.feedback
    wrong = judge(single, 1, _evidence(single, "A", "B"), "en")
    assert wrong.status is Status.FAILED and wrong.score == 0
    assert "right answer is B" in wrong.feedback and "Because" in wrong.feedback
    assert judge(numeric, 2, _evidence(numeric, "100.5", 100.0), "en").score == 2
    assert judge(numeric, 2, _evidence(numeric, 102, 100.0), "en").score == 0
    assert judge(single, 1, _evidence(single, None, "B"), "en").status is Status.NOT_ATTEMPTED
    invalid = judge(single, 1, _evidence(single, "Z", "B"), "zh")
    assert invalid.status is Status.FAILED and "格式" in invalid.feedback
    public = judge(single, 1, _evidence(single, "a", None), "en")
    assert public.status is Status.ANSWERED and public.score == 0 and "recorded" in public.feedback


def test_quiz_block_renders_questions_and_an_empty_dict() -> None:
    section = _section()
    block = render_quiz_block(section)
    assert "选哪个?" in block and "Which one?" in block and "B. 乙 / second" in block
    assert 'QUIZ = {\n    "q1": None,\n    "q2": None,\n}' in block
    namespace: dict = {}
    exec(block, namespace)  # the block is valid Python
    assert namespace["QUIZ"] == {"q1": None, "q2": None}
    source = '"""doc"""\n\ndef f():\n    raise NotImplementedError\n'
    once = with_quiz_block(source, section)
    assert with_quiz_block(once, section) == once
    assert once.startswith(source.rstrip("\n"))


def test_rewriting_the_block_keeps_the_answers_already_given() -> None:
    section = _section()
    source = with_quiz_block("x = 1\n", section).replace('"q1": None', '"q1": "B"')
    section.quiz("q3", kind="numeric", prompt=("新题", "new question"))
    again = with_quiz_block(source, section)
    namespace: dict = {}
    exec(again, namespace)
    assert namespace["QUIZ"] == {"q1": "B", "q2": None, "q3": None}
    assert "new question" in again

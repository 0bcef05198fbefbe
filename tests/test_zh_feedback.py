"""A Chinese report is Chinese: no English word in what a student reads, except code.

Every sample answer in tests/ (buggy, wrong, correct, real answers) and empty bodies are
judged in Chinese on the hidden cases, and every student-facing string of the verdicts
(feedback, hints, check names and details) is searched for ASCII words of three letters
or more. A word passes only as code: inside backticks, joined to code punctuation
(``F.conv2d``, ``x.amax(dim=dim)``, ``mutates-input``, ``s21_basics.py``), CamelCase
(``ValueError``), or an identifier the task itself uses (a name in the stubs, the
references or their variants: ``logits``, ``softmax``, ``dim``). A real check, not a
snapshot: the English it finds is listed with the exercise and the text around it.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from autograder import catalogue
from autograder.course import load_course
from autograder.engine.session import GradingSession
from autograder.executor.inprocess import InProcessExecutor
from autograder.graders.live import LiveExpectations
from autograder.model import ExerciseResult
from autograder.spec import QuizSpec

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FOLDERS = ("buggy", "wrong", "correct", "real_answers")
# Code words that are not identifiers of the task: devices, sandbox modes, modules, the
# float values nan and inf as Python prints them, and the language's own name.
CODE_WORDS = {
    "cpu",
    "cuda",
    "meta",
    "namespaces",
    "uid",
    "none",
    "torch",
    "nn",
    "optim",
    "nan",
    "inf",
    "Python",
}

_TOKEN = re.compile(r"[!-~]+")  # a run of printable ASCII without spaces
_EDGES = "()[]{},.;:!?"  # sentence punctuation around a word; anything else marks code
_BACKTICKS = re.compile(r"`[^`]*`")
# Code written inline: a shape like (batch, seq, feature), an argument value like “sgd”.
_SHAPE = re.compile(r"\((?:[A-Za-z_]\w*|\d+)(?:, ?(?:[A-Za-z_]\w*|\d+))+\)")
_QUOTED = re.compile(r"“[!-~]+”")
# What a program said: an exception's message, quoted after its type (torch's messages and
# the student's own are not the report's words), up to the student's line or the sentence.
_EXCEPTION_MESSAGE = re.compile(
    r"\b[A-Z]\w*(?:Error|Exception|Warning|Interrupt): [^;\n]*?(?=\(line |;|\n|$)"
)


@cache
def task_identifiers() -> frozenset[str]:
    """Every name the stubs, the references and the variants use (they are the task's code)."""
    names: set[str] = set(dir(builtins)) | set(keyword.kwlist) | CODE_WORDS
    for folder in ("exercises", "solutions", "tests/variants"):
        for path in (ROOT / folder).glob("s2*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Name):
                    names.add(node.id)
                elif isinstance(node, ast.Attribute):
                    names.add(node.attr)
                elif isinstance(node, ast.arg):
                    names.add(node.arg)
                elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names.add(node.name)
                elif isinstance(node, ast.keyword) and node.arg:
                    names.add(node.arg)
    return frozenset(names)


def english_words(text: str) -> list[str]:
    """ASCII words of 3+ letters in ``text`` that are not code."""
    found = []
    for pattern in (_EXCEPTION_MESSAGE, _BACKTICKS, _SHAPE, _QUOTED):
        text = pattern.sub(" ", text)
    for token in _TOKEN.findall(text):
        word = token.strip(_EDGES)
        if len(word) < 3 or not word.isascii():
            continue
        if not word.isalpha():
            continue  # code punctuation inside: F.conv2d, x.sum(dim=1), mutates-input, 'sgd'
        if any(c.isupper() for c in word[1:]):
            continue  # CamelCase: ValueError, BCEWithLogitsLoss
        known = task_identifiers()
        if word in known or word.lower() in known or f"{word}s" in known:
            continue  # the task's own name, or its singular ("logit" for logits)
        found.append(word)
    return found


def _strings(result: ExerciseResult) -> Iterator[str]:
    yield result.feedback
    yield from result.hints
    for outcome in result.checks:
        yield outcome.name
        yield outcome.detail


def _sample_sources() -> dict[str, list[str]]:
    """Every sample function in tests/, by exercise id."""
    by_exercise: dict[str, list[str]] = {}
    for folder in SAMPLE_FOLDERS:
        for path in sorted((ROOT / "tests" / folder).glob("2.*/*.py")):
            by_exercise.setdefault(path.parent.name, []).append(path.read_text("utf-8"))
    return by_exercise


def _empty_body(spec_function: str) -> str:
    return f"def {spec_function}(*args, **kwargs):\n    pass\n"


def _raising(spec_function: str) -> str:
    return (
        f"def {spec_function}(*args, **kwargs):\n"
        "    raise RuntimeError('shapes (3, 4) and (5, 6) do not match')\n"
    )


def _judge(exercise_id: str, source: str) -> ExerciseResult:
    spec = catalogue.spec(exercise_id)
    namespace: dict[str, object] = {"__name__": f"_zh_{spec.module}"}
    reference = (ROOT / "solutions" / f"{spec.module}.py").read_text("utf-8")
    exec(compile(reference + "\n" + source, f"{spec.module}.py", "exec"), namespace)
    course = load_course(ROOT / "course.yml")
    session = GradingSession(
        [spec],
        {exercise_id: course.exercise(exercise_id).points},
        LiveExpectations(course.grading.cases_per_exercise),
        InProcessExecutor(namespace),
        "zh",
        show_expected=False,
    )
    return session.grade(exercise_id)


FUNCTION_IDS = [i for i, s in catalogue.specs().items() if not isinstance(s, QuizSpec)]


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_zh_verdicts_hold_no_english(exercise_id: str) -> None:
    function = catalogue.spec(exercise_id).function
    sources = _sample_sources().get(exercise_id, [])
    sources += [_empty_body(function), _raising(function)]
    leaks = []
    for source in sources:
        result = _judge(exercise_id, source)
        for text in _strings(result):
            words = english_words(text)
            if words:
                leaks.append(f"{words}: {text[:160]!r}")
    assert not leaks, "\n".join(leaks)


def test_the_checker_finds_english_and_lets_code_through() -> None:
    assert english_words("✗ 输出的数值不对: values are wrong") == ["values", "are", "wrong"]
    assert english_words("Sandbox: 学生代码") == ["Sandbox"]
    assert english_words("请用 F.conv2d、x.amax(dim=dim) 与 `step (new gradient)`") == []
    assert english_words("错误 [mutates-input]:softmax 的 logits 有 ValueError") == []
    assert english_words("“sgd” 的形状 (batch, seq, feature),你的值是 nan") == []
    assert english_words("RuntimeError: mat1 cannot be multiplied (第 3 行:y = f(x))") == []
    assert english_words("(line 3: y = f(x))") == ["line"]
    assert english_words("步骤(new gradient)") == ["new", "gradient"]


@pytest.mark.parametrize("answer", ["Z", 3.5, ["A", "B"], "not a letter at all"])
def test_zh_quiz_verdicts_on_malformed_answers_hold_no_english(answer: object) -> None:
    quiz_ids = [i for i, s in catalogue.specs().items() if isinstance(s, QuizSpec)]
    for exercise_id in quiz_ids[:10]:
        spec = catalogue.spec(exercise_id)
        question = exercise_id.rsplit(".", 1)[-1]
        course = load_course(ROOT / "course.yml")
        session = GradingSession(
            [spec],
            {exercise_id: course.exercise(exercise_id).points},
            LiveExpectations(course.grading.cases_per_exercise, reveal_quiz_answers=False),
            InProcessExecutor({"QUIZ": {question: answer}}),
            "zh",
            show_expected=False,
        )
        result = session.grade(exercise_id)
        assert english_words(result.feedback) == [], (exercise_id, result.feedback)

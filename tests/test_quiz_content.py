"""The quiz content of every section: questions, answer key, explanations, stubs, secrecy.

Generic over ``autograder.catalogue.sections()``: a section is checked as soon
as it declares quiz questions. The key (``QUIZ`` in ``solutions/``) and the
explanations (in the hidden graders) must never reach anything students get:
``exercises/``, the public data, or the public part of ``autograder/``.
"""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path
from typing import Any

import pytest

from autograder import catalogue
from autograder.course import load_course
from autograder.course_build.stubs import with_quiz_block
from autograder.graders.kit import quiz_explanations
from autograder.probing.codec import from_json
from autograder.public.expectations import data_path
from autograder.spec import QuizSpec, Section
from autograder.spec.quiz import KINDS, QUIZ_VARIABLE, Question, normalize

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"
VARIANTS = ROOT / "tests" / "variants"
PUBLIC_DATA = ROOT / "autograder" / "public" / "data"
QUESTION_IDS = ["q1", "q2", "q3", "q4", "q5"]

ALL_MODULES = list(catalogue.sections())
QUIZ_MODULES = [m for m, s in catalogue.sections().items() if s.questions]


def _section(module: str) -> Section:
    return catalogue.sections()[module]


def _quiz_assignments(path: Path) -> list[Any]:
    """The literal values assigned to ``QUIZ`` at the top level of a module, in order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    values = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == QUIZ_VARIABLE for t in targets):
            values.append(ast.literal_eval(node.value))
    return values


def _quiz_of(path: Path) -> dict[str, Any]:
    values = _quiz_assignments(path)
    assert len(values) == 1, f"{path}: expected exactly one top-level {QUIZ_VARIABLE} = {{...}}"
    assert isinstance(values[0], dict), f"{path}: {QUIZ_VARIABLE} is not a dict"
    return values[0]


def _key(module: str) -> dict[str, Any]:
    return _quiz_of(SOLUTIONS / f"{module}.py")


def _shipped_files() -> list[Path]:
    """Files students receive: their stubs and the public part of the autograder package."""
    package = ROOT / "autograder"
    files = sorted(EXERCISES.glob("*.py"))
    for path in sorted(package.rglob("*")):
        if not path.is_file() or path.suffix not in (".py", ".json", ".md", ".txt", ".yml"):
            continue
        if (package / "graders") in path.parents or "_reference" in path.parts:
            continue
        files.append(path)
    return files


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings_in(k), *_strings_in(v))]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings_in(item)]
    return []


def _same_answer(question: Question, given: Any, right: Any) -> bool:
    if question.kind == "numeric":
        return isinstance(given, float) and math.isclose(given, right, rel_tol=question.rel_tol)
    return given == right


# -- declarations -----------------------------------------------------------------
@pytest.mark.parametrize("module", ALL_MODULES)
def test_course_lists_the_declared_questions(module: str) -> None:
    section = _section(module)
    course = load_course(ROOT / "course.yml")
    listed = [
        e.name.removeprefix("quiz.")
        for e in course.exercises
        if e.section == section.id and e.name.startswith("quiz.")
    ]
    declared = [q.id for q in section.questions]
    assert declared == listed, f"{section.id}: declared {declared}, course.yml lists {listed}"


@pytest.mark.parametrize("module", QUIZ_MODULES)
def test_five_well_formed_questions(module: str) -> None:
    questions = _section(module).questions
    assert [q.id for q in questions] == QUESTION_IDS
    kinds = {q.kind for q in questions}
    assert kinds <= set(KINDS)
    assert "numeric" in kinds and "multiple" in kinds, f"{module}: mix the kinds {kinds}"
    for q in questions:
        assert q.prompt["zh"].strip() and q.prompt["en"].strip(), q.id
        if q.kind == "numeric":
            assert not q.choices and 0 < q.rel_tol < 0.1, q.id
            continue
        assert len(q.choices) >= 3, f"{q.id}: give plausible wrong options"
        for lang in ("zh", "en"):
            texts = [c[lang].strip() for c in q.choices]
            assert all(texts) and len(set(texts)) == len(texts), (
                f"{q.id} {lang}: empty or repeated choice"
            )


@pytest.mark.parametrize("module", QUIZ_MODULES)
def test_answer_key_is_valid(module: str) -> None:
    key = _key(module)
    questions = _section(module).questions
    assert sorted(key) == sorted(q.id for q in questions), f"solutions/{module}.py QUIZ keys"
    for q in questions:
        answer = normalize(q, key[q.id])
        assert not (isinstance(answer, str) and answer.startswith("invalid")), (q.id, answer)
        if q.kind == "single":
            assert isinstance(answer, str) and answer in q.letters, q.id
        elif q.kind == "multiple":
            assert isinstance(answer, tuple) and answer and set(answer) <= set(q.letters), q.id
        else:
            assert isinstance(answer, float) and math.isfinite(answer), q.id


@pytest.mark.parametrize("module", QUIZ_MODULES)
def test_every_question_has_an_explanation(module: str) -> None:
    explanations = quiz_explanations()
    section = _section(module)
    for q in section.questions:
        text = explanations.get(f"{section.id}.quiz.{q.id}")
        assert text is not None, (
            f"{section.id}.quiz.{q.id}: explain it in autograder/graders/explanations/{module}.yml"
        )
        assert text["zh"].strip() and text["en"].strip(), q.id


def test_no_explanation_without_a_question() -> None:
    declared = {
        spec_id for spec_id, spec in catalogue.specs().items() if isinstance(spec, QuizSpec)
    }
    orphans = sorted(set(quiz_explanations()) - declared)
    assert not orphans, f"explanations for undeclared questions: {orphans}"


@pytest.mark.parametrize("module", QUIZ_MODULES)
def test_variant_answers_match_the_key(module: str) -> None:
    path = VARIANTS / f"{module}.py"
    if not path.is_file():
        pytest.skip(f"no variant {path}")
    given, key = _quiz_of(path), _key(module)
    for q in _section(module).questions:
        assert _same_answer(q, normalize(q, given.get(q.id)), normalize(q, key[q.id])), q.id


# -- the student stubs --------------------------------------------------------------
@pytest.mark.parametrize("module", QUIZ_MODULES)
def test_stub_has_the_current_quiz_block(module: str) -> None:
    path = EXERCISES / f"{module}.py"
    if not path.is_file():
        pytest.skip(f"no stub {path}")
    source = path.read_text(encoding="utf-8")
    assert with_quiz_block(source, _section(module)) == source, "run: ch2-grade build-stubs"
    quiz = _quiz_of(path)
    assert quiz == dict.fromkeys(QUESTION_IDS), f"{path}: QUIZ must hold only None"


# -- secrecy ------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(EXERCISES.glob("*.py")), ids=lambda p: p.name)
def test_exercise_modules_hold_no_answers(path: Path) -> None:
    for value in _quiz_assignments(path):
        assert isinstance(value, dict), path
        assert all(answer is None for answer in value.values()), f"{path}: {value}"


def test_explanations_never_ship() -> None:
    explanations = [
        (item, text[lang]) for item, text in quiz_explanations().items() for lang in ("zh", "en")
    ]
    assert explanations or not QUIZ_MODULES
    for path in _shipped_files():
        raw = path.read_text(encoding="utf-8")
        strings = [raw]
        if path.suffix == ".json":
            strings += _strings_in(json.loads(raw))
        for item, text in explanations:
            assert not any(text in s for s in strings), f"the explanation of {item} is in {path}"


@pytest.mark.parametrize("module", QUIZ_MODULES)
def test_public_data_holds_no_quiz_answers(module: str) -> None:
    path = data_path(module)
    assert path.parent == PUBLIC_DATA
    if not path.is_file():
        pytest.skip(f"no public data {path}")
    stored = json.loads(path.read_text(encoding="utf-8"))["exercises"]
    section = _section(module)
    for q in section.questions:
        entries = stored.get(f"{section.id}.quiz.{q.id}")
        assert entries, f"{section.id}.quiz.{q.id}: run ch2-grade build-public --module {module}"
        for entry in entries:
            assert from_json(entry["expected"]) is None, q.id
            assert from_json(entry["signatures"]) == {}, q.id
            assert from_json(entry["case"]) == {}, q.id


def test_shipped_modules_define_no_answer_key() -> None:
    for path in _shipped_files():
        if path.suffix != ".py":
            continue
        for value in _quiz_assignments(path):
            assert isinstance(value, dict) and all(v is None for v in value.values()), path

"""The quiz data files: questions in ``catalogue/quiz/``, explanations in ``graders/explanations/``.

Each section module of the course reads its questions from
``autograder/catalogue/quiz/<module>.yml`` (public: it ships to students) and
its hidden grader reads the explanations from
``autograder/graders/explanations/<module>.yml`` (never shipped).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from autograder import catalogue
from autograder.course_build.bundle import package_files
from autograder.graders.kit import Graders, quiz_explanations
from autograder.spec import Section
from autograder.spec.quiz import KINDS

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "autograder" / "catalogue" / "quiz"
EXPLANATIONS = ROOT / "autograder" / "graders" / "explanations"
QUESTION_IDS = ["q1", "q2", "q3", "q4", "q5"]
MODULES = [entry.module for entry in catalogue.chapter().sections]


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path}: expected a mapping"
    return data


# -- the files of the course ------------------------------------------------------
def test_every_course_section_has_both_files_and_no_file_is_orphaned() -> None:
    assert MODULES
    assert sorted(p.stem for p in QUESTIONS.glob("*.yml")) == sorted(MODULES)
    assert sorted(p.stem for p in EXPLANATIONS.glob("*.yml")) == sorted(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_question_file_declares_q1_to_q5(module: str) -> None:
    data = _load(QUESTIONS / f"{module}.yml")
    assert list(data) == QUESTION_IDS
    for question_id, entry in data.items():
        assert entry["kind"] in KINDS, (module, question_id)
        assert set(entry["prompt"]) == {"zh", "en"}, (module, question_id)
        assert all(set(choice) == {"zh", "en"} for choice in entry.get("choices", []))


@pytest.mark.parametrize("module", MODULES)
def test_explanation_file_declares_q1_to_q5(module: str) -> None:
    data = _load(EXPLANATIONS / f"{module}.yml")
    assert list(data) == QUESTION_IDS
    assert all(set(text) == {"zh", "en"} for text in data.values()), module


@pytest.mark.parametrize("module", MODULES)
def test_sections_declare_what_the_files_say(module: str) -> None:
    section = catalogue.sections()[module]
    data = _load(QUESTIONS / f"{module}.yml")
    assert [q.id for q in section.questions] == QUESTION_IDS
    for question in section.questions:
        entry = data[question.id]
        assert question.kind == entry["kind"]
        assert question.prompt == entry["prompt"]
        assert list(question.choices) == entry.get("choices", [])
        assert question.rel_tol == float(entry.get("rel_tol", 1e-3))
    explanations = quiz_explanations()
    for question_id, text in _load(EXPLANATIONS / f"{module}.yml").items():
        assert explanations[f"{section.id}.quiz.{question_id}"] == text


# -- malformed files ----------------------------------------------------------------
GOOD = """\
q1:
  kind: single
  prompt: {zh: 问题, en: Question}
  choices:
    - {zh: 甲, en: A thing}
    - {zh: 乙, en: Another}
q2:
  kind: numeric
  prompt: {zh: 多少, en: How many}
  rel_tol: 1e-9
"""


def _write(tmp_path: Path, text: str, name: str = "s99_test.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_declares_its_questions(tmp_path: Path) -> None:
    section = Section("9.9", "s99_test")
    section.quizzes_from(_write(tmp_path, GOOD))
    first, second = section.questions
    assert (first.id, first.kind, first.prompt) == (
        "q1",
        "single",
        {"zh": "问题", "en": "Question"},
    )
    assert first.choices == ({"zh": "甲", "en": "A thing"}, {"zh": "乙", "en": "Another"})
    assert first.rel_tol == 1e-3
    assert (second.kind, second.choices, second.rel_tol) == ("numeric", (), 1e-9)
    assert list(section.specs) == ["9.9.quiz.q1", "9.9.quiz.q2"]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (GOOD.replace("  rel_tol: 1e-9", "  tolerance: 1e-9"), "q2: unknown key tolerance"),
        (GOOD.replace("  prompt: {zh: 多少, en: How many}\n", ""), "q2: missing prompt"),
        (GOOD.replace("  kind: single\n", ""), "q1: missing kind"),
        (GOOD.replace("en: Question", "fr: Question"), "q1: prompt"),
        (GOOD.replace("{zh: 乙, en: Another}", "乙"), "q1: choice 2"),
        (GOOD.replace("kind: single", "kind: essay"), "question q1: kind"),
        (GOOD.replace("rel_tol: 1e-9", "rel_tol: small"), "q2: rel_tol"),
        (GOOD.replace("kind: numeric", "kind: single"), "question q2: choices"),
        ("q1: [not, a, mapping]\n", "q1"),
        ("q1: {kind: single\n", "not valid YAML"),
        ("", "expected question ids"),
    ],
)
def test_a_malformed_question_file_is_refused_naming_it(
    tmp_path: Path, text: str, says: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ValueError) as raised:
        Section("9.9", "s99_test").quizzes_from(path)
    assert str(path) in str(raised.value) and says in str(raised.value), raised.value


def test_explanations_load_in_order(tmp_path: Path) -> None:
    graders = Graders("9.9")
    graders.explain_from(_write(tmp_path, "q1: {zh: 因为, en: Because}\nq2: {zh: 所以, en: So}\n"))
    assert graders.explanations == {
        "9.9.quiz.q1": {"zh": "因为", "en": "Because"},
        "9.9.quiz.q2": {"zh": "所以", "en": "So"},
    }


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("q1: {zh: 因为, en: Because, fr: Parce que}\n", "q1: unknown key fr"),
        ("q1: {zh: 因为}\n", "q1: missing en"),
        ("q1: {zh: 因为, en: 3}\n", "q1: expected"),
        ("q1: Because\n", "q1"),
    ],
)
def test_a_malformed_explanation_file_is_refused_naming_it(
    tmp_path: Path, text: str, says: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ValueError) as raised:
        Graders("9.9").explain_from(path)
    assert str(path) in str(raised.value) and says in str(raised.value), raised.value


# -- what ships -------------------------------------------------------------------
def test_student_bundle_ships_the_questions_but_not_the_explanations() -> None:
    names = {name for name, _data in package_files()}
    for module in MODULES:
        assert f"autograder/catalogue/quiz/{module}.yml" in names
        assert f"autograder/graders/explanations/{module}.yml" not in names
    assert not [name for name in names if "explanations" in name]

"""Build one notebook per section from the stubs, the solutions and the catalogue.

Two variants come from the same code:

- ``source``: the instructor's notebook for nbgrader, each answer's reference
  body between ``### BEGIN SOLUTION`` / ``### END SOLUTION`` and each test cell's
  hidden part between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``;
- ``student``: what ``nbgrader generate_assignment`` makes of it (and what the
  student bundle ships): stub bodies, public self-checks only.

The hidden part of a test cell is a call into the grading package, never grader
code; nbgrader's points come from the isolated engine, not from running it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from autograder import catalogue
from autograder.course import Course, SectionEntry
from autograder.course_build.docstrings import docstring_markdown
from autograder.course_build.sources import ModuleParts, indent_block, read_module
from autograder.i18n import pick, t
from autograder.ipynb import ANSWER_PREFIX, TEST_PREFIX, cell_grade_id
from autograder.spec import ExerciseSpec, QuizSpec
from autograder.spec.quiz import LETTERS, QUIZ_VARIABLE

REPO = Path(__file__).resolve().parent.parent.parent
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")  # nbgrader's own stub
VARIANTS = ("source", "student")
_KIND = {
    "zh": {"single": "单选", "multiple": "多选(可能有多个正确答案)", "numeric": "数值"},
    "en": {
        "single": "single choice",
        "multiple": "multiple choice (several may be right)",
        "numeric": "numeric",
    },
}


def _cell_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", name)[:64]


def _nbgrader(
    grade_id: str,
    *,
    grade: bool = False,
    solution: bool = False,
    locked: bool = False,
    points: float | None = None,
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(grade_id: str, text: str) -> dict[str, Any]:
    return {
        "cell_type": "markdown",
        "id": _cell_id(grade_id),
        "metadata": {**_nbgrader(grade_id, locked=True), "editable": False, "deletable": False},
        "source": text,
    }


def _code(grade_id: str, source: str, **flags: Any) -> dict[str, Any]:
    metadata = _nbgrader(grade_id, **flags)
    if flags.get("locked"):
        metadata.update(editable=False, deletable=False)
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": _cell_id(grade_id),
        "metadata": metadata,
        "outputs": [],
        "source": source,
    }


def _unique(lines: list[str]) -> list[str]:
    seen: list[str] = []
    for line in lines:
        if line not in seen:
            seen.append(line)
    return seen


def _answer_source(
    spec: ExerciseSpec, stub: ModuleParts, solution: ModuleParts, variant: str, lang: str
) -> str:
    function = stub.functions[spec.function]
    title = docstring_markdown(function.docstring)[lang]["title"]
    lines = [function.header, f'    """{title}"""']
    if variant == "source":
        reference = solution.functions[spec.function]
        lines.append(f"    {BEGIN_SOLUTION}")
        lines += [indent_block(helper) for helper in solution.helpers_for(spec.function)]
        lines.append(indent_block(reference.body))
        lines.append(f"    {END_SOLUTION}")
    else:
        lines += [f"    {line}" for line in CODE_STUB]
    return "\n".join(lines)


def _test_source(exercise_id: str, target: str, variant: str, lang: str, default: str) -> str:
    """The test cell; the checks speak the notebook's language (named when not the course's)."""
    language = "" if lang == default else f", lang={lang!r}"
    lines = [
        f"# {t('notebook.self_check_comment', lang)}",
        f'self_check("{exercise_id}", {target}{language})',
    ]
    if variant == "source":
        lines += [
            BEGIN_HIDDEN,
            "from autograder.notebook import hidden_check",
            f'hidden_check("{exercise_id}", {target}{language})',
            END_HIDDEN,
        ]
    return "\n".join(lines)


def _quiz_markdown(
    section_id: str, specs: list[ExerciseSpec], points: dict[str, float], lang: str
) -> str:
    parts = [
        f"## {t('notebook.quiz_title', lang, section=section_id)}",
        t("notebook.quiz_help", lang),
    ]
    for spec in specs:
        question = spec.question
        assert question is not None
        head = f"**{question.id}** ({_KIND[lang][question.kind]}, {points[spec.id]:g} {t('notebook.points', lang)})"
        parts.append(f"{head}: {pick(question.prompt, lang)}")
        if question.choices:
            parts.append(
                "\n".join(
                    f"- {letter}. {pick(choice, lang)}"
                    for letter, choice in zip(LETTERS, question.choices)
                )
            )
    return "\n\n".join(parts)


def _quiz_answer_source(specs: list[ExerciseSpec], lang: str) -> str:
    lines = [f"# {t('notebook.quiz_answer_comment', lang)}", f"{QUIZ_VARIABLE} = {{"]
    for spec in specs:
        assert spec.question is not None
        lines.append(f'    "{spec.question.id}": None,  # {_KIND[lang][spec.question.kind]}')
    lines.append("}")
    return "\n".join(lines)


def build_notebook(
    section: SectionEntry, course: Course, *, lang: str, variant: str = "source", root: Path = REPO
) -> dict[str, Any]:
    """The notebook of one section as a JSON-able dict (nbformat 4.5, nbgrader metadata)."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, got {variant!r}")
    declared = catalogue.sections()[section.module]
    points = {entry.id: entry.points for entry in section.exercises}
    specs = [declared.specs[entry.id] for entry in section.exercises]
    functions = [s for s in specs if not isinstance(s, QuizSpec)]
    questions = [s for s in specs if isinstance(s, QuizSpec)]
    names = {s.function for s in functions}
    stub = read_module(root / "exercises" / f"{section.module}.py", names)
    solution = read_module(root / "solutions" / f"{section.module}.py", names)
    module_doc = docstring_markdown(stub.docstring)[lang]
    imports = _unique(stub.imports + solution.imports)
    imports.append("from autograder.notebook import self_check")

    cells = [
        _markdown(
            cell_grade_id("intro_", section.id),
            f"# {module_doc['title']}\n\n{t('notebook.intro', lang, section=section.id)}",
        ),
        _code(cell_grade_id("setup_", section.id), "\n".join(imports), locked=True),
    ]
    for spec in functions:
        doc = docstring_markdown(stub.functions[spec.function].docstring)[lang]
        heading = (
            f"## {spec.id} — {doc['title']} ({points[spec.id]:g} {t('notebook.points', lang)})"
        )
        cells.append(_markdown(cell_grade_id("task_", spec.id), f"{heading}\n\n{doc['body']}"))
        cells.append(
            _code(
                cell_grade_id(ANSWER_PREFIX, spec.id),
                _answer_source(spec, stub, solution, variant, lang),
                solution=True,
            )
        )
        cells.append(
            _code(
                cell_grade_id(TEST_PREFIX, spec.id),
                _test_source(spec.id, spec.function, variant, lang, course.default_language),
                grade=True,
                locked=True,
                points=points[spec.id],
            )
        )
    if questions:
        quiz_id = f"{section.id}.quiz"
        cells.append(
            _markdown(
                cell_grade_id("task_", quiz_id), _quiz_markdown(section.id, questions, points, lang)
            )
        )
        # Not an nbgrader solution cell: nbgrader would replace its whole text with
        # `raise NotImplementedError()`, and an unanswered quiz would break the module.
        quiz_cell = _code(
            cell_grade_id(ANSWER_PREFIX, quiz_id), _quiz_answer_source(questions, lang)
        )
        quiz_cell["metadata"] = {"ch2": {"answer": quiz_id}}
        cells.append(quiz_cell)
        for spec in questions:
            cells.append(
                _code(
                    cell_grade_id(TEST_PREFIX, spec.id),
                    _test_source(spec.id, QUIZ_VARIABLE, variant, lang, course.default_language),
                    grade=True,
                    locked=True,
                    points=points[spec.id],
                )
            )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "ch2": {
                "course": course.id,
                "section": section.id,
                "module": section.module,
                "lang": lang,
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_bytes(notebook: dict[str, Any]) -> bytes:
    """A notebook as the indented JSON written to disk."""
    return (json.dumps(notebook, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_notebook(notebook: dict[str, Any], path: Path) -> None:
    """Write a notebook as indented JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(notebook_bytes(notebook))

"""The quiz block of each student module, rendered from the declared questions.

The block sits between ``# BEGIN QUIZ`` and ``# END QUIZ`` in
``exercises/s2N_*.py``; ``ch2-grade build-stubs`` rewrites it so the questions
students see cannot drift from the ones that are graded.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from autograder.spec import Section
from autograder.spec.quiz import LETTERS, QUIZ_VARIABLE, Question

BEGIN = "# BEGIN QUIZ"
END = "# END QUIZ"
_KIND = {
    "single": "单选 single choice",
    "multiple": "多选 multiple choice",
    "numeric": "数值 numeric",
}
_BLOCK = re.compile(rf"^{re.escape(BEGIN)}.*?^{re.escape(END)}[^\n]*\n?", re.S | re.M)


def _question_lines(question: Question) -> list[str]:
    lines = [f"# {question.id} [{_KIND[question.kind]}]"]
    lines += [f"#   {question.prompt['zh']}", f"#   {question.prompt['en']}"]
    for letter, choice in zip(LETTERS, question.choices):
        text = choice["zh"] if choice["zh"] == choice["en"] else f"{choice['zh']} / {choice['en']}"
        lines.append(f"#   {letter}. {text}")
    return lines


def render_quiz_block(section: Section, answers: dict[str, Any] | None = None) -> str:
    """The quiz block of a section: instructions, questions as comments, the QUIZ dict.

    ``answers`` fills in answers already given (by question id); others are None.
    """
    answers = answers or {}
    lines = [
        f"{BEGIN} {section.id} " + "-" * 60,
        f"# 小测验 {section.id}:在下面的 {QUIZ_VARIABLE} 中把 None 换成你的答案。",
        f"# Quiz {section.id}: replace None in {QUIZ_VARIABLE} below with your answers.",
        '#   单选 single choice: "B"    多选 multiple choice: ["A", "C"]    数值 numeric: 42',
    ]
    for question in section.questions:
        lines += ["#", *_question_lines(question)]
    lines.append(f"{QUIZ_VARIABLE} = {{")
    lines += [f'    "{q.id}": {answers.get(q.id)!r},' for q in section.questions]
    lines += ["}", END]
    return "\n".join(lines) + "\n"


def answers_in(block: str) -> dict[str, Any]:
    """The answers written in an existing quiz block (empty if it cannot be read)."""
    found = re.search(rf"^{QUIZ_VARIABLE}\s*=\s*(\{{.*?^\}})", block, re.S | re.M)
    if not found:
        return {}
    try:
        value = ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError):
        return {}
    return value if isinstance(value, dict) else {}


def with_quiz_block(source: str, section: Section) -> str:
    """The module source with its quiz block rewritten (or appended), keeping given answers."""
    old = _BLOCK.search(source)
    if old:
        block = render_quiz_block(section, answers_in(old.group(0)))
        return source[: old.start()] + block + source[old.end() :]
    return source.rstrip("\n") + "\n\n\n" + render_quiz_block(section)


def update_stub(path: Path, section: Section) -> bool:
    """Rewrite a stub's quiz block; True when the file changed."""
    old = path.read_text(encoding="utf-8")
    new = with_quiz_block(old, section)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old

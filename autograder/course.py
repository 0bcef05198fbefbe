"""Load and validate ``course.yml`` into frozen dataclasses.

Every problem is reported as ``CourseConfigError`` naming the file, the key
(``sections[1].exercises[0].points``) and what is wrong, so an instructor who
edits the file sees exactly where the mistake is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from autograder.errors import CourseConfigError

LANGUAGES = ("zh", "en")
DEVICES = ("auto", "cpu", "cuda")
SANDBOXES = ("auto", "namespaces", "uid", "none")
_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ExerciseEntry:
    """One exercise as the course lists it: its id and its points."""

    id: str
    name: str
    section: str
    module: str
    points: float


@dataclass(frozen=True)
class SectionEntry:
    """One section of the chapter and the student module that holds it."""

    id: str
    module: str
    title: Mapping[str, str]
    exercises: tuple[ExerciseEntry, ...]


@dataclass(frozen=True)
class GradingPolicy:
    """Limits and defaults applied to every graded exercise."""

    time_limit_s: float = 10.0
    import_time_limit_s: float = 20.0
    memory_limit_mb: int = 2048
    device: str = "auto"
    cases_per_exercise: int = 3
    cpu_time_limit_s: float = 60.0
    max_processes: int = 64
    output_limit_mb: int = 16
    sandbox: str = "auto"


FEEDBACK_DETAILS = ("full", "mistakes", "score")
GRADESCOPE_VISIBILITY = ("visible", "after_due_date", "after_published", "hidden")
QUIZ_ANSWERS = ("never", "after_due", "always")
EXPECTED_VALUES = ("hidden", "shown")


@dataclass(frozen=True)
class FeedbackPolicy:
    """How much of the hidden graders' feedback students see in reports made for them.

    The defaults assume a student may resubmit without limit, so that no
    feedback works as an oracle for the hidden cases or the quiz key.

    ``detail``: ``full`` (what went wrong, named mistakes, hints), ``mistakes``
    (mistake ids and hints only) or ``score`` (points and status only).
    ``expected_values``: ``hidden`` (mismatches never show what a hidden case
    expected) or ``shown`` (for an instructor debugging locally).
    ``quiz_answers``: when feedback gives and explains the right answer of a
    quiz question: ``never``, ``after_due`` (once ``due`` has passed; never
    without a ``due``) or ``always``.
    ``due``: when grading is over (timezone-aware), or None.
    ``gradescope_visibility``: when Gradescope shows the tests to students.
    """

    detail: str = "full"
    expected_values: str = "hidden"
    quiz_answers: str = "after_due"
    due: datetime | None = None
    gradescope_visibility: str = "visible"

    def reveals_quiz_answers(self, now: datetime | None = None) -> bool:
        """Whether feedback made at ``now`` (default: this moment) may explain quiz answers.

        ``now`` must be timezone-aware, like ``due``.
        """
        if self.quiz_answers == "always":
            return True
        if self.quiz_answers != "after_due" or self.due is None:
            return False
        return (now or datetime.now(timezone.utc)) >= self.due

    @property
    def shows_expected_values(self) -> bool:
        """Whether mismatch feedback may show what a hidden case expected."""
        return self.expected_values == "shown"


@dataclass(frozen=True)
class Course:
    """The whole course definition."""

    path: Path
    id: str
    title: Mapping[str, str]
    languages: tuple[str, ...]
    default_language: str
    grading: GradingPolicy
    sections: tuple[SectionEntry, ...]
    feedback: FeedbackPolicy = FeedbackPolicy()

    @property
    def exercises(self) -> tuple[ExerciseEntry, ...]:
        """All exercises in course order."""
        return tuple(ex for section in self.sections for ex in section.exercises)

    def exercise(self, exercise_id: str) -> ExerciseEntry:
        """The exercise with this id (KeyError if the course has none)."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise KeyError(exercise_id)

    def section(self, section_id: str) -> SectionEntry:
        """The section with this id (KeyError if the course has none)."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def section_for_module(self, module: str) -> SectionEntry | None:
        """The section whose student module is called ``module``."""
        return next((s for s in self.sections if s.module == module), None)

    def select(self, selectors: tuple[str, ...] | list[str]) -> tuple[ExerciseEntry, ...]:
        """Exercises matching selectors such as ``2.3`` or ``2.3.softmax`` (all if none)."""
        if not selectors:
            return self.exercises
        chosen: list[ExerciseEntry] = []
        for selector in selectors:
            matches = [
                ex
                for ex in self.exercises
                if ex.id == selector or ex.section == selector or ex.id.startswith(selector + ".")
            ]
            if not matches:
                raise CourseConfigError(
                    f"no exercise or section matches {selector!r}; "
                    f"sections are {', '.join(s.id for s in self.sections)}"
                )
            chosen.extend(ex for ex in matches if ex not in chosen)
        return tuple(chosen)


def default_course_path() -> Path:
    """The course file in use: ``$CH2_COURSE``, else the chapter's."""
    override = os.environ.get("CH2_COURSE")
    if override:
        return Path(override)
    return chapter_course_path()


def chapter_course_path() -> Path:
    """The chapter's own course file: the checkout's, or the copy packaged with the wheel.

    It lists every exercise the catalogue declares; a custom course picks from them.
    """
    checkout = _PACKAGE_DIR.parent / "course.yml"
    if checkout.is_file():
        return checkout
    return _PACKAGE_DIR / "course.yml"


def load_course(path: Path | str | None = None) -> Course:
    """Read and validate a course file (the default one when ``path`` is None)."""
    path = Path(path) if path is not None else default_course_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CourseConfigError(f"{path}: cannot read the course file ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CourseConfigError(f"{path}: not valid YAML: {exc}") from exc
    return _Validator(path).course(data)


class _Validator:
    """Walks the parsed YAML, checking each key and value as it goes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> CourseConfigError:
        return CourseConfigError(f"{self.path}: {key}: {problem}")

    def mapping(self, value: Any, key: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a mapping, got {type(value).__name__}")
        for name in value:
            if name not in allowed:
                raise self.fail(
                    f"{key}.{name}" if key else str(name),
                    f"unknown key (allowed: {', '.join(sorted(allowed))})",
                )
        for name in sorted(required):
            if name not in value:
                raise self.fail(f"{key}.{name}" if key else name, "missing required key")
        return value

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string, got {value!r}")
        return value

    def number(self, value: Any, key: str, *, integer: bool = False) -> float:
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or value <= 0:
            kind = "a positive whole number" if integer else "a positive number"
            raise self.fail(key, f"must be {kind}, got {value!r}")
        return value

    def texts(self, value: Any, key: str, languages: tuple[str, ...]) -> dict[str, str]:
        if isinstance(value, str):
            return dict.fromkeys(languages, value)
        value = self.mapping(value, key, set(LANGUAGES), set(languages))
        return {lang: self.string(text, f"{key}.{lang}") for lang, text in value.items()}

    def course(self, data: Any) -> Course:
        data = self.mapping(
            data, "", {"course", "grading", "feedback", "sections"}, {"course", "sections"}
        )
        meta = self.mapping(
            data["course"],
            "course",
            {"id", "title", "languages", "default_language"},
            {"id", "title"},
        )
        languages = meta.get("languages", list(LANGUAGES))
        if not isinstance(languages, list) or not languages:
            raise self.fail("course.languages", "must be a non-empty list")
        for lang in languages:
            if lang not in LANGUAGES:
                raise self.fail("course.languages", f"unknown language {lang!r} (known: zh, en)")
        default = meta.get("default_language", languages[0])
        if default not in languages:
            raise self.fail(
                "course.default_language", f"{default!r} is not one of course.languages"
            )
        langs = tuple(languages)
        return Course(
            path=self.path,
            id=self.string(meta["id"], "course.id"),
            title=self.texts(meta["title"], "course.title", langs),
            languages=langs,
            default_language=default,
            grading=self.grading(data.get("grading", {})),
            sections=self.sections(data["sections"], langs),
            feedback=self.feedback(data.get("feedback", {})),
        )

    def feedback(self, data: Any) -> FeedbackPolicy:
        data = self.mapping(data, "feedback", set(FeedbackPolicy.__dataclass_fields__), set())
        values: dict[str, Any] = {}
        for name, value in data.items():
            key = f"feedback.{name}"
            if name == "due":
                values[name] = self.due(value, key)
            elif name == "quiz_answers":
                values[name] = self.quiz_answers(value, key)
            else:
                allowed = {
                    "detail": FEEDBACK_DETAILS,
                    "expected_values": EXPECTED_VALUES,
                    "gradescope_visibility": GRADESCOPE_VISIBILITY,
                }[name]
                values[name] = self.choice(value, key, allowed)
        return FeedbackPolicy(**values)

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value

    def quiz_answers(self, value: Any, key: str) -> str:
        # Course files written before ``after_due`` existed say true or false.
        if isinstance(value, bool):
            return "always" if value else "never"
        return self.choice(value, key, QUIZ_ANSWERS)

    def due(self, value: Any, key: str) -> datetime | None:
        # YAML reads an unquoted date-time as a datetime, a quoted one as a string.
        if value is None:
            return None
        moment = value
        if isinstance(value, str):
            text = value.strip()
            try:
                moment = datetime.fromisoformat(
                    text[:-1] + "+00:00" if text.endswith("Z") else text
                )
            except ValueError:
                moment = None
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            shown = value.isoformat() if isinstance(value, date) else value
            raise self.fail(
                key,
                "must be an ISO 8601 date-time with a timezone, "
                f"e.g. 2025-06-30T23:59:00+08:00, got {shown!r}",
            )
        return moment

    def grading(self, data: Any) -> GradingPolicy:
        fields = GradingPolicy.__dataclass_fields__
        data = self.mapping(data, "grading", set(fields), set())
        values: dict[str, Any] = {}
        for name, value in data.items():
            key = f"grading.{name}"
            if name in ("device", "sandbox"):
                allowed = DEVICES if name == "device" else SANDBOXES
                if value not in allowed:
                    raise self.fail(key, f"must be one of {', '.join(allowed)}, got {value!r}")
                values[name] = value
            else:
                integer = name in (
                    "memory_limit_mb",
                    "cases_per_exercise",
                    "max_processes",
                    "output_limit_mb",
                )
                values[name] = self.number(value, key, integer=integer)
        return GradingPolicy(**values)

    def sections(self, data: Any, langs: tuple[str, ...]) -> tuple[SectionEntry, ...]:
        if not isinstance(data, list) or not data:
            raise self.fail("sections", "must be a non-empty list")
        sections: list[SectionEntry] = []
        seen_ids: set[str] = set()
        seen_modules: set[str] = set()
        for i, raw in enumerate(data):
            key = f"sections[{i}]"
            raw = self.mapping(
                raw,
                key,
                {"id", "module", "title", "exercises", "quiz"},
                {"id", "module", "exercises"},
            )
            section_id = self.string(
                str(raw["id"]) if isinstance(raw["id"], (int, float)) else raw["id"], f"{key}.id"
            )
            module = self.string(raw["module"], f"{key}.module")
            if not module.isidentifier():
                raise self.fail(f"{key}.module", f"{module!r} is not a valid Python module name")
            if section_id in seen_ids:
                raise self.fail(f"{key}.id", f"section {section_id!r} is listed twice")
            if module in seen_modules:
                raise self.fail(f"{key}.module", f"module {module!r} is listed twice")
            seen_ids.add(section_id)
            seen_modules.add(module)
            title = self.texts(raw.get("title", section_id), f"{key}.title", langs)
            sections.append(
                SectionEntry(
                    id=section_id,
                    module=module,
                    title=title,
                    exercises=self.exercises(raw["exercises"], key, section_id, module)
                    + self.exercises(raw.get("quiz", []), key, section_id, module, quiz=True),
                )
            )
        return tuple(sections)

    def exercises(
        self, data: Any, section_key: str, section_id: str, module: str, *, quiz: bool = False
    ) -> tuple[ExerciseEntry, ...]:
        key = f"{section_key}.{'quiz' if quiz else 'exercises'}"
        if not isinstance(data, list) or (not data and not quiz):
            raise self.fail(key, "must be a non-empty list")
        entries: list[ExerciseEntry] = []
        for j, raw in enumerate(data):
            ex_key = f"{key}[{j}]"
            raw = self.mapping(raw, ex_key, {"name", "points"}, {"name", "points"})
            given = self.string(raw["name"], f"{ex_key}.name")
            name = f"quiz.{given}" if quiz else given
            if any(e.name == name for e in entries):
                raise self.fail(f"{ex_key}.name", f"{given!r} is listed twice")
            entries.append(
                ExerciseEntry(
                    id=f"{section_id}.{name}",
                    name=name,
                    section=section_id,
                    module=module,
                    points=self.number(raw["points"], f"{ex_key}.points"),
                )
            )
        return tuple(entries)

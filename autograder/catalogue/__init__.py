"""The public declarations: every exercise, quiz question and mistake of the chapter.

One module per section of ``course.yml`` (its ``module`` name) declares the
section's exercises (probe, checks, recognised mistakes) on a
:class:`~autograder.spec.Section` and describes the mistakes they name
(``MISTAKES``); :mod:`autograder.catalogue.generic` describes the mistakes the
engine names for any exercise. Nothing here knows the right answers: the
references live in ``solutions/`` and the hidden graders.

The chapter's course file decides which modules exist, and the two must agree
both ways: an exercise in the course file that no module declares, or one
declared that the course file does not list, stops every command with a
:class:`DeclarationError` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module
from types import ModuleType

from autograder.course import Course, chapter_course_path, load_course
from autograder.errors import DeclarationError
from autograder.spec import ExerciseSpec, Mistake, Section

GENERIC_MISTAKES = "autograder.catalogue.generic"


@cache
def chapter() -> Course:
    """The chapter's own course file (the checkout's or the packaged ``course.yml``)."""
    return load_course(chapter_course_path())


@cache
def sections() -> Mapping[str, Section]:
    """Declared sections by student module name, in the chapter's order."""
    found: dict[str, Section] = {}
    for entry in chapter().sections:
        section = _section_module(entry.id, entry.module, "catalogue").SECTION
        if section.id != entry.id or section.module != entry.module:
            raise DeclarationError(
                f"autograder/catalogue/{entry.module}.py declares section {section.id} "
                f"({section.module}); {chapter().path} says {entry.id} ({entry.module})"
            )
        found[section.module] = section
    _check_against_course(found)
    return found


def _section_module(section_id: str, module: str, package: str) -> ModuleType:
    """``autograder.<package>.<module>``; a clear error when the section's module is missing."""
    name = f"autograder.{package}.{module}"
    try:
        return import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        raise DeclarationError(
            f"{chapter().path}: section {section_id} names the module {module}, "
            f"but there is no autograder/{package}/{module}.py"
        ) from None


def section_modules(package: str) -> list[ModuleType]:
    """The chapter's section modules of ``autograder.<package>`` (catalogue, graders), in order."""
    return [_section_module(entry.id, entry.module, package) for entry in chapter().sections]


def _check_against_course(found: Mapping[str, Section]) -> None:
    """Every exercise and question in the course file is declared, and nothing else is."""
    listed = {entry.id for entry in chapter().exercises}
    declared = {sid for section in found.values() for sid in section.specs}
    unlisted = sorted(declared - listed)
    if unlisted:
        raise DeclarationError(
            f"declared in autograder/catalogue/ but not listed in {chapter().path}: "
            + ", ".join(unlisted)
            + " (add each to its section in the course file, with its points)"
        )
    missing = sorted(listed - declared)
    if missing:
        raise DeclarationError(
            f"listed in {chapter().path} but declared nowhere in autograder/catalogue/: "
            + ", ".join(missing)
        )


@cache
def specs() -> Mapping[str, ExerciseSpec]:
    """Every declared exercise by id, in section order."""
    return {sid: s for section in sections().values() for sid, s in section.specs.items()}


def spec(exercise_id: str) -> ExerciseSpec:
    """The declaration of one exercise (KeyError if there is none)."""
    return specs()[exercise_id]


@cache
def mistakes() -> Mapping[str, Mistake]:
    """Every described mistake by id: the engine's, then each section's."""
    found: dict[str, Mistake] = {}
    modules = [GENERIC_MISTAKES] + [f"autograder.catalogue.{m}" for m in sections()]
    for name in modules:
        for entry in import_module(name).MISTAKES:
            if entry.id in found:
                raise DeclarationError(f"mistake {entry.id!r} is described twice")
            found[entry.id] = entry
    return found


def describe_mistake(mistake_id: str) -> Mistake:
    """The description of a mistake id (KeyError if unknown)."""
    return mistakes()[mistake_id]

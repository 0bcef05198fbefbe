"""Recognise a section notebook a student submitted under another name.

nbgrader grades a submitted notebook only under its released name: a
``s21_basics-Copy1.ipynb`` is skipped as an "unknown notebook", and the section
scores 0 with no flag. :func:`renamed_notebook_hook` makes the
``Autograde.pre_convert_hook`` that, for each section notebook missing under its
own name, looks at the submission's other notebooks (read as hostile input: no
link followed, size capped, tolerant parse), recognises the section from the
grade ids of their cells (or, failing those, the notebook's metadata), and puts
the expected name in nbgrader's list of notebooks in place of the file. The
file is remembered (:data:`ALIASES`): the autograde reader reads it in place of
the missing one and notes the renaming, which flags the submission for review.
Nothing is written into the submitted folder.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from traitlets.log import get_logger

from autograder.course import Course
from autograder.ipynb import answer_item, nbgrader_meta, parse_notebook_bytes
from autograder.nbgrader_ext.course_file import course_for
from autograder.safe_io import (
    MAX_NOTEBOOK_BYTES,
    UnsafeFileError,
    lexists,
    printable,
    read_regular_file,
)

_GRADE_ID = re.compile(r'"grade_id"\s*:\s*"([A-Za-z0-9_-]{1,200})"')


@dataclass(frozen=True)
class Renamed:
    """The file graded for a section notebook missing under its own name."""

    expected: str  # <submission>/<module>.ipynb, which does not exist
    chosen: str  # the file that holds the section (the newest, if several do)
    others: tuple[str, ...] = ()  # older files holding the same section, not graded

    def note(self) -> str:
        """What the gradebook and the student's feedback say about it."""
        text = (
            f"{Path(self.expected).name} was submitted as {printable(Path(self.chosen).name)}; "
            "graded from that file"
        )
        if self.others:
            older = ", ".join(printable(Path(p).name) for p in self.others)
            text += f" (the newest of several; not graded: {older})"
        return text


# The expected path (normalised) of every notebook graded from another file, this process.
ALIASES: dict[str, Renamed] = {}


def renamed_from(filename: str | os.PathLike[str]) -> Renamed | None:
    """The renamed file to read for ``filename``, if the hook found one."""
    return ALIASES.get(os.path.normpath(os.fspath(filename)))


def section_module(data: bytes, course: Course) -> str | None:
    """The section module a notebook's bytes belong to, or None if no section is recognised.

    Each cell's grade id (``test_2-1-build_mlp``, ``setup_2-1``) votes for its
    section; a section with more than half the votes wins. A notebook with no
    recognisable cell falls back to its ``ch2.module`` metadata.
    """
    notebook = parse_notebook_bytes(data)
    if not notebook.readable:
        return None
    ids = []
    for cell in notebook.cells:
        item = answer_item(cell)
        grade_id = nbgrader_meta(cell).get("grade_id") or (item and f"answer_{item}")
        if grade_id:
            ids.append(str(grade_id).replace(".", "-"))
    if notebook.damage and not any(ids):  # salvaged cells have no metadata: read it in the text
        ids = _GRADE_ID.findall(data.decode("utf-8", errors="replace"))
    votes: Counter[str] = Counter()
    for grade_id in ids:
        _, _, rest = grade_id.partition("_")
        item = rest.replace("-", ".")
        for section in course.sections:
            if item == section.id or item.startswith(section.id + "."):
                votes[section.module] += 1
                break
    if votes:
        module, count = votes.most_common(1)[0]
        return module if 2 * count > sum(votes.values()) else None
    ours = notebook.metadata.get("ch2")
    module = ours.get("module") if isinstance(ours, dict) else None
    return module if course.section_for_module(str(module)) is not None else None


def _mtime(path: str) -> int:
    try:
        return os.lstat(path).st_mtime_ns
    except OSError:
        return 0


def recognise_renamed(notebooks: list[str], course: Course) -> list[Renamed]:
    """Put the expected path in ``notebooks`` (in place) for each section notebook found
    under another name; the renamings, also remembered in :data:`ALIASES`."""
    modules = {s.module for s in course.sections}
    found: dict[str, list[str]] = {}  # expected path -> files holding that section
    for folder in sorted({os.path.dirname(p) for p in notebooks}):
        for key in [k for k in ALIASES if os.path.dirname(k) == os.path.normpath(folder)]:
            del ALIASES[key]  # from an earlier run: the folder is looked at afresh
    for path in notebooks:
        if Path(path).stem in modules:
            continue
        try:
            data = read_regular_file(path, MAX_NOTEBOOK_BYTES)
        except UnsafeFileError:
            continue  # never read: it stays an unknown notebook
        module = section_module(data, course)
        if module is None:
            continue
        expected = os.path.join(os.path.dirname(path), f"{module}.ipynb")
        if lexists(Path(expected)) or expected in notebooks:
            continue  # the section is there under its own name: copies are left alone
        found.setdefault(expected, []).append(path)
    renamed = []
    for expected, paths in found.items():
        paths.sort(key=lambda p: (_mtime(p), p), reverse=True)
        entry = Renamed(expected, paths[0], tuple(paths[1:]))
        notebooks[notebooks.index(paths[0])] = expected
        ALIASES[os.path.normpath(expected)] = entry
        renamed.append(entry)
    return renamed


def renamed_notebook_hook(course_file: str = "") -> Callable[..., None]:
    """The ``Autograde.pre_convert_hook`` for the course in ``course_file`` (default: the
    course in use)."""

    def hook(*, notebooks: list[str], **_: Any) -> None:
        """Called by nbgrader for each submission, with the list of notebooks it will grade."""
        log = get_logger()
        try:
            course = course_for(course_file)
            for entry in recognise_renamed(notebooks, course):
                student = Path(entry.expected).parent.parent.name
                log.warning("student %s: %s", printable(student), entry.note())
        except Exception:  # nbgrader would only log it at info level: say it louder
            log.error("looking for renamed notebooks failed", exc_info=True)

    return hook

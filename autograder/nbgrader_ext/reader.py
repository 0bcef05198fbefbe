"""Read submitted notebooks for autograde, whatever state they are in.

nbgrader stops a student's whole submission when one notebook is not valid
JSON, and its own restoring of deleted test cells fails when the cell before
one is gone too. This exporter always hands nbgrader a well-formed notebook:

- a notebook nbformat cannot read is rebuilt from the released structure, with
  every answer cell filled from the code still recoverable in the file;
- a notebook missing test cells gets them back, in their released place;
- a notebook that must not be read (a link, not a regular file, too large,
  JSON nested deeper than any notebook) is never opened through the link or
  parsed: the released notebook stands in for it, with no answer given.

What was done is written to the notebook's metadata (``ch2_grade.repairs``),
read later by :class:`~autograder.nbgrader_ext.preprocessors.GradeWithEngine`.
"""

from __future__ import annotations

import copy
import datetime
import os
import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from traitlets import Unicode

from autograder.course import Course
from autograder.course_build.notebooks import build_notebook
from autograder.ipynb import (
    TooDeepError,
    answer_item,
    cell_source,
    is_test_cell,
    load_json,
    nbgrader_meta,
    parse_notebook,
)
from autograder.nbgrader_ext.course_file import course_for
from autograder.nbgrader_ext.renamed import renamed_from
from autograder.safe_io import (
    MAX_NOTEBOOK_BYTES,
    UnsafeFileError,
    lexists,
    printable,
    read_regular_file,
)
from autograder.spec.quiz import QUIZ_VARIABLE

METADATA_KEY = "ch2_grade"


def add_repairs(notebook: nbformat.NotebookNode, repairs: list[str]) -> None:
    """Add ``repairs`` to those already in the notebook's metadata (each note once)."""
    ours = notebook.metadata.get(METADATA_KEY)
    ours = ours if isinstance(ours, dict) else {}
    known = ours.get("repairs")
    known = [r for r in known if isinstance(r, str)] if isinstance(known, list) else []
    merged = known + [r for r in repairs if r not in known]
    notebook.metadata[METADATA_KEY] = {**ours, "repairs": list(dict.fromkeys(merged))}


def _grade_id(cell: dict[str, Any]) -> str:
    return str(nbgrader_meta(cell).get("grade_id", ""))


def _defines(source: str, name: str) -> bool:
    if name == QUIZ_VARIABLE:
        return re.search(rf"^{QUIZ_VARIABLE}\s*=", source, re.M) is not None
    return re.search(rf"^def\s+{re.escape(name)}\s*\(", source, re.M) is not None


def released_notebook(module: str, lang: str, course_file: str = "") -> dict[str, Any] | None:
    """The released (student) notebook of a section module, or None for other notebooks.

    Made once per module, language and course version; callers copy what they change.
    """
    course = course_for(course_file)
    key = (module, lang, id(course))
    if key not in _released:
        section = course.section_for_module(module)
        notebook = (
            None
            if section is None
            else build_notebook(
                section, course, lang=lang or course.default_language, variant="student"
            )
        )
        _released[key] = (course, notebook)  # the course kept: its id is not reused
    return _released[key][1]


_released: dict[tuple[str, str, int], tuple[Course, dict[str, Any] | None]] = {}


def rebuild_from_fragments(released: dict[str, Any], fragments: list[str]) -> dict[str, Any]:
    """The released notebook with each answer cell replaced by the recovered code that defines it."""
    notebook = copy.deepcopy(released)
    unused = list(fragments)
    for cell in notebook["cells"]:
        item = answer_item(cell)
        if item is None:
            continue
        name = QUIZ_VARIABLE if item.endswith(".quiz") else item.rsplit(".", 1)[-1]
        match = next((f for f in unused if _defines(f, name)), None)
        if match is not None:
            cell["source"] = match
            unused.remove(match)
    leftovers = [f for f in unused if f.strip()]
    if leftovers:
        # Last, as plain code: helpers are found at call time, and nothing runs before the answers.
        extra = {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": "\n\n".join(leftovers),
        }
        notebook["cells"].append(extra)
    return notebook


def restore_test_cells(submitted: dict[str, Any], released: dict[str, Any]) -> list[str]:
    """Put back the released test cells missing from ``submitted``; their grade ids."""
    return restore_cells(submitted, released, is_test_cell)


def is_locked_code(cell: dict[str, Any]) -> bool:
    """A locked code cell that is not a test cell: the imports every answer needs."""
    return (
        cell.get("cell_type") == "code"
        and nbgrader_meta(cell).get("locked") is True
        and not is_test_cell(cell)
    )


def solution_markers(notebook: dict[str, Any]) -> list[str]:
    """Grade ids of answer cells that hold the source notebook's solution markers."""
    return [
        _grade_id(c)
        for c in notebook["cells"]
        if answer_item(c) is not None and "### BEGIN SOLUTION" in cell_source(c)
    ]


def restore_cells(submitted: dict[str, Any], released: dict[str, Any], wanted: Any) -> list[str]:
    """Put back the released cells ``wanted(cell)`` picks that ``submitted`` lacks, each
    after the cells it followed; their grade ids."""
    present = {_grade_id(c) for c in submitted["cells"]}
    restored = []
    for index, cell in enumerate(released["cells"]):
        grade_id = _grade_id(cell)
        if not wanted(cell) or not grade_id or grade_id in present:
            continue
        before = [_grade_id(c) for c in released["cells"][:index]]
        position = 0
        for i, existing in enumerate(submitted["cells"]):
            if _grade_id(existing) in before:
                position = i + 1
        submitted["cells"].insert(position, copy.deepcopy(cell))
        present.add(grade_id)
        restored.append(grade_id)
    return restored


class RepairingNotebookExporter(NotebookExporter):
    """A NotebookExporter for autograde that repairs instead of failing."""

    lang = Unicode("", help="language of rebuilt notebooks (default: the course's)").tag(
        config=True
    )
    course_file = Unicode("", help="the course file (default: the packaged course)").tag(
        config=True
    )

    def from_filename(
        self, filename: str, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """Read a submitted notebook as hostile input (see :mod:`autograder.safe_io`), then repair it.

        Unlike nbconvert's own reading, a link is never followed and the size is capped.
        A section notebook that was submitted under another name (see
        :mod:`autograder.nbgrader_ext.renamed`) is read from that file, with a note.
        """
        path = Path(filename)
        source, notes = path, []
        renamed = renamed_from(filename)
        if renamed is not None and not lexists(path):
            source, notes = Path(renamed.chosen), [renamed.note()]
        if resources is None:
            resources = ResourcesDict()
        if not resources.get("metadata"):
            resources["metadata"] = ResourcesDict()
        resources["metadata"]["name"] = path.stem
        resources["metadata"]["path"] = str(path.parent)
        resources["metadata"]["modified_date"] = _modified_date(source)
        try:
            data = read_regular_file(source, MAX_NOTEBOOK_BYTES)
        except UnsafeFileError as exc:
            notebook = self.unread(path.stem, str(exc), notes)
        else:
            notebook = self.repaired_bytes(data, path.stem, notes)
        return self.from_notebook_node(notebook, resources=resources, **kw)

    def from_file(self, file_stream: Any, resources: dict[str, Any] | None = None, **kw: Any):
        """Read the stream (bytes that are not UTF-8 are replaced) and repair what it holds."""
        try:
            text = file_stream.read()
        except UnicodeDecodeError:
            file_stream.buffer.seek(0)
            text = file_stream.buffer.read().decode("utf-8", errors="replace")
        module = ((resources or {}).get("metadata") or {}).get("name", "")
        return self.from_notebook_node(self.repaired(text, module), resources=resources, **kw)

    def repaired_bytes(
        self, data: bytes, module: str, repairs: list[str] | None = None
    ) -> nbformat.NotebookNode:
        """:meth:`repaired` of a file's bytes; bytes that are not UTF-8 are replaced, with a note."""
        repairs = list(repairs or [])
        try:
            return self.repaired(data.decode("utf-8"), module, repairs)
        except UnicodeDecodeError as exc:
            note = (
                f"the notebook is not UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                f"{exc.start}); such bytes were replaced"
            )
        return self.repaired(data.decode("utf-8", errors="replace"), module, [*repairs, note])

    def unread(
        self, module: str, reason: str, repairs: list[str] | None = None
    ) -> nbformat.NotebookNode:
        """The released notebook with no answer given, standing in for one that was not read."""
        released = released_notebook(module, self.lang, self.course_file)
        if released is None:
            raise UnsafeFileError(reason)
        data = nbformat.from_dict(rebuild_from_fragments(released, []))
        data.metadata[METADATA_KEY] = {
            "repairs": [
                *(repairs or []),
                f"the notebook was not read ({printable(reason)}); no answer was graded",
            ]
        }
        return data

    def repaired(
        self, text: str, module: str, repairs: list[str] | None = None
    ) -> nbformat.NotebookNode:
        """The notebook in ``text``, repaired if needed, with what was done in its metadata."""
        try:
            load_json(text)  # nbformat and its validator recurse: refuse what nests too deep
        except TooDeepError as exc:
            return self.unread(module, f"{module}.ipynb cannot be read: {exc}", repairs)
        except ValueError:
            pass  # not JSON: salvaged below
        released = released_notebook(module, self.lang, self.course_file)
        repairs = list(repairs or [])
        try:
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validate(notebook)
            data = nbformat.from_dict(notebook)
            if self._reads_submission():
                data.metadata.pop(METADATA_KEY, None)  # the student's, not ours: never a note
        except Exception as exc:
            if released is None:
                raise
            salvaged = parse_notebook(text)
            fragments = [
                cell_source(c)
                for c in salvaged.cells
                if c.get("cell_type") == "code" and not is_test_cell(c)
            ]
            data = nbformat.from_dict(rebuild_from_fragments(released, fragments))
            repairs.append(
                f"the notebook could not be read ({type(exc).__name__}): {salvaged.damage or exc}"
            )
        if released is not None:
            restored = restore_test_cells(data, released)
            if restored:
                repairs.append(
                    "test cells deleted from the notebook were put back: " + ", ".join(restored)
                )
            restored = restore_cells(data, released, is_locked_code)
            if restored:
                repairs.append(
                    "locked cells deleted from the notebook were put back: " + ", ".join(restored)
                )
            copied = solution_markers(data)
            if copied:
                repairs.append(
                    "answer cells hold the source notebook's solution markers ("
                    + ", ".join(copied)
                    + "): a copy of the instructor's source notebook, not the released one; "
                    "check how the student got it"
                )
        if repairs:
            add_repairs(data, repairs)  # after those of an earlier pass (autograde's sanitizing)
        return nbformat.from_dict(data)

    def _reads_submission(self) -> bool:
        """Whether autograde is reading the student's file (not its own sanitized copy)."""
        return getattr(self.parent, "_sanitizing", False) is True


def _modified_date(path: Path) -> str:
    """The file's modification date as nbconvert writes it, from the entry itself (no link)."""
    try:
        stamp = os.lstat(path).st_mtime
    except OSError:
        stamp = 0.0
    when = datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc)
    return when.strftime("%B %-d, %Y")

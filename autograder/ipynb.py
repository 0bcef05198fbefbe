"""Read a student's section notebook and turn its code into a module.

Reading never fails: a notebook that is not valid JSON (truncated, edited by
hand, merged badly) is *salvaged*: every cell source that can still be found
in the text is kept, and the damage is described so that the result is never
mistaken for an honest zero. A file that must not be read at all (a link, not
a regular file, too large, or JSON nested deeper than any notebook) gives a
notebook marked unreadable, with the reason. Only plain ``json`` is used (no nbformat), so
grading a folder of notebooks costs nothing extra to import.

The module is the notebook's code cells in order, except the test cells
(nbgrader grade cells that are not answers): IPython magics and shell lines
are commented out, and a cell that does not compile is replaced by a comment
so the rest of the notebook still defines its functions.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.safe_io import MAX_NOTEBOOK_BYTES, UnsafeFileError, read_regular_file

ANSWER_PREFIX = "answer_"
TEST_PREFIX = "test_"


def cell_grade_id(prefix: str, item: str) -> str:
    """nbgrader ids allow letters, digits, ``_`` and ``-``: ``test_2-1-build_mlp`` for ``2.1.build_mlp``."""
    return prefix + item.replace(".", "-")


def item_of(grade_id: str, prefix: str) -> str | None:
    """The exercise or quiz id behind a cell's grade id (None if it has another prefix)."""
    if not grade_id.startswith(prefix):
        return None
    return grade_id[len(prefix) :].replace("-", ".")


_SOURCE = re.compile(
    r'"source"\s*:\s*(\[(?:\s*"(?:[^"\\]|\\.)*"\s*,?)*\s*\]|"(?:[^"\\]|\\.)*")', re.S
)
_CELL_TYPE = re.compile(r'"cell_type"\s*:\s*"(\w+)"')
_GRADE_TRUE = re.compile(r'"grade"\s*:\s*true')
_SOLUTION_TRUE = re.compile(r'"solution"\s*:\s*true')
# Far deeper than any notebook (widget state and plot specs stay within a few dozen
# levels), and shallow enough for every later step that walks the data recursively.
MAX_NESTING = 100


@dataclass
class Notebook:
    """The cells of a notebook as plain dicts, and what was wrong with the file."""

    cells: list[dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)
    damage: str | None = None  # why the file had to be salvaged, or why it was not read
    readable: bool = True  # False: nothing in the file is used (see ``damage``)


@dataclass
class ModuleSource:
    """Python source built from a notebook, with the problems met on the way."""

    source: str
    problems: list[str] = field(default_factory=list)
    broken_answers: dict[str, str] = field(default_factory=dict)  # answered item -> problem
    answer_items: set[str] = field(default_factory=set)  # items whose answer cell is present


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (it may be stored as a list of lines)."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(line) for line in source)
    return source if isinstance(source, str) else ""


def nbgrader_meta(cell: dict[str, Any]) -> dict[str, Any]:
    """The nbgrader metadata of a cell ({} when it has none)."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else {}


def answer_item(cell: dict[str, Any]) -> str | None:
    """The exercise (or ``2.N.quiz``) an answer cell is for, or None for other cells.

    Exercise answers are nbgrader solution cells (``answer_2-1-build_mlp``); the
    quiz answer is a plain cell marked in our own metadata, because nbgrader
    would replace a solution cell's whole text when it releases the notebook.
    """
    item = item_of(str(nbgrader_meta(cell).get("grade_id", "")), ANSWER_PREFIX)
    if item is not None:
        return item
    metadata = cell.get("metadata")
    ours = metadata.get("ch2") if isinstance(metadata, dict) else None
    answer = ours.get("answer") if isinstance(ours, dict) else None
    return answer if isinstance(answer, str) else None


def is_test_cell(cell: dict[str, Any]) -> bool:
    """An nbgrader grade cell that is not an answer (an autograder test cell)."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution")


class TooDeepError(ValueError):
    """JSON nested deeper than :data:`MAX_NESTING`: refused, never walked."""


def load_json(text: str) -> Any:
    """``json.loads``, refusing nesting deeper than :data:`MAX_NESTING` without recursing into it."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise TooDeepError(f"its JSON is nested more than {MAX_NESTING} levels deep") from None
    if _deeper_than(data, MAX_NESTING):
        raise TooDeepError(f"its JSON is nested more than {MAX_NESTING} levels deep")
    return data


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in value if isinstance(item, (dict, list)))
    return False


def parse_notebook(text: str) -> Notebook:
    """The notebook in ``text``; salvaged (with ``damage`` set) if it is not a valid notebook."""
    try:
        data = load_json(text)
    except TooDeepError as exc:
        return Notebook([], {}, f"the file cannot be read: {exc}", readable=False)
    except ValueError as exc:
        # Not only JSONDecodeError: an integer of more than 4300 digits is a plain ValueError.
        detail = (
            f"{exc.msg} at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        )
        reason = f"the file is not valid JSON ({detail})"
        if "\0" in text:
            reason = "the file holds NUL bytes (damaged on disk, or not a notebook)"
        return salvage(text, reason)
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return salvage(text, "the file is JSON but not a notebook (no list of cells)")
    cells = [c for c in data["cells"] if isinstance(c, dict)]
    damage = (
        None if len(cells) == len(data["cells"]) else "some cells are not valid and were skipped"
    )
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    return Notebook(cells, metadata, damage)


def read_notebook(path: Path | str, *, beneath: Path | None = None) -> Notebook:
    """Read and parse a submitted notebook file, without following links (see ``safe_io``).

    Bytes that are not UTF-8 are replaced, and the damage says so.
    """
    try:
        data = read_regular_file(path, MAX_NOTEBOOK_BYTES, beneath=beneath)
    except UnsafeFileError as exc:
        return Notebook([], {}, str(exc), readable=False)
    return parse_notebook_bytes(data)


def parse_notebook_bytes(data: bytes) -> Notebook:
    """:func:`parse_notebook` of a file's bytes; bytes that are not UTF-8 are replaced, with a note."""
    try:
        return parse_notebook(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        bad = f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    notebook = parse_notebook(data.decode("utf-8", errors="replace"))
    if notebook.readable:
        notebook.damage = f"{bad}; such bytes were replaced" + (
            f"; {notebook.damage}" if notebook.damage else ""
        )
    return notebook


def salvage(text: str, reason: str) -> Notebook:
    """Recover the code cells still recognisable in a damaged notebook's text."""
    cells: list[dict[str, Any]] = []
    for match in _SOURCE.finditer(text):
        try:
            value = json.loads(match.group(1))
        except ValueError:
            continue
        source = "".join(value) if isinstance(value, list) else str(value)
        # The cell's own keys come before its source (nbformat sorts them): look back to its cell_type.
        kinds = list(_CELL_TYPE.finditer(text, max(0, match.start() - 5000), match.start()))
        if kinds and kinds[-1].group(1) != "code":
            continue
        header = text[kinds[-1].start() : match.start()] if kinds else ""
        if _GRADE_TRUE.search(header) and not _SOLUTION_TRUE.search(header):
            continue  # a test cell: its code is the grader's, not the student's
        cells.append({"cell_type": "code", "source": source, "metadata": {}})
    found = f"{len(cells)} code cell(s) recovered" if cells else "no code could be recovered"
    return Notebook(cells, {}, f"{reason}; {found}")


def _comment_out_magics(source: str) -> str:
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = line[: len(line) - len(stripped)] + "# " + stripped
        lines.append(line)
    return "\n".join(lines)


def _compile_problem(index: int, code: str, exc: Exception) -> str:
    """Why a cell was left out; NUL characters and lone surrogates are not SyntaxErrors everywhere."""
    if "\0" in code:
        return f"cell {index} holds a NUL character"
    if isinstance(exc, UnicodeError):
        return f"cell {index} holds characters that are not valid Unicode"
    if isinstance(exc, SyntaxError):
        return f"cell {index} has a SyntaxError (line {exc.lineno}): {exc.msg}"
    if isinstance(exc, (RecursionError, MemoryError)):
        return (
            f"cell {index} cannot be compiled ({type(exc).__name__}: the code is too deeply nested)"
        )
    return f"cell {index} cannot be compiled ({exc})"


CELL_MARKER = "# --- cell {index} ---"
_CELL_MARKER = re.compile(r"# --- cell (\d+) ---")


def cell_position(lines: list[str], lineno: int) -> tuple[int, int] | None:
    """(cell, line in that cell) of line ``lineno`` of a module made by :func:`module_source`,
    or None when the module was not made from a notebook."""
    for index in range(min(lineno, len(lines)) - 1, -1, -1):
        found = _CELL_MARKER.fullmatch(lines[index].rstrip("\n"))
        if found is not None:
            return int(found.group(1)), lineno - index - 1
    return None


def module_source(notebook: Notebook) -> ModuleSource:
    """The notebook's code as one module; cells that do not compile are left out, with a note."""
    result = ModuleSource(source="")
    parts: list[str] = []
    for index, cell in enumerate(notebook.cells, start=1):
        if cell.get("cell_type") != "code" or is_test_cell(cell):
            continue
        item = answer_item(cell)
        if item is not None:
            result.answer_items.add(item)
        code = _comment_out_magics(cell_source(cell))
        try:
            compile(code, f"<cell {index}>", "exec")
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            # (a huge expression exhausts the compiler: a broken cell, not a crash)
            problem = _compile_problem(index, code, exc)
            result.problems.append(problem)
            if item is not None:
                result.broken_answers[item] = problem
            parts.append(f"# cell {index} left out: {problem}")
            continue
        parts.append(f"{CELL_MARKER.format(index=index)}\n{code}")
    result.source = "\n\n".join(parts) + "\n"
    return result

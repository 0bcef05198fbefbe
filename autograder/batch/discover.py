"""Find the submissions of a class: one sub-folder or .zip per student, named by student id.

The class folder is read as hostile input too: entries are listed without
following links, a name that is not UTF-8 becomes a readable id (its bytes
escaped, so it is still unique), and an entry that cannot be graded (a link,
a ``.zip`` that is not a regular file, two submissions for one id) is kept
with the reason, so that every student still gets a report and a CSV row.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import SubmissionError

_SHARD = re.compile(r"^(\d+)/(\d+)$")


@dataclass(frozen=True)
class Entry:
    """One student's submission; ``refused`` says why it is not graded (None: it is)."""

    student: str
    path: Path
    refused: str | None = None


def student_id(name: str) -> str:
    """The id for a folder or file name: the name itself, or with bytes that are not UTF-8
    escaped (``\\xff``), so that the id is text every report can hold."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def discover(folder: Path) -> list[Entry]:
    """Every submission in ``folder``, sorted by student id (hidden entries are not submissions)."""
    if not folder.is_dir():
        raise SubmissionError(f"{folder}: not a folder of submissions")
    candidates: dict[str, list[Entry]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        entry = _entry(path)
        if entry is not None:
            candidates.setdefault(entry.student, []).append(entry)
    entries = [_one_per_student(student, found) for student, found in candidates.items()]
    return sorted(entries, key=lambda e: e.student)


def _entry(path: Path) -> Entry | None:
    """The submission at ``path`` (looked at without following links), or None if it is none."""
    try:
        info = os.lstat(path)
    except OSError:
        return None  # gone while listing
    name = path.name
    is_zip = name.endswith(".zip")
    student = student_id(name[: -len(".zip")] if is_zip else name)
    shown = student_id(name)
    if stat.S_ISDIR(info.st_mode):
        return Entry(student_id(name), path)
    if stat.S_ISLNK(info.st_mode) and (is_zip or path.is_dir()):
        return Entry(student, path, f"{shown} is a link; put the submission itself in the folder")
    if is_zip and stat.S_ISREG(info.st_mode):
        return Entry(student, path)
    if is_zip:
        return Entry(student, path, f"{shown} is not a regular file")
    return None


def _one_per_student(student: str, found: list[Entry]) -> Entry:
    """The student's only entry; two (``alice/`` and ``alice.zip``) are both refused, named."""
    if len(found) == 1:
        return found[0]
    shown = " and ".join(
        student_id(e.path.name) + ("/" if e.path.is_dir() and not e.path.is_symlink() else "")
        for e in found
    )
    reason = (
        f"{len(found)} submissions for {student} ({shown}): none was graded, so that "
        "neither can replace the other's grade; keep one and run batch again"
    )
    return Entry(student, found[0].path, reason)


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` as (2, 5); shard K of N takes every N-th submission starting at the K-th."""
    match = _SHARD.match(text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise SubmissionError(f"--shard must be K/N with 1 <= K <= N, got {text!r}")
    return int(match.group(1)), int(match.group(2))


def shard(entries: list[Entry], k: int, n: int) -> list[Entry]:
    """The submissions of shard k of n (the same split on every machine)."""
    return [entry for i, entry in enumerate(entries) if i % n == k - 1]

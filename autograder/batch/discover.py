"""Find the submissions of a class: one sub-folder or .zip per student, named by student id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.errors import SubmissionError

_SHARD = re.compile(r"^(\d+)/(\d+)$")


@dataclass(frozen=True)
class Entry:
    """One student's submission."""

    student: str
    path: Path


def discover(folder: Path) -> list[Entry]:
    """Every submission in ``folder``, sorted by student id."""
    if not folder.is_dir():
        raise SubmissionError(f"{folder}: not a folder of submissions")
    entries = []
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        if path.is_dir():
            entries.append(Entry(path.name, path))
        elif path.suffix == ".zip":
            entries.append(Entry(path.stem, path))
    return sorted(entries, key=lambda e: e.student)


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/5"`` as (2, 5); shard K of N takes every N-th submission starting at the K-th."""
    match = _SHARD.match(text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise SubmissionError(f"--shard must be K/N with 1 <= K <= N, got {text!r}")
    return int(match.group(1)), int(match.group(2))


def shard(entries: list[Entry], k: int, n: int) -> list[Entry]:
    """The submissions of shard k of n (the same split on every machine)."""
    return [entry for i, entry in enumerate(entries) if i % n == k - 1]

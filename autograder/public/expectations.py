"""Expected features read from the stored public data (no references needed)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from autograder.engine.session import Expectation
from autograder.errors import GraderUnavailableError
from autograder.probing.codec import from_json
from autograder.spec import Case, ExerciseSpec

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(module: str) -> Path:
    """The public data file of one section module."""
    return DATA_DIR / f"{module}.json"


@cache
def _load(module: str) -> dict[str, Any]:
    path = data_path(module)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GraderUnavailableError(
            f"public check data {path} is missing or damaged: {exc}"
        ) from exc


class StoredExpectations:
    """Cases and expectations from the public data files."""

    def _entries(self, spec: ExerciseSpec) -> list[dict[str, Any]]:
        try:
            return _load(spec.module)["exercises"][spec.id]
        except KeyError as exc:
            raise GraderUnavailableError(f"no public check data for {spec.id}") from exc

    def cases(self, spec: ExerciseSpec) -> list[Case]:
        """The stored public cases."""
        return [from_json(entry["case"]) for entry in self._entries(spec)]

    def expectations(self, spec: ExerciseSpec, cases: Sequence[Case]) -> list[Expectation]:
        """The stored expected features and signatures."""
        return [
            Expectation(from_json(entry["expected"]), from_json(entry["signatures"]))
            for entry in self._entries(spec)
        ]

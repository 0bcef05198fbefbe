"""The exercise contract (docs/EXERCISES.md): every module, function, parameter and mistake id exists.

Names and signatures in the contract may not change; exercises, arguments with
defaults and mistakes may be added.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

from autograder import catalogue

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "EXERCISES.md").read_text(encoding="utf-8")


def _contract() -> list[tuple[str, str, list[str], list[str]]]:
    """(module, function, parameter names, mistake ids) for every row of the tables."""
    rows = []
    module = ""
    for line in CONTRACT.splitlines():
        heading = re.match(r"## 2\.\d .*`(s2\d_\w+)\.py`", line)
        if heading:
            module = heading.group(1)
            continue
        row = re.match(r"\| `(\w+)\((.*?)\)(?: -> [^`]*)?` \|.*\| (.*) \|$", line)
        if not row or not module:
            continue
        params = [p.split(":")[0].split("=")[0].strip() for p in _split_params(row.group(2))]
        mistakes = re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", row.group(3))
        rows.append((module, row.group(1), [p for p in params if p], mistakes))
    return rows


def _split_params(text: str) -> list[str]:
    depth, current, parts = 0, "", []
    for ch in text:
        depth += ch in "[("
        depth -= ch in "])"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current] if current.strip() else parts


ROWS = _contract()


def _load(folder: str, module: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"contract_{folder}_{module}", ROOT / folder / f"{module}.py"
    )
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def test_the_contract_was_read() -> None:
    table_rows = [line for line in CONTRACT.splitlines() if re.match(r"\| `\w+\(", line)]
    assert ROWS and len(ROWS) == len(table_rows)
    assert {m for m, *_ in ROWS} == set(catalogue.sections())


@pytest.mark.parametrize(
    ("module", "function", "params", "mistakes"), ROWS, ids=[r[1] for r in ROWS]
)
def test_function_exists_with_the_contract_signature(module, function, params, mistakes) -> None:
    section = catalogue.sections()[module]
    spec = section.specs.get(f"{section.id}.{function}")
    assert spec is not None, f"{function} is not declared"
    assert set(mistakes) <= set(spec.mistake_ids), (
        f"{function}: {set(mistakes) - set(spec.mistake_ids)}"
    )
    for folder in ("exercises", "solutions"):
        signature = inspect.signature(getattr(_load(folder, module), function))
        names = list(signature.parameters)
        assert names[: len(params)] == params, f"{folder}/{module}.py: {function}{signature}"
        extra = [signature.parameters[n] for n in names[len(params) :]]
        assert all(p.default is not inspect.Parameter.empty for p in extra), (
            "added arguments need defaults"
        )

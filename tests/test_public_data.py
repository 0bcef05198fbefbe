"""The stored public self-check data matches what the hidden graders produce now."""

from __future__ import annotations

import json

import pytest

from autograder import catalogue
from autograder.engine.compare import compare
from autograder.graders.publish import SAME, build_module_data, same_data
from autograder.probing.codec import from_json
from autograder.public.expectations import data_path


@pytest.mark.parametrize("module", list(catalogue.sections()))
def test_public_data_is_current(module: str) -> None:
    path = data_path(module)
    assert path.is_file(), f"run: ch2-grade build-public --module {module}"
    stored = json.loads(path.read_text(encoding="utf-8"))
    fresh = build_module_data(module)
    assert set(stored["exercises"]) == set(fresh["exercises"]), "run ch2-grade build-public"
    for exercise_id, entries in fresh["exercises"].items():
        old_entries = stored["exercises"][exercise_id]
        assert len(old_entries) == len(entries), exercise_id
        for old, new in zip(old_entries, entries):
            for part in ("case", "expected", "signatures"):
                mismatch = compare(from_json(new[part]), from_json(old[part]), SAME)
                assert mismatch is None, (
                    f"{exercise_id} {part}: {mismatch} (run ch2-grade build-public)"
                )
    assert same_data(stored, fresh)  # what build-public leaves unchanged


@pytest.mark.parametrize("module", list(catalogue.sections()))
def test_every_public_case_tells_each_mistake_apart(module: str) -> None:
    """Each mistake changes some feature on at least one public case, so the self-check can name it."""
    for spec in catalogue.sections()[module].specs.values():
        entries = json.loads(data_path(module).read_text(encoding="utf-8"))["exercises"][spec.id]
        for rule in spec.mistakes:
            assert any(from_json(e["signatures"]).get(rule.id) for e in entries), (spec.id, rule.id)

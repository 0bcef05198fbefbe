"""Build the public self-check data from the hidden graders (instructors run this).

For each exercise a few cases with their own seeds (never the hidden ones) are
generated, the reference and mutants are run on them, and only the resulting
plain data is written: cases, expected features, mistake signatures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder import catalogue
from autograder.engine.compare import compare
from autograder.graders.live import LiveExpectations
from autograder.probing.codec import from_json, to_json
from autograder.public.expectations import data_path
from autograder.spec import QuizSpec, Tolerance

PUBLIC_CASES = 2
PUBLIC_FIRST_SEED = 1000


def build_module_data(module: str) -> dict[str, Any]:
    """The public data of one section module, as a JSON-able dict."""
    live = LiveExpectations(PUBLIC_CASES, PUBLIC_FIRST_SEED)
    section = catalogue.sections()[module]
    exercises: dict[str, list[dict[str, Any]]] = {}
    for spec in section.specs.values():
        if isinstance(spec, QuizSpec):  # answers never go into public data
            exercises[spec.id] = [
                {"case": to_json({}), "expected": to_json(None), "signatures": to_json({})}
            ]
            continue
        cases = live.cases(spec)
        judged = set(spec.features).union(*(rule.features or () for rule in spec.mistakes))
        exercises[spec.id] = [
            {
                "case": to_json(case),
                "expected": to_json({k: v for k, v in exp.expected.items() if k in judged}),
                "signatures": to_json(dict(exp.signatures)),
            }
            for case, exp in zip(cases, live.expectations(spec, cases))
        ]
    return {"module": module, "exercises": exercises}


def write_public_data(modules: list[str] | None = None) -> list[tuple[Path, bool]]:
    """Rebuild the data files; returns each path and whether it was written.

    A file whose stored data equals the fresh data (floats within :data:`SAME`) is
    left as it is, so that rebuilding after adding one exercise changes one file.
    """
    done = []
    for module in modules or list(catalogue.sections()):
        path = data_path(module)
        fresh = build_module_data(module)
        if path.is_file() and same_data(json.loads(path.read_text(encoding="utf-8")), fresh):
            done.append((path, False))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(fresh, ensure_ascii=False, separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        done.append((path, True))
    return done


# Float sums differ in their last digits between CPUs (vector widths); a change to a
# probe, a case or a reference moves values far more than this.
SAME = Tolerance(rtol=1e-4, atol=1e-6)


def same_data(stored: Any, fresh: dict[str, Any]) -> bool:
    """Whether stored public data holds the same cases, expectations and signatures."""
    if not isinstance(stored, dict) or set(stored.get("exercises", {})) != set(fresh["exercises"]):
        return False
    for exercise_id, entries in fresh["exercises"].items():
        old_entries = stored["exercises"][exercise_id]
        if len(old_entries) != len(entries):
            return False
        for old, new in zip(old_entries, entries):
            for part in ("case", "expected", "signatures"):
                if compare(from_json(new[part]), from_json(old[part]), SAME) is not None:
                    return False
    return True

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
from autograder.graders.live import LiveExpectations
from autograder.probing.codec import to_json
from autograder.public.expectations import data_path
from autograder.spec import QuizSpec

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


def write_public_data(modules: list[str] | None = None) -> list[Path]:
    """Rebuild the data files; returns the paths written."""
    written = []
    for module in modules or list(catalogue.sections()):
        path = data_path(module)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(build_module_data(module), ensure_ascii=False, separators=(",", ":"))
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
    return written

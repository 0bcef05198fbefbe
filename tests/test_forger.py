"""A forger gains nothing: points come only from values the grader verified.

The forger uses only what ships in the student bundle: the public probes (the
catalogue, whose declarations say which raw features are observations of *how* a
result was made) and the public expected data. In its own process it wraps every
exercise's probe so that each observation it reports is the one a correct answer
produced on the public cases, and (second forger) adds features named like the
grader's own judgements. Its code is wrong in every exercise (one buggy sample
each); the same wrong code without the forgery is graded next to it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder import catalogue
from autograder.model import Report
from autograder.spec import QuizSpec

ROOT = Path(__file__).resolve().parent.parent
BUGGY = ROOT / "tests" / "buggy"

# Replaces every declared observation with what the public data says a correct answer
# showed; ``ADD_DERIVED`` also sends the grader's derived features ready-made.
FORGER = """
import autograder.catalogue as _forge_catalogue
from autograder.probing.codec import from_json as _forge_from_json, materialize as _forge_live
from autograder.public.expectations import _load as _forge_load
from autograder.spec import QuizSpec as _ForgeQuizSpec

ADD_DERIVED = {add_derived}


def _forge(spec):
    entries = _forge_load(spec.module)["exercises"].get(spec.id) or []
    if not entries:
        return
    ideal = _forge_live(_forge_from_json(entries[0]["expected"]), "cpu")
    probe = spec.probe

    def forged(fn, case, ctx):
        features = probe(fn, case, ctx)
        for name in spec.observations:
            if name in ideal:
                features[name] = ideal[name]
        if ADD_DERIVED:
            for name, value in ideal.items():
                if name not in spec.raw_features:
                    features[name] = value
        return features

    object.__setattr__(spec, "probe", forged)


for _forge_spec in _forge_catalogue.specs().values():
    if not isinstance(_forge_spec, _ForgeQuizSpec):
        _forge(_forge_spec)
"""


def _wrong_module(module: str) -> str:
    """The stub of a section module with one buggy sample per exercise pasted over it."""
    parts = [(ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8")]
    for spec in catalogue.specs().values():
        if spec.module != module or isinstance(spec, QuizSpec):
            continue
        samples = sorted((BUGGY / spec.id).glob("*.py"))
        if samples:
            source = samples[0].read_text(encoding="utf-8")
            parts.append(re.sub(r"^from __future__ import .*$", "", source, flags=re.M))
    return "\n\n".join(parts)


def _grade(grader, forger: str | None) -> Report:
    files = {}
    for module in catalogue.sections():
        source = _wrong_module(module)
        if forger is not None:
            cut = source.index("\n", source.index("from __future__")) + 1
            source = source[:cut] + forger + source[cut:]
        files[f"{module}.py"] = source
    return grader.grade_dir(grader.folder_with(files))


@pytest.fixture(scope="module")
def honest(grader) -> Report:
    return _grade(grader, None)


@pytest.mark.parametrize("add_derived", [False, True], ids=["observations", "and-derived"])
def test_forging_observations_gains_nothing(grader, honest: Report, add_derived: bool) -> None:
    forged = _grade(grader, FORGER.format(add_derived=add_derived))
    functions = [r for r in honest.exercises if ".quiz." not in r.id]
    assert len(functions) == sum(
        1 for s in catalogue.specs().values() if not isinstance(s, QuizSpec)
    )
    assert honest.score < honest.max_score, "the code under both is wrong"
    gained = {
        r.id: forged.result(r.id).score - r.score
        for r in functions
        if forged.result(r.id).score > r.score
    }
    assert not gained, f"points gained by forging: {gained}"
    assert forged.score <= honest.score
    if add_derived:  # features nobody asked for are refused, never read
        refused = [r for r in forged.exercises if "nobody asked for" in r.feedback]
        assert refused, "the forged features reached the grader"


def _buggy_function(spec) -> object:
    """The function of the first buggy sample of an exercise, loaded in this process."""
    sample = sorted((BUGGY / spec.id).glob("*.py"))[0]
    namespace: dict[str, object] = {"__name__": f"buggy_{spec.module}"}
    exec(compile(sample.read_text(encoding="utf-8"), str(sample), "exec"), namespace)
    return namespace[spec.function]


FUNCTIONS = [s for s in catalogue.specs().values() if not isinstance(s, QuizSpec)]


@pytest.mark.parametrize("spec", FUNCTIONS, ids=[s.id for s in FUNCTIONS])
def test_perfect_observations_gain_nothing(spec) -> None:
    """The strongest forger: every observation is what the reference itself showed on the
    hidden case (only the grader could know it). Points do not move."""
    from autograder.engine.derive import split_all
    from autograder.engine.verdict import CaseEvidence, judge
    from autograder.executor.inprocess import run_in_process
    from autograder.graders.live import REFERENCE_CONTEXT, LiveExpectations
    from autograder.graders.reference import reference_module

    source = LiveExpectations()
    cases = source.cases(spec)
    expectations = source.expectations(spec, cases)
    reference = getattr(reference_module(spec.module), spec.function)
    ideal = run_in_process(spec, reference, cases, REFERENCE_CONTEXT)
    honest = run_in_process(spec, _buggy_function(spec), cases, REFERENCE_CONTEXT)
    forged = []
    for mine, best in zip(honest, ideal):
        if mine.get("status") != "ok":
            forged.append(mine)
            continue
        features = dict(mine["features"])
        features.update({k: best["features"][k] for k in spec.observations})
        forged.append({**mine, "features": features})

    def verdict(outcomes):
        evidence = [
            CaseEvidence(e.expected, out.full, e.signatures, e.explanation, out.verified)
            for e, out in zip(expectations, split_all(spec, outcomes, cases))
        ]
        return judge(spec, 1.0, evidence, "en")

    plain, perfect = verdict(honest), verdict(forged)
    assert perfect.score <= plain.score, (plain.feedback, perfect.feedback)
    assert plain.score < 1.0 or plain.mistakes, "the sample is wrong and seen to be"

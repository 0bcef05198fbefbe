"""Exact verdicts on answers a student really writes: empty bodies, values of the wrong kind,
library calls a task rules out, inputs changed in place.

The samples live in ``tests/real_answers/<exercise id>/<verdict>--<name>.py``, each one
function definition (plus its imports) that replaces the reference's function, where
``<verdict>`` is what the hidden grader must say:

- ``full-marks``: every point, status passed, no mistake named;
- ``mutates-input``: the points less ``keeps_inputs.cost`` of them, only ``mutates-input``;
- ``uses-builtin``: the points less the forbidding rule's ``cost`` of them, only
  ``uses-builtin``;
- ``wrong-return-type``: 0 points, only ``wrong-return-type``.

A sample's ``# feedback: <text>`` line gives the start of a feedback line the verdict must
hold (for ``wrong-return-type``, its first line): the call recorded, the argument changed,
the kind returned.

To keep the grading runs few, the k-th sample of every exercise is pasted under the
reference of its section module (as ``test_forger`` pastes buggy samples over the stubs),
and the k-th folder of all sections is graded once, for the exercises replaced only. The
samples compute everything themselves, so none leans on another exercise's function.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder import catalogue
from autograder.course import Course
from autograder.graders.reference import reference_module
from autograder.model import ExerciseResult, Report, Status
from autograder.spec import ExerciseSpec, QuizSpec

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
SOLUTIONS = TESTS.parent / "solutions"
REAL_ANSWERS = TESTS / "real_answers"

VERDICTS = ("full-marks", "mutates-input", "uses-builtin", "wrong-return-type")


def _takes_tensors(spec) -> bool:
    """Whether the reference takes a tensor argument (its annotations say so)."""
    function = getattr(reference_module(spec.module), spec.function)
    return any(
        "Tensor" in str(p.annotation) for p in inspect.signature(function).parameters.values()
    )


def _samples() -> list[tuple[str, str, Path]]:
    """(exercise id, file stem, path) for every ``real_answers/<exercise id>/<stem>.py``."""
    return sorted(
        (sub.name, path.stem, path)
        for sub in REAL_ANSWERS.iterdir()
        if sub.is_dir()
        for path in sub.glob("*.py")
    )


SAMPLES = _samples()
FUNCTION_SPECS = [s for s in catalogue.specs().values() if not isinstance(s, QuizSpec)]


def _verdict(stem: str) -> str:
    """``mutates-input`` for ``mutates-input--sub-max``."""
    return stem.split("--")[0]


def _expected_line(path: Path) -> str | None:
    """The text after ``# feedback:`` in a sample, or None."""
    found = re.search(r"^# feedback: (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return found.group(1) if found else None


def _pasted(module: str, samples: list[Path]) -> str:
    """The reference module with these samples pasted under it (later definitions win)."""
    parts = [(SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")]
    for sample in samples:
        source = sample.read_text(encoding="utf-8")
        parts.append(re.sub(r"^from __future__ import .*$", "", source, flags=re.M))
    return "\n\n".join(parts)


def _batches() -> Iterator[dict[str, list[tuple[str, str, Path]]]]:
    """For k = 0, 1, ...: the k-th sample of every exercise, by section module."""
    by_exercise: dict[str, list[tuple[str, str, Path]]] = {}
    for sample in SAMPLES:
        by_exercise.setdefault(sample[0], []).append(sample)
    for k in range(max(len(v) for v in by_exercise.values())):
        batch: dict[str, list[tuple[str, str, Path]]] = {}
        for exercise_id, samples in by_exercise.items():
            if k < len(samples):
                batch.setdefault(catalogue.spec(exercise_id).module, []).append(samples[k])
        yield batch


@pytest.fixture(scope="module")
def verdicts(grader) -> dict[tuple[str, str], ExerciseResult]:
    """The hidden grader's verdict on every sample, by (exercise id, stem)."""
    found: dict[tuple[str, str], ExerciseResult] = {}
    for batch in _batches():
        files = {
            f"{module}.py": _pasted(module, [path for _, _, path in samples])
            for module, samples in batch.items()
        }
        replaced = [(e, s) for samples in batch.values() for e, s, _ in samples]
        report = grader.grade_dir(grader.folder_with(files), [e for e, _ in replaced])
        for exercise_id, stem in replaced:
            found[exercise_id, stem] = report.result(exercise_id)
    return found


def _points(course: Course, exercise_id: str) -> float:
    return float(course.exercise(exercise_id).points)


def _cost(spec: ExerciseSpec, verdict: str) -> float:
    """The share of the points the verdict's mistake costs."""
    if verdict == "mutates-input":
        assert spec.keeps_inputs is not None, f"{spec.id} allows changing its inputs"
        return spec.keeps_inputs.cost
    if verdict == "uses-builtin":
        assert len(spec.forbids) == 1, spec.id
        return spec.forbids[0].cost
    return 1.0 if verdict == "wrong-return-type" else 0.0


def _param(sample: tuple[str, str, Path]) -> object:
    exercise_id, stem, _ = sample
    return pytest.param(*sample, id=f"{exercise_id}:{stem}")


# -- the samples themselves ------------------------------------------------------
def test_every_sample_names_a_verdict_and_an_exercise() -> None:
    for exercise_id, stem, path in SAMPLES:
        assert exercise_id in catalogue.specs(), path
        assert _verdict(stem) in VERDICTS, path
        if _verdict(stem) != "full-marks":
            assert _expected_line(path), f"{path}: say what the feedback must hold"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
        assert defined == [catalogue.spec(exercise_id).function], path


def test_every_exercise_with_tensor_arguments_has_an_in_place_sample() -> None:
    have = {e for e, s, _ in SAMPLES if _verdict(s) == "mutates-input"}
    takes_tensors = {
        s.id for s in FUNCTION_SPECS if s.keeps_inputs is not None and _takes_tensors(s)
    }
    assert takes_tensors and sorted(takes_tensors - have) == []


def test_every_forbidding_exercise_has_a_forbidden_and_an_allowed_sample() -> None:
    forbidding = {s.id for s in FUNCTION_SPECS if s.forbids}
    assert forbidding
    for verdict in ("uses-builtin", "full-marks"):
        have = {e for e, s, _ in SAMPLES if _verdict(s) == verdict}
        assert sorted(forbidding - have) == [], verdict


# -- exact verdicts ----------------------------------------------------------------
@pytest.mark.parametrize(("exercise_id", "stem", "path"), [_param(s) for s in SAMPLES])
def test_real_answer_gets_its_exact_verdict(
    verdicts: dict[tuple[str, str], ExerciseResult],
    course: Course,
    exercise_id: str,
    stem: str,
    path: Path,
) -> None:
    result = verdicts[exercise_id, stem]
    spec = catalogue.spec(exercise_id)
    points = _points(course, exercise_id)
    verdict = _verdict(stem)
    assert result.max_score == points
    if verdict == "full-marks":
        assert (result.score, result.status, result.mistakes) == (
            points,
            Status.PASSED,
            (),
        ), result.feedback
        return
    expected = max(0.0, round(points * (1 - _cost(spec, verdict)), 2))
    assert (result.score, result.status, result.mistakes) == (
        expected,
        Status.FAILED,
        (verdict,),
    ), result.feedback
    lines = result.feedback.splitlines()
    if verdict == "wrong-return-type":
        lines = lines[:1]
    wanted = _expected_line(path)
    assert any(line.startswith(wanted) for line in lines), result.feedback


# -- empty bodies: every function left as ``pass`` ------------------------------------
def _emptied(source: str) -> str:
    """The module with the body of every function replaced by ``pass`` (docstrings kept).

    Module-level names such as ``QUIZ`` are left as they are."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0]
            docstring = (
                [first]
                if isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                else []
            )
            node.body = [*docstring, ast.Pass()]
    return ast.unparse(tree) + "\n"


@pytest.fixture(scope="module")
def empty_report(grader, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The whole chapter graded once, every function of the references emptied."""
    folder = tmp_path_factory.mktemp("empty-bodies")
    for module in catalogue.sections():
        source = (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")
        (folder / f"{module}.py").write_text(_emptied(source), encoding="utf-8")
    return grader.grade_dir(folder)


def test_emptied_module_keeps_signatures_and_docstrings() -> None:
    source = '''def f(x: int, y=2) -> int:
    """Doc."""
    return x + y


def g():
    def inner():
        return 1
    return inner()


QUIZ = {"q1": "A"}
'''
    namespace: dict[str, object] = {}
    exec(compile(_emptied(source), "<emptied>", "exec"), namespace)
    assert namespace["f"](1) is None and namespace["f"].__doc__ == "Doc."
    assert namespace["g"]() is None
    assert namespace["QUIZ"] == {"q1": "A"}


def test_every_function_exercise_is_graded_when_empty(empty_report: Report) -> None:
    graded = {r.id for r in empty_report.exercises if ".quiz." not in r.id}
    assert graded and graded == {s.id for s in FUNCTION_SPECS}


@pytest.mark.parametrize("spec", FUNCTION_SPECS, ids=[s.id for s in FUNCTION_SPECS])
def test_empty_body_scores_zero_for_no_return(
    empty_report: Report, course: Course, spec: ExerciseSpec
) -> None:
    result = empty_report.result(spec.id)
    assert result.max_score == _points(course, spec.id)
    assert (result.score, result.status, result.mistakes) == (
        0.0,
        Status.FAILED,
        ("no-return",),
    ), result.feedback
    first = result.feedback.splitlines()[0]
    assert first.startswith(f"{spec.function} returned None: did you forget `return`?"), first


def test_empty_bodies_score_nothing_on_code(empty_report: Report) -> None:
    code = [r for r in empty_report.exercises if ".quiz." not in r.id]
    assert round(sum(r.score for r in code), 2) == 0.0


def _always_raising(source: str) -> str:
    """The module with every function's body replaced by a raise (docstrings kept)."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            doc = [node.body[0]] if ast.get_docstring(node) else []
            raising = ast.parse("raise RuntimeError('not yet')").body
            node.body = doc + raising
    return ast.unparse(tree)


def test_a_function_that_only_raises_earns_nothing(grader, tmp_path: Path) -> None:
    """Checks about how values are returned have nothing to judge when none came back."""
    folder = tmp_path / "raising"
    folder.mkdir()
    for module in catalogue.sections():
        source = (SOLUTIONS / f"{module}.py").read_text(encoding="utf-8")
        (folder / f"{module}.py").write_text(_always_raising(source), encoding="utf-8")
    report = grader.grade_dir(folder)
    code = [r for r in report.exercises if ".quiz." not in r.id]
    assert len(code) == len(FUNCTION_SPECS)
    assert [r.id for r in code if r.score > 0] == []

"""Decide an exercise's score, status, mistakes and feedback from observations.

Inputs are plain data only: the expected features (from the reference), the
student's probe outcomes, and for each known mistake its *signature* (the
features on which the mutant with that mistake differs from the reference).
Where they come from (live hidden grading, stored public expectations, an
in-process notebook check) does not matter here.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from autograder.catalogue import describe_mistake as describe
from autograder.engine import conduct
from autograder.engine.compare import Mismatch, compare
from autograder.engine.evidence import CaseEvidence, Signature
from autograder.engine.picture import picture_data
from autograder.engine.quiz_verdict import judge_quiz
from autograder.executor.base import RunFailure
from autograder.i18n import pick, t
from autograder.i18n.vocabulary import feature_label, verdict_word
from autograder.model import CheckOutcome, ExerciseResult, Status, score_fraction
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import ExerciseSpec, Features, MistakeRule, QuizSpec, Text
from autograder.spec.rules import NAMES_THE_VALUE

STATUS_FEATURE = "__status__"
ERROR_FEATURE = "__error__"


def signature(
    spec: ExerciseSpec, rule: MistakeRule, expected: Features, mutant_outcome: Mapping[str, Any]
) -> Features:
    """The features on which a mutant's outcome differs from the expected features."""
    if case_status(mutant_outcome) != CaseStatus.OK:
        error = mutant_outcome.get("error") or {}
        return {STATUS_FEATURE: mutant_outcome.get("status"), ERROR_FEATURE: error.get("type")}
    features = mutant_outcome["features"]
    names = rule.features if rule.features is not None else spec.features
    return {
        name: features.get(name)
        for name in names
        if compare(expected.get(name), features.get(name), spec.tolerance_for(name)) is not None
    }


def _matches_signature(spec: ExerciseSpec, outcome: Mapping[str, Any], sig: Signature) -> bool:
    if isinstance(sig, list):
        return any(_matches_signature(spec, outcome, one) for one in sig)
    if not isinstance(sig, dict) or not sig:
        return False
    if STATUS_FEATURE in sig:
        error = outcome.get("error") or {}
        return (
            outcome.get("status") == sig[STATUS_FEATURE] and error.get("type") == sig[ERROR_FEATURE]
        )
    if case_status(outcome) != CaseStatus.OK:
        return False
    actual = outcome["features"]
    return all(
        name in actual and compare(value, actual[name], spec.tolerance_for(name)) is None
        for name, value in sig.items()
    )


def judge(
    spec: ExerciseSpec,
    points: float,
    evidence: Sequence[CaseEvidence] | RunFailure,
    lang: str,
    *,
    show_expected: bool = True,
) -> ExerciseResult:
    """The verdict on one exercise or quiz item (chosen by the kind of declaration).

    ``show_expected`` False keeps what a case expected out of the feedback (hidden cases:
    a student who may resubmit must not learn the answers from it).
    """
    if isinstance(evidence, RunFailure):
        return _run_failure(spec, points, evidence, lang)
    if isinstance(spec, QuizSpec):
        return judge_quiz(spec, points, evidence[0], lang)
    return _judge_function(spec, points, evidence, lang, show_expected)


def _judge_function(
    spec: ExerciseSpec,
    points: float,
    evidence: Sequence[CaseEvidence],
    lang: str,
    show_expected: bool,
) -> ExerciseResult:
    """The verdict on a function's outcomes: scored checks, named mistakes, costs."""
    statuses = [case_status(e.outcome) for e in evidence]
    if statuses and all(s is CaseStatus.NOT_ATTEMPTED for s in statuses):
        return ExerciseResult(
            id=spec.id,
            score=0.0,
            max_score=float(points),
            status=Status.NOT_ATTEMPTED,
            feedback=t("outcome.not_attempted", lang, function=spec.function),
        )
    outcomes = [e.outcome for e in evidence]
    returned = conduct.wrong_return(outcomes)
    if returned is not None:
        return _wrong_return(spec, points, returned, lang)

    check_outcomes, lines, rejected = _score_checks(spec, points, evidence, lang, show_expected)
    score = score_fraction(points, sum(c.points for c in check_outcomes), points)
    mistakes = [
        rule
        for rule in spec.mistakes
        if any(_matches_signature(spec, e.outcome, e.signatures.get(rule.id, {})) for e in evidence)
    ]
    costs = [
        conduct.Deduction(rule.id, rule.cost, "") for rule in mistakes if rule.cost > 0
    ] + conduct.deductions(spec, outcomes, lang)
    named = tuple(dict.fromkeys([rule.id for rule in mistakes] + [d.mistake for d in costs]))
    if costs:
        lines += [d.line for d in costs if d.line]
        score = max(0.0, round(score - points * sum(d.share for d in costs), 2))
    if score >= points and not named and not lines:
        return ExerciseResult(
            id=spec.id,
            score=float(points),
            max_score=float(points),
            status=Status.PASSED,
            feedback=t("outcome.passed", lang),
            checks=tuple(check_outcomes),
        )
    hints = [pick(describe(m).hint, lang) for m in named]
    if not hints and rejected:  # a bad-argument check failed: the hint is about checking them
        hints.append(t("feedback.bad_argument_hint", lang))
    explained = [
        t("feedback.mistake", lang, id=m, message=pick(describe(m).message, lang)) for m in named
    ]
    if score >= points:  # every value right, but a diagnosis saw a mistake: said, not costed
        return ExerciseResult(
            id=spec.id,
            score=float(points),
            max_score=float(points),
            status=Status.PASSED,
            mistakes=named,
            feedback="\n".join(
                [t("outcome.passed_diagnosed", lang), *lines, *explained]
                + [t("feedback.hint", lang, hint=h) for h in hints]
            ),
            hints=tuple(hints),
            checks=tuple(check_outcomes),
        )

    failed = _failed(
        spec, points, score, outcomes, named, lines, explained, hints, check_outcomes, lang
    )
    return replace(failed, picture=picture_data(spec, evidence, show_expected))


def _failed(
    spec: ExerciseSpec,
    points: float,
    score: float,
    outcomes: Sequence[Mapping[str, Any]],
    named: tuple[str, ...],
    lines: list[str],
    explained: list[str],
    hints: list[str],
    check_outcomes: Sequence[CheckOutcome],
    lang: str,
) -> ExerciseResult:
    """Points lost: the first error or exception, the mistakes named, and the hints."""
    errors = [o for o in outcomes if case_status(o) in (CaseStatus.ERROR, CaseStatus.EXIT)]
    if errors:
        lines.insert(0, _error_line(spec, errors[0], lang))
    elif (cause := conduct.raised(outcomes, lang)) is not None:
        lines.insert(0, t("outcome.raised_inside", lang, function=spec.function, error=cause))
    lines += explained
    if not named and not errors:
        lines.append(t("feedback.unnamed", lang))
    if not named:
        hints.insert(0, t("feedback.generic_hint", lang))
    lines.extend(t("feedback.hint", lang, hint=h) for h in hints)
    return ExerciseResult(
        id=spec.id,
        score=score,
        max_score=float(points),
        status=Status.ERROR if errors else Status.FAILED,
        mistakes=named,
        feedback="\n".join(lines),
        hints=tuple(hints),
        checks=tuple(check_outcomes),
    )


def _wrong_return(spec: ExerciseSpec, points: float, returned: str, lang: str) -> ExerciseResult:
    """No points: the function returned nothing, or a value of another kind than asked for."""
    mistake_id = conduct.wrong_return_mistake(returned)
    kind = conduct.describe_kind(spec.returns, lang)
    key = "outcome.no_return" if returned == "None" else "outcome.wrong_return"
    hint = pick(describe(mistake_id).hint, lang)
    return ExerciseResult(
        id=spec.id,
        score=0.0,
        max_score=float(points),
        status=Status.FAILED,
        mistakes=(mistake_id,),
        feedback="\n".join(
            [
                t(
                    key,
                    lang,
                    function=spec.function,
                    returned=conduct.describe_returned(returned, lang),
                    kind=kind,
                ),
                t(
                    "feedback.mistake",
                    lang,
                    id=mistake_id,
                    message=pick(describe(mistake_id).message, lang),
                ),
                t("feedback.hint", lang, hint=hint),
            ]
        ),
        hints=(hint,),
    )


def _score_checks(
    spec: ExerciseSpec,
    points: float,
    evidence: Sequence[CaseEvidence],
    lang: str,
    show_expected: bool = True,
) -> tuple[list[CheckOutcome], list[str], bool]:
    """Each check's outcome, the lines for those that failed, and whether a failed check
    was about how calls with bad arguments were rejected (shown as those calls)."""
    total_weight = sum(c.weight for c in spec.checks)
    outcomes: list[CheckOutcome] = []
    lines: list[str] = []
    rejected = False
    for chk in spec.checks:
        name = pick(chk.name, lang)
        first: tuple[str, Mismatch] | None = None
        broken = False
        for e in evidence:
            judged = e.scored_outcome if chk.scored else e.outcome
            if case_status(judged) != CaseStatus.OK:
                broken = True
                continue
            actual = judged["features"]
            for feature in chk.features:
                found = compare(
                    e.expected.get(feature), actual.get(feature), spec.tolerance_for(feature)
                )
                if found is not None and first is None:
                    first = (feature, found)
        passed = first is None and not broken
        share = points * chk.weight / total_weight
        detail = (
            ""
            if first is None
            else describe_mismatch(first[0], first[1], lang, show_expected, spec.label(first[0]))
        )
        calls = (
            conduct.bad_calls(evidence, lang)
            if first is not None and _is_bad_argument(first[1])
            else None
        )
        if calls is not None:
            detail, rejected = calls, True
        outcomes.append(CheckOutcome(name, passed, share if passed else 0.0, share, detail))
        if not passed and first is not None:
            lines.append(t("check.failed", lang, check=name, detail=detail))
    return outcomes, lines, rejected


def _is_bad_argument(mismatch: Mismatch) -> bool:
    """Whether the difference is in how a call with a bad argument failed."""
    return mismatch.kind == "value" and mismatch.expected == repr(NAMES_THE_VALUE)


# Differences whose expected side would tell a hidden case's answer.
_ANSWER_REVEALING = {"values", "value", "length", "keys", "shape"}


def describe_mismatch(
    feature: str,
    mismatch: Mismatch,
    lang: str,
    show_expected: bool = True,
    label: Text | None = None,
) -> str:
    """One sentence saying how a feature differs from what was expected (without the
    expected side when ``show_expected`` is False); ``label`` is the exercise's own words
    for the feature, if it declares them."""
    words = pick(label, lang) if label else feature_label(feature, lang)
    where = t("mismatch.where", lang, feature=words, path=mismatch.path)
    hidden = not show_expected and mismatch.kind in _ANSWER_REVEALING
    if mismatch.kind == "value":  # a derive's verdict reads as words
        mismatch = replace(
            mismatch,
            expected=_as_words(mismatch.expected, lang),
            actual=_as_words(mismatch.actual, lang),
        )
    if mismatch.kind == "device":  # "input": wherever the inputs were given
        inputs = t("mismatch.input_device", lang)
        mismatch = replace(
            mismatch,
            expected=inputs if mismatch.expected == "input" else mismatch.expected,
            actual=inputs if mismatch.actual == "input" else mismatch.actual,
        )
    return t(
        f"mismatch.{mismatch.kind}" + (".hidden" if hidden else ""),
        lang,
        where=where,
        expected=mismatch.expected,
        actual=mismatch.actual,
        differing=mismatch.differing,
        total=mismatch.total,
        index=mismatch.index,
    )


def _as_words(shown: str, lang: str) -> str:
    """A quoted verdict (``'another dim'``) in the student's language; anything else as is."""
    try:
        value = ast.literal_eval(shown)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return shown
    if isinstance(value, bool):
        return t("word.yes" if value else "word.no", lang)
    return verdict_word(value, lang) or shown


def _error_line(spec: ExerciseSpec, outcome: Mapping[str, Any], lang: str) -> str:
    if case_status(outcome) == CaseStatus.EXIT:
        return t("outcome.exit_called", lang, function=spec.function)
    error = outcome.get("error") or {}
    text = f"{error.get('type', 'Exception')}: {conduct.single_line(str(error.get('message', '')))}"
    if error.get("where"):
        text += f" ({conduct.localise_where(str(error['where']), lang)})"
    return t("outcome.raised", lang, function=spec.function, error=text)


def _run_failure(
    spec: ExerciseSpec, points: float, failure: RunFailure, lang: str
) -> ExerciseResult:
    values = {"function": spec.function, "module": spec.module, **failure.values}
    where = str(values.pop("where", "") or "")
    if "error" in values:  # what the student's program said, on one line
        values["error"] = conduct.single_line(str(values["error"]))
    if where:  # the line of the student's file, in the report's language
        values["error"] = f"{values.get('error', '')} ({conduct.localise_where(where, lang)})"
    lines = [t(failure.message_key, lang, **values)]
    if failure.output.strip():
        lines.append(t("outcome.printed", lang))
        lines.append(failure.output.rstrip())
    return ExerciseResult(
        id=spec.id,
        score=0.0,
        max_score=float(points),
        status=failure.status,
        feedback="\n".join(lines),
    )

"""Judge what the watched calls of the student's function did (in the grader).

The student's process reports, per case, the kind of value returned when it
was not the one asked for, the tensors passed in that the function changed,
the forbidden library calls it made and the first exception its code raised
(:mod:`autograder.probing.conduct`). It is the student's own report, so it
may only name mistakes and take points away: a function that returns nothing
scores 0, a changed input or a forbidden call costs what the exercise
declares. Everything read here is checked for shape and capped; anything else
is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from autograder.i18n import t
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import (
    MUTATES_INPUT,
    NO_RETURN,
    USES_BUILTIN,
    WRONG_RETURN_TYPE,
    ExerciseSpec,
)

_MAX_ITEMS = 8
_MAX_TEXT = 300


@dataclass(frozen=True)
class Deduction:
    """Points taken away for a mistake seen in how the function was called."""

    mistake: str
    share: float  # of the exercise's points
    line: str  # what happened, localised


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item[:_MAX_TEXT] for item in value if isinstance(item, str)][:_MAX_ITEMS]


def _conduct(outcome: Mapping[str, Any]) -> Mapping[str, Any]:
    conduct = outcome.get("conduct")
    return conduct if isinstance(conduct, dict) else {}


def wrong_return(outcomes: Sequence[Mapping[str, Any]]) -> str | None:
    """What the function returned in place of the kind asked for (first such case), or None."""
    for outcome in outcomes:
        if case_status(outcome) == CaseStatus.WRONG_RETURN:
            returned = outcome.get("returned")
            return returned[:80] if isinstance(returned, str) else "?"
    return None


_SEQUENCE = re.compile(r"(list|tuple) of (\d+)")


def describe_returned(returned: str, lang: str) -> str:
    """What came back (``None``, ``str``, ``list of 3``) in ``lang``: type names stay code."""
    found = _SEQUENCE.fullmatch(returned)
    if found is None:
        return returned
    container = t(f"kind.container.{found.group(1)}", lang)
    return t("kind.returned_sequence", lang, container=container, count=found.group(2))


def wrong_return_mistake(returned: str) -> str:
    """``no-return`` for None, ``wrong-return-type`` for anything else."""
    return NO_RETURN if returned == "None" else WRONG_RETURN_TYPE


def describe_kind(kind: str, lang: str) -> str:
    """What a return-kind expression asks for, in words: its first alternative (the others
    are kinds an exercise's own checks explain, such as a loss returned as a tensor)."""
    asked = kind.split("|")[0].strip()
    if asked.startswith("("):
        count = len([p for p in asked[1:-1].split(",") if p.strip()])
        return t("kind.tuple", lang, count=count)
    return t(f"kind.{asked}", lang)


def deductions(
    spec: ExerciseSpec, outcomes: Sequence[Mapping[str, Any]], lang: str
) -> list[Deduction]:
    """Forbidden calls and changed inputs seen in any case, each costed once."""
    found: list[Deduction] = []
    recorded = {name for o in outcomes for name in _texts(_conduct(o).get("forbidden"))}
    for rule in spec.forbids:
        used = [name for name in rule.calls if name in recorded]
        if used:
            line = t("conduct.forbidden", lang, call=rule.shown, recorded=", ".join(used))
            found.append(Deduction(USES_BUILTIN, rule.cost, line))
    if spec.keeps_inputs is not None:
        changed: list[str] = []
        for outcome in outcomes:
            changed += [w for w in _texts(_conduct(outcome).get("mutated")) if w not in changed]
        if changed:
            inputs = ", ".join(_argument(w, lang) for w in changed[:_MAX_ITEMS])
            line = t("conduct.mutated", lang, function=spec.function, inputs=inputs)
            found.append(Deduction(MUTATES_INPUT, spec.keeps_inputs.cost, line))
    return found


def _argument(where: str, lang: str) -> str:
    """``#2`` (a position) as words; a parameter name as code."""
    if where.startswith("#") and where[1:].isdigit():
        return t("conduct.position", lang, position=int(where[1:]) + 1)
    return f"`{where}`"


_BREAKS = re.compile(r"\s*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def single_line(text: str) -> str:
    """What a student's program said, on one line: a message cannot add lines that look
    like the report's own (a fake score row)."""
    return _BREAKS.sub(" ⏎ ", text).strip()


_WHERE = re.compile(r"line (\d+):\s?(.*)", re.S)
_CELL_WHERE = re.compile(r"cell (\d+), line (\d+):\s?(.*)", re.S)


def localise_where(where: str, lang: str) -> str:
    """``line 12: code`` or ``cell 4, line 2: code`` (as the student's process reports it)
    in ``lang``."""
    where = single_line(where)
    in_cell = _CELL_WHERE.fullmatch(where)
    if in_cell is not None:
        cell, line, code = in_cell.groups()
        return t("outcome.cell_line", lang, cell=cell, line=line, code=code)
    found = _WHERE.fullmatch(where)
    if found is None:
        return where
    return t("outcome.line", lang, line=found.group(1), code=found.group(2))


def raised(outcomes: Sequence[Mapping[str, Any]], lang: str) -> str | None:
    """The first exception the student's code raised while the probe used it, as
    ``Type: message (line N: code)``, or None."""
    for outcome in outcomes:
        error = _conduct(outcome).get("raised")
        if not isinstance(error, dict):
            continue
        parts = {k: error.get(k) for k in ("type", "message", "where")}
        if not all(isinstance(v, str) for v in parts.values()):
            continue
        text = f"{parts['type'][:80]}: {single_line(parts['message'][:_MAX_TEXT])}"
        where = localise_where(parts["where"][:_MAX_TEXT], lang)
        return text + (f" ({where})" if where else "")
    return None


def bad_calls(evidence: Sequence[Any], lang: str) -> str | None:
    """How the calls with bad arguments went (first case that made any), or None.

    ``evidence`` items have an ``outcome``; each recorded call reads
    ``f(args) → ValueError: message`` (or "no error").
    """
    for item in evidence:
        calls = _conduct(item.outcome).get("bad_calls")
        if not isinstance(calls, list):
            continue
        shown = []
        for call in calls[:3]:
            if not isinstance(call, dict) or not all(
                isinstance(call.get(k), str) for k in ("call", "error", "message")
            ):
                continue
            error = call["error"][:80]
            if error == "no error":
                error = t("conduct.no_error", lang)
            elif call["message"]:
                error += f": {single_line(call['message'][:_MAX_TEXT])}"
            shown.append(f"{single_line(call['call'][:_MAX_TEXT])} → {error}")
        if shown:
            return t("conduct.bad_calls", lang, calls="; ".join(shown))
    return None

"""Judgements shared by the exercises' ``derive`` functions.

Probes only observe, beside the student's code (the observing helpers are in
:mod:`autograder.probing.probe_tools`); ``derive`` runs in the grader's own
process on those raw observations (tensors as CPU copies) and on the case.
These helpers make the judgements that several sections need, so that every
section judges them the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import torch

from autograder.probing.probe_tools import short_type_name
from autograder.spec.exercise import check

NAMES_THE_VALUE = "ValueError naming the value"

# The diagnosis every exercise with bad-argument cases shows: its derive sets
# ``bad_argument`` with :func:`bad_argument_verdict` (weight 0: it names, never scores).
REJECTS_BAD_ARGUMENTS = check("拒绝非法参数", "rejects bad arguments", "bad_argument", weight=0)


def bad_argument_verdict(observed: Sequence[str], bad_value: Any, *other_values: Any) -> str:
    """How a call with a bad argument failed, judged from ``observe_call``'s observation.

    ``observed`` is ``[error type, message]`` as
    :func:`autograder.probing.probe_tools.observe_call` records it. Returns
    ``"ValueError naming the value"`` when a ValueError's message contains
    ``str()`` of ``bad_value`` in any letter case (or of one of ``other_values``, when naming any of
    them is enough), ``"ValueError"`` when it names none of them, ``"no error"``,
    or ``"<OtherType> (not a ValueError)"``.

    Raises TypeError when ``observed`` is no observation of a call, so that the
    feature is left out (and its check fails) rather than guessed.
    """
    if (
        not isinstance(observed, (list, tuple))
        or len(observed) != 2
        or any(type(part) is not str for part in observed)
    ):
        raise TypeError("not an observation of a call")
    error, message = observed
    folded = message.casefold()  # "unknown name: adam2" names "Adam2" too
    if error == "ValueError" and any(
        str(v).casefold() in folded for v in (bad_value, *other_values)
    ):
        return NAMES_THE_VALUE
    if error in ("ValueError", "no error"):
        return error
    return f"{error} (not a ValueError)"  # a class named like a verdict cannot pass for one


def same_tensors(
    after: Any, before: Sequence[torch.Tensor], *, rtol: float = 0.0, atol: float = 0.0
) -> bool:
    """Whether copies taken after a call still hold the inputs exactly as they were.

    ``after`` is what the probe observed (a list of tensors copied after the
    call, e.g. with ``snapshot``), ``before`` the case's original tensors in the
    same order. True when there are as many, each a CPU tensor with its
    original's shape, dtype and values: equal values (``torch.equal``), or,
    with ``rtol`` or ``atol`` given, values within ``torch.allclose`` of them
    (restoring a perturbed input may round). Anything else, such as a note in
    place of the list, is False.
    """
    if not isinstance(after, (list, tuple)) or len(after) != len(before):
        return False
    return all(_same_tensor(a, b, rtol, atol) for a, b in zip(after, before))


def _same_tensor(after: Any, before: torch.Tensor, rtol: float, atol: float) -> bool:
    if not isinstance(after, torch.Tensor) or after.device.type != "cpu":
        return False
    if after.shape != before.shape or after.dtype != before.dtype:
        return False
    if rtol == 0.0 and atol == 0.0:
        return bool(torch.equal(after, before))
    return bool(torch.allclose(after, before, rtol=rtol, atol=atol))


def each(**rules: Callable[[], Any]) -> dict[str, Any]:
    """Derive each feature on its own: a rule that raises leaves out only its own feature.

    ``each(placed=lambda: ..., bad_argument=lambda: ...)`` returns
    ``{"placed": ..., "bad_argument": ...}`` without the features whose rule
    raised (on observations it cannot read), so only the checks that need
    those features fail; the others are still judged.
    """
    features: dict[str, Any] = {}
    for name, rule in rules.items():
        try:
            features[name] = rule()
        except Exception:
            continue
    return features


# Placement is checked on every machine by asking for tensors on the meta device: no
# grading device is meta, and the codec carries the device of what comes back.
META = torch.device("meta")


def stayed_on_meta(value: Any) -> bool | str:
    """Whether what was asked for on the meta device (a tensor, or a list of them) came
    back there, judged in the grader.

    An error on meta (``"error: <type>"``) counts as not there, so a mistake is named
    alike whether the function ignored ``device`` or moved its tensors off meta
    afterwards; a probe's note (another string) is kept; anything else is described.
    """
    if isinstance(value, torch.Tensor):
        return value.device.type == "meta"
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(t, torch.Tensor) for t in value)
    ):
        return all(t.device.type == "meta" for t in value)
    if isinstance(value, str):
        return False if value.startswith("error: ") else value
    return f"not a tensor: {short_type_name(value)}"

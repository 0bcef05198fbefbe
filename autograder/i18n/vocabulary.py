"""Words for what the graders compare: feature names and the verdicts ``derive`` returns.

Feedback names the part of a result that differs ("the output", "the
gradient") and sometimes a judgement a ``derive`` made ("normalised over
another dim"). Internally those are identifiers and English phrases; students
read them in their language through these two tables.
"""

from __future__ import annotations

from collections.abc import Mapping

Text = Mapping[str, str]  # {"zh": ..., "en": ...}

# feature name -> what the student reads in its place
FEATURE_LABELS: Mapping[str, Text] = {}

# a string value a derive can return -> how it reads
VERDICT_WORDS: Mapping[str, Text] = {}


def feature_label(name: str, lang: str) -> str:
    """The words for a feature in ``lang`` (the name itself when none is declared)."""
    entry = FEATURE_LABELS.get(name)
    if entry is None:
        return name
    return entry.get(lang) or entry["en"]


def verdict_word(value: object, lang: str) -> str | None:
    """A derive's verdict in ``lang``, or None when ``value`` is not a known verdict."""
    if not isinstance(value, str):
        return None
    entry = VERDICT_WORDS.get(value)
    if entry is None:
        return None
    return entry.get(lang) or entry["en"]

"""Student-facing interface text in Chinese and English.

Mistake descriptions and hints live with the declarations (each catalogue
section module's ``MISTAKES``, and :mod:`autograder.catalogue.generic`); this
module holds the rest: statuses, table
headings, and the sentences that describe a difference or a failure.
"""

from __future__ import annotations

from collections.abc import Mapping

from autograder.i18n.messages import MESSAGES

DEFAULT_LANGUAGE = "zh"


def t(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` (falling back to English), formatted with values."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


def pick(text: Mapping[str, str], lang: str) -> str:
    """One language out of a ``{"zh": ..., "en": ...}`` mapping."""
    return text.get(lang) or text.get("en") or next(iter(text.values()))

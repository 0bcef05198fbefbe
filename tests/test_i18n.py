"""Every student-facing text exists in Chinese and English, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from autograder import catalogue
from autograder.catalogue import mistakes
from autograder.i18n.messages import MESSAGES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_message_has_both_languages_and_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == {"zh", "en"}, key
    assert entry["zh"].strip() and entry["en"].strip()
    assert _fields(entry["zh"]) == _fields(entry["en"]), key


def test_every_mistake_is_described_in_both_languages() -> None:
    for mistake in mistakes().values():
        for text in (mistake.message, mistake.hint):
            assert set(text) == {"zh", "en"} and all(v.strip() for v in text.values()), mistake.id
        assert any("\u4e00" <= ch <= "\u9fff" for ch in mistake.message["zh"]), mistake.id


def test_every_recognised_mistake_is_described() -> None:
    known = set(mistakes())
    for spec in catalogue.specs().values():
        for rule in spec.mistakes:
            assert rule.id in known, f"{spec.id}: {rule.id} has no description"
        for chk in spec.checks:
            assert set(chk.name) == {"zh", "en"}, spec.id

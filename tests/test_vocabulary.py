"""Every feature and verdict a student can read about has words in Chinese and English.

Feedback on a failed check names the feature that differs (``feature_label``) and,
for a judgement a ``derive`` made, the verdict itself (``verdict_word``). These
tests fail as soon as an exercise declares or derives a feature, or a derive
returns a verdict, that ``autograder/i18n/vocabulary.py`` has no words for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from autograder import catalogue
from autograder.engine.compare import compare
from autograder.engine.derive import derived_all
from autograder.engine.verdict import describe_mismatch
from autograder.executor.inprocess import run_in_process
from autograder.graders.kit import hidden_exercises
from autograder.graders.live import REFERENCE_CONTEXT
from autograder.graders.reference import reference_module
from autograder.harness.sandbox import MODES, SandboxPlan
from autograder.i18n.vocabulary import (
    FEATURE_LABELS,
    VERDICT_PATTERNS,
    VERDICT_WORDS,
    feature_label,
    verdict_word,
)
from autograder.spec import ExerciseSpec, QuizSpec, Tolerance

# ASCII words (3+ letters) a Chinese label may keep, because Chinese has no word for
# them that the student would recognise in the task:
# - "sgd", "momentum", "adagrad", "rmsprop", "adam": the values of make_optimizer's
#   ``name`` argument, written as such in the task and the check names;
# - "meta": torch's name for the device placement is checked on ("以 meta 设备检验"
#   in the check names).
ZH_CODE_WORDS = frozenset({"sgd", "momentum", "adagrad", "rmsprop", "adam", "meta"})
_ASCII_WORD = re.compile(r"[A-Za-z]{3,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Strings in a checked feature that are not verdicts, so need no words:
# an exception observed as "error: <type>[...]" (worded where errors are), and code,
# which reads the same in every language (each alternative must match the whole string).
_OBSERVED_ERROR = re.compile(r"error: .*")
_CODE = re.compile(
    r"(?:\w+\.)+\w+"  # a qualified name: nn.Sequential, torch.optim.SGD, torch.bool
    r"|_*[A-Z]\w*"  # a class or exception name: ReLU, Tensor, RuntimeError
    r"|float|int|bool|str|list|tuple|dict"  # a builtin type's name (loss_type)
    r"|cpu|cuda(?::\d+)?|mps|meta"  # a device (default_devices)
    r"|[A-Z]\w*\(.*\)"  # a layer as described: Linear(4->8), Softmax(dim=1)
    r"|\(\d+(?:, \d+)*,?\)"  # a shape: (4, 10)
)

_SPECS = [s for s in catalogue.specs().values() if not isinstance(s, QuizSpec)]


def _named_features(spec: ExerciseSpec) -> set[str]:
    """Every feature an exercise declares: in its checks, its mistakes, its raw features."""
    named = set(spec.features) | set(spec.raw_features)
    for rule in spec.mistakes:
        named.update(rule.features or ())
    return named


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a feature's value (lists, tuples and dicts looked into)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _is_worded(value: str) -> bool:
    return value in VERDICT_WORDS or any(p.fullmatch(value) for p, _ in VERDICT_PATTERNS)


def _needs_words(value: str) -> bool:
    return not (_OBSERVED_ERROR.fullmatch(value) or _CODE.fullmatch(value))


@pytest.fixture(scope="module")
def derived_runs() -> list[tuple[ExerciseSpec, str, list[dict[str, Any]]]]:
    """(spec, who, derived outcomes) of the reference and every mutant on the hidden cases."""
    hidden = hidden_exercises()
    runs = []
    for spec in _SPECS:
        exercise = hidden[spec.id]
        cases = exercise.cases(3)
        functions = {
            "reference": getattr(reference_module(spec.module), spec.function),
            **exercise.mutants,
        }
        for who, fn in functions.items():
            outcomes = run_in_process(spec, fn, cases, REFERENCE_CONTEXT)
            runs.append((spec, who, derived_all(spec, outcomes, cases)))
    return runs


# -- feature labels --------------------------------------------------------------------
def test_every_declared_feature_has_a_label_in_both_languages() -> None:
    missing = sorted(
        f"{spec.id}: {name}"
        for spec in catalogue.specs().values()
        for name in _named_features(spec)
        if not all(
            (spec.label(name) or FEATURE_LABELS.get(name, {})).get(lang, "").strip()
            for lang in ("zh", "en")
        )
    )
    assert not missing, f"features without a label in zh and en: {missing}"


def test_every_derived_feature_has_a_label(derived_runs) -> None:
    """Features a derive adds without any declaration naming them are labelled too."""
    missing = sorted(
        {
            f"{spec.id}: {name}"
            for spec, _who, outcomes in derived_runs
            for outcome in outcomes
            if outcome.get("status") == "ok"
            for name in outcome["features"]
            if name not in FEATURE_LABELS and spec.label(name) is None
        }
    )
    assert not missing, f"derived features without a label: {missing}"


@pytest.mark.parametrize("name", sorted(FEATURE_LABELS))
def test_chinese_label_is_chinese(name: str) -> None:
    zh = FEATURE_LABELS[name]["zh"]
    assert _CJK.search(zh), (name, zh)
    english = {w for w in _ASCII_WORD.findall(zh) if w not in ZH_CODE_WORDS}
    assert not english, f"{name}: {zh!r} keeps the English words {sorted(english)}"


def test_labels_read_differently_from_the_feature_names() -> None:
    """A label is words, not the identifier again."""
    for name, entry in FEATURE_LABELS.items():
        assert set(entry) == {"zh", "en"}, name
        assert entry["en"] != name and entry["zh"] != name, name


# -- verdicts --------------------------------------------------------------------------
def test_every_verdict_the_graders_produce_has_words(derived_runs) -> None:
    """The reference and every mutant, derived: each string in a checked feature is a
    worded verdict, an observed error, or code."""
    missing: dict[str, set[str]] = {}
    for spec, who, outcomes in derived_runs:
        checked = set(spec.features)
        for outcome in outcomes:
            if outcome.get("status") != "ok":
                continue
            for name, value in outcome["features"].items():
                if name not in checked:
                    continue
                for text in _strings(value):
                    if _needs_words(text) and not _is_worded(text):
                        missing.setdefault(text, set()).add(f"{spec.id}.{name} ({who})")
    assert not missing, f"verdicts without words: { {k: sorted(v) for k, v in missing.items()} }"


def test_verdict_words_exist_in_both_languages() -> None:
    for value, entry in VERDICT_WORDS.items():
        assert set(entry) == {"zh", "en"} and all(entry.values()), value
        # words, in Chinese, for anything but symbols ("1/d")
        assert entry["zh"] != value or not _ASCII_WORD.search(value), (value, entry)
    for pattern, words in VERDICT_PATTERNS:
        assert set(words) == {"zh", "en"}, pattern.pattern
        groups = set(pattern.groupindex)
        for template in words.values():  # every placeholder is a group of the pattern
            assert set(re.findall(r"\{(\w+)\}", template)) == groups, pattern.pattern


def test_patterns_keep_the_variable_part() -> None:
    assert verdict_word("TypeError (not a ValueError)", "zh") == "TypeError(不是 ValueError)"
    assert verdict_word("not a tensor: NoneType", "zh") == "不是张量:NoneType"
    assert verdict_word("tuple of int, float", "en") == "a tuple of int, float"
    assert verdict_word("requested dim", "zh") == "指定的维度"
    assert verdict_word("something nobody said", "zh") is None
    assert verdict_word(3, "zh") is None


# -- what the student reads ------------------------------------------------------------
def _value_mismatch(expected: str, actual: str):
    found = compare(expected, actual, Tolerance())
    assert found is not None and found.kind == "value"
    return found


def test_chinese_feedback_reads_the_verdict_in_chinese() -> None:
    mismatch = _value_mismatch("requested dim", "another dim")
    zh = describe_mismatch("normalised_over", mismatch, "zh")
    assert "和为 1 所沿的维度" in zh and "指定的维度" in zh and "另一个维度" in zh, zh
    assert "normalised_over" not in zh and "requested dim" not in zh and "another dim" not in zh
    en = describe_mismatch("normalised_over", mismatch, "en")
    assert "the dim the values sum to 1 over" in en and "another dim" in en, en


def test_hidden_feedback_words_the_student_verdict_only() -> None:
    mismatch = _value_mismatch("ValueError naming the value", "no error")
    zh = describe_mismatch("bad_argument", mismatch, "zh", show_expected=False)
    assert "没有报错" in zh and "对非法参数的处理" in zh, zh
    assert "ValueError naming" not in zh and "no error" not in zh, zh


def test_a_built_verdict_keeps_its_code_part() -> None:
    mismatch = _value_mismatch("ValueError naming the value", "TypeError (not a ValueError)")
    zh = describe_mismatch("bad_argument", mismatch, "zh")
    assert "TypeError(不是 ValueError)" in zh and "抛出 ValueError 并指明该值" in zh, zh


def test_unknown_words_stay_as_they_are() -> None:
    assert feature_label("not_a_feature", "zh") == "not_a_feature"
    mismatch = _value_mismatch("Linear(4->8)", "Linear(4->9)")
    assert "'Linear(4->9)'" in describe_mismatch("layers", mismatch, "zh")


# -- the report's sandbox note ---------------------------------------------------------
# Code a Chinese sandbox note keeps: the mode's name, paths, the chmod command.
_SANDBOX_CODE = {"namespaces", "tmp", "chmod", "rwx", "srv", "hidden"}


@pytest.mark.parametrize("mode", MODES)
def test_sandbox_note_in_both_languages(mode: str) -> None:
    plan = SandboxPlan(mode)
    en = plan.describe("en", labelled=True)
    assert en == "Sandbox: " + plan.describe() and en.startswith("Sandbox: ")
    zh = plan.describe("zh", labelled=True)
    assert zh.startswith("沙箱:") and _CJK.search(zh), zh
    assert not set(_ASCII_WORD.findall(zh)) - _SANDBOX_CODE, zh


def test_sandbox_note_names_readable_paths_in_both_languages() -> None:
    exposed = tuple(f"/srv/hidden/{i}" for i in range(6))
    plan = SandboxPlan("uid", exposed=exposed)
    en = plan.describe("en", labelled=True)
    assert "could read /srv/hidden/0, /srv/hidden/1" in en and "and 2 more" in en, en
    zh = plan.describe("zh", labelled=True)
    assert "/srv/hidden/3" in zh and "共 6 个路径" in zh and "chmod -R go-rwx" in zh, zh
    assert not set(_ASCII_WORD.findall(zh)) - _SANDBOX_CODE, zh

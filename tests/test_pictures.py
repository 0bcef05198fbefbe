"""Pictures in the feedback: drawn in the grader from the values it compared, policy kept.

Each family gets a student-like buggy sample (tests/buggy/): the picture shows
the student's values, and the expected ones only where they may be shown (the
public self-check, or a course that shows expected values), never for hidden
cases under the default policy. The SVG writers take any data without breaking.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from autograder.reporters.figures import render_picture
from autograder.reporters.html import render_html

ROOT = Path(__file__).resolve().parent.parent
BUGGY = ROOT / "tests" / "buggy"


def _grade(grader, exercise_id: str, sample: str, *, hidden: bool):
    module = {"2.2": "s22_backprop", "2.3": "s23_activations_losses", "2.4": "s24_optimizers",
              "2.6": "s26_rnn", "2.8": "s28_transformer"}[exercise_id[:3]]  # fmt: skip
    source = (BUGGY / exercise_id / f"{sample}.py").read_text(encoding="utf-8")
    return grader.grade_source(module, source, exercise_id, hidden=hidden)


def test_attention_weights_heatmap_differs_where_the_scale_is_missing(grader) -> None:
    result = _grade(grader, "2.8.scaled_dot_product_attention", "attention-no-scale", hidden=False)
    picture = result.picture
    assert picture["kind"] == "heatmap" and picture["feature"] in ("masked_weights", "weights")
    mine, theirs = torch.tensor(picture["student"]), torch.tensor(picture["expected"])
    assert mine.shape == theirs.shape and mine.dim() == 2
    assert torch.allclose(mine.sum(-1), torch.ones(mine.shape[0]), atol=1e-3)  # rows of weights
    assert not torch.allclose(mine, theirs, atol=1e-3)


def test_an_inverted_causal_mask_is_the_expected_one_flipped(grader) -> None:
    picture = _grade(grader, "2.8.causal_mask", "causal-mask-inverted", hidden=False).picture
    mine, theirs = torch.tensor(picture["student"]), torch.tensor(picture["expected"])
    assert torch.equal(mine, 1 - theirs)
    assert torch.equal(theirs, torch.ones_like(theirs).tril())


def test_optimizer_path_has_a_point_per_step(grader) -> None:
    picture = _grade(grader, "2.4.adam_step", "adam-no-bias-correction", hidden=False).picture
    assert picture["kind"] == "path" and picture["feature"] == "param, later_params"
    assert len(picture["student"]) == len(picture["expected"]) >= 3
    assert all(len(point) == 2 for point in picture["student"])
    assert picture["student"] != picture["expected"]


def test_overflow_is_marked_in_the_activation_line(grader) -> None:
    picture = _grade(grader, "2.3.softmax", "softmax-overflow", hidden=False).picture
    assert picture["kind"] == "lines" and picture["feature"] == "large_scores"
    assert None in picture["student"]  # NaN from exp overflow, kept as a gap
    assert None not in picture["expected"] and math.isclose(
        sum(picture["expected"]), 1, abs_tol=1e-3
    )
    svg = render_picture(picture, "en")
    assert svg.count(">✕</text>") == picture["student"].count(None)


def test_shapes_table_marks_the_first_mismatch(grader) -> None:
    picture = _grade(grader, "2.6.run_rnn", "h0-batch-first-shape", hidden=False).picture
    assert picture["kind"] == "shapes"
    wrong = [row for row in picture["rows"] if not row[3]]
    assert wrong and wrong[0][1] != wrong[0][2]
    html = render_picture(picture, "en")
    assert html.count('class="first-mismatch"') == 1


def test_hidden_cases_never_show_expected_values(grader) -> None:
    for exercise_id, sample in (
        ("2.8.causal_mask", "causal-mask-inverted"),
        ("2.4.adam_step", "adam-no-bias-correction"),
        ("2.6.run_rnn", "h0-batch-first-shape"),
    ):
        picture = _grade(grader, exercise_id, sample, hidden=True).picture
        assert picture is not None, exercise_id
        if picture["kind"] == "shapes":
            assert all(row[2] is None for row in picture["rows"])
        else:
            assert picture["expected"] is None and picture["student"]
        assert "(expected values are not shown)" in render_picture(picture, "en")


def test_full_marks_and_other_families_have_no_picture(grader) -> None:
    source = (ROOT / "solutions" / "s28_transformer.py").read_text(encoding="utf-8")
    result = grader.grade_source("s28_transformer", source, "2.8.causal_mask")
    assert result.full_marks and result.picture is None


@pytest.mark.parametrize(
    "picture",
    [
        {"kind": "heatmap", "feature": "<script>alert(1)</script>", "student": [[float("nan"), 1e308, -1e308]], "expected": None},
        {"kind": "lines", "feature": "x", "student": ["<b>", None, 3], "expected": [1, 2]},
        {"kind": "path", "feature": "x", "student": [[1, 2], [None, 3], ["a", "b"]], "expected": None},
        {"kind": "shapes", "rows": [["<img src=x onerror=alert(1)>", "</table>", None, False]]},
        {"kind": "shapes", "rows": "not rows"},
        {"kind": "nonsense"},
        {"kind": "heatmap", "student": 3},
    ],
)  # fmt: skip
def test_any_picture_data_renders_safely(picture) -> None:
    html = render_picture(picture, "zh")
    assert "<script" not in html and "<img" not in html and "</table></table>" not in html


def test_the_html_page_holds_feedback_and_pictures(grader) -> None:
    folder = grader.folder_with(
        {"s28_transformer.py": (BUGGY / "2.8.causal_mask" / "causal-mask-inverted.py").read_text()}
    )
    report = grader.grade_dir(folder, ["2.8.causal_mask"], hidden=False)
    page = render_html(report)
    assert page.startswith("<!doctype html>") and "<script" not in page
    assert 'id="2.8.causal_mask"' in page and page.count("<svg") == 2  # yours and expected
    assert "causal-mask-inverted" in page


def test_the_notebook_check_display_shows_the_picture(grader) -> None:
    from autograder.notebook import CheckReport

    result = _grade(grader, "2.8.causal_mask", "causal-mask-inverted", hidden=False)
    shown = CheckReport(result, "en")._repr_html_()
    assert shown.count("<svg") == 2 and "causal-mask-inverted" in shown

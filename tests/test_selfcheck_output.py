"""The self-check's text report stays short for a half-done chapter.

Exercises not attempted yet get one line per section instead of one block
each, and a module-level failure (an import error, an import timeout) shared
by a section's exercises is printed once, naming the exercises it affects.
Other formats keep every item's own feedback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from autograder.cli import main
from autograder.model import ExerciseResult, Report, Status
from autograder.reporters.json_report import render_json
from autograder.reporters.text import render_text

ROOT = Path(__file__).resolve().parent.parent
IMPORT_ERROR = (
    "Importing s23_activations_losses failed, so none of its exercises could be graded: "
    "SyntaxError: invalid syntax (s23_activations_losses.py, line 194)"
)
S23_FUNCTIONS = [
    "softmax",
    "log_softmax",
    "cross_entropy",
    "bce_with_logits",
    "choose_loss",
    "predict_and_loss",
]
QUESTIONS = ["q1", "q2", "q3", "q4", "q5"]


def _not_attempted(exercise_id: str, points: float = 2.0) -> ExerciseResult:
    name = exercise_id.rsplit(".", 1)[1]
    if ".quiz." in exercise_id:
        text = f"{name} is not answered yet: replace None in the QUIZ dict with your answer."
    else:
        text = f"{name} still raises NotImplementedError: remove the raise and implement it."
    return ExerciseResult(exercise_id, 0.0, points, Status.NOT_ATTEMPTED, feedback=text)


def _half_done_report(lang: str = "en") -> Report:
    """2.1 partly solved, 2.3 does not import, 2.4 untouched."""
    results = [
        ExerciseResult("2.1.build_mlp", 3.0, 3.0, Status.PASSED, feedback="All checks passed."),
        ExerciseResult(
            "2.1.output_activation",
            1.0,
            3.0,
            Status.FAILED,
            mistakes=("softmax-wrong-dim",),
            feedback="✗ multiclass output: values are wrong\nMistake [softmax-wrong-dim]: ...",
        ),
        _not_attempted("2.1.count_parameters"),
        *(_not_attempted(f"2.1.quiz.{q}", 1.0) for q in QUESTIONS),
        *(
            ExerciseResult(f"2.3.{name}", 0.0, 2.0, Status.ERROR, feedback=IMPORT_ERROR)
            for name in S23_FUNCTIONS
        ),
        *(
            ExerciseResult(f"2.3.quiz.{q}", 0.0, 1.0, Status.ERROR, feedback=IMPORT_ERROR)
            for q in QUESTIONS
        ),
        *(_not_attempted(f"2.4.{name}") for name in ("sgd_step", "momentum_step", "adam_step")),
        *(_not_attempted(f"2.4.quiz.{q}", 1.0) for q in QUESTIONS),
    ]
    return Report(results, lang=lang, notes=["Sandbox: none"])


def _table_rows(text: str) -> list[str]:
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line and set(line) <= {"-", " "}]
    return lines[rules[0] + 1 : rules[1]]


def test_not_attempted_exercises_share_one_line_per_section() -> None:
    report = _half_done_report()
    text = render_text(report, "table.title.check")
    assert len(_table_rows(text)) == len(report.exercises), "every exercise keeps its row"
    assert "still raises NotImplementedError" not in text
    assert "is not answered yet" not in text
    assert "■ 2.1.count_parameters" not in text and "■ 2.4." not in text
    lines = text.splitlines()
    assert (
        "· 2.4: not attempted yet: sgd_step, momentum_step, adam_step "
        "(remove `raise NotImplementedError` and implement them)"
    ) in lines
    assert (
        "· 2.4: quiz not answered yet: q1, q2, q3, q4, q5 "
        "(replace None in the QUIZ dict with your answers)"
    ) in lines
    assert any(line.startswith("· 2.1: not attempted yet: count_parameters ") for line in lines)
    assert sum(line.startswith("· 2.4:") for line in lines) == 2


def test_failed_exercises_keep_their_own_block() -> None:
    text = render_text(_half_done_report(), "table.title.check")
    block = text.split("■ 2.1.output_activation  (failed)\n", 1)[1]
    assert block.startswith(
        "  ✗ multiclass output: values are wrong\n  Mistake [softmax-wrong-dim]"
    )
    assert "■ 2.1.build_mlp" not in text, "full marks need no feedback"


def test_an_import_error_is_printed_once_with_the_ids_it_affects() -> None:
    text = render_text(_half_done_report(), "table.title.check")
    assert text.count("Importing s23_activations_losses failed") == 1
    head = next(line for line in text.splitlines() if line.startswith("■ 2.3"))
    names = [*S23_FUNCTIONS, *(f"quiz.{q}" for q in QUESTIONS)]
    assert head == f"■ 2.3: {', '.join(names)}  (error, the same for all 11)"
    after = text.split(head + "\n", 1)[1].splitlines()
    assert after[0] == "  " + IMPORT_ERROR
    assert "■ 2.3.softmax" not in text and "■ 2.3.quiz.q1" not in text


def test_the_summary_is_in_chinese_too() -> None:
    text = render_text(_half_done_report("zh"), "table.title.check")
    lines = text.splitlines()
    assert (
        "· 2.4:尚未作答:sgd_step, momentum_step, adam_step"
        "(删除 `raise NotImplementedError` 并完成实现)"
    ) in lines
    assert any(line.startswith("· 2.4:小测验尚未作答:q1, q2, q3, q4, q5") for line in lines)
    assert any(line.startswith("■ 2.3:softmax, ") and "共 11 项" in line for line in lines)
    assert text.count("Importing s23_activations_losses failed") == 1


def test_different_errors_and_a_lone_error_are_not_grouped() -> None:
    results = [
        ExerciseResult("2.2.train_step", 0.0, 4.0, Status.ERROR, feedback="train_step raised X"),
        ExerciseResult("2.2.make_head", 0.0, 2.0, Status.ERROR, feedback="make_head raised Y"),
        ExerciseResult("2.5.build_cnn", 0.0, 3.0, Status.TIMEOUT, feedback="stopped after 10 s"),
        # The same text in two sections: one block per section, not one for both.
        ExerciseResult("2.6.run_rnn", 0.0, 2.0, Status.TIMEOUT, feedback="import took > 10 s"),
        ExerciseResult("2.6.rnn_cell", 0.0, 2.0, Status.TIMEOUT, feedback="import took > 10 s"),
        ExerciseResult("2.7.lstm_cell", 0.0, 3.0, Status.TIMEOUT, feedback="import took > 10 s"),
    ]
    text = render_text(Report(results, lang="en"))
    assert "■ 2.2.train_step  (error)\n  train_step raised X" in text
    assert "■ 2.2.make_head  (error)\n  make_head raised Y" in text
    assert "■ 2.5.build_cnn  (timeout)\n  stopped after 10 s" in text
    assert "■ 2.6: run_rnn, rnn_cell  (timeout, the same for all 2)\n  import took > 10 s" in text
    assert "■ 2.7.lstm_cell  (timeout)\n  import took > 10 s" in text
    assert text.count("import took > 10 s") == 2


def test_a_warning_about_an_untouched_exercise_is_kept_once() -> None:
    """A notebook note in the feedback of a not-attempted item is not lost with its block."""
    cell_note = "⚠ the answer cell answer_2-4-sgd_step is missing from s24_optimizers.ipynb"
    module_note = "s24_optimizers.ipynb was damaged: truncated; graded from what was recovered"
    stub = "sgd_step still raises NotImplementedError: remove the raise and implement it."
    results = [
        ExerciseResult(
            "2.4.sgd_step",
            0.0,
            1.0,
            Status.NOT_ATTEMPTED,
            feedback=f"⚠ {module_note}\n{cell_note}\n{stub}",
        ),
        ExerciseResult(
            "2.4.adam_step", 0.0, 3.0, Status.NOT_ATTEMPTED, feedback=f"⚠ {module_note}\n{stub}"
        ),
    ]
    text = render_text(Report(results, lang="en", notes=[module_note]))
    assert text.count(cell_note) == 1 and "  " + cell_note in text.splitlines()
    assert text.count(module_note) == 1, "the report's notes already print it"


def test_json_keeps_every_item_and_its_feedback() -> None:
    report = _half_done_report()
    data = json.loads(render_json(report))
    assert len(data["exercises"]) == len(report.exercises)
    by_id = {e["id"]: e for e in data["exercises"]}
    assert "still raises NotImplementedError" in by_id["2.4.sgd_step"]["feedback"]
    assert by_id["2.3.quiz.q3"]["feedback"] == IMPORT_ERROR


def _half_done_folder(tmp_path: Path) -> Path:
    """A student's copy of exercises/: 2.1 solved, 2.3 with a syntax error, the rest stubs."""
    folder = tmp_path / "student"
    shutil.copytree(ROOT / "exercises", folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "solutions" / "s21_basics.py", folder / "s21_basics.py")
    broken = folder / "s23_activations_losses.py"
    broken.write_text(broken.read_text(encoding="utf-8") + "\ndef broken(:\n    pass\n")
    return folder


def test_real_self_check_of_a_half_done_chapter(grader, course, tmp_path: Path) -> None:
    folder = _half_done_folder(tmp_path)
    report = grader.grade_dir(folder, ["2.1", "2.3", "2.4"], hidden=False, lang="en")
    s23 = [r for r in report.exercises if r.section == "2.3"]
    assert len(s23) == len(course.section("2.3").exercises)
    assert {r.status for r in s23} == {Status.ERROR}
    text = render_text(report, "table.title.check")
    assert len(_table_rows(text)) == len(report.exercises)
    assert text.count("Importing s23_activations_losses failed") == 1
    head = next(line for line in text.splitlines() if line.startswith("■ 2.3"))
    assert "softmax" in head and "quiz.q5" in head and str(len(s23)) in head
    s24 = [e.id.removeprefix("2.4.") for e in course.exercises if e.section == "2.4"]
    functions = [name for name in s24 if not name.startswith("quiz.")]
    assert f"· 2.4: not attempted yet: {', '.join(functions)} (" in text
    assert "still raises NotImplementedError" not in text
    assert "■ 2.1." not in text, "2.1 is solved: nothing to say"


def test_real_cli_check_prints_the_import_error_once(tmp_path: Path) -> None:
    folder = _half_done_folder(tmp_path)
    result = CliRunner().invoke(
        main, ["check", "2.3", "2.4", "--path", str(folder), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("SyntaxError") == 1
    assert result.output.count("· 2.4:") == 2  # functions, then quiz questions
    assert "still raises NotImplementedError" not in result.output


def test_full_marks_with_a_failed_diagnosis_keeps_its_block() -> None:
    from autograder.model import CheckOutcome

    seen = ExerciseResult(
        id="2.5.pool2d_output_size",
        score=1.0,
        max_score=1.0,
        status=Status.PASSED,
        feedback="Every result is right (full marks), but ...\n✗ rejects bad arguments: ...",
        checks=(
            CheckOutcome("sizes", True, 1.0, 1.0),
            CheckOutcome("rejects bad arguments", False, 0.0, 0.0, "no error"),
        ),
    )
    clean = ExerciseResult(
        id="2.5.conv2d_output_size",
        score=2.0,
        max_score=2.0,
        status=Status.PASSED,
        feedback="All checks passed.",
        checks=(CheckOutcome("sizes", True, 2.0, 2.0),),
    )
    text = render_text(Report(exercises=[clean, seen], lang="en"))
    assert "■ 2.5.pool2d_output_size" in text and "✗ rejects bad arguments" in text
    assert "■ 2.5.conv2d_output_size" not in text

"""``ch2-grade``: a thin command line; each command calls one function."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from autograder.atomic import replace_file
from autograder.errors import AutograderError, CourseConfigError, SubmissionError
from autograder.reporters.safe_text import one_line

if TYPE_CHECKING:
    from autograder.course import Course

LANG = click.Choice(["zh", "en"])
DEVICE = click.Choice(["auto", "cpu", "cuda"])


class OutputError(AutograderError):
    """The report could not be rendered or written; an existing output file is left as it was."""

    exit_code = 7


def _load_course(course_file: str | None):
    from autograder.course import load_course

    return load_course(course_file)


def _write(make_text: Callable[[], str], output: str | None, fmt: str) -> None:
    """Render the report and write it to ``output`` (atomically) or to standard output."""
    where = output or "standard output"
    try:
        # Encoded before anything is written, so a failure leaves no partial output.
        data = make_text().encode("utf-8")
    except Exception as exc:
        raise OutputError(
            f"the {fmt} report could not be rendered ({type(exc).__name__}: {exc}); "
            f"{where} was left as it was"
        ) from exc
    if not output:
        click.echo(data.decode("utf-8"), nl=False)
        return
    try:
        replace_file(Path(output), data, _mode_for(Path(output)))
    except OSError as exc:
        raise OutputError(
            f"{output}: the report could not be written ({exc.strerror or exc}); "
            "the file was left as it was"
        ) from exc


def _mode_for(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would give: the file's own, or 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class _Group(click.Group):
    """Turns AutograderError into a message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AutograderError as exc:
            # The message may quote student text: keep it printable on any terminal.
            click.echo(f"ch2-grade: {one_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except ModuleNotFoundError as exc:
            # The student package leaves the instructors' parts out (graders, course_build).
            if not (exc.name or "").startswith("autograder."):
                raise
            command = ctx.invoked_subcommand or ctx.info_name
            click.echo(
                f"ch2-grade {command}: this command is for instructors and needs the full "
                f"package ({exc.name} is not part of the student package); "
                "students use `ch2-grade check`.",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Group, invoke_without_command=True)
@click.option(
    "--course",
    "course_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="course.yml to use (default: the course's own)",
)
@click.option(
    "--lang",
    "group_lang",
    type=LANG,
    default=None,
    help="feedback language for every command (a command's own --lang wins)",
)
@click.pass_context
def main(ctx: click.Context, course_file: str | None, group_lang: str | None) -> None:
    """Chapter 2 PyTorch exercises: self-check, grading and course tools.

    Without a command, runs ``check`` on the exercises in this folder.
    """
    ctx.obj = {"course_file": course_file, "lang": group_lang}
    if ctx.invoked_subcommand is None:
        ctx.invoke(check_command)


def _lang(ctx: click.Context, lang: str | None) -> str | None:
    """The command's own ``--lang``, else the one given before the command (``ch2-grade --lang en``)."""
    return lang or (ctx.obj or {}).get("lang")


@main.command("check")
@click.argument("selectors", nargs=-1)
@click.option(
    "--path",
    "path",
    type=click.Path(),
    default=None,
    help="folder with your section modules (default: ./exercises or .)",
)
@click.option("--lang", type=LANG, default=None, help="feedback language (default from course.yml)")
@click.option("--device", type=DEVICE, default=None, help="where tensors live while checking")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "html"]),
    default="text",
    help="html: a page with pictures of what went wrong",
)
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="file to write")
@click.pass_context
def check_command(
    ctx: click.Context,
    selectors: tuple[str, ...],
    path: str | None,
    lang: str | None,
    device: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Self-check your exercises with the public checks, e.g. ``check 2.3`` or ``check 2.3.softmax``."""
    from autograder.grading import grade_submission
    from autograder.reporters.text import render_text

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    lang = _lang(ctx, lang)
    message_lang = lang or course.default_language
    _check_selectors(course, selectors, message_lang)
    folder = Path(path) if path else _default_exercise_folder()
    _require_modules(folder, course, message_lang)
    report = grade_submission(
        folder, hidden=False, course=course, selectors=selectors, lang=lang, device=device
    )
    if fmt == "html":
        from autograder.reporters.html import render_html

        _write(lambda: render_html(report), output, fmt)
        return
    _write(lambda: render_text(report, "table.title.check"), output, fmt)


def _default_exercise_folder() -> Path:
    here = Path.cwd()
    return here / "exercises" if (here / "exercises").is_dir() else here


_SUBFOLDERS = ("exercises", "notebooks")


def _require_modules(folder: Path, course: Course, lang: str) -> None:
    """Refuse a folder that holds no section module, here or in its exercises/ or notebooks/.

    Checking such a folder would only list every exercise as missing: the
    student is almost surely in the wrong folder, so say where we looked.
    A file, a zip or a path that does not exist is left to the submission reader.
    """
    from autograder.i18n import t
    from autograder.safe_io import lexists

    if not folder.is_dir():
        return
    names = [section.module for section in course.sections]
    places = [folder, *(folder / sub for sub in _SUBFOLDERS if (folder / sub).is_dir())]
    # A linked module counts: the reader refuses it later with a note saying why.
    if any(
        lexists(place / f"{n}{ext}") for place in places for n in names for ext in (".py", ".ipynb")
    ):
        return
    shown = [f"{n}.py" for n in names]
    examples = ", ".join(shown if len(shown) <= 3 else [shown[0], shown[1], "…", shown[-1]])
    raise SubmissionError(t("cli.no_exercises_dir", lang, path=folder.resolve(), examples=examples))


def _check_selectors(course: Course, selectors: Sequence[str], lang: str) -> None:
    """Refuse a selector that names no exercise or section, suggesting the nearest ids.

    It uses the same rule as ``Course.select`` (an id, a section, or an id prefix
    such as ``2.3.quiz``), so a selector accepted here is accepted there.
    """
    from autograder.i18n import t

    ids = [ex.id for ex in course.exercises]
    sections = [section.id for section in course.sections]
    for selector in selectors:
        if any(i == selector or i.startswith(selector + ".") for i in ids) or selector in sections:
            continue
        near = difflib.get_close_matches(selector, [*sections, *ids], n=3, cutoff=0.6)
        if near:
            message = t(
                "cli.unknown_selector", lang, selector=repr(selector), suggestions=", ".join(near)
            )
        else:
            message = t(
                "cli.unknown_selector.none",
                lang,
                selector=repr(selector),
                sections=", ".join(sections),
                example=ids[0] if ids else "2.1.build_mlp",
            )
        raise CourseConfigError(message)


FORMATS = ["json", "text", "gradescope", "junit", "markdown", "html"]


def render(report, fmt: str, course, seconds: float = 0.0) -> str:
    """The report in one of the output formats."""
    if fmt == "json":
        from autograder.reporters.json_report import render_json

        return render_json(report)
    if fmt == "gradescope":
        from autograder.reporters.gradescope import render_gradescope

        return render_gradescope(report, course.feedback, seconds)
    if fmt == "junit":
        from autograder.reporters.junit import render_junit

        return render_junit(report)
    if fmt == "markdown":
        from autograder.reporters.table import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from autograder.reporters.html import render_html

        return render_html(report)
    from autograder.reporters.text import render_text

    return render_text(report)


@main.command("grade")
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", help="report format")
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="write the report to this file instead of standard output",
)
@click.option("--select", "selectors", multiple=True, help="only this section or exercise id")
@click.option("--lang", type=LANG, default=None, help="feedback language (default from course.yml)")
@click.option("--device", type=DEVICE, default=None, help="where graded tensors live")
@click.option(
    "--reveal-answers",
    is_flag=True,
    help="explain quiz answers whatever feedback.quiz_answers says (instructors only)",
)
@click.pass_context
def grade_command(
    ctx: click.Context,
    path: str,
    fmt: str,
    output: str | None,
    selectors: tuple[str, ...],
    lang: str | None,
    device: str | None,
    reveal_answers: bool,
) -> None:
    """Grade PATH with the hidden graders: a folder of section modules or notebooks, one of them, or a .zip.

    Exits 0 whenever grading ran, whatever the score.
    """
    import time

    from autograder.grading import grade_submission

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    lang = _lang(ctx, lang)
    _check_selectors(course, selectors, lang or course.default_language)
    start = time.perf_counter()
    report = grade_submission(
        path,
        course=course,
        selectors=selectors,
        lang=lang,
        device=device,
        reveal_quiz_answers=reveal_answers or course.feedback.reveals_quiz_answers(),
        # The report's folder is the grader's, not the student's to read.
        extra_hidden=[str(Path(output).resolve().parent)] if output else [],
    )
    seconds = time.perf_counter() - start
    _write(lambda: render(report, fmt, course, seconds), output, fmt)


@main.command("report")
@click.argument("json_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", help="output format")
@click.option(
    "--output", type=click.Path(dir_okay=False), default=None, help="write here instead of stdout"
)
@click.pass_context
def report_command(ctx: click.Context, json_file: str, fmt: str, output: str | None) -> None:
    """Render a saved JSON report in another format (e.g. Markdown for a CI job summary)."""
    import json

    from autograder.reporters.json_report import report_from_dict

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    report = report_from_dict(json.loads(Path(json_file).read_text(encoding="utf-8")))
    _write(lambda: render(report, fmt, course), output, fmt)


@main.command("build-public")
@click.option(
    "--module", "modules", multiple=True, help="only this section module (e.g. s22_backprop)"
)
def build_public_command(modules: tuple[str, ...]) -> None:
    """Rebuild the public self-check data from the hidden graders (instructors)."""
    from autograder.graders.publish import write_public_data

    for path, written in write_public_data(list(modules) or None):
        click.echo(f"{'wrote' if written else 'unchanged'} {path}")


@main.command("build-stubs")
@click.option(
    "--folder",
    type=click.Path(file_okay=False),
    default="exercises",
    help="folder of student modules to update",
)
def build_stubs_command(folder: str) -> None:
    """Rewrite the quiz block of each student module from the declared questions."""
    from autograder import catalogue
    from autograder.course_build.stubs import update_stub

    for module, section in catalogue.sections().items():
        path = Path(folder) / f"{module}.py"
        if section.questions and path.is_file() and update_stub(path, section):
            click.echo(f"updated {path}")


@main.command("build-course")
@click.argument("root", type=click.Path(file_okay=False))
@click.option(
    "--lang", type=LANG, default=None, help="language of the notebooks (default from course.yml)"
)
@click.option(
    "--exchange",
    type=click.Path(file_okay=False),
    default=None,
    help="nbgrader exchange folder (default: ROOT/exchange)",
)
@click.option("--assignment", default="ch2", show_default=True, help="nbgrader assignment name")
@click.option(
    "--force",
    is_flag=True,
    help="replace files that differ (a copy is kept in ROOT/backup-<time>/)",
)
@click.pass_context
def build_course_command(
    ctx: click.Context,
    root: str,
    lang: str | None,
    exchange: str | None,
    assignment: str,
    force: bool,
) -> None:
    """Write a ready nbgrader course directory (config and source notebooks) at ROOT.

    Re-running it on a course leaves files that are already right alone and refuses to
    replace any that differ (an instructor's edits) unless --force is given.
    """
    from autograder.course_build.nbgrader_course import build_course

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    build = build_course(
        Path(root),
        course,
        lang=_lang(ctx, lang),
        exchange=Path(exchange) if exchange else None,
        assignment=assignment,
        force=force,
    )
    if build.backup is not None:
        click.echo(f"saved the files it replaced in {build.backup}")
    for path in build.written:
        click.echo(f"wrote {path}")
    for path in build.unchanged:
        click.echo(f"unchanged {path}")
    for path in build.strays:
        click.echo(
            f"warning: {path} is not one of the course's notebooks; "
            "generate_assignment would release it to students",
            err=True,
        )


@main.command("build-notebooks")
@click.argument("target", type=click.Path(file_okay=False))
@click.option(
    "--lang", type=LANG, default=None, help="language of the notebooks (default from course.yml)"
)
@click.pass_context
def build_notebooks_command(ctx: click.Context, target: str, lang: str | None) -> None:
    """Write the student notebooks (one per section) into TARGET."""
    from autograder.course_build.nbgrader_course import build_student_notebooks

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    for path in build_student_notebooks(Path(target), course, lang=_lang(ctx, lang)):
        click.echo(f"wrote {path}")


@main.command("bundle")
@click.argument("target", type=click.Path(file_okay=False), default="dist")
@click.option(
    "--lang", type=LANG, default=None, help="language of the notebooks (default from course.yml)"
)
@click.pass_context
def bundle_command(ctx: click.Context, target: str, lang: str | None) -> None:
    """Build the student bundle (stubs, notebooks, public checks, ch2-grade) in TARGET."""
    from autograder.course_build.bundle import build_bundle

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    click.echo(f"wrote {build_bundle(Path(target), course, lang=_lang(ctx, lang))}")


@main.command("batch")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--output",
    "output",
    type=click.Path(file_okay=False),
    required=True,
    help="folder for one JSON report per student and grades.csv",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None, help="parallel workers (default: cores)"
)
@click.option("--force", is_flag=True, help="grade again submissions that already have a report")
@click.option("--shard", "shard_spec", default=None, help="K/N: grade only the K-th of N shards")
@click.option("--lang", type=LANG, default=None, help="feedback language (default from course.yml)")
@click.option("--device", type=DEVICE, default=None, help="where graded tensors live")
@click.pass_context
def batch_command(
    ctx: click.Context,
    submissions: str,
    output: str,
    jobs: int | None,
    force: bool,
    shard_spec: str | None,
    lang: str | None,
    device: str | None,
) -> None:
    """Grade every submission in SUBMISSIONS (one sub-folder or .zip per student, named by id)."""
    from autograder.batch.run import BatchOptions, run_batch

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    result = run_batch(
        Path(submissions),
        Path(output),
        options=BatchOptions(course, _lang(ctx, lang), device),
        jobs=jobs,
        force=force,
        shard_spec=shard_spec,
    )
    click.echo(
        f"graded {len(result.graded)}, could not grade {len(result.failed)}, "
        f"already done {len(result.skipped)}, in {result.seconds:.1f} s; see {Path(output) / 'grades.csv'}"
    )


@main.command("class-report")
@click.argument("results", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="file to write (default: standard output)",
)
@click.option(
    "--format", "fmt", type=click.Choice(["html", "csv", "json"]), default="html", show_default=True
)
@click.option(
    "--lang", type=LANG, default=None, help="language of the page (default from course.yml)"
)
@click.option("--assignment", default=None, help="nbgrader course folder: which assignment")
@click.pass_context
def class_report_command(
    ctx: click.Context,
    results: str,
    output: str | None,
    fmt: str,
    lang: str | None,
    assignment: str | None,
) -> None:
    """The class report of a batch output folder or of an nbgrader course folder (read through
    its gradebook): distributions, mistakes, quiz items, who needs a look."""
    from autograder.class_report.report import class_report

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    lang = _lang(ctx, lang)
    _write(lambda: class_report(Path(results), course, fmt, lang, assignment), output, fmt)


@main.command("merge")
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option(
    "--output",
    "output",
    type=click.Path(file_okay=False),
    required=True,
    help="folder for the merged reports and grades.csv",
)
@click.pass_context
def merge_command(ctx: click.Context, folders: tuple[str, ...], output: str) -> None:
    """Merge the reports of batch shards (FOLDERS) into one folder and one grades.csv."""
    from autograder.batch.store import (
        CSV_NAME,
        collect_reports,
        report_path,
        write_atomically,
        write_csv,
    )
    from autograder.reporters.json_report import dumps

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    reports = collect_reports([Path(f) for f in folders])
    target = Path(output)
    for student, report in reports.items():
        write_atomically(report_path(target, student), dumps(report))
    write_csv(target / CSV_NAME, reports, course)
    click.echo(f"merged {len(reports)} reports into {target / CSV_NAME}")


@main.command("gradescope-bundle")
@click.argument("target", type=click.Path(file_okay=False), default="dist")
@click.pass_context
def gradescope_bundle_command(ctx: click.Context, target: str) -> None:
    """Build Gradescope's autograder.zip (setup.sh, run_autograder, the grading package) in TARGET."""
    from autograder.course_build.gradescope import build_gradescope_zip

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    click.echo(f"wrote {build_gradescope_zip(Path(target), course)}")

"""``ch2-grade``: a thin command line; each command calls one function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autograder.errors import AutograderError

LANG = click.Choice(["zh", "en"])
DEVICE = click.Choice(["auto", "cpu", "cuda"])


def _load_course(course_file: str | None):
    from autograder.course import load_course

    return load_course(course_file)


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


class _Group(click.Group):
    """Turns AutograderError into a message and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AutograderError as exc:
            click.echo(f"ch2-grade: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, invoke_without_command=True)
@click.option(
    "--course",
    "course_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="course.yml to use (default: the course's own)",
)
@click.pass_context
def main(ctx: click.Context, course_file: str | None) -> None:
    """Chapter 2 PyTorch exercises: self-check, grading and course tools.

    Without a command, runs ``check`` on the exercises in this folder.
    """
    ctx.obj = {"course_file": course_file}
    if ctx.invoked_subcommand is None:
        ctx.invoke(check_command)


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
@click.pass_context
def check_command(
    ctx: click.Context,
    selectors: tuple[str, ...],
    path: str | None,
    lang: str | None,
    device: str | None,
) -> None:
    """Self-check your exercises with the public checks, e.g. ``check 2.3`` or ``check 2.3.softmax``."""
    from autograder.grading import self_check
    from autograder.reporters.text import render_text

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    folder = Path(path) if path else _default_exercise_folder()
    report = self_check(folder, course=course, selectors=selectors, lang=lang, device=device)
    _write(render_text(report, "table.title.check"), None)


def _default_exercise_folder() -> Path:
    here = Path.cwd()
    return here / "exercises" if (here / "exercises").is_dir() else here


@main.command("grade")
@click.argument("path", type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text"]), default="text", help="report format"
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="write the report to this file instead of standard output",
)
@click.option("--select", "selectors", multiple=True, help="only this section or exercise id")
@click.option("--lang", type=LANG, default=None, help="feedback language (default from course.yml)")
@click.option("--device", type=DEVICE, default=None, help="where graded tensors live")
@click.pass_context
def grade_command(
    ctx: click.Context,
    path: str,
    fmt: str,
    output: str | None,
    selectors: tuple[str, ...],
    lang: str | None,
    device: str | None,
) -> None:
    """Grade PATH (a folder of section modules, or one module) with the hidden graders.

    Exits 0 whenever grading ran, whatever the score.
    """
    from autograder.grading import grade_hidden

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    report = grade_hidden(path, course=course, selectors=selectors, lang=lang, device=device)
    if fmt == "json":
        from autograder.reporters.json_report import render_json

        _write(render_json(report), output)
    else:
        from autograder.reporters.text import render_text

        _write(render_text(report), output)


@main.command("build-public")
@click.option(
    "--module", "modules", multiple=True, help="only this section module (e.g. s22_backprop)"
)
def build_public_command(modules: tuple[str, ...]) -> None:
    """Rebuild the public self-check data from the hidden graders (instructors)."""
    from autograder.graders.publish import write_public_data

    for path in write_public_data(list(modules) or None):
        click.echo(f"wrote {path}")


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
    from autograder.stubs import update_stub

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
@click.pass_context
def build_course_command(
    ctx: click.Context, root: str, lang: str | None, exchange: str | None, assignment: str
) -> None:
    """Write a ready nbgrader course directory (config and source notebooks) at ROOT."""
    from autograder.course_build.nbgrader_course import build_course

    course = _load_course(ctx.obj["course_file"] if ctx.obj else None)
    for path in build_course(
        Path(root),
        course,
        lang=lang,
        exchange=Path(exchange) if exchange else None,
        assignment=assignment,
    ):
        click.echo(f"wrote {path}")


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
    for path in build_student_notebooks(Path(target), course, lang=lang):
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
    click.echo(f"wrote {build_bundle(Path(target), course, lang=lang)}")

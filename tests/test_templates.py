"""The GitHub Actions templates: a secret-free self-check for students, grading in the instructor's repo."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates" / "github-actions"
SELF_CHECK = TEMPLATES / "self-check.yml"
GRADE_CLASS = TEMPLATES / "grade-class.yml"
PINNED_TORCH = '"torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu'


def _load(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict) and workflow.get("name") and workflow.get("jobs")
    return workflow


def _commands(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def _code_lines(path: Path) -> str:
    """The workflow without its comments (they may explain what is left out)."""
    return "\n".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )


def test_only_the_two_templates_remain() -> None:
    assert sorted(p.name for p in TEMPLATES.iterdir()) == ["grade-class.yml", "self-check.yml"]


def test_student_self_check_has_no_secrets_and_no_hidden_graders() -> None:
    workflow = _load(SELF_CHECK)
    assert "push" in workflow[True]  # YAML reads the key `on` as True
    assert set(workflow["jobs"]) == {"self-check"}
    job = workflow["jobs"]["self-check"]
    commands = _commands(job)
    text = SELF_CHECK.read_text(encoding="utf-8")
    assert "secrets." not in text and "secrets[" not in text
    assert PINNED_TORCH in commands, "torch is pinned, CPU build"
    assert not re.search(r"install[^\n]*\btorch\b(?!==)", commands), "never an unpinned torch"
    assert "wheels/ch2_autograder_student-*.whl" in commands, "the student package, not the grader"
    assert "find_spec('autograder.graders') is not None" in commands, "stops if graders got in"
    assert "ch2-grade check" in commands
    code = _code_lines(SELF_CHECK)
    for hidden in (
        "ch2-grade grade",
        "ch2-grade batch",
        "gradescope-bundle",
        "solutions",
        "_reference",
    ):
        assert hidden not in code, hidden
    assert "curl" not in code and "wget" not in code, "nothing fetched from elsewhere"
    checkout = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout and checkout[0]["with"]["persist-credentials"] is False
    assert workflow["permissions"] == {"contents": "read"}


def test_class_grading_runs_in_the_instructors_repo_sharded_then_merged() -> None:
    workflow = _load(GRADE_CLASS)
    assert "workflow_dispatch" in workflow[True] and "push" not in workflow[True]
    assert set(workflow["jobs"]) == {"grade", "merge"}
    assert workflow["permissions"] == {"contents": "read"}
    grade, merge = workflow["jobs"]["grade"], workflow["jobs"]["merge"]
    assert grade["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    assert grade["strategy"]["fail-fast"] is False
    commands = _commands(grade)
    assert PINNED_TORCH in commands and "pip install --quiet ." in commands
    assert "students.txt" in commands and "--depth 1" in commands
    assert 'rm -rf "submissions/$student/.git"' in commands
    assert "ch2-grade batch submissions" in commands
    assert '--shard "${{ matrix.shard }}/${{ strategy.job-total }}"' in commands
    assert '"protection") == "none"' in commands, "refuses grades made without a sandbox"
    assert merge["needs"] == "grade"
    assert "ch2-grade merge shards/shard-*" in _commands(merge)
    uploads = [s for s in merge["steps"] if str(s.get("uses", "")).startswith("actions/upload")]
    assert uploads and uploads[0]["with"]["name"] == "ch2-grades"
    for job in (grade, merge):
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def test_the_student_repos_token_is_only_in_the_fetch_step() -> None:
    workflow = _load(GRADE_CLASS)
    with_secrets = [
        step.get("name")
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "secrets." in yaml.safe_dump(step)
    ]
    assert with_secrets == ["Fetch the student repositories (read-only)"]
    fetch = next(s for s in workflow["jobs"]["grade"]["steps"] if s.get("name") == with_secrets[0])
    assert fetch["env"]["TOKEN"] == "${{ secrets.CH2_STUDENT_REPOS_TOKEN }}"
    assert "TOKEN" not in fetch["run"].replace("$TOKEN", ""), "never printed or stored"

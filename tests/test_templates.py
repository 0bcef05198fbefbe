"""The GitHub Actions template is valid and keeps the graders out of the student's repository."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "templates" / "github-actions" / "grade.yml"


def test_workflow_grades_on_push_with_graders_from_a_secret() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert "push" in workflow[True]  # YAML reads the key `on` as True
    steps = workflow["jobs"]["grade"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert 'pip install --quiet "torch==2.13.0"' in commands, "torch is pinned"
    assert "secrets.CH2_GRADER_WHEEL_URL" in text and "secrets.CH2_GRADER_TOKEN" in text
    assert "ch2-grade grade . --format json --output results/report.json" in commands
    assert "--format junit" in commands and "GITHUB_STEP_SUMMARY" in commands
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "results/" and uploads[0]["if"] == "always()"
    assert "solutions" not in commands and "graders" not in commands.replace("hidden graders", "")

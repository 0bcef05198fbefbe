"""JUnit XML: one test suite per section, one test case per exercise or quiz item.

A test case that lost points carries a ``<failure>`` with the feedback (or
``<error>`` when the code raised, timed out, or is missing); the points are in
the case's properties. Every text and attribute goes through ``safe_text``:
XML 1.0 cannot carry NUL and most other control characters, even escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from autograder.model import Report, Status
from autograder.reporters.safe_text import safe_text

_ERRORS = (Status.ERROR, Status.TIMEOUT, Status.MISSING)


def render_junit(report: Report) -> str:
    """The report as JUnit XML text."""
    root = ET.Element("testsuites", name="ch2-grade", tests=str(len(report.exercises)))
    for section, results in report.by_section().items():
        failures = sum(1 for r in results if not r.full_marks and r.status not in _ERRORS)
        errors = sum(1 for r in results if not r.full_marks and r.status in _ERRORS)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=safe_text(section),
            tests=str(len(results)),
            failures=str(failures),
            errors=str(errors),
        )
        for result in results:
            case = ET.SubElement(
                suite, "testcase", classname=safe_text(section), name=safe_text(result.id)
            )
            properties = ET.SubElement(case, "properties")
            for name, value in (
                ("score", result.score),
                ("max_score", result.max_score),
                ("status", result.status.value),
                ("mistakes", " ".join(result.mistakes)),
            ):
                ET.SubElement(properties, "property", name=name, value=safe_text(value))
            if not result.full_marks:
                tag = "error" if result.status in _ERRORS else "failure"
                node = ET.SubElement(
                    case,
                    tag,
                    message=f"{result.score:g}/{result.max_score:g} {result.status.value}",
                    type=safe_text(", ".join(result.mistakes) or result.status.value),
                )
                node.text = safe_text(result.feedback)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

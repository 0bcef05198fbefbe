"""Section 2.8: what each exercise's probe observes."""

from __future__ import annotations

from autograder.engine.spec import Section

SECTION = Section("2.8", "s28_transformer")

"""Section 2.4: what each exercise's probe observes."""

from __future__ import annotations

from autograder.engine.spec import Section

SECTION = Section("2.4", "s24_optimizers")

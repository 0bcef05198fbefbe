"""Section 2.2: what each exercise's probe observes."""

from __future__ import annotations

from autograder.engine.spec import Section

SECTION = Section("2.2", "s22_backprop")

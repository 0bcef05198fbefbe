"""Section 2.7: what each exercise's probe observes."""

from __future__ import annotations

from autograder.engine.spec import Section

SECTION = Section("2.7", "s27_lstm")

"""Section 2.3: what each exercise's probe observes."""

from __future__ import annotations

from autograder.engine.spec import Section

SECTION = Section("2.3", "s23_activations_losses")

"""Mistakes of section 2.3."""

MISTAKES = ()

"""Mistakes of section 2.7."""

MISTAKES = ()

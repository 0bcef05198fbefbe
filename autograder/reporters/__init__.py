"""Output formats for a grading report, one writer per module."""

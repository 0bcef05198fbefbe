"""The public self-check: stored expectations for a few fixed cases per exercise.

The data files hold each public case, the reference's features on it and the
signature of every known mistake; they are built from the hidden graders by
``ch2-grade build-public`` and contain no code.
"""

"""Build what is handed out: section notebooks, the nbgrader course, the student bundle.

Everything is generated from ``exercises/``, ``solutions/`` and the exercise
catalogue, so notebooks and stubs cannot drift apart.
"""

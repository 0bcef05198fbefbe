"""The class report: what a whole class got right and wrong, for the instructor.

Read the per-student JSON reports of a ``ch2-grade batch`` output folder
(:mod:`~autograder.class_report.results`), compute the tables
(:mod:`~autograder.class_report.analysis`), and write them as one
self-contained HTML page (:mod:`~autograder.class_report.page`) or as CSV/JSON
(:mod:`~autograder.class_report.tables`).
"""

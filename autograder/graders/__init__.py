"""Hidden graders: case generators, mutants (reference code with one known
mistake each) and the pytest tests that grade a submission with them.

Run them with ``ch2-grade grade PATH`` or with plain pytest::

    pytest --pyargs autograder.graders --submission PATH --junitxml results.xml

Nothing under this package is shipped to students.
"""

"""Hidden graders: case generators, mutants (reference code with one known
mistake each) and the pytest tests that grade a submission with them.

Run them with ``ch2-grade grade PATH`` or with plain pytest::

    pytest --pyargs autograder.graders --submission PATH --junitxml results.xml

Nothing under this package is shipped to students.
"""

GRADER_MODULES = (
    "s21_basics",
    "s22_backprop",
    "s23_activations_losses",
    "s24_optimizers",
    "s25_cnn",
    "s26_rnn",
    "s27_lstm",
    "s28_transformer",
)

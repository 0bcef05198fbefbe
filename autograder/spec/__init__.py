"""The vocabulary exercises are declared in.

``autograder.catalogue`` declares every exercise, quiz question and mistake
with these names; the engine, the executors and the student-side harness read
the declarations. Nothing here knows an answer.
"""

from autograder.spec.exercise import (
    MUTATES_INPUT,
    NO_RETURN,
    USES_BUILTIN,
    WRONG_RETURN_TYPE,
    Case,
    Check,
    Derive,
    ExerciseSpec,
    Features,
    Forbidden,
    KeepsInputs,
    MistakeRule,
    NotAttempted,
    Picture,
    Probe,
    ProbeContext,
    Text,
    Tolerance,
    check,
)
from autograder.spec.mistake import Mistake, mistake
from autograder.spec.quiz import QuizSpec
from autograder.spec.section import Section

__all__ = [
    "MUTATES_INPUT",
    "NO_RETURN",
    "USES_BUILTIN",
    "WRONG_RETURN_TYPE",
    "Case",
    "Check",
    "Derive",
    "ExerciseSpec",
    "Features",
    "Forbidden",
    "KeepsInputs",
    "Mistake",
    "MistakeRule",
    "NotAttempted",
    "Picture",
    "Probe",
    "ProbeContext",
    "QuizSpec",
    "Section",
    "Text",
    "Tolerance",
    "check",
    "mistake",
]

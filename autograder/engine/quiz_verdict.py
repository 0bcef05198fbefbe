"""The verdict on one quiz answer."""

from __future__ import annotations

from autograder.engine.compare import compare
from autograder.engine.evidence import CaseEvidence
from autograder.i18n import pick, t
from autograder.model import ExerciseResult, Status
from autograder.probing.outcome import CaseStatus, case_status
from autograder.spec import QuizSpec
from autograder.spec.quiz import describe_answer


def judge_quiz(spec: QuizSpec, points: float, evidence: CaseEvidence, lang: str) -> ExerciseResult:
    """Right or wrong, with the explanation; or, without a key, whether the answer is well formed."""
    question = spec.question
    outcome = evidence.outcome

    answered = ""

    def result(status: Status, score: float, *lines: str) -> ExerciseResult:
        return ExerciseResult(
            id=spec.id,
            score=score,
            max_score=float(points),
            status=status,
            feedback="\n".join(line for line in lines if line),
            answer=answered,
        )

    if case_status(outcome) == CaseStatus.NOT_ATTEMPTED:
        return result(Status.NOT_ATTEMPTED, 0.0, t("quiz.unanswered", lang, question=question.id))
    if case_status(outcome) != CaseStatus.OK:
        error = outcome.get("error") or {}
        return result(Status.ERROR, 0.0, t("quiz.unreadable", lang, error=error.get("type", "?")))
    answer = outcome["features"].get("answer")
    shown = describe_answer(question, answer, lang)
    if isinstance(answer, str) and answer.startswith("invalid"):
        return result(
            Status.FAILED, 0.0, t("quiz.invalid", lang, answer=_why_invalid(answer, lang))
        )
    answered = shown  # well formed: kept for the class's item analysis
    if evidence.expected is None:
        return result(Status.ANSWERED, 0.0, t("quiz.recorded", lang, answer=shown))
    right = evidence.expected.get("answer")
    if compare(right, answer, spec.tolerance) is None:
        explanation = pick(evidence.explanation, lang) if evidence.explanation else ""
        return result(Status.PASSED, float(points), t("quiz.correct", lang), explanation)
    if evidence.explanation is None:  # the answers are not to be revealed
        return result(Status.FAILED, 0.0, t("quiz.wrong_unrevealed", lang, answer=shown))
    return result(
        Status.FAILED,
        0.0,
        t("quiz.wrong", lang, answer=shown, right=describe_answer(question, right, lang)),
        pick(evidence.explanation, lang),
    )


_INVALID_REASONS = {
    "not a number": "quiz.invalid.not_a_number",
    "not a finite number": "quiz.invalid.not_finite",
    "not letters": "quiz.invalid.not_letters",
    "choose exactly one letter": "quiz.invalid.one_letter",
    "QUIZ is not a dict": "quiz.invalid.not_a_dict",
}


def _why_invalid(answer: str, lang: str) -> str:
    """The reason an answer is not in a valid form (``"invalid: ..."``), in ``lang``."""
    reason = answer.removeprefix("invalid:").strip()
    if reason.startswith("choose from "):
        return t("quiz.invalid.choose_from", lang, letters=reason.removeprefix("choose from "))
    key = _INVALID_REASONS.get(reason)
    return t(key, lang) if key else reason

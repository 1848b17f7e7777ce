"""Attempts and progress rules: which questions an attempt shows, how it is scored, and when
a course is completed, passed or failed.

Shuffles use a small seeded generator (mulberry32 + Fisher-Yates) that JavaScript computes
bit for bit the same, so the player (which stores the seed per attempt) and the browser
runtime of packages draw the same questions in the same order for the same seed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.grading import EPSILON, Grade, grade
from engine.model import Course, Outcome, Question, Quiz
from engine.questions import question_type

MASK = 0xFFFFFFFF


class SeededRandom:
    """mulberry32: 32-bit state, good enough to shuffle quizzes, trivial to port."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next_float(self) -> float:
        self.state = (self.state + 0x6D2B79F5) & MASK
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    def shuffle(self, items: Iterable[Any]) -> list[Any]:
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = int(self.next_float() * (i + 1))
            out[i], out[j] = out[j], out[i]
        return out


def _imul(a: int, b: int) -> int:
    return (a * b) & MASK


@dataclass(frozen=True)
class AttemptPlan:
    """What one attempt shows: question ids in order, and the display order of the parts
    (options, right-hand choices, ordering items) of each question."""

    seed: int
    questions: tuple[str, ...]
    orders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def plan_attempt(quiz: Quiz, seed: int) -> AttemptPlan:
    rng = SeededRandom(seed)
    ids = [q.id for q in quiz.questions]
    if quiz.draw and quiz.draw < len(ids):
        drawn = set(rng.shuffle(ids)[: quiz.draw])
        ids = [i for i in ids if i in drawn]
    if quiz.shuffle_questions:
        ids = rng.shuffle(ids)
    orders: dict[str, tuple[str, ...]] = {}
    for qid in ids:
        question = quiz.question(qid)
        assert question is not None
        order = _part_order(question, quiz.shuffle_options, rng)
        if order is not None:
            orders[qid] = order
    return AttemptPlan(seed, tuple(ids), orders)


def _part_order(
    question: Question, shuffle_options: bool, rng: SeededRandom
) -> tuple[str, ...] | None:
    """The display order of the question's parts (options, right-hand choices, items), as
    its type decides (`part_order` in engine/questions/<type>.py); None if it has none."""
    order = question_type(question).part_order
    return None if order is None else order(question, shuffle_options, rng)


@dataclass(frozen=True)
class AttemptResult:
    """A submitted attempt. `score` is None when no question of it is scored."""

    grades: Mapping[str, Grade]
    points_earned: float
    points_possible: float
    score: float | None
    passed: bool | None  # None for surveys
    survey_total: float = 0.0
    outcome: Outcome | None = None


def counts(quiz: Quiz, question: Question) -> bool:
    """Whether the question adds to the quiz score: graded quizzes, keyed questions."""
    return quiz.graded and question.has_key and question.SCORED


def grade_attempt(quiz: Quiz, plan: AttemptPlan, responses: Mapping[str, Any]) -> AttemptResult:
    grades: dict[str, Grade] = {}
    earned = possible = survey = 0.0
    for qid in plan.questions:
        question = quiz.question(qid)
        if question is None:  # the course changed under a saved attempt
            continue
        result = grade(question, responses.get(qid))
        grades[qid] = result
        survey += result.survey_score
        if counts(quiz, question):
            earned += result.score * question.points
            possible += question.points
    if not quiz.graded:
        return AttemptResult(grades, 0.0, 0.0, None, None, survey, quiz.outcome_for(survey))
    score = earned / possible if possible else None
    passed = score is None or score >= quiz.pass_mark - EPSILON
    return AttemptResult(grades, earned, possible, score, passed, survey)


# --- course progress ----------------------------------------------------------------------


def attempts_left(quiz: Quiz, used: int) -> int | None:
    """Attempts the learner may still start; None when the quiz allows any number."""
    return max(0, quiz.max_attempts - used) if quiz.max_attempts else None


def may_reveal(quiz: Quiz, *, used: int, passed: bool) -> bool:
    """Whether the right answers may be shown: once they can no longer help pass (the
    quiz is passed, or no attempt is left), and always for a survey (nothing to pass).
    The player and the packages' runtime both follow this rule (tests/vectors/plans.json)."""
    return passed or attempts_left(quiz, used) == 0 or not quiz.graded


def may_explain(correct: bool | None, *, reveal: bool) -> bool:
    """Whether an answer's explanation and its own feedback (an option's, a true/false side's)
    may be shown: once the right answers may (`reveal`, from `may_reveal`), for they often
    state the right answer; before that only when they tell nothing the learner does not
    know: the answer is right, or the question has no right answer (open, likert, surveys).
    The verdict and the question's own feedback_correct / feedback_wrong show at once
    (`liane check` warns when a feedback_wrong states an accepted answer). The packages'
    runtime applies the same rule (`mayExplain` in static/liane-runtime.js)."""
    return reveal or correct is not False


def shown_feedback(question: Question, result: Mapping[str, Any], *, reveal: bool) -> list[str]:
    """The feedback texts of a graded answer (Grade.to_dict()) that may be shown now: all of
    them when `may_explain`, else only the question's feedback_correct / feedback_wrong."""
    texts: list[str] = list(result["feedback"])
    if may_explain(result["correct"], reveal=reveal):
        return texts
    general = {question.feedback_correct, question.feedback_wrong} - {""}
    return [text for text in texts if text in general]


@dataclass(frozen=True)
class QuizRecord:
    """What a learner has done on a quiz, summarised from their attempts."""

    attempts: int = 0
    best_score: float | None = None
    passed: bool = False


@dataclass(frozen=True)
class CourseStatus:
    state: str  # not_started | in_progress | completed | passed | failed
    completed: bool
    score: float | None  # points-weighted mean of the best attempts of graded quizzes
    lessons_done: int
    lessons_total: int


def quiz_weight(quiz: Quiz) -> float:
    """Points an attempt of this quiz is worth (the mean question worth times the draw)."""
    scored = [q.points for q in quiz.questions if counts(quiz, q)]
    if not scored:
        return 0.0
    if quiz.draw and quiz.draw < len(quiz.questions):
        return sum(scored) / len(quiz.questions) * quiz.draw
    return float(sum(scored))


def course_status(
    course: Course, lessons_seen: set[str], quizzes: Mapping[str, QuizRecord]
) -> CourseStatus:
    """Apply the course's completion rule and the pass/fail rules to a learner's records."""
    lessons = [lesson.id for lesson in course.lessons]
    graded = [q for q in course.quizzes if q.graded]
    done = sum(1 for lesson_id in lessons if lesson_id in lessons_seen)
    record = {q.id: quizzes.get(q.id, QuizRecord()) for q in course.quizzes}

    lessons_ok = course.completion.lessons == "none" or done == len(lessons)
    if course.completion.quizzes == "passed":
        quizzes_ok = all(record[q.id].passed for q in graded)
    elif course.completion.quizzes == "attempted":
        quizzes_ok = all(record[q.id].attempts > 0 for q in graded)
    else:
        quizzes_ok = True
    completed = lessons_ok and quizzes_ok

    weights = {q.id: quiz_weight(q) for q in graded}
    total = sum(weights.values())
    score = (
        sum((record[q.id].best_score or 0.0) * weights[q.id] for q in graded) / total
        if total
        else None
    )

    failed = any(
        q.max_attempts and record[q.id].attempts >= q.max_attempts and not record[q.id].passed
        for q in graded
    )
    started = done > 0 or any(r.attempts for r in record.values())
    if failed:
        state = "failed"
    elif completed and all(record[q.id].passed for q in graded):
        state = "passed"
    elif completed:
        state = "completed"
    else:
        state = "in_progress" if started else "not_started"
    return CourseStatus(state, completed, score, done, len(lessons))

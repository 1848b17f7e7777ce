"""Figures for facilitators: who is where, how quizzes work, how much time was spent.

Queries are batched per course (one query for progress, one for attempts, one for answers)
and the engine's rules are applied in Python, so the dashboard counts exactly as the
learner's own pages do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.model import Course, Quiz
from engine.player.models import Answer, Attempt, Certificate, ItemProgress, User
from engine.questions import question_type
from engine.rules import CourseStatus, QuizRecord, course_status


@dataclass
class LearnerRow:
    user: User
    status: CourseStatus
    seconds: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    quizzes_passed: int = 0
    certificate: str | None = None


def learners(db: Session) -> list[User]:
    return list(db.scalars(select(User).where(User.role == "learner").order_by(User.name)))


def course_rows(db: Session, course: Course, users: list[User]) -> list[LearnerRow]:
    """Each learner's status, time and dates in one course."""
    seen: dict[int, set[str]] = defaultdict(set)
    rows = {u.id: LearnerRow(u, course_status(course, set(), {})) for u in users}
    for progress in db.scalars(
        select(ItemProgress).filter_by(course_id=course.id, course_version=course.version)
    ):
        row = rows.get(progress.user_id)
        if row is None:
            continue
        seen[progress.user_id].add(progress.item_id)
        row.seconds += progress.seconds
        row.first_seen = min(filter(None, (row.first_seen, progress.first_seen)))
        row.last_seen = max(filter(None, (row.last_seen, progress.last_seen)))
    records: dict[int, dict[str, QuizRecord]] = defaultdict(dict)
    for attempt in db.scalars(
        select(Attempt).filter(Attempt.course_id == course.id, Attempt.submitted_at.is_not(None))
    ):
        old = records[attempt.user_id].get(attempt.quiz_id, QuizRecord())
        best = max((s for s in (old.best_score, attempt.score) if s is not None), default=None)
        records[attempt.user_id][attempt.quiz_id] = QuizRecord(
            old.attempts + 1, best, old.passed or bool(attempt.passed)
        )
    for certificate in db.scalars(select(Certificate).filter_by(course_id=course.id)):
        if certificate.user_id in rows:
            rows[certificate.user_id].certificate = certificate.code
    for user_id, row in rows.items():
        row.status = course_status(course, seen[user_id], records[user_id])
        row.quizzes_passed = sum(1 for r in records[user_id].values() if r.passed)
    return list(rows.values())


def funnel(course: Course, rows: list[LearnerRow]) -> list[tuple[str, int]]:
    """How many learners reached each step, from enrolled to passed."""
    started = [r for r in rows if r.status.state != "not_started"]
    return [
        ("enrolled", len(rows)),
        ("started", len(started)),
        (
            "read_all",
            sum(
                1
                for r in rows
                if r.status.lessons_total and r.status.lessons_done == r.status.lessons_total
            ),
        ),
        ("completed", sum(1 for r in rows if r.status.completed)),
        ("passed", sum(1 for r in rows if r.status.state == "passed")),
    ]


def histogram(rows: list[LearnerRow], bins: int = 10) -> list[int]:
    """Learners per course-score band: 0-9 %, 10-19 %, ... 90-100 %."""
    counts = [0] * bins
    for row in rows:
        if row.status.score is not None and row.status.state != "not_started":
            counts[min(bins - 1, int(row.status.score * bins))] += 1
    return counts


@dataclass
class ItemStats:
    question_id: str
    prompt: str
    answers: int = 0
    correct_share: float | None = None
    discrimination: float | None = None
    # (option id, text, times picked, right): the question type's tally, if it has one
    options: list[tuple[str, str, int, bool]] = field(default_factory=list)


def item_analysis(db: Session, course: Course, quiz: Quiz) -> list[ItemStats]:
    """Per question: share right, discrimination index (upper 27 % minus lower 27 % of the
    learners ranked by attempt score, first attempts only) and how often each option was
    picked."""
    firsts: dict[int, Attempt] = {}
    for attempt in db.scalars(
        select(Attempt)
        .filter(
            Attempt.course_id == course.id,
            Attempt.quiz_id == quiz.id,
            Attempt.submitted_at.is_not(None),
        )
        .order_by(Attempt.number)
    ):
        firsts.setdefault(attempt.user_id, attempt)
    ranked = sorted(firsts.values(), key=lambda a: a.score or 0.0)
    group = max(1, round(len(ranked) * 0.27)) if ranked else 0
    lower = {a.id for a in ranked[:group]}
    upper = {a.id for a in ranked[-group:]} if group else set()
    answers: dict[str, list[Answer]] = defaultdict(list)
    if firsts:
        for answer in db.scalars(
            select(Answer).where(Answer.attempt_id.in_([a.id for a in firsts.values()]))
        ):
            answers[answer.question_id].append(answer)
    stats = []
    for question in quiz.questions:
        given = answers.get(question.id, [])
        item = ItemStats(question.id, question.prompt, len(given))
        keyed = [a for a in given if a.correct is not None]
        if keyed:
            item.correct_share = sum(bool(a.correct) for a in keyed) / len(keyed)
            if len(ranked) >= 4:
                item.discrimination = _share(keyed, upper) - _share(keyed, lower)
        tally = question_type(question).tally  # what each option got, for choice types
        if tally is not None:
            item.options = tally(question, [a.response.get("value") for a in given])
        stats.append(item)
    return stats


def _share(answers: list[Answer], attempts: set[int]) -> float:
    chosen = [a for a in answers if a.attempt_id in attempts]
    return sum(bool(a.correct) for a in chosen) / len(chosen) if chosen else 0.0


def open_answers(db: Session, course: Course, quiz: Quiz) -> list[dict[str, Any]]:
    open_ids = [q.id for q in quiz.questions if question_type(q).free_text]
    if not open_ids:
        return []
    query = (
        select(Answer, Attempt, User)
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .join(User, Attempt.user_id == User.id)
        .where(
            Attempt.course_id == course.id,
            Attempt.quiz_id == quiz.id,
            Answer.question_id.in_(open_ids),
            Answer.text.is_not(None),
            Answer.text != "",
        )
        .order_by(Attempt.submitted_at.desc())
    )
    return [
        {
            "question": answer.question_id,
            "learner": user.name,
            "date": attempt.submitted_at,
            "text": answer.text,
        }
        for answer, attempt, user in db.execute(query)
    ]

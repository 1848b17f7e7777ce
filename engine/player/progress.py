"""What learners did, read and written for the views: page visits, active time, attempts.

Views stay thin: they call these functions, which hold the rules about the database (one
row per learner and item, attempts numbered atomically, time capped by what really elapsed).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Engine, Integer, Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, defer

from engine.grading import Grade
from engine.model import Course, Item, Quiz
from engine.player.models import Answer, Attempt, ItemProgress, User, now
from engine.rules import (
    AttemptPlan,
    AttemptResult,
    CourseStatus,
    QuizRecord,
    course_status,
    grade_attempt,
    plan_attempt,
)


@lru_cache(maxsize=2)
def _visit_upsert(dialect: str) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE, built once: building it costs more than running it."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(cast(Table, ItemProgress.__table__))
    return statement.on_conflict_do_update(
        index_elements=["user_id", "course_id", "course_version", "item_id"],
        set_={"last_seen": statement.excluded.last_seen, "last_beat": statement.excluded.last_beat},
    )


def record_visit(autocommit: Engine, user_id: int, course: Course, item: Item) -> None:
    """Note that the learner opened this item now: one upsert, the hot path of every page,
    in autocommit (db.single_statements), apart from the request's session."""
    moment = now()
    with autocommit.connect() as connection:
        connection.execute(
            _visit_upsert(connection.dialect.name),
            {
                "user_id": user_id,
                "course_id": course.id,
                "course_version": course.version,
                "item_id": item.id,
                "first_seen": moment,
                "last_seen": moment,
                "last_beat": moment,
                "seconds": 0,
            },
        )


def add_active_time(
    db: Session, user_id: int, course: Course, item_id: str, seconds: int, idle_cutoff: int
) -> int:
    """Credit active time reported by a page, on the learner's one clock.

    This is what certificates and the time report certify, so it can never exceed the time
    that really passed, however many tabs, items and courses are open. A report of `seconds`
    claims the span that ends now; it is cut to what elapsed since this page was opened or
    last reported, and to the idle cut-off (a forgotten tab is not training); then only its
    part after the end of the time already credited to the learner counts. Spans credited
    never overlap, so their sum stays under the wall-clock time.
    """
    row = db.scalar(
        select(ItemProgress).filter_by(
            user_id=user_id, course_id=course.id, course_version=course.version, item_id=item_id
        )
    )
    if row is None:
        return 0
    moment = now()
    since_page = (moment - (row.last_beat or row.last_seen)).total_seconds()
    claimed = max(0.0, min(float(seconds), since_page, float(idle_cutoff)))
    for _retry in range(10):
        clock = db.scalar(select(User.time_credited_until).where(User.id == user_id))
        start = moment - timedelta(seconds=claimed)
        if clock is not None and clock > start:
            start = clock
        added = max(0, int((moment - start).total_seconds()))
        # The clocks move by what was credited: the fraction of a second left over counts
        # with the next report.
        credited_until = start + timedelta(seconds=added)
        unchanged = (
            User.time_credited_until.is_(None)
            if clock is None
            else User.time_credited_until == clock
        )
        try:
            moved = db.execute(
                update(User)
                .where(User.id == user_id, unchanged)
                .values(time_credited_until=credited_until)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
                db.rollback()  # another page's report moved the clock first: read it again
                continue
            db.execute(
                update(ItemProgress)
                .where(ItemProgress.id == row.id)
                .values(
                    seconds=ItemProgress.seconds + added, last_beat=credited_until, last_seen=moment
                )
            )
            db.commit()
        except OperationalError:  # SQLite: another report's write came between
            db.rollback()
            continue
        return added
    return 0


def last_position(db: Session, user_id: int, course: Course) -> str | None:
    """The item the learner saw last in this course: where "Resume" leads."""
    return db.scalar(
        select(ItemProgress.item_id)
        .filter_by(user_id=user_id, course_id=course.id, course_version=course.version)
        .order_by(ItemProgress.last_seen.desc(), ItemProgress.id.desc())
        .limit(1)
    )


def seen_items(db: Session, user_id: int, course: Course) -> set[str]:
    return set(
        db.scalars(
            select(ItemProgress.item_id).filter_by(
                user_id=user_id, course_id=course.id, course_version=course.version
            )
        )
    )


def time_spent(db: Session, user_id: int, course: Course) -> int:
    return int(
        db.scalar(
            select(func.coalesce(func.sum(ItemProgress.seconds), 0)).filter_by(
                user_id=user_id, course_id=course.id, course_version=course.version
            )
        )
        or 0
    )


def quiz_records(db: Session, user_id: int, course: Course) -> dict[str, QuizRecord]:
    rows = db.execute(
        select(
            Attempt.quiz_id,
            func.count(),
            func.max(Attempt.score),
            func.max(Attempt.passed.cast(Integer)),
        )
        .filter(
            Attempt.user_id == user_id,
            Attempt.course_id == course.id,
            Attempt.submitted_at.is_not(None),
        )
        .group_by(Attempt.quiz_id)
    ).all()
    return {quiz_id: QuizRecord(count, best, bool(passed)) for quiz_id, count, best, passed in rows}


def status(db: Session, user_id: int, course: Course) -> CourseStatus:
    return course_status(course, seen_items(db, user_id, course), quiz_records(db, user_id, course))


# --- attempts ----------------------------------------------------------------------------


class NoAttemptLeft(Exception):
    """The quiz's max_attempts are used up."""


@dataclass(frozen=True)
class OpenAttempt:
    attempt: Attempt
    plan: AttemptPlan


def open_attempt(db: Session, user_id: int, course: Course, quiz: Quiz) -> OpenAttempt:
    """The learner's attempt in progress, or a new one (with a new seed)."""
    current = db.scalar(
        select(Attempt)
        .filter_by(user_id=user_id, course_id=course.id, quiz_id=quiz.id, submitted_at=None)
        .order_by(Attempt.number.desc())
        .limit(1)
    )
    if current is not None:
        return OpenAttempt(current, plan_attempt(quiz, current.seed))
    for _retry in range(5):
        number = (
            int(
                db.scalar(
                    select(func.coalesce(func.max(Attempt.number), 0)).filter_by(
                        user_id=user_id, course_id=course.id, quiz_id=quiz.id
                    )
                )
                or 0
            )
            + 1
        )
        if quiz.max_attempts and number > quiz.max_attempts:
            raise NoAttemptLeft
        attempt = Attempt(
            user_id=user_id,
            course_id=course.id,
            course_version=course.version,
            quiz_id=quiz.id,
            number=number,
            seed=secrets.randbelow(2**31),
            responses={},
        )
        db.add(attempt)
        try:
            db.commit()
        except IntegrityError:  # another request took this number first: look again
            db.rollback()
            current = db.scalar(
                select(Attempt).filter_by(
                    user_id=user_id, course_id=course.id, quiz_id=quiz.id, submitted_at=None
                )
            )
            if current is not None:
                return OpenAttempt(current, plan_attempt(quiz, current.seed))
            continue
        return OpenAttempt(attempt, plan_attempt(quiz, attempt.seed))
    raise NoAttemptLeft


def save_responses(db: Session, attempt: Attempt, responses: dict[str, Any]) -> bool:
    """Keep the answers of an attempt in progress. Once submitted, an attempt's answers
    never change: an autosave that arrives after (or races) the submission is dropped by
    the UPDATE's condition, not by a check that could be out of date. Returns whether the
    answers were kept."""
    saved = db.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(responses=dict(responses))
    )
    db.commit()
    return bool(saved.rowcount == 1)  # type: ignore[attr-defined]


def submit(
    db: Session, quiz: Quiz, opened: OpenAttempt, responses: dict[str, Any]
) -> AttemptResult | None:
    """Grade and close the attempt. Returns None when it was already submitted (a double
    click, two tabs): the first submission stands, exactly once."""
    attempt = opened.attempt
    result = grade_attempt(quiz, opened.plan, responses)
    moment = now()
    # Close the attempt only if it is still open: the UPDATE is the lock.
    closed = db.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(
            submitted_at=moment,
            responses=dict(responses),
            score=result.score,
            points_earned=result.points_earned,
            points_possible=result.points_possible,
            passed=result.passed,
            survey_total=result.survey_total,
            outcome=result.outcome.title if result.outcome else None,
        )
    )
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        return None
    for qid, grade in result.grades.items():
        db.add(_answer(attempt.id, qid, responses.get(qid), grade))
    db.commit()
    db.refresh(attempt)
    return result


def _answer(attempt_id: int, qid: str, response: Any, grade: Grade) -> Answer:
    return Answer(
        attempt_id=attempt_id,
        question_id=qid,
        response={"value": response},
        score=grade.score,
        correct=grade.correct,
        grade=grade.to_dict(),
        text=response if isinstance(response, str) else None,
    )


def stored_grades(db: Session, attempt: Attempt) -> dict[str, dict[str, Any]]:
    """The grades given at submission, by question id: results show what was graded, even
    after an author changed a key (attempts from before grades were kept have none)."""
    return {
        qid: grade
        for qid, grade in db.execute(
            select(Answer.question_id, Answer.grade).where(Answer.attempt_id == attempt.id)
        )
        if grade is not None
    }


def attempts_of(db: Session, user_id: int, course: Course, quiz: Quiz) -> list[Attempt]:
    """The learner's submitted attempts, for lists and counts: their answers (a JSON document
    each, read by no caller) stay in the database."""
    return list(
        db.scalars(
            select(Attempt)
            .filter_by(user_id=user_id, course_id=course.id, quiz_id=quiz.id)
            .filter(Attempt.submitted_at.is_not(None))
            .order_by(Attempt.number)
            .options(defer(Attempt.responses))
        )
    )

"""Figures for facilitators: who is where, how quizzes work, how much time was spent.

Every function counts the learners it is given, never "everyone": the dashboard passes
every learner (an administrator's view), the members of the groups a facilitator leads, or
one group's members (`?group=`), and each gets the same figures for the same people.
Queries are batched per course (one per table: progress, attempts, answers, certificates),
filtered on those learners' ids, and the engine's rules are applied in Python, so the
dashboard counts exactly as the learner's own pages do.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from engine.i18n import in_language
from engine.model import Course, Quiz, TrainingPath
from engine.player.live_tally import text_groups
from engine.player.models import (
    Answer,
    Assignment,
    Attempt,
    Certificate,
    GroupMember,
    ItemProgress,
    User,
)
from engine.questions import question_type
from engine.rules import CourseStatus, QuizRecord, course_status

PROMPT_LENGTH = 120  # characters of a question's prompt in the item table
TOP_WRONG = 5  # wrong typed answers listed per question


@dataclass
class LearnerRow:
    user: User
    status: CourseStatus
    seconds: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    quizzes_passed: int = 0
    certificate: str | None = None
    # Whether the learner submitted a graded quiz: the course score of one who did not is
    # no score at all (left out of the histogram, empty in CSV files), not 0 %.
    attempted: bool = False
    # The earliest due date of the assignments (through any group) of this course or of a
    # path holding it, and whether it has passed with the course not completed.
    due_on: date | None = None
    late: bool = False

    @property
    def score(self) -> float | None:
        return self.status.score if self.attempted else None


def learners(db: Session, group_ids: Sequence[int] | None = None) -> list[User]:
    """The learners counted, by name: every learner account (`group_ids` None), or those
    in any of these groups, each once. Staff who are members are left out, as staff are
    from the whole: their trials must not count. No group, no learner."""
    query = select(User).where(User.role == "learner").order_by(User.name, User.id)
    if group_ids is not None:
        if not group_ids:
            return []
        query = query.where(
            User.id.in_(
                select(GroupMember.user_id).where(GroupMember.group_id.in_(list(group_ids)))
            )
        )
    return list(db.scalars(query))


def _ids(users: Iterable[User]) -> list[int]:
    return [u.id for u in users]


def course_attempts(db: Session, course: Course, users: Sequence[User]) -> list[Row[Any]]:
    """The submitted attempts of these learners in one course, oldest first: one query
    that the learners' rows and the quizzes' reports share."""
    return list(
        db.execute(
            select(
                Attempt.id,
                Attempt.user_id,
                Attempt.quiz_id,
                Attempt.number,
                Attempt.score,
                Attempt.passed,
                Attempt.survey_total,
                Attempt.submitted_at,
            )
            .where(
                Attempt.course_id == course.id,
                Attempt.submitted_at.is_not(None),
                Attempt.user_id.in_(_ids(users)),
            )
            .order_by(Attempt.user_id, Attempt.quiz_id, Attempt.number)
        )
    )


def course_rows(
    db: Session,
    course: Course,
    users: Sequence[User],
    attempts: Sequence[Row[Any]] | None = None,
) -> list[LearnerRow]:
    """Each learner's status, time and dates in one course (`attempts`: the learners'
    `course_attempts`, when the caller already has them)."""
    ids = _ids(users)
    seen: dict[int, set[str]] = defaultdict(set)
    nothing = course_status(course, set(), {})  # replaced below: computed once, not per learner
    rows = {u.id: LearnerRow(u, nothing) for u in users}
    for progress in db.execute(
        select(
            ItemProgress.user_id,
            ItemProgress.item_id,
            ItemProgress.seconds,
            ItemProgress.first_seen,
            ItemProgress.last_seen,
        ).where(
            ItemProgress.course_id == course.id,
            ItemProgress.course_version == course.version,
            ItemProgress.user_id.in_(ids),
        )
    ):
        row = rows[progress.user_id]
        seen[progress.user_id].add(progress.item_id)
        row.seconds += progress.seconds
        row.first_seen = min(filter(None, (row.first_seen, progress.first_seen)))
        row.last_seen = max(filter(None, (row.last_seen, progress.last_seen)))
    graded = {q.id for q in course.quizzes if q.graded}
    records: dict[int, dict[str, QuizRecord]] = defaultdict(dict)
    for attempt in course_attempts(db, course, users) if attempts is None else attempts:
        old = records[attempt.user_id].get(attempt.quiz_id, QuizRecord())
        best = max((s for s in (old.best_score, attempt.score) if s is not None), default=None)
        records[attempt.user_id][attempt.quiz_id] = QuizRecord(
            old.attempts + 1, best, old.passed or bool(attempt.passed)
        )
        if attempt.quiz_id in graded:
            rows[attempt.user_id].attempted = True
    for user_id, code in db.execute(
        select(Certificate.user_id, Certificate.code).where(
            Certificate.course_id == course.id, Certificate.user_id.in_(ids)
        )
    ):
        rows[user_id].certificate = code
    for user_id, row in rows.items():
        row.status = course_status(course, seen[user_id], records[user_id])
        row.quizzes_passed = sum(1 for r in records[user_id].values() if r.passed)
    return list(rows.values())


def flag_late(
    db: Session,
    course: Course,
    paths: Sequence[TrainingPath],
    rows: Sequence[LearnerRow],
    today: date,
) -> None:
    """Set each row's due date and late flag: the course, or a path holding it, assigned
    to a group the learner is in, due before `today`, and the course not completed. The
    earliest due date wins, as in the learner's own list (groups.assignments_for). One
    query, filtered on the rows' learners."""
    holding = [p.id for p in paths if course.id in p.courses]
    targets = (Assignment.kind == "course") & (Assignment.target_id == course.id)
    if holding:
        targets |= (Assignment.kind == "path") & Assignment.target_id.in_(holding)
    by_id = {row.user.id: row for row in rows}
    if not by_id:
        return
    for user_id, due_on in db.execute(
        select(GroupMember.user_id, Assignment.due_on)
        .join(Assignment, Assignment.group_id == GroupMember.group_id)
        .where(
            targets,
            Assignment.due_on.is_not(None),
            GroupMember.user_id.in_(list(by_id)),
        )
    ):
        row = by_id[user_id]
        row.due_on = min(filter(None, (row.due_on, due_on)))
    for row in rows:
        row.late = row.due_on is not None and row.due_on < today and not row.status.completed


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
    """Learners per course-score band: 0-9 %, 10-19 %, ... 90-100 %. Learners who have not
    submitted a graded quiz have no score and are left out (`not_attempted` counts them)."""
    counts = [0] * bins
    for row in rows:
        if row.score is not None:
            counts[min(bins - 1, int(row.score * bins))] += 1
    return counts


def not_attempted(course: Course, rows: list[LearnerRow]) -> int:
    """Learners without a course score yet: none of the course's graded quizzes submitted
    (0 for a course without graded quizzes, where nobody has a score)."""
    if not any(q.graded for q in course.quizzes):
        return 0
    return sum(1 for r in rows if not r.attempted)


def plain(html: str) -> str:
    """Rendered course text (a prompt, an option) as one line of plain text."""
    return str(Markup(html).striptags())


def shorten(text: str, limit: int = PROMPT_LENGTH) -> str:
    """At most `limit` characters, cut at a word when one ends near, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def share(count: int, total: int) -> float | None:
    return count / total if total else None


@dataclass
class OptionCount:
    id: str
    text: str  # plain text
    count: int
    share: float | None  # of the answers to the question
    right: bool


@dataclass
class ItemStats:
    question_id: str
    prompt: str  # plain text, whole
    answers: int = 0
    correct_share: float | None = None
    discrimination: float | None = None
    options: list[OptionCount] = field(default_factory=list)  # the type's tally, if any
    # The most frequent wrong typed answers, grouped as the grader compares them: (the
    # spelling typed most often in the group, learners), most frequent first.
    wrong: list[tuple[str, int]] = field(default_factory=list)

    @property
    def short_prompt(self) -> str:
        return shorten(self.prompt)


@dataclass
class BandCount:
    low: float
    high: float
    title: str
    count: int
    share: float | None  # of the learners who submitted the quiz


@dataclass
class ScaleStats:
    """A question rated on a scale: its statements with the learners at each point."""

    question_id: str
    prompt: str
    scale: tuple[str, ...]
    # (statement id, plain text, [(learners, share of those who rated it)] per point)
    parts: list[tuple[str, str, list[tuple[int, float | None]]]]


@dataclass
class OpenAnswer:
    question: str
    learner: str
    date: datetime
    text: str


@dataclass
class QuizReport:
    """What a quiz's section of the dashboard shows, for the learners counted."""

    quiz: Quiz
    attempted: int  # learners with a submitted attempt
    not_attempted: int
    items: list[ItemStats]
    bands: list[BandCount]  # a survey's outcome bands, in the quiz's order
    no_band: int  # learners whose total falls in no band (a gap the author left)
    scales: list[ScaleStats]
    open_answers: list[OpenAnswer]  # every submitted attempt, most recent first


def quiz_reports(
    db: Session,
    course: Course,
    users: Sequence[User],
    attempts: Sequence[Row[Any]] | None = None,
) -> list[QuizReport]:
    """Each quiz of the course: item analysis, outcome bands, scales and open answers.

    The attempts counted, one per learner: the first for a graded quiz (the discrimination
    index compares learners before any retry taught them the answers); the latest for a
    survey, whose retake is the learner's update of the same self-diagnosis. Open answers
    are read from every attempt. Two queries for the whole course: attempts, answers.
    """
    attempts = course_attempts(db, course, users) if attempts is None else attempts
    names = {u.id: u.name for u in users}
    by_quiz: dict[str, list[Row[Any]]] = defaultdict(list)
    for attempt in attempts:
        by_quiz[attempt.quiz_id].append(attempt)
    answers: dict[int, list[Row[Any]]] = defaultdict(list)
    if attempts:
        for answer in db.execute(
            select(
                Answer.attempt_id,
                Answer.question_id,
                Answer.response,
                Answer.correct,
                Answer.text,
            )
            .join(Attempt, Answer.attempt_id == Attempt.id)
            .where(
                Attempt.course_id == course.id,
                Attempt.submitted_at.is_not(None),
                Attempt.user_id.in_(_ids(users)),
            )
        ):
            answers[answer.attempt_id].append(answer)
    return [
        _quiz_report(quiz, by_quiz.get(quiz.id, []), answers, names, len(users), course.language)
        for quiz in course.quizzes
    ]


def _quiz_report(
    quiz: Quiz,
    attempts: list[Row[Any]],
    answers: dict[int, list[Row[Any]]],
    names: dict[int, str],
    group: int,
    language: str,
) -> QuizReport:
    counted: dict[int, Row[Any]] = {}  # learner -> the attempt counted (see quiz_reports)
    for attempt in attempts:  # oldest first
        if not quiz.graded or attempt.user_id not in counted:
            counted[attempt.user_id] = attempt
    given: dict[str, list[Row[Any]]] = defaultdict(list)
    for attempt in counted.values():
        for answer in answers.get(attempt.id, []):
            given[answer.question_id].append(answer)
    bands, no_band = _bands(quiz, list(counted.values()))
    return QuizReport(
        quiz=quiz,
        attempted=len(counted),
        not_attempted=group - len(counted),
        items=_items(quiz, list(counted.values()), given, language),
        bands=bands,
        no_band=no_band,
        scales=_scales(quiz, given),
        open_answers=_open_answers(quiz, attempts, answers, names),
    )


def _items(
    quiz: Quiz, counted: list[Row[Any]], given: dict[str, list[Row[Any]]], language: str
) -> list[ItemStats]:
    """Per question: share right, discrimination index (upper 27 % minus lower 27 % of the
    learners ranked by attempt score), each option's picks and the wrong answers typed. The
    labels a type writes itself (true/false's) are in the course's `language`, as the
    options the author wrote are."""
    ranked = sorted(counted, key=lambda a: a.score or 0.0)
    group = max(1, round(len(ranked) * 0.27)) if ranked else 0
    lower = {a.id for a in ranked[:group]}
    upper = {a.id for a in ranked[-group:]} if group else set()
    stats = []
    for question in quiz.questions:
        rows = given.get(question.id, [])
        item = ItemStats(question.id, plain(question.prompt), len(rows))
        keyed = [(a.attempt_id, bool(a.correct)) for a in rows if a.correct is not None]
        if keyed:
            item.correct_share = sum(right for _id, right in keyed) / len(keyed)
            if len(ranked) >= 4:
                item.discrimination = _share(keyed, upper) - _share(keyed, lower)
        kind = question_type(question)
        responses = [_value(a) for a in rows]
        if kind.tally is not None:
            with in_language(language):
                tally = kind.tally(question, responses)
            item.options = [
                OptionCount(oid, plain(text), count, share(count, len(rows)), right)
                for oid, text, count, right in tally
            ]
        if kind.compared_text is not None:
            compare = kind.compared_text
            groups = text_groups(
                (compare(question, _value(a)), _value(a), a) for a in rows if a.correct is False
            )
            item.wrong = [(text, len(answers)) for text, answers in groups[:TOP_WRONG]]
        stats.append(item)
    return stats


def _value(answer: Row[Any]) -> Any:
    return (answer.response or {}).get("value")


def _share(keyed: list[tuple[int, bool]], attempts: set[int]) -> float:
    """The share right among the (attempt id, right) answers of these attempts."""
    chosen = [right for attempt_id, right in keyed if attempt_id in attempts]
    return sum(chosen) / len(chosen) if chosen else 0.0


def _bands(quiz: Quiz, counted: list[Row[Any]]) -> tuple[list[BandCount], int]:
    """Learners per outcome band, their total placed as the player places it."""
    if not quiz.outcomes:
        return [], 0
    counts: Counter[int] = Counter()
    for attempt in counted:
        band = quiz.outcome_for(attempt.survey_total or 0)
        counts[-1 if band is None else quiz.outcomes.index(band)] += 1
    bands = [
        BandCount(o.min, o.max, o.title, counts[i], share(counts[i], len(counted)))
        for i, o in enumerate(quiz.outcomes)
    ]
    return bands, counts[-1]


@dataclass
class BandShift:
    """One outcome band at two dates: learners, and their share of those who had
    submitted the survey by then."""

    low: float
    high: float
    title: str
    counts: tuple[int, int]
    shares: tuple[float | None, float | None]

    @property
    def difference(self) -> int:
        return self.counts[1] - self.counts[0]


@dataclass
class BandChange:
    """A survey's outcome bands at two dates, for the learners counted: each learner's
    latest attempt submitted on or before each date (UTC), side by side."""

    dates: tuple[date, date]
    bands: list[BandShift]
    no_band: tuple[int, int]  # totals the bands leave out
    answered: tuple[int, int]  # learners with an attempt by each date
    not_answered: tuple[int, int]


def band_change(
    quiz: Quiz, attempts: Sequence[Row[Any]], learners: int, first: date, second: date
) -> BandChange | None:
    """How a survey's bands moved between two dates (the self-diagnosis retaken over a
    year); None for a quiz without bands. `attempts`: the learners' `course_attempts`,
    so no query is added. A retake replaces the earlier answer from the day it is sent."""
    if not quiz.outcomes:
        return None
    at_dates = []
    for day in (first, second):
        end = datetime.combine(day + timedelta(days=1), time.min)
        latest: dict[int, Row[Any]] = {}
        for attempt in attempts:
            if attempt.quiz_id != quiz.id or attempt.submitted_at >= end:
                continue
            kept = latest.get(attempt.user_id)
            if kept is None or (attempt.submitted_at, attempt.number) > (
                kept.submitted_at,
                kept.number,
            ):
                latest[attempt.user_id] = attempt
        at_dates.append((_bands(quiz, list(latest.values())), len(latest)))
    ((before, none_before), count_before), ((after, none_after), count_after) = at_dates
    return BandChange(
        dates=(first, second),
        bands=[
            BandShift(a.low, a.high, a.title, (a.count, b.count), (a.share, b.share))
            for a, b in zip(before, after, strict=True)
        ],
        no_band=(none_before, none_after),
        answered=(count_before, count_after),
        not_answered=(learners - count_before, learners - count_after),
    )


def _scales(quiz: Quiz, given: dict[str, list[Row[Any]]]) -> list[ScaleStats]:
    scales = []
    for question in quiz.questions:
        tally = question_type(question).scale_tally
        if tally is None:
            continue
        result = tally(question, [_value(a) for a in given.get(question.id, [])])
        parts = []
        for part_id, text, counts in result.parts:
            rated = sum(counts)
            parts.append((part_id, plain(text), [(n, share(n, rated)) for n in counts]))
        scales.append(ScaleStats(question.id, plain(question.prompt), result.scale, parts))
    return scales


def _open_answers(
    quiz: Quiz,
    attempts: list[Row[Any]],
    answers: dict[int, list[Row[Any]]],
    names: dict[int, str],
) -> list[OpenAnswer]:
    free = {q.id for q in quiz.questions if question_type(q).free_text}
    if not free:
        return []
    found = [
        OpenAnswer(answer.question_id, names[attempt.user_id], attempt.submitted_at, answer.text)
        for attempt in attempts
        for answer in answers.get(attempt.id, [])
        if answer.question_id in free and answer.text
    ]
    return sorted(found, key=lambda a: a.date, reverse=True)

"""The people of a live session and their answers: participants known by a nickname and a
hashed cookie token, answers graded by the engine as they arrive and stored once (a unique
key), and what the screen, the remote and the summary read of them. The session itself (its
code, phases and steps) is engine/player/live.py.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.grading import grade
from engine.model import Course, Outcome, Question, Quiz
from engine.player.live import current_question, effective_phase, plan_of, questions_of, token_hash
from engine.player.live_summary import report
from engine.player.live_tally import Distribution, Given, distribution, words_key
from engine.player.models import LiveAnswer, LiveParticipant, LiveSession, now
from engine.responses import Form, response_from_form

NICKNAME_LENGTH = 30
MAX_PARTICIPANTS = 500  # a room, not a crowd: a script joining in a loop stops here


# --- participants ---------------------------------------------------------------------------


def clean_nickname(text: str) -> str:
    """A nickname as kept: no control or invisible characters, spaces collapsed, cut."""
    kept = "".join(c for c in text or "" if unicodedata.category(c)[0] != "C")
    return " ".join(kept.split())[:NICKNAME_LENGTH]


class RoomFull(Exception):
    pass


def join(db: Session, live: LiveSession, nickname: str) -> tuple[LiveParticipant, str]:
    """A new participant and the token of their cookie (only its hash is kept)."""
    count = db.scalar(
        select(func.count())
        .select_from(LiveParticipant)
        .where(LiveParticipant.session_id == live.id)
    )
    if (count or 0) >= MAX_PARTICIPANTS:
        raise RoomFull()
    token = secrets.token_urlsafe(24)
    person = LiveParticipant(
        session_id=live.id, token_hash=token_hash(token), nickname=clean_nickname(nickname)
    )
    db.add(person)
    db.commit()
    return person, token


def participant(db: Session, live: LiveSession, token: str | None) -> LiveParticipant | None:
    if not token or len(token) > 100:
        return None
    return db.scalar(
        select(LiveParticipant).where(
            LiveParticipant.token_hash == token_hash(token),
            LiveParticipant.session_id == live.id,
        )
    )


def participants_of(db: Session, live: LiveSession) -> list[LiveParticipant]:
    return list(
        db.scalars(
            select(LiveParticipant)
            .where(LiveParticipant.session_id == live.id)
            .order_by(LiveParticipant.joined_at, LiveParticipant.id)
        )
    )


def count_participants(db: Session, live: LiveSession) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(LiveParticipant)
            .where(LiveParticipant.session_id == live.id)
        )
        or 0
    )


# --- answers --------------------------------------------------------------------------------


def submit(
    db: Session,
    quiz: Quiz,
    live: LiveSession,
    person: LiveParticipant,
    question_id: str,
    form: Form,
) -> str:
    """Record a participant's answer: "stored", or why not: "already" (a double tap, a
    second tab: the first answer stands), "closed" (too late, or another question is up),
    "blank" (nothing given: nothing is stored, the form stays)."""
    question = current_question(quiz, live)
    answering = effective_phase(live, now()) == "answering"
    if question is None or question.id != question_id or not answering:
        return "already" if answer_of(db, person, question_id) is not None else "closed"
    response = response_from_form(question, form)
    result = grade(question, response)
    if not result.answered:
        return "blank"
    db.add(
        LiveAnswer(
            session_id=live.id,
            participant_id=person.id,
            question_id=question.id,
            response={"value": response},
            score=result.score,
            correct=result.correct,
            grade=result.to_dict(),
            text=response if isinstance(response, str) else None,
        )
    )
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return "already"
    return "stored"


def answer_of(db: Session, person: LiveParticipant, question_id: str) -> LiveAnswer | None:
    return db.scalar(
        select(LiveAnswer).where(
            LiveAnswer.participant_id == person.id, LiveAnswer.question_id == question_id
        )
    )


def answers_of(db: Session, live: LiveSession, question_id: str | None = None) -> list[LiveAnswer]:
    query = select(LiveAnswer).where(LiveAnswer.session_id == live.id)
    if question_id is not None:
        query = query.where(LiveAnswer.question_id == question_id)
    return list(db.scalars(query.order_by(LiveAnswer.created_at, LiveAnswer.id)))


def count_answers(db: Session, live: LiveSession, question_id: str) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(LiveAnswer)
            .where(LiveAnswer.session_id == live.id, LiveAnswer.question_id == question_id)
        )
        or 0
    )


def score_of(db: Session, quiz: Quiz, live: LiveSession, person: LiveParticipant) -> float:
    """A participant's score, as a share of the points of the questions with a key."""
    points = {q.id: q.points for q in questions_of(quiz, live) if q.has_key}
    possible = sum(points.values())
    if not possible:
        return 0.0
    earned = sum(
        a.score * points[a.question_id]
        for a in db.scalars(select(LiveAnswer).where(LiveAnswer.participant_id == person.id))
        if a.question_id in points
    )
    return earned / possible


def hide_answers(db: Session, live: LiveSession, question_id: str, text: str, hidden: bool) -> int:
    """Keep the answers typed as `text` (compared as typed, spaces collapsed) off the
    screen, or put them back: before an open answer is projected, the facilitator may
    leave out what should not be."""
    wanted = words_key(text)
    changed = 0
    for answer in answers_of(db, live, question_id):
        if words_key(answer.text or "") == wanted:
            answer.hidden = hidden
            changed += 1
    db.execute(
        update(LiveSession).where(LiveSession.id == live.id).values(version=LiveSession.version + 1)
    )
    db.commit()
    db.refresh(live)
    return changed


def hide_participant(db: Session, live: LiveSession, participant_id: int, hidden: bool) -> None:
    db.execute(
        update(LiveParticipant)
        .where(LiveParticipant.id == participant_id, LiveParticipant.session_id == live.id)
        .values(hidden=hidden)
    )
    db.execute(
        update(LiveSession).where(LiveSession.id == live.id).values(version=LiveSession.version + 1)
    )
    db.commit()
    db.refresh(live)


def band_of(db: Session, quiz: Quiz, live: LiveSession, person: LiveParticipant) -> Outcome | None:
    """A survey's outcome band for a participant's answers (None for a graded quiz)."""
    if quiz.graded or not quiz.outcomes:
        return None
    total = sum(
        (a.grade or {}).get("survey_score", 0.0)
        for a in db.scalars(select(LiveAnswer).where(LiveAnswer.participant_id == person.id))
    )
    return quiz.outcome_for(total)


def given_of(db: Session, live: LiveSession, question_id: str | None = None) -> list[Given]:
    """The answers as the tallies take them (engine/player/live_tally.py)."""
    return [_given(a) for a in answers_of(db, live, question_id)]


def _given(answer: LiveAnswer) -> Given:
    return Given(
        participant=answer.participant_id,
        value=(answer.response or {}).get("value"),
        grade=answer.grade or {},
        text=answer.text,
        hidden=answer.hidden,
    )


def distribution_of(
    db: Session,
    live: LiveSession,
    question: Question,
    order: Sequence[str] | None,
    *,
    reveal: bool,
    language: str,
) -> Distribution:
    """What the screen draws of a question's answers once they are closed, its parts in the
    room's `order`; the right ones marked when `reveal`."""
    return distribution(
        question, given_of(db, live, question.id), reveal=reveal, language=language, order=order
    )


def typed_answers(db: Session, live: LiveSession, question_id: str) -> list[tuple[str, int, bool]]:
    """The texts typed for a question, for the remote to hide one before it is projected:
    (the text as first typed, how many typed it, whether hidden), most frequent first."""
    groups: dict[str, list[LiveAnswer]] = {}
    for answer in answers_of(db, live, question_id):
        if answer.text:
            groups.setdefault(words_key(answer.text), []).append(answer)
    found = [
        (rows[0].text or "", len(rows), all(a.hidden for a in rows)) for rows in groups.values()
    ]
    return sorted(found, key=lambda row: (-row[1], row[0]))


def stored_summary(db: Session, course: Course, quiz: Quiz, live: LiveSession) -> dict[str, Any]:
    """The session's summary computed from its answers (engine/player/live_summary.py
    `report`): the summary page shows it, and it is kept with the session when it ends, to
    be read as it was once the course changes."""
    plan = plan_of(quiz, live)
    questions = questions_of(quiz, live, plan)
    by_question: dict[str, list[Given]] = {q.id: [] for q in questions}
    for answer in answers_of(db, live):  # one query for the whole session
        if answer.question_id in by_question:
            by_question[answer.question_id].append(_given(answer))
    return report(
        quiz,
        questions,
        by_question,
        {p.id: p.nickname for p in participants_of(db, live)},
        language=course.language,
        orders=plan.orders,
    )

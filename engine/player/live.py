"""Live workshop sessions: a room answers a quiz on its phones at the facilitator's pace.

Everything lives in the database (engine/player/models.py: LiveSession, LiveParticipant,
LiveAnswer), so any app instance behind a load balancer can serve any phone: no timer, no
queue, no state in a process. A countdown is a deadline stored with the session, read as
"closed" once passed (`effective_phase`); a facilitator's step is a compare-and-set on the
session's `version`, so a presenter remote pressed twice, or the laptop and the phone remote
pressing at once, advance one step, not two.

A step moves through the phases of models.LIVE_PHASES: the lobby (the join screen), then per
question shown -> answering -> closed -> results (the distribution) -> answer (the right answer
and the explanation), then the end (the summary). Answers are graded here, by the engine,
when they arrive; the phones get the right answers only in the `answer` phase.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.grading import grade
from engine.model import Course, Outcome, Question, Quiz
from engine.player.live_summary import report
from engine.player.live_tally import Distribution, Given, distribution
from engine.player.models import LiveAnswer, LiveParticipant, LiveSession, now
from engine.responses import Form, response_from_form
from engine.rules import AttemptPlan, plan_attempt

CODE_LENGTH = 6  # digits: typed on a phone's number pad, read aloud in any language
SESSION_HOURS = 12  # a workshop's day; the join code stops working after it
NICKNAME_LENGTH = 30
MAX_PARTICIPANTS = 500  # a room, not a crowd: a script joining in a loop stops here
MAX_COUNTDOWN = 600

# Steps of the forward button (and the presenter remote's "next") from each phase.
FORWARD = {"shown": "answering", "answering": "closed", "closed": "results", "results": "answer"}
BACKWARD = {"answering": "shown", "closed": "shown", "results": "closed", "answer": "results"}
# The phase each named action leads to ("answering": the question is open to answers).
ACTION_PHASES = {"open": "answering", "close": "closed", "results": "results", "answer": "answer"}
# The phases a named action may be taken from (the buttons of the screen and the remote).
ACTIONS = {
    "open": ("shown", "closed"),
    "close": ("answering",),
    "results": ("answering", "closed"),
    "answer": ("closed", "results"),
}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(
    db: Session,
    course: Course,
    quiz: Quiz,
    *,
    created_by: int | None,
    countdown: int = 0,
    ask_name: bool = False,
    show_names: bool = True,
    hours: int = SESSION_HOURS,
) -> tuple[LiveSession, str]:
    """A new session in its lobby, and its secret (shown once: it opens the projected
    screen and the phone remote without an account)."""
    secret = secrets.token_urlsafe(24)
    at = now()
    for _try in range(20):  # a code already used, by a live or an ended session: draw again
        live = LiveSession(
            code="".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH)),
            secret_hash=token_hash(secret),
            course_id=course.id,
            course_version=course.version,
            quiz_id=quiz.id,
            title=quiz.title[:300],
            seed=secrets.randbits(31),
            created_by=created_by,
            created_at=at,
            expires_at=at + timedelta(hours=hours),
            ask_name=ask_name,
            show_names=show_names,
            countdown=max(0, min(MAX_COUNTDOWN, countdown)),
        )
        db.add(live)
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            continue
        return live, secret
    raise RuntimeError("no free join code")  # 10**6 codes: only with a million sessions


def normalise_code(text: str) -> str | None:
    """A typed code ("123 456", "123-456") as stored, or None when it cannot be one."""
    digits = re.sub(r"[\s.-]", "", text or "")
    return digits if re.fullmatch(rf"[0-9]{{{CODE_LENGTH}}}", digits) else None


def shown_code(code: str) -> str:
    """A code as projected: two blocks of three, easier to read and to type."""
    return f"{code[:3]} {code[3:]}"


def is_live(live: LiveSession, at: datetime) -> bool:
    return live.ended_at is None and at < live.expires_at


def by_code(db: Session, text: str) -> LiveSession | None:
    """The session a participant may join with this code: none once it has ended."""
    code = normalise_code(text)
    if code is None:
        return None
    live = db.scalar(select(LiveSession).where(LiveSession.code == code))
    return live if live is not None and is_live(live, now()) else None


def effective_phase(live: LiveSession, at: datetime) -> str:
    """The phase as the room sees it at `at`: an expired session has ended, and answers
    close by themselves when the countdown is over."""
    if live.ended_at is not None or at >= live.expires_at:
        return "end"
    if live.phase == "answering" and live.closes_at is not None and at >= live.closes_at:
        return "closed"
    return live.phase


def state_tag(live: LiveSession, at: datetime) -> str:
    """What changes when the room's screens must change: the ETag of the phones' state."""
    return f"{live.id}-{live.version}-{effective_phase(live, at)}"


def seconds_left(live: LiveSession, at: datetime) -> int | None:
    if effective_phase(live, at) != "answering" or live.closes_at is None:
        return None
    return max(0, int((live.closes_at - at).total_seconds() + 0.999))


# --- the quiz as the room sees it -----------------------------------------------------------


def plan_of(quiz: Quiz, live: LiveSession) -> AttemptPlan:
    """One plan for the whole room (the session's seed): the options are in the same order
    on every phone and on the screen, so "B" means the same everywhere."""
    return plan_attempt(quiz, live.seed)


def questions_of(quiz: Quiz, live: LiveSession) -> list[Question]:
    return [q for qid in plan_of(quiz, live).questions if (q := quiz.question(qid)) is not None]


def current_question(quiz: Quiz, live: LiveSession) -> Question | None:
    questions = questions_of(quiz, live)
    return questions[live.position] if 0 <= live.position < len(questions) else None


# --- the facilitator's steps ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    position: int
    phase: str


def target_of(quiz: Quiz, live: LiveSession, action: str, at: datetime) -> Target | None:
    """Where an action leads from the session's present phase, or None when it means
    nothing there (opening answers at the end, closing answers already closed)."""
    phase = effective_phase(live, at)
    total = len(questions_of(quiz, live))
    if phase == "end" and action != "back":
        return None
    if action == "end":
        return Target(total, "end")
    if action == "next":
        if phase == "results" and not has_answer_phase(current_question(quiz, live)):
            phase = "answer"  # nothing to reveal: straight on to the next question
        if phase in FORWARD:
            return Target(live.position, FORWARD[phase])
        if phase == "lobby" and total:
            return Target(0, "shown")
        if live.position + 1 >= total:
            return Target(total, "end")
        return Target(live.position + 1, "shown")
    if action == "back":
        if phase in BACKWARD:
            return Target(live.position, BACKWARD[phase])
        if live.position <= 0:
            return Target(-1, "lobby")
        previous = questions_of(quiz, live)[min(live.position, total) - 1]
        return Target(
            min(live.position, total) - 1, "answer" if has_answer_phase(previous) else "results"
        )
    if phase in ACTIONS.get(action, ()):
        return Target(live.position, ACTION_PHASES[action])
    return None


def has_answer_phase(question: Question | None) -> bool:
    """Whether a question has something to reveal after its distribution: a right answer
    or an explanation (a likert scale or an open question without one has not)."""
    return question is not None and (question.has_key or bool(question.explanation))


def step(db: Session, quiz: Quiz, live: LiveSession, action: str, version: int) -> bool:
    """Take `action` if the session is still at `version` (the page the button was on):
    False when another press got there first or the action means nothing now."""
    at = now()
    if version != live.version:
        return False
    target = target_of(quiz, live, action, at)
    if target is None:
        return False
    values: dict[str, Any] = {
        "position": target.position,
        "phase": target.phase,
        "version": live.version + 1,
    }
    if target.phase == "answering":
        values["opened_at"] = at
        values["closes_at"] = at + timedelta(seconds=live.countdown) if live.countdown else None
    elif effective_phase(live, at) == "answering":  # closed early: the countdown no longer runs
        values["closes_at"] = at
    changed = db.execute(
        update(LiveSession)
        .where(LiveSession.id == live.id, LiveSession.version == version)
        .values(**values)
    ).rowcount  # type: ignore[attr-defined]
    db.commit()
    db.refresh(live)
    return bool(changed)


def finish(db: Session, course: Course, quiz: Quiz, live: LiveSession) -> None:
    """End the session for good: the join code stops working, the summary is kept with it
    (readable later even if the course changes)."""
    summary = stored_summary(db, course, quiz, live)
    db.execute(
        update(LiveSession)
        .where(LiveSession.id == live.id)
        .values(
            ended_at=now(),
            phase="end",
            summary=summary,
            version=LiveSession.version + 1,
        )
    )
    db.commit()
    db.refresh(live)


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
    wanted = " ".join(text.split()).lower()
    changed = 0
    for answer in answers_of(db, live, question_id):
        if " ".join((answer.text or "").split()).lower() == wanted:
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
    return [
        Given(
            participant=a.participant_id,
            value=(a.response or {}).get("value"),
            grade=a.grade or {},
            text=a.text,
            hidden=a.hidden,
        )
        for a in answers_of(db, live, question_id)
    ]


def distribution_of(
    db: Session, quiz: Quiz, live: LiveSession, question: Question, *, reveal: bool, language: str
) -> Distribution:
    """What the screen draws of a question's answers once they are closed, its parts in the
    room's order; the right ones marked when `reveal`."""
    return distribution(
        question,
        given_of(db, live, question.id),
        reveal=reveal,
        language=language,
        order=plan_of(quiz, live).orders.get(question.id),
    )


def typed_answers(db: Session, live: LiveSession, question_id: str) -> list[tuple[str, int, bool]]:
    """The texts typed for a question, for the remote to hide one before it is projected:
    (the text as first typed, how many typed it, whether hidden), most frequent first."""
    groups: dict[str, list[LiveAnswer]] = {}
    for answer in answers_of(db, live, question_id):
        if answer.text:
            groups.setdefault(" ".join(answer.text.split()).lower(), []).append(answer)
    found = [
        (rows[0].text or "", len(rows), all(a.hidden for a in rows)) for rows in groups.values()
    ]
    return sorted(found, key=lambda row: (-row[1], row[0]))


def stored_summary(db: Session, course: Course, quiz: Quiz, live: LiveSession) -> dict[str, Any]:
    """The session's summary computed from its answers (engine/player/live_summary.py
    `report`): the summary page shows it, and it is kept with the session when it ends, to
    be read as it was once the course changes."""
    questions = questions_of(quiz, live)
    return report(
        quiz,
        questions,
        {q.id: given_of(db, live, q.id) for q in questions},
        {p.id: p.nickname for p in participants_of(db, live)},
        language=course.language,
        orders=plan_of(quiz, live).orders,
    )

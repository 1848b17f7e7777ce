"""Live workshop sessions: a room answers a quiz on its phones at the facilitator's pace.

Everything lives in the database (engine/player/models.py: LiveSession, LiveParticipant,
LiveAnswer), so any app instance behind a load balancer can serve any phone: no timer, no
queue, no state in a process. A countdown is a deadline stored with the session, read as
"closed" once passed (`effective_phase`); a facilitator's step is a compare-and-set on the
session's `version`, so a presenter remote pressed twice, or the laptop and the phone remote
pressing at once, advance one step, not two.

A step moves through the phases of models.LIVE_PHASES: the lobby (the join screen), then per
question shown -> answering -> closed -> results (the distribution) -> answer (the right answer
and the explanation), then the end (the summary). The participants and their answers,
graded by the engine as they arrive, are engine/player/live_answers.py; the phones get the
right answers only in the `answer` phase (live_pages.py).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.model import Course, Question, Quiz
from engine.player.models import LiveSession, now
from engine.rules import AttemptPlan, plan_attempt

CODE_LENGTH = 6  # digits: typed on a phone's number pad, read aloud in any language
SESSION_HOURS = 12  # a workshop's day; the join code stops working after it
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


def by_code(db: Session, text: str, *, ended: bool = False) -> LiveSession | None:
    """The session a participant may join with this code: none once it has ended, unless
    `ended` (the pages of those who took part: their score stays on their phone)."""
    code = normalise_code(text)
    if code is None:
        return None
    live = db.scalar(select(LiveSession).where(LiveSession.code == code))
    return live if live is not None and (ended or is_live(live, now())) else None


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


def questions_of(quiz: Quiz, live: LiveSession, plan: AttemptPlan | None = None) -> list[Question]:
    """The questions in the room's order (`plan`: the session's, when the caller has it)."""
    drawn = (plan or plan_of(quiz, live)).questions
    return [q for qid in drawn if (q := quiz.question(qid)) is not None]


def current_question(quiz: Quiz, live: LiveSession) -> Question | None:
    return _up(questions_of(quiz, live), live)


def _up(questions: list[Question], live: LiveSession) -> Question | None:
    return questions[live.position] if 0 <= live.position < len(questions) else None


@dataclass(frozen=True)
class Moment:
    """Where a session stands, read once for a page: the phase as the room sees it, the
    room's plan and questions, the question up (None in the lobby and at the end) and the
    order of its parts, the countdown's seconds left."""

    phase: str
    plan: AttemptPlan
    questions: list[Question]
    question: Question | None
    number: int
    left: int | None

    @property
    def order(self) -> tuple[str, ...] | None:
        return self.plan.orders.get(self.question.id) if self.question is not None else None


def moment(quiz: Quiz, live: LiveSession, at: datetime) -> Moment:
    plan = plan_of(quiz, live)
    questions = questions_of(quiz, live, plan)
    phase = effective_phase(live, at)
    question = _up(questions, live) if phase != "end" else None
    return Moment(phase, plan, questions, question, live.position + 1, seconds_left(live, at))


# --- the facilitator's steps ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    position: int
    phase: str


def target_of(quiz: Quiz, live: LiveSession, action: str, at: datetime) -> Target | None:
    """Where an action leads from the session's present phase, or None when it means
    nothing there (opening answers at the end, closing answers already closed)."""
    phase = effective_phase(live, at)
    questions = questions_of(quiz, live)
    total = len(questions)
    if phase == "end" and action != "back":
        return None
    if action == "end":
        return Target(total, "end")
    if action == "next":
        if phase == "results" and not has_answer_phase(_up(questions, live)):
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
        previous = questions[min(live.position, total) - 1]
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
    if version != live.version or live.ended_at is not None:  # closed: nothing moves
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


def finish(db: Session, live: LiveSession, summary: dict[str, Any]) -> None:
    """End the session for good: the join code stops working, and the summary
    (`live_answers.stored_summary`) is kept with it, readable as it was once the course
    changes."""
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

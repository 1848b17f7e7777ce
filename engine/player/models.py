"""What the player stores: learners and their progress, never course content.

Progress is keyed by (course_id, course_version, item_id) so a course can change on disk
without the database having to follow; the course model itself lives in memory.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

STAFF_ROLES = frozenset({"facilitator", "admin"})  # see facilitator notes and the dashboard


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="learner")  # learner|facilitator|admin
    language: Mapped[str | None] = mapped_column(String(10), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    # Bumped by a password change, an admin's reset and "sign out everywhere": sessions and
    # remember-me cookies carry the version they were made with and stop working after it.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The end of the learner's active time credited so far: one clock per learner, so
    # several tabs beating at once never count more than the time that really passed.
    time_credited_until: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    # Flask-Login's interface
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return session_id(self.id, self.session_version)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def session_id(user_id: int, version: int) -> str:
    """What sessions and remember-me cookies store (Flask-Login's alternative id): the
    account and the session version it was signed in with."""
    return f"{user_id}.{version}"


class ItemProgress(Base):
    """A learner on a lesson or quiz page: when, and how much active time."""

    __tablename__ = "item_progress"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "course_version", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(100))
    course_version: Mapped[str] = mapped_column(String(50))
    item_id: Mapped[str] = mapped_column(String(300))
    first_seen: Mapped[datetime] = mapped_column(DateTime, default=now)
    last_seen: Mapped[datetime] = mapped_column(DateTime, default=now)
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    last_beat: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class Attempt(Base):
    """One attempt at a quiz. `number` is unique per learner and quiz: the database, not the
    code, stops two concurrent submissions from using the same attempt twice."""

    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "quiz_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(100))
    course_version: Mapped[str] = mapped_column(String(50))
    quiz_id: Mapped[str] = mapped_column(String(300))
    number: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    responses: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    points_earned: Mapped[float | None] = mapped_column(Float, default=None)
    points_possible: Mapped[float | None] = mapped_column(Float, default=None)
    passed: Mapped[bool | None] = mapped_column(Boolean, default=None)
    survey_total: Mapped[float | None] = mapped_column(Float, default=None)
    outcome: Mapped[str | None] = mapped_column(String(300), default=None)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(Base):
    """One graded answer, kept apart for item analysis and reading open answers."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"value": ...}
    score: Mapped[float] = mapped_column(Float, default=0.0)
    correct: Mapped[bool | None] = mapped_column(Boolean, default=None)
    text: Mapped[str | None] = mapped_column(Text, default=None)  # open answers
    # The whole grade as given at submission (engine.grading.Grade.to_dict()): results pages
    # show what was graded, even after an author changes the key.
    grade: Mapped[dict[str, Any] | None] = mapped_column(default=None)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")


class Certificate(Base):
    """A certificate of completion. Names and figures are copied at issue time, so the
    public verification page says what the PDF says even after a course changes."""

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "course_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[str] = mapped_column(String(100))
    course_version: Mapped[str] = mapped_column(String(50))
    course_title: Mapped[str] = mapped_column(String(300))
    learner_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    seconds: Mapped[int] = mapped_column(Integer, default=0)
    score: Mapped[float | None] = mapped_column(Float, default=None)
    state: Mapped[str] = mapped_column(String(20))  # completed | passed
    # The PDF, rendered at the first download and kept: rendering costs ~30 lesson pages.
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, default=None, deferred=True)


class Group(Base):
    """People followed together (a workshop, a year's staff): members, the facilitators who
    lead it, what it is assigned. The name is unique because a CSV import names the group.
    The join code goes on a printed or projected link; it works only while `join_open`."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    starts_on: Mapped[date | None] = mapped_column(Date, default=None)
    ends_on: Mapped[date | None] = mapped_column(Date, default=None)
    join_code: Mapped[str] = mapped_column(String(32), unique=True)
    join_open: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class GroupMember(Base):
    """A learner in a group; a learner can be in several."""

    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class GroupLeader(Base):
    """A facilitator who leads a group: they see its members and dashboards, and no other
    group's. Kept apart from members so leading never counts as learning."""

    __tablename__ = "group_leaders"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


ASSIGNMENT_KINDS = ("path", "course")


class Assignment(Base):
    """A training path or a course a group must follow, by an optional due date. The id is
    the path's or course's id on disk, as progress keys are: the database never copies
    course content."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("group_id", "kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))  # path | course
    target_id: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class ReminderSent(Base):
    """One reminder email for an assignment, to a learner, in an ISO week ("2026-W49"): the
    unique key is what keeps `liane remind`, run by cron, to at most one a week."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(8))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=now)


class LoginLink(Base):
    """A single-use link sent by email: an invitation to choose one's password, or a
    forgotten password's reset. Only a hash of its secret is kept, so a copy of the
    database (a backup) opens no account."""

    __tablename__ = "login_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256, hex
    purpose: Mapped[str] = mapped_column(String(10))  # invite | reset
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


LIVE_PHASES = ("lobby", "shown", "answering", "closed", "results", "answer", "end")


class LiveSession(Base):
    """A live workshop session: a room answers one quiz on its phones, question by
    question, at the facilitator's pace. Everything the room sees is computed from this
    row and its answers, so several app instances can serve one session (no state is kept
    in a process). `version` grows with every step of the facilitator: it is what phones
    and the projected screen compare (their ETag) to know something changed.

    The join code works while the session is neither ended nor expired. The secret opens
    the projected screen and the phone remote without an account (`liane workshop`); only
    its hash is kept."""

    __tablename__ = "live_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))  # sha256, hex
    course_id: Mapped[str] = mapped_column(String(100))
    course_version: Mapped[str] = mapped_column(String(50))
    quiz_id: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300), default="")  # the quiz's, when started
    seed: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    ask_name: Mapped[bool] = mapped_column(Boolean, default=False)  # a name, not a nickname
    show_names: Mapped[bool] = mapped_column(Boolean, default=False)  # on the projected screen
    countdown: Mapped[int] = mapped_column(Integer, default=0)  # seconds per question, 0: none
    position: Mapped[int] = mapped_column(Integer, default=-1)  # index in the plan, -1: lobby
    phase: Mapped[str] = mapped_column(String(12), default="lobby")  # LIVE_PHASES
    opened_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    version: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # kept at the end


class LiveParticipant(Base):
    """Someone in the room, known by a nickname and a cookie (never an account): the
    cookie's token, hashed, is how a reload, a second tab or a phone back from sleep is
    the same participant."""

    __tablename__ = "live_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256, hex
    nickname: Mapped[str] = mapped_column(String(40))
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # name kept off the screen


class LiveAnswer(Base):
    """One participant's answer to one question, graded by the engine when received. The
    unique key makes a double tap, a retry after a lost connection or two tabs count once."""

    __tablename__ = "live_answers"
    __table_args__ = (UniqueConstraint("participant_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("live_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("live_participants.id", ondelete="CASCADE")
    )
    question_id: Mapped[str] = mapped_column(String(100))
    response: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"value": ...}
    score: Mapped[float] = mapped_column(Float, default=0.0)
    correct: Mapped[bool | None] = mapped_column(Boolean, default=None)
    grade: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # Grade.to_dict()
    text: Mapped[str | None] = mapped_column(Text, default=None)  # a typed answer
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # kept off the screen
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

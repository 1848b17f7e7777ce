"""`liane remind`, run by cron: email each learner whose assigned path or course is due within
a few days, or past due, and not completed; at most once per assignment and ISO week.

The week's record (models.ReminderSent, unique per assignment, learner and week) is written
*before* the email is sent and removed if the email fails: two runs at the same moment (a
cron line doubled) cannot both send, and a failure is sent again by the next run. A learner
in two groups that were assigned the same course gets one email, about the earliest due date.

Completion is the catalogue's (engine/player/todo.py): a path is completed when every course
of it is. Each email is in the learner's language, plain text and HTML, with the due date,
the title and a link to the course (or to the path in the catalogue's to-do list) on the
site's address (LIANE_BASE_URL). Without SMTP the command says why and exits with 1: cron
then mails its output to the server's administrator, nothing is dropped silently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.message import EmailMessage
from functools import partial
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from engine.i18n import N_, _, current_language, translator
from engine.player import progress
from engine.player import todo as todos
from engine.player.courses import library
from engine.player.db import session
from engine.player.groups import Assigned
from engine.player.mail import MailError, compose, language_of, problem, send
from engine.player.models import Assignment, GroupMember, ReminderSent, User

DEFAULT_DAYS = 3
TEMPLATE = "reminder"
SUBJECTS = {
    False: N_("Reminder: “{title}” is due on {date}"),
    True: N_("Late: “{title}” was due on {date}"),
}


@dataclass(frozen=True)
class Reminder:
    """One email to write: who, about what, and the assignments it stands for."""

    user: User
    todo: todos.Todo
    assignment_ids: tuple[int, ...]  # one per group that assigned it, earliest due first

    @property
    def due_on(self) -> date:
        assert self.todo.due_on is not None  # only dated assignments are reminded
        return self.todo.due_on


@dataclass
class Outcome:
    to_send: list[Reminder] = field(default_factory=list)
    already: int = 0  # reminded this week already
    sent: int = 0
    failed: int = 0
    error: MailError | None = None


def week_of(day: date) -> str:
    """The ISO week, as the record keeps it: "2026-W49"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def due_reminders(today: date, days: int) -> Outcome:
    """The reminders to send on `today`: assignments due by `today + days` (or past), for
    active members not done with them and not reminded this week. In an app context."""
    db = session()
    rows = db.execute(
        select(
            Assignment.id,
            Assignment.kind,
            Assignment.target_id,
            Assignment.due_on,
            GroupMember.user_id,
        )  # fmt: skip
        .join(GroupMember, GroupMember.group_id == Assignment.group_id)
        .where(Assignment.due_on.is_not(None), Assignment.due_on <= today + timedelta(days=days))
    ).all()
    found: dict[tuple[int, str, str], list[tuple[date, int]]] = defaultdict(list)
    for assignment_id, kind, target_id, due_on, user_id in rows:
        assert due_on is not None  # selected so
        found[(user_id, kind, target_id)].append((due_on, assignment_id))
    users = {
        user.id: user
        for user in db.scalars(
            select(User).where(User.id.in_({key[0] for key in found}), User.active)
        )
    }
    reminded = _reminded(today, [aid for dues in found.values() for _d, aid in dues])
    lib = library()
    outcome = Outcome()
    for (user_id, kind, target_id), dues in found.items():
        user = users.get(user_id)
        if user is None:
            continue
        dues.sort()
        assigned = Assigned(kind, target_id, dues[0][0], ())
        listed = todos.todo_list(
            lib,
            [assigned],
            status_of=partial(progress.status, db, user_id),
            visible=lambda course: not course.is_draft,
        )
        if not listed or not listed[0].near(today, days):
            continue
        ids = tuple(aid for _due, aid in dues)
        if any((aid, user_id) in reminded for aid in ids):
            outcome.already += 1
            continue
        outcome.to_send.append(Reminder(user, listed[0], ids))
    outcome.to_send.sort(key=lambda r: (r.due_on, r.user.email, r.todo.kind, r.todo.target_id))
    return outcome


def _reminded(today: date, assignment_ids: list[int]) -> set[tuple[int, int]]:
    """(assignment, learner) pairs reminded in `today`'s week."""
    if not assignment_ids:
        return set()
    rows = session().execute(
        select(ReminderSent.assignment_id, ReminderSent.user_id).where(
            ReminderSent.week == week_of(today),
            ReminderSent.assignment_id.in_(set(assignment_ids)),
        )
    )
    return {(aid, uid) for aid, uid in rows}


def send_reminders(outcome: Outcome, today: date) -> Outcome:
    """Record each reminder of the week, then send them; a failed one's record goes."""
    db = session()
    week = week_of(today)
    reserved: list[tuple[Reminder, int]] = []
    for reminder in outcome.to_send:
        record = ReminderSent(
            assignment_id=reminder.assignment_ids[0], user_id=reminder.user.id, week=week
        )
        db.add(record)
        try:  # one commit each: another run's record refuses this one only
            db.commit()
        except IntegrityError:  # another run, at the same moment, took it
            db.rollback()
            outcome.already += 1
            continue
        reserved.append((reminder, record.id))
    delivery = send(current_app.config, (message(r, today) for r, _id in reserved))
    unsent = [
        record_id for index, (_r, record_id) in enumerate(reserved) if index not in delivery.sent
    ]
    if unsent:
        db.execute(delete(ReminderSent).where(ReminderSent.id.in_(unsent)))
        db.commit()
    outcome.sent, outcome.failed, outcome.error = len(delivery.sent), len(unsent), delivery.error
    return outcome


def link(entry: todos.Todo) -> str:
    """The course's outline, or the path in the catalogue's to-do list, on the site's
    address (the command line has no request to take one from)."""
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    adapter = current_app.url_map.bind("localhost")
    if entry.kind == "course":
        return base + adapter.build("learn.outline", {"course_id": entry.target_id})
    return base + adapter.build("catalog.index") + f"#todo-path-{entry.target_id}"


def message(reminder: Reminder, today: date) -> EmailMessage:
    config = current_app.config
    language = language_of(reminder.user.language, config)
    entry = reminder.todo
    with force_locale(language):
        shown_date = todos.due_date(reminder.due_on, today)
    late = entry.late(today)
    subject = (
        translator(language).gettext(SUBJECTS[late]).format(title=entry.title, date=shown_date)
    )
    return compose(
        config,
        to=reminder.user.email,
        name=reminder.user.name,
        language=language,
        template=TEMPLATE,
        subject=subject,
        kind=entry.kind,
        title=entry.title,
        date=shown_date,
        late=late,
        done=entry.done,
        total=len(entry.courses),
        url=link(entry),
        site=urlsplit(str(config["BASE_URL"])).netloc,
    )


# --- the command -------------------------------------------------------------------------


def run(app: Flask, days: int, dry_run: bool, today: date | None) -> int:
    """`liane remind`: what it prints, and its exit code (1 when an email was not sent)."""
    today = today or todos.today()
    with app.app_context():
        trouble = problem(app.config)
        if trouble is not None and not dry_run:
            click.secho(trouble.text(_), fg="red", err=True)
            click.secho(
                _("No reminder sent. `liane remind --dry-run` lists who would get one."),
                fg="red",
                err=True,
            )
            return 1
        outcome = due_reminders(today, days)
        if dry_run:
            for reminder in outcome.to_send:
                click.echo(
                    "\t".join(
                        (
                            reminder.user.email,
                            reminder.due_on.isoformat(),
                            f"{reminder.todo.kind}:{reminder.todo.target_id}",
                            reminder.todo.title,
                        )
                    )
                )
            click.echo(summary(outcome, dry_run=True))
            return 0
        send_reminders(outcome, today)
    if outcome.error is not None:
        click.secho(outcome.error.text(_), fg="red", err=True)
    click.echo(summary(outcome, dry_run=False))
    return 1 if outcome.failed else 0


def summary(outcome: Outcome, dry_run: bool) -> str:
    """ "12 rappels envoyés, 3 déjà envoyés cette semaine, 0 échec" in the terminal's
    language."""
    tr = translator(current_language())
    if dry_run:
        first = tr.ngettext(
            "{n} reminder would be sent", "{n} reminders would be sent", len(outcome.to_send)
        ).format(n=len(outcome.to_send))
    else:
        first = tr.ngettext("{n} reminder sent", "{n} reminders sent", outcome.sent).format(
            n=outcome.sent
        )
    parts = [
        first,
        tr.ngettext(
            "{n} already sent this week", "{n} already sent this week", outcome.already
        ).format(n=outcome.already),
    ]
    if not dry_run:
        parts.append(
            tr.ngettext("{n} failed", "{n} failed", outcome.failed).format(n=outcome.failed)
        )
    return ", ".join(parts)

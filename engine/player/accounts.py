"""Account rules, in one place for the web pages and the `liane users` commands.

Who may grant which role, what an email, a name and a password must be, creating accounts,
setting a password (which signs the account out everywhere) and importing members from a
CSV file. Every field is checked here before the database sees it: a name over 200
characters or a NUL byte is a line of a report, never a database error half-way through.

Messages are English msgids marked with N_ and translated where they are shown (`text(tr)`):
the web pages pass the reader's language (flask_babel), the command line the terminal's
(engine.i18n). Their placeholders are `{name}`, filled after translation.
"""

from __future__ import annotations

import csv
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import email_validator
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engine.i18n import N_
from engine.player import links
from engine.player.db import session
from engine.player.mail import Delivery, MailError, compose, language_of
from engine.player.mail import problem as mail_problem
from engine.player.mail import send as send_mail
from engine.player.models import LoginLink, User
from engine.player.passwords import hash_password
from engine.player.security import forget_user, revoke_sessions

ROLES = ("learner", "facilitator", "admin")
# What each role may grant, and so whose accounts it may create and reset: facilitators
# manage learners; only administrators touch staff accounts (facilitators, administrators).
GRANTS = {"admin": frozenset(ROLES), "facilitator": frozenset({"learner"})}
MAX_EMAIL = 254  # RFC 5321, and the users.email column
MAX_NAME = 200  # the users.name column
MIN_PASSWORD, MAX_PASSWORD = 10, 200
HEADER_CELLS = ("email", "e-mail", "courriel", "mail")

Translate = Callable[[str], str]


def _same(message: str) -> str:
    return message


class AccountError(ValueError):
    """A field or an action the rules refuse; `text(tr)` says why in the reader's language."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params))
        self.message = message
        self.params = params

    def text(self, tr: Translate = _same) -> str:
        return tr(self.message).format(**self.params)


class NotAllowed(AccountError):
    """The actor's role does not allow this: the web answers 403 and changes nothing."""


# --- roles -------------------------------------------------------------------------------


def may_grant(actor_role: str, role: str) -> bool:
    """Whether someone of `actor_role` may create, import or reset accounts of `role`."""
    return role in GRANTS.get(actor_role, frozenset())


def grantable_roles(actor_role: str) -> tuple[str, ...]:
    """The roles `actor_role` may grant, in ROLES order (the accounts page's role list)."""
    return tuple(role for role in ROLES if may_grant(actor_role, role))


def may_change_roles(actor_role: str) -> bool:
    """Changing an existing account's role is for administrators only."""
    return actor_role == "admin"


def _check_grant(actor_role: str, role: str) -> None:
    if not may_grant(actor_role, role):
        raise NotAllowed(N_("only an administrator can manage {role} accounts"), role=role)


# --- fields ------------------------------------------------------------------------------


def validate_email(text: str) -> str:
    """The address, lower-cased, if it is one (syntax only: no DNS lookup)."""
    email = text.strip()
    if not email:
        raise AccountError(N_("an email address is required"))
    if len(email) > MAX_EMAIL:
        raise AccountError(N_("the email address is longer than {max} characters"), max=MAX_EMAIL)
    try:
        checked = email_validator.validate_email(email, check_deliverability=False)
    except email_validator.EmailNotValidError:
        raise AccountError(N_("`{email}` is not an email address"), email=shown(email)) from None
    return str(checked.normalized).lower()


def validate_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise AccountError(N_("a name is required"))
    if len(name) > MAX_NAME:
        raise AccountError(N_("the name is longer than {max} characters"), max=MAX_NAME)
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise AccountError(N_("the name holds a control character (tab, line break, NUL...)"))
    return name


def validate_password(text: str) -> str:
    if "\x00" in text:
        raise AccountError(N_("the password holds a NUL character"))
    if len(text) < MIN_PASSWORD:
        raise AccountError(N_("the password needs at least {min} characters"), min=MIN_PASSWORD)
    if len(text) > MAX_PASSWORD:
        raise AccountError(N_("the password has more than {max} characters"), max=MAX_PASSWORD)
    return text


def validate_role(text: str) -> str:
    role = text.strip()
    if role not in ROLES:
        raise AccountError(
            N_("unknown role `{role}` ({roles})"), role=shown(role), roles=", ".join(ROLES)
        )
    return role


def shown(value: str, limit: int = 60) -> str:
    """A refused value as a report may quote it: control characters made visible, cut."""
    value = "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in value)
    return value if len(value) <= limit else value[: limit - 1] + "\u2026"


# --- accounts ----------------------------------------------------------------------------


def find_user(email: str) -> User | None:
    """The account using `email` (any case). A text no account can use is not sent to the
    database: PostgreSQL refuses a NUL byte in a query with an error."""
    email = email.strip().lower()
    if not email or len(email) > MAX_EMAIL or "\x00" in email:
        return None
    return session().scalar(select(User).where(func.lower(User.email) == email))


def create_user(email: str, name: str, password: str, role: str = "learner") -> User:
    """Store an account whose fields the caller has checked (a validated form, a test).
    Pages and commands that take what a person typed call add_account."""
    db = session()
    user = User(
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    db.add(user)
    db.commit()
    return user


def add_account(
    email: str,
    name: str,
    password: str | None,
    role: str = "learner",
    *,
    actor_role: str = "admin",
) -> User:
    """Create an account after checking every rule; raises NotAllowed when `actor_role`
    may not grant `role`, AccountError for a bad field or an email already used."""
    role = validate_role(role)
    _check_grant(actor_role, role)
    email, name = validate_email(email), validate_name(name)
    # None: nobody knows the password until the person chooses theirs (an invitation).
    password = validate_password(password) if password is not None else secrets.token_urlsafe(32)
    if find_user(email) is not None:
        raise AccountError(N_("an account already uses {email}"), email=email)
    try:
        return create_user(email, name, password, role)
    except IntegrityError:  # created at the same moment by another request
        session().rollback()
        raise AccountError(N_("an account already uses {email}"), email=email) from None


def set_password(user: User, password: str) -> None:
    """A new password; every session and remember-me cookie of the account stops working
    (its session version changes), in this process at once (security.forget_user)."""
    user.password_hash = hash_password(validate_password(password))
    revoke_sessions(session(), user)


def reset_password(email: str, password: str, *, actor_role: str = "admin") -> User:
    """Set the password of the account using `email`, if `actor_role` manages its role."""
    user = find_user(email)
    if user is None:
        raise AccountError(N_("no account uses {email}"), email=shown(email.strip()))
    _check_grant(actor_role, user.role)
    set_password(user, password)
    return user


def change_role(user: User, role: str, *, actor_id: int, actor_role: str) -> None:
    """Give `user` another role (administrators only; never their own, so that the last
    administrator cannot lock everyone out by mistake)."""
    if not may_change_roles(actor_role):
        raise NotAllowed(N_("only an administrator can change roles"))
    role = validate_role(role)
    if user.id == actor_id:
        raise AccountError(N_("you cannot change your own role: ask another administrator"))
    user.role = role
    session().commit()
    forget_user(user.id)  # pages follow the new role at once


# --- importing members -------------------------------------------------------------------

LINE = N_("line {n}: {problem}")


@dataclass(frozen=True)
class Member:
    """A checked line of a members file."""

    line: int
    email: str
    name: str
    role: str
    group: str = ""  # a group's name, when the header line names a group column


@dataclass(frozen=True)
class LineProblem:
    line: int
    error: AccountError

    def text(self, tr: Translate = _same) -> str:
        return tr(LINE).format(n=self.line, problem=self.error.text(tr))


@dataclass
class ImportReport:
    created: list[Member] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    joined: list[Member] = field(default_factory=list)  # added to their group
    # A file with a group column is imported whole or not at all (group_import).
    nothing_imported: bool = False


def decode_csv(data: bytes) -> str:
    """The text of an uploaded file; spreadsheets often save Latin-1 or Windows-1252, which
    is refused with what to do rather than read as garbled names."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AccountError(
            N_('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.')
        ) from None


def read_members(text: str) -> tuple[list[Member], list[LineProblem]]:
    """Check every line of `email,name[,role]` (commas or semicolons, as the first line
    has them; an optional header line): the good members and each bad line's problem.

    Lines are read one by one, so a quote left open is reported on its own line instead of
    swallowing the lines after it (as the csv module does with a whole file).
    """
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    first = next((n for n, line in enumerate(lines, start=1) if line.strip()), 0)
    delimiter = ";" if lines[first - 1].count(";") > lines[first - 1].count(",") else ","
    members: list[Member] = []
    problems: list[LineProblem] = []
    seen: dict[str, int] = {}
    columns: dict[str, int] | None = None  # by name, when the header names a group column
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cells = _cells(line, delimiter)
            if number == first and cells[0].strip().lower() in HEADER_CELLS:
                columns = group_columns(cells)
                continue
            member = _member(number, cells) if columns is None else _named(number, cells, columns)
        except AccountError as error:
            problems.append(LineProblem(number, error))
            continue
        if member.email in seen:
            problems.append(
                LineProblem(
                    number,
                    AccountError(
                        N_("{email} is already on line {first}"),
                        email=member.email,
                        first=seen[member.email],
                    ),
                )
            )
            continue
        seen[member.email] = number
        members.append(member)
    return members, problems


def _cells(line: str, delimiter: str) -> list[str]:
    if "\x00" in line:
        raise AccountError(N_("the line holds a NUL character"))
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True))
    except csv.Error:
        raise AccountError(N_('a quote (") is not closed on this line')) from None


def _member(number: int, cells: list[str]) -> Member:
    if len(cells) < 2 or any(cell.strip() for cell in cells[3:]):
        raise AccountError(N_("expected `email,name[,role]`"))
    role = cells[2] if len(cells) > 2 and cells[2].strip() else "learner"
    return Member(number, validate_email(cells[0]), validate_name(cells[1]), validate_role(role))


def import_members(
    text: str,
    *,
    actor_role: str = "admin",
    refuse_forbidden: bool = False,
) -> ImportReport:
    """Create the accounts of a members file: every line is checked first, the good ones
    are created in one transaction, each bad one is reported with its number and reason.

    A line asking for a role `actor_role` may not grant is a problem of that line, or,
    with `refuse_forbidden` (the web page), NotAllowed before anything is stored.
    Members get a random password nobody knows: they sign in after a reset. One random
    secret, hashed once, serves the whole file: it is never shown nor kept, and hashing
    one per member cost 25 ms each (a minute for a file of 2,500 members).
    """
    members, problems = read_members(text)
    allowed: list[Member] = []
    for member in members:
        if may_grant(actor_role, member.role):
            allowed.append(member)
        elif refuse_forbidden:
            _check_grant(actor_role, member.role)
        else:
            problems.append(
                LineProblem(
                    member.line,
                    NotAllowed(
                        N_("only an administrator can manage {role} accounts"), role=member.role
                    ),
                )
            )
    report = ImportReport(problems=problems)
    unknown_password = hash_password(secrets.token_urlsafe(32))
    for _attempt in range(2):  # again if another request created one of them meanwhile
        existing = _existing(member.email for member in allowed)
        fresh = [member for member in allowed if member.email not in existing]
        db = session()
        db.add_all(
            User(
                email=member.email,
                name=member.name,
                role=member.role,
                password_hash=unknown_password,
            )
            for member in fresh
        )
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            continue
        report.created = fresh
        report.problems += [
            LineProblem(
                member.line, AccountError(N_("{email} already has an account"), email=member.email)
            )
            for member in allowed
            if member.email in existing
        ]
        break
    else:
        raise AccountError(
            N_("other accounts were being created at the same time: import the file again")
        )
    report.problems.sort(key=lambda problem: problem.line)
    return report


# --- a header line naming a group column -------------------------------------------------

NAME_CELLS = ("name", "nom", "full name", "nom complet")
ROLE_CELLS = ("role", "rôle")
GROUP_CELLS = ("group", "groupe")


def group_columns(header: list[str]) -> dict[str, int] | None:
    """Where each field is, when a header line names a group column (`email,name,group`,
    `courriel;nom;rôle;groupe`): None otherwise, and lines are read as `email,name[,role]`
    as before. Columns of other names (a phone number...) are left aside."""
    cells = [cell.strip().lower() for cell in header]
    columns: dict[str, int] = {"email": 0}
    for key, names in (("name", NAME_CELLS), ("role", ROLE_CELLS), ("group", GROUP_CELLS)):
        found = next((n for n, cell in enumerate(cells) if cell in names), None)
        if found is not None:
            columns[key] = found
    if "group" not in columns:
        return None
    columns.setdefault("name", 1)
    return columns


def _named(number: int, cells: list[str], columns: dict[str, int]) -> Member:
    """A line of a file whose header names its columns (group_columns)."""

    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    role = cell("role").strip() or "learner"
    group = cell("group").strip()
    return Member(
        number,
        validate_email(cell("email")),
        validate_name(cell("name")),
        validate_role(role),
        shown(group, limit=MAX_GROUP_CELL) if group else "",
    )


MAX_GROUP_CELL = 201  # a group name (200 at most) or a longer one cut: unknown either way


def _existing(emails: Iterable[str]) -> set[str]:
    """Which of these (lower-cased) emails already have an account."""
    wanted = list(emails)
    found: set[str] = set()
    for start in range(0, len(wanted), 500):  # bounded IN lists
        found.update(
            session().scalars(
                select(func.lower(User.email)).where(
                    func.lower(User.email).in_(wanted[start : start + 500])
                )
            )
        )
    return found


# --- invitations and forgotten passwords -------------------------------------------------
# Kept apart from the import: an import (or a creation) returns its accounts, and the
# page or command that asked for invitations then calls invite_members / invite.

EMAILS = {
    links.INVITE: ("invitation", N_("Your account: choose your password")),
    links.RESET: ("reset", N_("Choose a new password")),
}


@dataclass(frozen=True)
class Invitation:
    name: str
    email: str
    url: str
    sent: bool


@dataclass
class Invitations:
    """The invitations of a creation or an import: each one's link, whether its email went
    out, and why the others did not (then staff pass their links on by hand)."""

    items: list[Invitation] = field(default_factory=list)
    error: MailError | None = None

    @property
    def sent(self) -> int:
        return sum(1 for item in self.items if item.sent)

    @property
    def unsent(self) -> list[Invitation]:
        return [item for item in self.items if not item.sent]


# What a page may spend sending emails: gunicorn stops a worker after 30 s by default.
PAGE_SECONDS = 15.0


def invite(users: Sequence[User], within: float | None = None) -> Invitations:
    """A single-use link for each account to choose its password (valid INVITATION_DAYS),
    sent by email when the instance can send emails, for `within` seconds at most (a
    page; the command line has no limit)."""
    if not users:
        return Invitations()
    db = session()
    tokens = [links.issue(db, user, links.INVITE) for user in users]
    db.commit()
    urls = [links.url(links.INVITE, token) for token in tokens]
    deadline = None if within is None else time.monotonic() + within
    delivery = _send_links(links.INVITE, list(zip(users, urls, strict=True)), deadline)
    return Invitations(
        [
            Invitation(user.name, user.email, url, index in delivery.sent)
            for index, (user, url) in enumerate(zip(users, urls, strict=True))
        ],
        delivery.error,
    )


def invite_members(members: Iterable[Member], within: float | None = None) -> Invitations:
    """Invitations for the accounts an import created, in the file's order."""
    emails = [member.email for member in members]
    found: dict[str, User] = {}
    for start in range(0, len(emails), 500):  # bounded IN lists
        chunk = emails[start : start + 500]
        found.update(
            (user.email.lower(), user)
            for user in session().scalars(select(User).where(func.lower(User.email).in_(chunk)))
        )
    return invite([found[email] for email in emails if email in found], within)


def send_password_reset(email: str) -> None:
    """Email a reset link (valid an hour) to the active account using `email`, if there is
    one; nothing otherwise. Run after the answer (auth.forgot_password): whether an account
    exists must show neither in the page nor in its timing. A failure is logged."""
    user = find_user(email)
    if user is None or not user.active:
        return
    db = session()
    token = links.issue(db, user, links.RESET)
    db.commit()
    delivery = _send_links(links.RESET, [(user, links.url(links.RESET, token))])
    if delivery.error is not None:
        current_app.logger.error("password reset email not sent: %s", delivery.error)


def _send_links(
    purpose: str, recipients: list[tuple[User, str]], deadline: float | None = None
) -> Delivery:
    """Each person's email holding their link, in their language (mail.send)."""
    config = current_app.config
    problem = mail_problem(config)
    if problem is not None:
        return Delivery(error=problem)
    template, subject = EMAILS[purpose]
    site = urlsplit(str(config["BASE_URL"])).netloc
    return send_mail(
        config,
        (
            compose(
                config,
                to=user.email,
                name=user.name,
                language=language_of(user.language, config),
                template=template,
                subject=subject,
                url=url,
                site=site,
                email=user.email,
                days=int(config["INVITATION_DAYS"]),
            )
            for user, url in recipients
        ),
        deadline,
    )


def use_link(link: LoginLink, user: User, password: str) -> bool:
    """Set the password a link's holder chose, closing the link (and the account's other
    links) in the same transaction; every other session ends (set_password). False when
    another request used the link first."""
    if not links.consume(session(), link):
        return False
    set_password(user, password)  # commits the closed links with it
    return True

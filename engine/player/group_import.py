"""Importing members into groups: a members file whose header names a group column.

Such a file enrols a team (2,000 people for a network's yearly campaign), so it is imported
whole or not at all: every line is checked first (the accounts rules, then the group: it
must exist and the importer must lead it), and a single bad line leaves the database as it
was, with each bad line's number and reason in the report. Otherwise the new accounts and
every membership are stored in one transaction.

A person who already has an account is added to the group (enrolling existing learners is
the point of such a file); one already in that group is left as is, so importing the same
file twice changes nothing. An unknown group is an error of its line, never created: a
typo would otherwise make a second group that nobody follows.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engine.i18n import N_
from engine.player import accounts
from engine.player.accounts import (
    AccountError,
    ImportReport,
    LineProblem,
    Member,
    NotAllowed,
    may_grant,
    read_members,
)
from engine.player.db import session
from engine.player.groups import existing_memberships, groups_by_name, led_group_ids
from engine.player.models import Group, GroupMember, User
from engine.player.passwords import hash_password

CHUNK = 500  # bounded IN lists
# Said above the lines of such a file when it was not imported (web page and command).
NOTHING_IMPORTED = N_(
    "Nothing was imported: a file with a group column is imported whole or not at all. "
    "Correct the lines below, then import the file again."
)


def import_members(
    text: str,
    *,
    actor_role: str = "admin",
    refuse_forbidden: bool = False,
    actor_id: int | None = None,
) -> ImportReport:
    """A members file, from the accounts page or `liane users import`: with a group column
    whole or not at all (import_into_groups); without, as accounts.import_members does."""
    members, problems = read_members(text)
    if not any(member.group for member in members):
        return accounts.import_members(
            text, actor_role=actor_role, refuse_forbidden=refuse_forbidden
        )
    return import_into_groups(members, problems, actor_role, actor_id, refuse_forbidden)


def import_into_groups(
    members: list[Member],
    problems: list[LineProblem],
    actor_role: str,
    actor_id: int | None,
    refuse_forbidden: bool,
) -> ImportReport:
    """Store the checked `members` of a file with a group column, or nothing if any line
    (`problems`, or one found here) is wrong. With `refuse_forbidden` (the web page), a
    line asking for a role the importer may not grant raises NotAllowed first, as the
    import without groups does."""
    problems = list(problems)
    groups = _groups(members, problems, actor_role, actor_id)
    existing = _accounts({member.email for member in members})
    for member in members:
        account = existing.get(member.email)
        role = account.role if account is not None else member.role
        if may_grant(actor_role, role):
            continue
        error = NotAllowed(N_("only an administrator can manage {role} accounts"), role=role)
        if refuse_forbidden and account is None:
            raise error
        problems.append(LineProblem(member.line, error))
    if problems:
        problems.sort(key=lambda problem: problem.line)
        return ImportReport(problems=problems, nothing_imported=True)
    return _store(members, groups, existing)


def _groups(
    members: list[Member], problems: list[LineProblem], actor_role: str, actor_id: int | None
) -> dict[str, Group]:
    """The groups the file names, by name as written; an unknown one, or one the importer
    does not lead (a facilitator), is a problem of each line naming it."""
    led = led_group_ids(actor_id) if actor_role != "admin" and actor_id is not None else set()
    by_name = groups_by_name()
    found: dict[str, Group] = {}
    for member in members:
        group = by_name.get(member.group.casefold()) if member.group else None
        if group is not None:
            found[member.group] = group
        elif member.group:
            problems.append(_unknown(member))
    for member in members:
        group = found.get(member.group)
        if group is not None and actor_role != "admin" and group.id not in led:
            problems.append(
                LineProblem(
                    member.line,
                    NotAllowed(N_("you do not lead the group {group}"), group=group.name),
                )
            )
    return found


def joined_groups(report: ImportReport) -> list[Group]:
    """The groups an import added people to, in the file's order: the report links to
    them, since the coordinator's next steps (assigning paths, naming who leads the group)
    are on the group's page."""
    by_name = groups_by_name()
    found: dict[int, Group] = {}
    for member in report.joined:
        group = by_name.get(member.group.casefold())
        if group is not None:
            found.setdefault(group.id, group)
    return list(found.values())


def _unknown(member: Member) -> LineProblem:
    return LineProblem(
        member.line,
        AccountError(
            N_("unknown group `{group}`: create it on the Groups page first"), group=member.group
        ),
    )


def _accounts(emails: set[str]) -> dict[str, User]:
    """The existing accounts among these (lower-cased) emails."""
    wanted = sorted(emails)
    found: dict[str, User] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = session().scalars(
            select(User).where(func.lower(User.email).in_(wanted[start : start + CHUNK]))
        )
        found.update((user.email.lower(), user) for user in rows)
    return found


def _store(
    members: list[Member], groups: dict[str, Group], existing: dict[str, User]
) -> ImportReport:
    """One transaction: the new accounts (one unknown password, hashed once, as the import
    without groups does) and the memberships not already there."""
    db = session()
    unknown_password = hash_password(secrets.token_urlsafe(32))
    fresh = [member for member in members if member.email not in existing]
    new_users = [
        User(email=m.email, name=m.name, role=m.role, password_hash=unknown_password) for m in fresh
    ]
    db.add_all(new_users)
    try:
        db.flush()
        users = {**existing, **{user.email: user for user in new_users}}
        already = existing_memberships(group.id for group in groups.values())
        joined: list[Member] = []
        for member in members:
            group = groups.get(member.group)
            if group is None or (group.id, users[member.email].id) in already:
                continue
            already.add((group.id, users[member.email].id))
            db.add(GroupMember(group_id=group.id, user_id=users[member.email].id))
            joined.append(member)
        db.commit()
    except IntegrityError:  # accounts or memberships made by another request meanwhile
        db.rollback()
        raise AccountError(
            N_("other accounts were being created at the same time: import the file again")
        ) from None
    return ImportReport(created=fresh, joined=joined)

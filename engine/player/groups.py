"""Groups, in one place for the staff pages, the join link, the CSV import and, next, the
catalogue and the dashboard: who is in which group, who leads it, what it must follow by
when, and who may see or change it.

Reach: administrators see and change every group; facilitators only the groups they lead
(a group they create is theirs); learners never see a group's page, only their own
assignments (`assignments_for`). A refused action raises accounts.NotAllowed (the web
answers 403 and changes nothing), a bad field accounts.AccountError: the same messages,
translated where they are shown, as the accounts rules.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from engine.i18n import N_
from engine.model import Library
from engine.player.accounts import AccountError, NotAllowed, find_user, may_grant, shown
from engine.player.db import session
from engine.player.models import (
    ASSIGNMENT_KINDS,
    Assignment,
    Group,
    GroupLeader,
    GroupMember,
    User,
)

MAX_GROUP_NAME = 200  # the groups.name column
MAX_DESCRIPTION = 2000
# Codes are read off a projected screen and typed on phones: capitals and digits, without
# the look-alikes 0/O and 1/I/L. 31^8 (8.5e11) codes: guessing one is out of reach.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TYPED_CODE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


class Actor(Protocol):
    """The signed-in person acting (security.SignedInUser, a models.User)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...


# --- reach -------------------------------------------------------------------------------


def led_group_ids(user_id: int) -> set[int]:
    """The groups a person leads."""
    return set(
        session().scalars(select(GroupLeader.group_id).where(GroupLeader.user_id == user_id))
    )


def may_manage(actor: Actor, group_id: int) -> bool:
    """Administrators manage every group, facilitators the groups they lead, nobody else."""
    if actor.role == "admin":
        return True
    if actor.role != "facilitator":
        return False
    return (
        session().scalar(
            select(GroupLeader.id).where(
                GroupLeader.group_id == group_id, GroupLeader.user_id == actor.id
            )
        )
        is not None
    )


def visible_groups(actor: Actor) -> list[Group]:
    """The groups whose page and dashboards `actor` may open, by name: all for an
    administrator, the led ones for a facilitator, none for a learner."""
    query = select(Group).order_by(Group.name, Group.id)
    if actor.role == "facilitator":
        query = query.join(GroupLeader, GroupLeader.group_id == Group.id).where(
            GroupLeader.user_id == actor.id
        )
    elif actor.role != "admin":
        return []
    return list(session().scalars(query))


def managed_group(actor: Actor, group_id: int) -> Group | None:
    """The group, if it exists; NotAllowed if `actor` may not manage it (before anything
    is read or changed for them)."""
    group = session().get(Group, group_id)
    if group is None:
        return None
    if not may_manage(actor, group_id):
        raise NotAllowed(N_("only the group's facilitators and administrators manage it"))
    return group


# --- fields ------------------------------------------------------------------------------


def validate_group_name(text: str) -> str:
    name = text.strip()
    if not name:
        raise AccountError(N_("a group name is required"))
    if len(name) > MAX_GROUP_NAME:
        raise AccountError(N_("the group name is longer than {max} characters"), max=MAX_GROUP_NAME)
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise AccountError(N_("the group name holds a control character (tab, line break, NUL...)"))
    return name


def validate_description(text: str) -> str:
    description = text.replace("\r\n", "\n").strip()
    if len(description) > MAX_DESCRIPTION:
        raise AccountError(
            N_("the description is longer than {max} characters"), max=MAX_DESCRIPTION
        )
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in description):
        raise AccountError(N_("the description holds a control character (NUL...)"))
    return description


def parse_date(text: str) -> date | None:
    """A date typed in a form (YYYY-MM-DD, what `<input type=date>` sends); empty: none."""
    text = text.strip()
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise AccountError(
            N_("`{value}` is not a date (year-month-day, e.g. 2027-03-15)"), value=shown(text)
        ) from None


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise AccountError(N_("the group ends before it starts"))


def normalise_code(text: str) -> str | None:
    """A typed join code as stored (capitals, without spaces or dashes), or None if it
    cannot be one: such a text is never sent to the database."""
    code = re.sub(r"[\s-]", "", text).upper()
    return code if _TYPED_CODE.fullmatch(code) else None


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """A code as printed: two blocks of four, easier to read aloud and to copy."""
    return f"{code[:4]}-{code[4:]}"


# --- groups ------------------------------------------------------------------------------


def create_group(
    actor: Actor,
    name: str,
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Group:
    """A new group, closed to joining; a facilitator who creates one leads it."""
    if actor.role not in ("admin", "facilitator"):
        raise NotAllowed(N_("only facilitators and administrators create groups"))
    name, description = validate_group_name(name), validate_description(description)
    _check_dates(starts_on, ends_on)
    _check_free_name(name)
    db = session()
    group = Group(
        name=name,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        join_code=new_join_code(),
    )
    db.add(group)
    try:
        db.flush()
        if actor.role == "facilitator":
            db.add(GroupLeader(group_id=group.id, user_id=actor.id))
        db.commit()
    except IntegrityError:  # the same name at the same moment (or, once in 10^11, a code)
        db.rollback()
        raise AccountError(N_("a group is already named {name}"), name=name) from None
    return group


def edit_group(
    group: Group, name: str, description: str, starts_on: date | None, ends_on: date | None
) -> None:
    name, description = validate_group_name(name), validate_description(description)
    _check_dates(starts_on, ends_on)
    taken = group_named(name)
    if taken is not None and taken.id != group.id:
        raise AccountError(N_("a group is already named {name}"), name=name)
    group.name, group.description = name, description
    group.starts_on, group.ends_on = starts_on, ends_on
    _commit(N_("a group is already named {name}"), name=name)


def _check_free_name(name: str) -> None:
    if group_named(name) is not None:
        raise AccountError(N_("a group is already named {name}"), name=name)


def group_named(name: str) -> Group | None:
    """The group of that name, in any case (a CSV file's group column)."""
    return groups_by_name().get(name.strip().casefold())


def groups_by_name() -> dict[str, Group]:
    """Every group by its name case-folded. Compared in Python, not with SQL's lower(),
    which SQLite applies to ASCII only: "SALARIÉ·ES" must find "Salarié·es" on both
    databases. An instance has tens of groups, not thousands."""
    return {group.name.casefold(): group for group in session().scalars(select(Group))}


def set_joining(group: Group, is_open: bool) -> None:
    group.join_open = is_open
    session().commit()


def renew_code(group: Group) -> None:
    """A new join code: the printed or projected one stops working (it leaked)."""
    group.join_code = new_join_code()
    session().commit()


def group_by_code(text: str) -> Group | None:
    code = normalise_code(text)
    if code is None:
        return None
    return session().scalar(select(Group).where(Group.join_code == code))


def _commit(message: str, **params: object) -> None:
    """Commit, or refuse with `message` what a unique key refused (a double click, two
    people at once) after undoing it."""
    db = session()
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise AccountError(message, **params) from None


# --- members and leaders -----------------------------------------------------------------


def members(group_id: int) -> list[User]:
    """The group's members, by name."""
    return _people(GroupMember, group_id)


def member_ids(group_id: int) -> set[int]:
    """Who is in the group: what the dashboard filters its learners by."""
    return set(
        session().scalars(select(GroupMember.user_id).where(GroupMember.group_id == group_id))
    )


def leaders(group_id: int) -> list[User]:
    """The facilitators (or administrators) who lead the group, by name."""
    return _people(GroupLeader, group_id)


def _people(link: type[GroupMember] | type[GroupLeader], group_id: int) -> list[User]:
    return list(
        session().scalars(
            select(User)
            .join(link, link.user_id == User.id)
            .where(link.group_id == group_id)
            .order_by(User.name, User.id)
        )
    )


def groups_of(user_id: int) -> list[Group]:
    """The groups a person is a member of, by name."""
    return list(
        session().scalars(
            select(Group)
            .join(GroupMember, GroupMember.group_id == Group.id)
            .where(GroupMember.user_id == user_id)
            .order_by(Group.name)
        )
    )


def is_member(group_id: int, user_id: int) -> bool:
    return (
        session().scalar(
            select(GroupMember.id).where(
                GroupMember.group_id == group_id, GroupMember.user_id == user_id
            )
        )
        is not None
    )


def add_member(group: Group, email: str, *, actor_role: str) -> User:
    """Add the account using `email`; a facilitator adds learners only (as they create
    learners only: accounts.GRANTS)."""
    user = find_user(email)
    if user is None:
        raise AccountError(N_("no account uses {email}"), email=shown(email.strip()))
    if not may_grant(actor_role, user.role):
        raise NotAllowed(N_("only an administrator can manage {role} accounts"), role=user.role)
    if is_member(group.id, user.id):
        raise AccountError(N_("{name} is already in the group"), name=user.name)
    session().add(GroupMember(group_id=group.id, user_id=user.id))
    _commit(N_("{name} is already in the group"), name=user.name)
    return user


def join(group: Group, user_id: int) -> bool:
    """Membership by the join link; False if the person already was a member."""
    if is_member(group.id, user_id):
        return False
    session().add(GroupMember(group_id=group.id, user_id=user_id))
    try:
        session().commit()
    except IntegrityError:  # the same person's second click
        session().rollback()
        return False
    return True


def remove_member(group: Group, user_id: int) -> None:
    session().execute(
        delete(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user_id)
    )
    session().commit()


def add_leader(group: Group, email: str, *, actor_role: str) -> User:
    """Administrators choose who leads a group, among facilitators and administrators."""
    if actor_role != "admin":
        raise NotAllowed(N_("only an administrator chooses who leads a group"))
    user = find_user(email)
    if user is None:
        raise AccountError(N_("no account uses {email}"), email=shown(email.strip()))
    if user.role not in ("facilitator", "admin"):
        raise AccountError(N_("{name} is not a facilitator"), name=user.name)
    if user.id in {leader.id for leader in leaders(group.id)}:
        raise AccountError(N_("{name} already leads the group"), name=user.name)
    session().add(GroupLeader(group_id=group.id, user_id=user.id))
    _commit(N_("{name} already leads the group"), name=user.name)
    return user


def remove_leader(group: Group, user_id: int, *, actor_role: str) -> None:
    if actor_role != "admin":
        raise NotAllowed(N_("only an administrator chooses who leads a group"))
    session().execute(
        delete(GroupLeader).where(GroupLeader.group_id == group.id, GroupLeader.user_id == user_id)
    )
    session().commit()


# --- assignments -------------------------------------------------------------------------


def assignments(group_id: int) -> list[Assignment]:
    """What the group must follow: paths first, then courses, by due date (none last)."""
    rows = session().scalars(select(Assignment).where(Assignment.group_id == group_id))
    return sorted(rows, key=_assignment_order)


def _assignment_order(assignment: Assignment) -> tuple[int, bool, date, str]:
    return (
        ASSIGNMENT_KINDS.index(assignment.kind),
        assignment.due_on is None,
        assignment.due_on or date.min,
        assignment.target_id,
    )


def assign(group: Group, target: str, due_on: date | None, *, library: Library) -> Assignment:
    """Assign a path or a course (`path:<id>` or `course:<id>`, as the page's list gives
    them); assigning it again changes its due date."""
    kind, _sep, target_id = target.partition(":")
    known = {
        "path": {path.id for path in library.paths},
        "course": {course.id for course in library.courses},
    }
    if target_id not in known.get(kind, set()):
        raise AccountError(
            N_("`{target}` is neither a training path nor a course"), target=shown(target)
        )
    db = session()
    assignment = db.scalar(
        select(Assignment).where(
            Assignment.group_id == group.id,
            Assignment.kind == kind,
            Assignment.target_id == target_id,
        )
    )
    if assignment is None:
        assignment = Assignment(group_id=group.id, kind=kind, target_id=target_id)
        db.add(assignment)
    assignment.due_on = due_on
    _commit(N_("it was assigned at the same moment: try again"))
    return assignment


def unassign(group: Group, assignment_id: int) -> None:
    session().execute(
        delete(Assignment).where(Assignment.group_id == group.id, Assignment.id == assignment_id)
    )
    session().commit()


@dataclass(frozen=True)
class Assigned:
    """A path or a course assigned to a learner through one or more groups: the earliest
    due date among them (None when none has one) and those groups' names."""

    kind: str  # path | course
    target_id: str
    due_on: date | None
    groups: tuple[str, ...]

    def late(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


def assignments_for(user_id: int) -> list[Assigned]:
    """What a learner must follow, through every group they are in, soonest due first
    (undated last): the catalogue's "to do" list. Only the learner's own."""
    rows = session().execute(
        select(Assignment.kind, Assignment.target_id, Assignment.due_on, Group.name)
        .join(Group, Group.id == Assignment.group_id)
        .join(GroupMember, GroupMember.group_id == Assignment.group_id)
        .where(GroupMember.user_id == user_id)
    )
    merged: dict[tuple[str, str], tuple[date | None, list[str]]] = {}
    for kind, target_id, due_on, group_name in rows:
        due, names = merged.get((kind, target_id), (due_on, []))
        if due is None or (due_on is not None and due_on < due):
            due = due_on
        merged[(kind, target_id)] = (due, sorted([*names, group_name]))
    found = [
        Assigned(kind, target_id, due, tuple(names))
        for (kind, target_id), (due, names) in merged.items()
    ]
    return sorted(
        found, key=lambda a: (a.due_on is None, a.due_on or date.min, a.kind, a.target_id)
    )


def assigned_user_ids(kind: str, target_id: str) -> set[int]:
    """Everyone a path or course is assigned to, through any group (`visibility: assigned`)."""
    return set(
        session().scalars(
            select(GroupMember.user_id)
            .join(Assignment, Assignment.group_id == GroupMember.group_id)
            .where(Assignment.kind == kind, Assignment.target_id == target_id)
        )
    )


def member_counts(group_ids: Sequence[int]) -> dict[int, int]:
    """How many members each group has (the groups list)."""
    if not group_ids:
        return {}
    rows = session().execute(
        select(GroupMember.group_id, func.count())
        .where(GroupMember.group_id.in_(list(group_ids)))
        .group_by(GroupMember.group_id)
    )
    return {group_id: count for group_id, count in rows}


def existing_memberships(group_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(group id, user id) of every membership of these groups (the CSV import)."""
    wanted = list(set(group_ids))
    if not wanted:
        return set()
    rows = session().execute(
        select(GroupMember.group_id, GroupMember.user_id).where(GroupMember.group_id.in_(wanted))
    )
    return {(group_id, user_id) for group_id, user_id in rows}

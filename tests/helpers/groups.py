"""Groups in the player's tests: groups made in the database,
and what the group tables hold (to show that a refused action changed nothing)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from engine.player import groups
from engine.player.accounts import find_user
from engine.player.db import session
from engine.player.models import Assignment, Group, GroupLeader, GroupMember, User


def make_group(
    app: Flask,
    name: str,
    *,
    leaders: tuple[str, ...] = (),
    members: tuple[str, ...] = (),
    join_open: bool = False,
    description: str = "",
) -> int:
    """A group made as an administrator would, led and joined by these emails; its id."""
    with app.app_context():
        actor = User(id=0, role="admin")
        group = groups.create_group(actor, name, description)
        for email in leaders:
            groups.add_leader(group, email, actor_role="admin")
        for email in members:
            groups.add_member(group, email, actor_role="admin")
        groups.set_joining(group, join_open)
        return group.id


def stored_group(group_id: int) -> Group:
    """The group, inside an app context."""
    group = session().get(Group, group_id)
    assert group is not None
    return group


def join_code(app: Flask, group_id: int) -> str:
    with app.app_context():
        return stored_group(group_id).join_code


def group_tables(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the group tables, as plain tuples, sorted."""
    with app.app_context():
        db = session()
        return {
            "groups": sorted(
                db.execute(
                    select(
                        Group.id,
                        Group.name,
                        Group.description,
                        Group.starts_on,
                        Group.ends_on,
                        Group.join_code,
                        Group.join_open,
                    )
                ).all()
            ),
            "members": sorted(db.execute(select(GroupMember.group_id, GroupMember.user_id)).all()),
            "leaders": sorted(db.execute(select(GroupLeader.group_id, GroupLeader.user_id)).all()),
            "assignments": sorted(
                db.execute(
                    select(
                        Assignment.group_id,
                        Assignment.kind,
                        Assignment.target_id,
                        Assignment.due_on,
                    )
                ).all()
            ),
        }


def member_emails(app: Flask, group_id: int) -> list[str]:
    with app.app_context():
        return [user.email for user in groups.members(group_id)]


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        user = find_user(email)
        assert user is not None
        return user.id

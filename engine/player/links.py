"""Single-use links sent by email: an invitation to choose one's password (valid days) and a
forgotten password's reset (valid an hour).

The link carries a random secret; the database keeps only its SHA-256, so a leaked backup
opens no account (the secret has 256 bits: a fast hash is enough, nothing to guess).
Using a link closes it and every other open link of the account, in the same transaction
as the new password: two clicks at once set one password, never two.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, has_request_context, url_for
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from engine.player.models import LoginLink, User, now

INVITE, RESET = "invite", "reset"
PURPOSES = (INVITE, RESET)
RESET_LIFETIME = timedelta(hours=1)
KEPT_AFTER_EXPIRY = timedelta(days=30)  # a late click still gets "expired", not "unknown"
# Where each purpose's link leads (auth.py's views).
ENDPOINTS = {INVITE: "auth.invitation", RESET: "auth.reset_password"}


def lifetime(purpose: str) -> timedelta:
    """An invitation waits for someone back from holidays; a reset is asked by the person
    who uses it, at once."""
    if purpose == INVITE:
        return timedelta(days=int(current_app.config["INVITATION_DAYS"]))
    return RESET_LIFETIME


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(db: Session, user: User, purpose: str) -> str:
    """A new link's secret for `user` (added to `db`, committed by the caller). The
    account's links expired for a month go: the table keeps what can still be answered."""
    token = secrets.token_urlsafe(32)
    moment = now()
    db.execute(
        delete(LoginLink).where(
            LoginLink.user_id == user.id, LoginLink.expires_at < moment - KEPT_AFTER_EXPIRY
        )
    )
    db.add(
        LoginLink(
            token_hash=_digest(token),
            purpose=purpose,
            user_id=user.id,
            created_at=moment,
            expires_at=moment + lifetime(purpose),
        )
    )
    return token


def url(purpose: str, token: str) -> str:
    """The link's full address. The site's configured address (BASE_URL) when there is one:
    a link built from a request's Host header could point a reset to another site.
    Without it, the staff member's own request gives the address of the links shown to
    them; the command line then prints the path alone."""
    endpoint = ENDPOINTS[purpose]
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    if not has_request_context():  # the command line
        return base + current_app.url_map.bind("localhost").build(endpoint, {"token": token})
    if base:
        return base + url_for(endpoint, token=token)
    return url_for(endpoint, token=token, _external=True)


class State(enum.Enum):
    VALID = "valid"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Found:
    state: State
    link: LoginLink | None = None
    user: User | None = None


def find(db: Session, token: str, purpose: str) -> Found:
    """What a link's secret opens, if anything. A link of a deactivated or deleted account
    is unknown; of another purpose too (an invitation's secret is no reset's)."""
    if not token or len(token) > 100:
        return Found(State.UNKNOWN)
    link = db.scalar(
        select(LoginLink).where(
            LoginLink.token_hash == _digest(token), LoginLink.purpose == purpose
        )
    )
    user = db.get(User, link.user_id) if link is not None else None
    if link is None or user is None or not user.active:
        return Found(State.UNKNOWN)
    if link.used_at is not None:
        return Found(State.USED, link, user)
    if link.expires_at <= now():
        return Found(State.EXPIRED, link, user)
    return Found(State.VALID, link, user)


def consume(db: Session, link: LoginLink) -> bool:
    """Close `link` and every other open link of its account, if `link` is still open:
    False when another request used it first. The caller commits with the new password."""
    moment = now()
    closed = db.execute(
        update(LoginLink)
        .where(LoginLink.id == link.id, LoginLink.used_at.is_(None))
        .values(used_at=moment)
    )
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        return False
    db.execute(
        update(LoginLink)
        .where(LoginLink.user_id == link.user_id, LoginLink.used_at.is_(None))
        .values(used_at=moment)
    )
    return True

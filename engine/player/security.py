"""Sign-in, CSRF, rate limits, secure headers and the interface language."""

from __future__ import annotations

import os
import re
import shlex
import sys
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_babel import Babel, get_translations
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.i18n import LOCALE_DIR
from engine.player.models import STAFF_ROLES, User, session_id

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()
babel = Babel()

# No inline script, nothing from another host: every page is self-contained.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'; "
    "base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    # Remember-me cookies are as sensitive as the session: Secure whenever it is.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter.init_app(app)
    workers = gunicorn_workers()
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory://") and workers > 1:
        app.logger.warning(
            "Sign-in limits are counted in each of the %s gunicorn workers' memory, so they "
            "allow %s times the limit. Give the workers a shared store: "
            "LIANE_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379 (see the README).",
            workers,
            workers,
        )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to open this page.")
    login_manager.login_message_category = "info"
    babel.init_app(
        app,
        locale_selector=select_language,
        default_domain="liane",
        default_translation_directories=str(LOCALE_DIR),
    )
    # Templates call gettext a few dozen times a page; resolving the translations once per
    # request (not once per text, as Flask-Babel does) makes pages about a third faster.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=page_gettext, ngettext=page_ngettext, newstyle=True
    )
    app.after_request(_secure_headers)

    login_manager.user_loader(load_user)


def gunicorn_workers() -> int:
    """How many worker processes gunicorn was asked for (1 outside gunicorn), read from its
    command line and WEB_CONCURRENCY as gunicorn reads them; a config file is not read."""
    if not os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn"):
        return 1
    try:
        from gunicorn.config import Config

        args = [*shlex.split(os.environ.get("GUNICORN_CMD_ARGS", "")), *sys.argv[1:]]
        workers = Config().parser().parse_known_args(args)[0].workers
        return int(workers or os.environ.get("WEB_CONCURRENCY") or 1)
    except (ImportError, ValueError, SystemExit):
        return 1


@limiter.request_filter
def _not_a_post() -> bool:
    """Only form posts are limited (sign-in, registration): other requests skip the
    limiter's per-request lookup, which showed in every page's profile."""
    return request.method != "POST"


@dataclass(frozen=True)
class SignedInUser:
    """What pages need to know about the signed-in person, without the ORM."""

    id: int
    email: str
    name: str
    role: str
    language: str | None
    session_version: int = 0
    is_active: bool = True
    is_authenticated: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        return session_id(self.id, self.session_version)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


USER_CACHE_SECONDS = 10.0


SESSION_ID = re.compile(r"([0-9]{1,10})\.([0-9]{1,10})")


def load_user(stored_id: str) -> SignedInUser | None:
    """The signed-in user of a session or remember-me cookie, if its session version is
    still the account's (see models.session_id).

    The account is read from the database at most every USER_CACHE_SECONDS per process:
    every page needs it. A change made through this process (sign-out everywhere, a new
    password, a reset) forgets the cached account at once (forget_user); another instance
    behind the same load balancer sees it within USER_CACHE_SECONDS.
    """
    match = SESSION_ID.fullmatch(stored_id)
    if match is None:  # a session from before versions, or forged
        return None
    key, version = int(match[1]), int(match[2])
    users = current_app.extensions.setdefault("liane.users", {})  # per app: one database
    cached = users.get(key)
    # A version other than the cached one may be newer (the password was changed through
    # another instance): read the account again rather than refuse a valid session.
    if (
        cached is None
        or cached[0] <= time.monotonic()
        or (cached[1] is not None and cached[1].session_version != version)
    ):
        from engine.player.db import session

        row = (
            session()
            .execute(
                select(
                    User.id,
                    User.email,
                    User.name,
                    User.role,
                    User.language,
                    User.session_version,
                    User.active,
                ).where(User.id == key)
            )
            .first()
        )
        cached = (
            time.monotonic() + USER_CACHE_SECONDS,
            SignedInUser(*row[:6]) if row is not None and row.active else None,
        )
        users[key] = cached
    user: SignedInUser | None = cached[1]
    return user if user is not None and user.session_version == version else None


def revoke_sessions(db: Session, user: User) -> None:
    """End every session and remember-me cookie of this account, with what else the caller
    changed in it: a password change, an admin's reset, "sign out on every device". The
    cached account is dropped after the commit, so no request can cache the old version
    again in between."""
    user.session_version += 1
    db.commit()
    forget_user(user.id)


def forget_user(user_id: int) -> None:
    """Drop the cached account after a change to it (role, password, session version)."""
    current_app.extensions.setdefault("liane.users", {}).pop(user_id, None)


def _translations() -> Any:
    translations = g.get("liane_translations")
    if translations is None:
        translations = g.liane_translations = get_translations()
    return translations


def page_gettext(message: str) -> str:
    """gettext for templates (Jinja's newstyle wrapper does the %-formatting)."""
    return str(_translations().ugettext(message))


def page_ngettext(singular: str, plural: str, num: int) -> str:
    return str(_translations().ungettext(singular, plural, num))


def select_language() -> str | None:
    """The learner's choice, else the browser's preference among the interface languages."""
    from flask import current_app, session

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return str(current_user.language)
    return request.accept_languages.best_match(languages) or languages[0]


def _secure_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response

"""An app of the player on a given database, and test clients used as a browser would:
the CSRF token taken from the page, forms posted, people signed in."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from engine.player import create_app
from engine.player.db import dispose
from tests.helpers.courses import LIBRARY

PASSWORD = "motdepasse-solide"

_APPS: list[Flask] = []


def make_app(database_url: str, **config: Any) -> Flask:
    """The player on `database_url` with the test library (`config` overrides settings)."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "COURSES_DIR": str(LIBRARY),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    settings.update(config)
    application = create_app(settings)
    _APPS.append(application)
    return application


def dispose_apps() -> None:
    """Close the connection pool of every app made so far (PostgreSQL warns otherwise)."""
    while _APPS:
        dispose(_APPS.pop())


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, Any], page: str | None = None) -> Any:
    """POST like a browser: first GET the page (or `page`) for its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data})


def sign_in(client: FlaskClient, email: str) -> None:
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def count_attempts_and_answers(app: Flask) -> tuple[int, int]:
    from sqlalchemy import func, select

    from engine.player.db import session
    from engine.player.models import Answer, Attempt

    with app.app_context():
        db = session()
        return (
            db.scalar(select(func.count()).select_from(Attempt)) or 0,
            db.scalar(select(func.count()).select_from(Answer)) or 0,
        )

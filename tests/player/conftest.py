"""Fixtures for the player: an app on a real database, clients, signed-in people.

Every test runs on SQLite; where LIANE_TEST_POSTGRES_URL is set (CI sets it), it runs on
PostgreSQL as well, in a schema emptied before each test.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from engine.player import create_app
from engine.player.db import dispose, upgrade
from tests.conftest import ROOT

LIBRARY = ROOT / "tests" / "data" / "library"
POSTGRES_URL = os.environ.get("LIANE_TEST_POSTGRES_URL")
DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
PASSWORD = "motdepasse-solide"


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Override pytest-flask's: it keeps one request context for the whole test, so every
    request would share `g` (where Flask-WTF caches the CSRF token). Requests here get
    their own context, as in production."""


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        assert POSTGRES_URL is not None
        empty_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'liane.sqlite3'}"


_APPS: list[Flask] = []


@pytest.fixture(autouse=True)
def _close_databases() -> Iterator[None]:
    """Close every app's connection pool after the test (PostgreSQL warns otherwise)."""
    yield
    while _APPS:
        dispose(_APPS.pop())


def make_app(database_url: str, **config: Any) -> Flask:
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


@pytest.fixture
def app(database_url: str) -> Flask:
    upgrade(database_url)
    return make_app(database_url)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, Any], page: str | None = None
              ) -> Any:
    """POST like a browser: first GET the page (or `page`) for its CSRF token."""
    html = client.get(page or url).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(html), **data})


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    from engine.player.auth import create_user

    def build(email: str = "awa@example.org", name: str = "Awa Diallo",
              role: str = "learner") -> Any:
        with app.app_context():
            return create_user(email, name, PASSWORD, role)

    return build


def sign_in(client: FlaskClient, email: str) -> None:
    response = post_form(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def learner(client: FlaskClient, make_user: Callable[..., Any]) -> FlaskClient:
    make_user()
    sign_in(client, "awa@example.org")
    return client


@pytest.fixture
def facilitator(app: Flask, make_user: Callable[..., Any]) -> FlaskClient:
    make_user("chloe@example.org", "Chloé Martin", "facilitator")
    other = app.test_client()
    sign_in(other, "chloe@example.org")
    return other


def all_at_once(calls: list[Callable[[], None]]) -> None:
    """Run the calls in threads at the same time (concurrent submissions) and wait."""
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def count_attempts_and_answers(app: Flask) -> tuple[int, int]:
    from sqlalchemy import func, select

    from engine.player.db import session
    from engine.player.models import Answer, Attempt

    with app.app_context():
        db = session()
        return (db.scalar(select(func.count()).select_from(Attempt)) or 0,
                db.scalar(select(func.count()).select_from(Answer)) or 0)

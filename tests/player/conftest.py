"""Fixtures for the player: an app on a real database, clients, signed-in people.

Every test runs on SQLite; where LIANE_TEST_POSTGRES_URL is set (CI sets it), it runs on
PostgreSQL as well, in a schema emptied before each test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player.db import upgrade
from tests.helpers.database import DATABASES, POSTGRES_URL, empty_postgres
from tests.helpers.player import PASSWORD, dispose_apps, make_app, sign_in


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


@pytest.fixture(autouse=True)
def _close_databases() -> Iterator[None]:
    """Close every app's connection pool after the test (PostgreSQL warns otherwise)."""
    yield
    dispose_apps()


@pytest.fixture
def app(database_url: str) -> Flask:
    upgrade(database_url)
    return make_app(database_url)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., Any]:
    from engine.player.accounts import create_user

    def build(
        email: str = "awa@example.org", name: str = "Awa Diallo", role: str = "learner"
    ) -> Any:
        with app.app_context():
            return create_user(email, name, PASSWORD, role)

    return build


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


@pytest.fixture
def admin(app: Flask, make_user: Callable[..., Any]) -> FlaskClient:
    make_user("ada@example.org", "Ada Admin", "admin")
    other = app.test_client()
    sign_in(other, "ada@example.org")
    return other

"""The database connection: a PostgreSQL connection cut while it sat in the pool (a database
restart, a firewall's idle timeout) is replaced before a request uses it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from engine.player import db
from engine.player.db import upgrade
from tests.helpers.database import POSTGRES_URL, empty_postgres
from tests.helpers.player import make_app, sign_in

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs LIANE_TEST_POSTGRES_URL")


def test_a_connection_cut_while_idle_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    assert POSTGRES_URL is not None
    empty_postgres(POSTGRES_URL)
    upgrade(POSTGRES_URL)
    app = make_app(POSTGRES_URL)
    with app.app_context():
        from engine.player.accounts import create_user

        create_user("awa@example.org", "Awa Diallo", "motdepasse-solide")
    client = app.test_client()
    sign_in(client, "awa@example.org")
    assert client.get("/learn/demo/intro.html").status_code == 200
    # Cut every connection the app holds in its pool, as a restart of the server would.
    admin = create_engine(POSTGRES_URL)
    with admin.connect() as connection:
        cut = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'"
            )
        ).scalar()
    admin.dispose()
    assert cut >= 1
    monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # as if they had sat there a while
    assert client.get("/learn/demo/intro.html").status_code == 200
    assert client.get("/").status_code == 200

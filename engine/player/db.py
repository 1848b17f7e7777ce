"""The database connection: one SQLAlchemy engine per app, one session per request.

SQLite (the embedded default) runs in WAL mode with foreign keys on, so readers never wait
for a writer; PostgreSQL is used as it is. The schema is created and upgraded by Alembic
(`liane db upgrade`), never by the app factory.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from flask import Flask, g
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["liane.db"] = sessionmaker(engine, expire_on_commit=False)
    # A second pool, in autocommit, for single statements atomic on their own (the page-view
    # upsert, on every page): no BEGIN and COMMIT around them, which on PostgreSQL are two
    # network round trips. Switching one pool's connections back and forth costs more.
    app.extensions["liane.autocommit"] = make_engine(app.config["DATABASE_URL"], autocommit=True)
    app.teardown_appcontext(_close_session)


def dispose(app: Flask) -> None:
    """Close every pooled connection of the app (tests, benchmarks)."""
    app.extensions["liane.db"].kw["bind"].dispose()
    app.extensions["liane.autocommit"].dispose()


IDLE_PING_SECONDS = 10.0


def make_engine(url: str, autocommit: bool = False) -> Engine:
    options: dict[str, Any] = {"future": True}
    if autocommit:
        options["isolation_level"] = "AUTOCOMMIT"
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": 30}
    engine = create_engine(url, **options)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        event.listen(engine, "checkout", _ping_if_idle)
        event.listen(engine, "checkin", _note_checkin)
    return engine


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """A connection that sat unused in the pool may have been cut (a database restart, a
    firewall's timeout): check it before a request uses it, and if it is gone, replace it
    and every older one. SQLAlchemy's pool_pre_ping does this on every checkout, a network
    round trip per request for connections that were used a few milliseconds ago."""
    last = record.info.get("checked_in")
    if last is None or time.monotonic() - last < IDLE_PING_SECONDS:
        return
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_connection.rollback()
    except Exception as error:
        raise exc.InvalidatePoolError() from error


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def single_statements() -> Engine:
    """The app's autocommit pool (see init_app): only for statements atomic on their own."""
    from flask import current_app

    engine: Engine = current_app.extensions["liane.autocommit"]
    return engine


def session() -> Session:
    """The request's session (opened on first use, closed at teardown)."""
    if "db_session" not in g:
        from flask import current_app

        g.db_session = current_app.extensions["liane.db"]()
    db: Session = g.db_session
    return db


def _close_session(_exc: BaseException | None) -> None:
    db = g.pop("db_session", None)
    if db is not None:
        db.close()


def upgrade(url: str, revision: str = "head") -> None:
    """Create or upgrade the schema with Alembic."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, revision)

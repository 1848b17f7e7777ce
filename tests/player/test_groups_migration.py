"""Migration 0004 (groups): a database at 0003 holding learners, progress, attempts and a
certificate is upgraded with its data, then takes groups; the schema the migrations make
is the one the models describe. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from engine.player import groups
from engine.player.db import upgrade
from engine.player.models import Base
from tests.helpers.groups import member_emails, stored_group
from tests.helpers.player import make_app

ROWS_0003 = {
    "users": "SELECT id, email, name, role, session_version FROM users ORDER BY id",
    "item_progress": "SELECT user_id, course_id, item_id, seconds FROM item_progress",
    "attempts": "SELECT id, user_id, quiz_id, number, score FROM attempts",
    "answers": "SELECT attempt_id, question_id, score FROM answers",
    "certificates": "SELECT code, user_id, course_title FROM certificates",
}


def fill_0003(url: str) -> None:
    """Data as a 0003 database has it (written in SQL: the models are the newest)."""
    engine = create_engine(url)
    now = datetime(2026, 11, 30, 9, 0)
    with engine.begin() as db:
        for n, (email, name, role) in enumerate(
            [
                ("awa@example.org", "Awa Diallo", "learner"),
                ("chloe@example.org", "Chloé Martin", "facilitator"),
            ],
            start=1,
        ):
            db.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, role, active, created_at,"
                    " session_version) VALUES (:id, :email, :name, 'x', :role, :active, :now, 2)"
                ),
                {"id": n, "email": email, "name": name, "role": role, "active": True, "now": now},
            )
        db.execute(
            text(
                "INSERT INTO item_progress (user_id, course_id, course_version, item_id,"
                " first_seen, last_seen, seconds)"
                " VALUES (1, 'demo', '1', 'lecon-1', :now, :now, 120)"
            ),
            {"now": now},
        )
        db.execute(
            text(
                "INSERT INTO attempts (id, user_id, course_id, course_version, quiz_id, number,"
                " seed, started_at, responses, score) VALUES (1, 1, 'demo', '1', 'quiz-1', 1, 7,"
                " :now, '{}', 0.75)"
            ),
            {"now": now},
        )
        db.execute(
            text(
                "INSERT INTO answers (attempt_id, question_id, response, score)"
                " VALUES (1, 'q1', '{}', 1.0)"
            )
        )
        db.execute(
            text(
                "INSERT INTO certificates (code, user_id, course_id, course_version, course_title,"
                " learner_name, issued_at, seconds, state) VALUES ('ABC123', 1, 'demo', '1',"
                " 'Cours de démonstration', 'Awa Diallo', :now, 120, 'completed')"
            ),
            {"now": now},
        )
    engine.dispose()


def read(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    with engine.connect() as db:
        rows = {
            table: [tuple(r) for r in db.execute(text(sql))] for table, sql in ROWS_0003.items()
        }
    engine.dispose()
    return rows


def test_0004_upgrades_a_0003_database_with_its_data(database_url: str) -> None:
    upgrade(database_url, "0003")
    fill_0003(database_url)
    before = read(database_url)
    assert before["users"] == [
        (1, "awa@example.org", "Awa Diallo", "learner", 2),
        (2, "chloe@example.org", "Chloé Martin", "facilitator", 2),
    ]
    upgrade(database_url, "0004")
    assert read(database_url) == before
    engine = create_engine(database_url)
    with engine.connect() as db:
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
        for table in ("groups", "group_members", "group_leaders", "assignments", "reminders_sent"):
            assert db.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
    engine.dispose()
    upgrade(database_url)  # and whatever comes after
    assert read(database_url) == before
    app = make_app(database_url)
    with app.app_context():
        chloe = type("Actor", (), {"id": 2, "role": "facilitator"})()
        group = groups.create_group(chloe, "Atelier Lille", "", date(2027, 3, 1), None)
        groups.add_member(stored_group(group.id), "awa@example.org", actor_role="facilitator")
        assert [g.name for g in groups.visible_groups(chloe)] == ["Atelier Lille"]
    assert member_emails(app, group.id) == ["awa@example.org"]


def test_the_migrations_make_the_models_schema(database_url: str) -> None:
    upgrade(database_url)
    engine = create_engine(database_url)
    with engine.connect() as db:
        assert compare_metadata(MigrationContext.configure(db), Base.metadata) == []
    engine.dispose()

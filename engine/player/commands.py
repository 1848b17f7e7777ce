"""The player's side of the `liane` command: database, accounts, development server.

Kept apart from engine/cli.py so that `liane check` never imports Flask.
"""

from __future__ import annotations

import csv
import io
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask

from engine.i18n import _
from engine.player import create_app
from engine.player.courses import load_courses
from engine.player.db import upgrade

ROLES = ("learner", "facilitator", "admin")


def app_with_db() -> Flask:
    app = create_app()
    upgrade(app.config["DATABASE_URL"])
    return app


def serve(host: str, port: int, reload_courses: bool, debug: bool) -> None:
    app = app_with_db()
    if reload_courses:
        watch_courses(app)
    click.echo(_("Liane is running at http://{host}:{port}/ (Ctrl+C stops it)").format(
        host=host, port=port))
    app.run(host=host, port=port, debug=debug, use_reloader=False)


def watch_courses(app: Flask, interval: float = 1.0) -> threading.Event:
    """Reload the courses when a file under the courses folder changes (development).

    Returns an event that stops the watcher when set.
    """
    root = Path(app.config["COURSES_DIR"])
    stop = threading.Event()

    def snapshot() -> dict[str, float]:
        return {str(p): p.stat().st_mtime for p in root.rglob("*") if p.is_file()}

    def loop() -> None:
        seen = snapshot()
        while not stop.wait(interval):
            current = snapshot()
            if current != seen:
                seen = current
                with app.app_context():
                    load_courses(app)
                app.logger.info("courses reloaded")

    threading.Thread(target=loop, name="liane-course-watcher", daemon=True).start()
    return stop


def create_account(app: Flask, email: str, name: str, password: str, role: str) -> None:
    from engine.player.auth import create_user, find_user

    with app.app_context():
        if find_user(email) is not None:
            raise click.ClickException(_("an account already uses {email}").format(email=email))
        create_user(email, name, password, role)


def reset_password(app: Flask, email: str, password: str) -> None:
    from engine.player.auth import find_user
    from engine.player.db import session
    from engine.player.passwords import hash_password

    with app.app_context():
        user = find_user(email)
        if user is None:
            raise click.ClickException(_("no account uses {email}").format(email=email))
        user.password_hash = hash_password(password)
        session().commit()


def import_members(text: str, tr: Callable[[str], str] = _) -> tuple[int, list[str]]:
    """Create accounts from CSV lines `email,name[,role]` (in an app context); report every
    bad line, create the good ones, never stop half-way. Returns (created, problems).

    Spreadsheets in French save CSV with `;`: the separator is taken from the first line.
    `tr` translates the problems (the web page passes the reader's language).
    """
    from engine.player.auth import create_user, find_user

    created, problems = 0, []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    first = 1
    if rows and rows[0] and rows[0][0].strip().lower() in ("email", "e-mail", "courriel"):
        rows, first = rows[1:], 2  # a header line
    for number, row in enumerate(rows, start=first):
        if not any(cell.strip() for cell in row):
            continue
        email = row[0].strip()
        name = row[1].strip() if len(row) > 1 else ""
        role = row[2].strip() if len(row) > 2 and row[2].strip() else "learner"
        if "@" not in email or not name:
            problems.append(tr("line {n}: expected `email,name[,role]`").format(n=number))
        elif role not in ROLES:
            problems.append(tr("line {n}: unknown role `{role}` ({roles})").format(
                n=number, role=role, roles=", ".join(ROLES)))
        elif find_user(email) is not None:
            problems.append(tr("line {n}: {email} already has an account").format(
                n=number, email=email))
        else:
            # A random password: the member sets theirs through a facilitator's reset.
            create_user(email, name, secrets.token_urlsafe(18), role)
            created += 1
    return created, problems

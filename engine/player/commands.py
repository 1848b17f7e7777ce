"""The player's side of the `liane` command: database, accounts, development server.

Kept apart from engine/cli.py so that `liane check` never imports Flask.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask

from engine.i18n import _
from engine.player import accounts, create_app, group_import
from engine.player.courses import load_courses
from engine.player.db import upgrade


def app_with_db() -> Flask:
    app = create_app()
    upgrade(app.config["DATABASE_URL"])
    return app


def serve(host: str, port: int, reload_courses: bool, debug: bool) -> None:
    app = app_with_db()
    if reload_courses:
        watch_courses(app)
    # Certificates print their verification address on the site's public address; the
    # development server's own is the best guess when none is configured.
    app.config["BASE_URL"] = app.config["BASE_URL"] or f"http://{host}:{port}"
    click.echo(
        _("Liane is running at http://{host}:{port}/ (Ctrl+C stops it)").format(
            host=host, port=port
        )
    )
    app.run(host=host, port=port, debug=debug, use_reloader=False)


def watch_courses(
    app: Flask, interval: float = 1.0, on_reload: Callable[[], None] | None = None
) -> threading.Event:
    """Reload the courses when a file under the courses folder changes (development).

    Changes made after this returns are seen; `on_reload` is called after each reload.
    A course saved with errors keeps its last good version (engine/player/courses.py); the
    log says so in the server's language. Returns an event that stops the watcher when set.
    """
    root = Path(app.config["COURSES_DIR"])
    stop = threading.Event()

    def snapshot() -> dict[str, float]:
        return {str(p): p.stat().st_mtime for p in root.rglob("*") if p.is_file()}

    seen = snapshot()

    def loop() -> None:
        nonlocal seen
        while not stop.wait(interval):
            current = snapshot()
            if current != seen:
                seen = current
                with app.app_context():
                    load_courses(app)
                app.logger.info(_("courses reloaded"))
                if on_reload is not None:
                    on_reload()

    threading.Thread(target=loop, name="liane-course-watcher", daemon=True).start()
    return stop


def create_account(app: Flask, email: str, name: str, password: str, role: str) -> None:
    """`liane users create`: what the accounts page refuses, this refuses too."""
    with app.app_context():
        try:
            accounts.add_account(email, name, password, role)
        except accounts.AccountError as error:
            raise click.ClickException(error.text(_)) from None


def reset_password(app: Flask, email: str, password: str) -> None:
    """`liane users reset-password`: the account is signed out everywhere."""
    with app.app_context():
        try:
            accounts.reset_password(email, password)
        except accounts.AccountError as error:
            raise click.ClickException(error.text(_)) from None


def import_file(app: Flask, path: Path) -> tuple[int, list[str]]:
    """`liane users import`: (accounts created, each bad line's problem), as an
    administrator. A file that is not UTF-8 is refused with what to do."""
    try:
        text = accounts.decode_csv(path.read_bytes())
    except accounts.AccountError as error:
        raise click.ClickException(error.text(_)) from None
    with app.app_context():
        try:
            report = accounts.import_members(text)
        except accounts.AccountError as error:
            raise click.ClickException(error.text(_)) from None
    if report.nothing_imported:
        click.secho(_(group_import.NOTHING_IMPORTED), fg="red", err=True)
    if report.joined:
        click.echo(_("{n} member(s) added to their group").format(n=len(report.joined)))
    return len(report.created), [problem.text(_) for problem in report.problems]

"""The player's side of the `liane` command: database, accounts, development server.

Kept apart from engine/cli.py so that `liane check` never imports Flask.
"""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    """The development server (`liane serve`, `make run`).

    The port is taken before anything is said: a busy one stops here with a message in the
    author's language, not after "Liane is running at ..." with Werkzeug's English lines.
    The socket so bound is the one the server then serves on, so no other program can take
    the port in between.
    """
    from werkzeug.serving import make_server

    listening = _listen(host, port)
    app = app_with_db()
    if reload_courses:
        watch_courses(app)
    # Certificates print their verification address on the site's public address; the
    # development server's own is the best guess when none is configured.
    app.config["BASE_URL"] = app.config["BASE_URL"] or f"http://{host}:{port}"
    app.debug = debug
    served: Any = app
    if debug:  # what app.run(debug=True) adds: Werkzeug's debugger
        from werkzeug.debug import DebuggedApplication

        served = DebuggedApplication(app, evalex=True)
    server = make_server(host, port, served, threaded=True, fd=listening.fileno())
    listening.close()  # the server holds its own copy of the socket
    click.echo(
        _("Liane is running at http://{host}:{port}/ (Ctrl+C stops it)").format(
            host=host, port=port
        )
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port and listening, or a ClickException that says why not."""
    from werkzeug.serving import get_sockaddr, select_address_family

    family = select_address_family(host, port)  # the family the server will expect
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Werkzeug does
    try:
        listening.bind(get_sockaddr(host, port, family))
        listening.listen(128)
    except OSError as error:
        listening.close()
        if error.errno == errno.EADDRINUSE:
            message = _(
                "port {port} is already in use by another program (another Liane?): stop "
                "it, or choose another port, e.g. `liane serve --port {other}` or "
                "`make run PORT={other}`"
            )
        elif error.errno == errno.EACCES:
            message = _(
                "port {port} is reserved to the system administrator: choose a port above "
                "1023, e.g. `liane serve --port {other}` or `make run PORT={other}`"
            )
        elif error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
            message = _(
                "{host} is not an address of this computer: try 127.0.0.1, or 0.0.0.0 to be "
                "reached from other machines"
            )
        else:
            message = _("cannot listen on {host}:{port}: {error}")
        raise click.ClickException(
            message.format(
                host=host, port=port, other=5001 if port != 5001 else 5002, error=error.strerror
            )
        ) from None
    return listening


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


def create_account(
    app: Flask, email: str, name: str, password: str | None, role: str, invite: bool = False
) -> None:
    """`liane users create`: what the accounts page refuses, this refuses too. With
    `invite`, the person gets a link to choose their password (password None)."""
    with app.app_context():
        try:
            user = accounts.add_account(email, name, password, role)
        except accounts.AccountError as error:
            raise click.ClickException(error.text(_)) from None
        if invite:
            echo_invitations(accounts.invite([user]))


def echo_invitations(invitations: accounts.Invitations) -> None:
    """How many invitations went out; for the others, why, and each person's link
    (`email<TAB>link` lines on the standard output) to pass on by hand."""
    if invitations.sent:
        click.echo(_("{n} invitation(s) sent by email").format(n=invitations.sent))
    if invitations.unsent:
        if invitations.error is not None:
            click.secho(invitations.error.text(_), fg="yellow", err=True)
        click.secho(
            _("{n} invitation(s) not sent: give each person their own link. It works once.").format(
                n=len(invitations.unsent)
            ),
            fg="yellow",
            err=True,
        )
        for item in invitations.unsent:
            click.echo(f"{item.email}\t{item.url}")


def reset_password(app: Flask, email: str, password: str) -> None:
    """`liane users reset-password`: the account is signed out everywhere."""
    with app.app_context():
        try:
            accounts.reset_password(email, password)
        except accounts.AccountError as error:
            raise click.ClickException(error.text(_)) from None


def import_file(app: Flask, path: Path, invite: bool = False) -> tuple[int, list[str]]:
    """`liane users import`: (accounts created, each bad line's problem), as an
    administrator. A file that is not UTF-8 is refused with what to do."""
    try:
        text = accounts.decode_csv(path.read_bytes())
    except accounts.AccountError as error:
        raise click.ClickException(error.text(_)) from None
    with app.app_context():
        try:
            report = group_import.import_members(text)
        except accounts.AccountError as error:
            raise click.ClickException(error.text(_)) from None
        if invite:
            echo_invitations(accounts.invite_members(report.created))
    if report.nothing_imported:
        click.secho(_(group_import.NOTHING_IMPORTED), fg="red", err=True)
    if report.joined:
        click.echo(_("{n} member(s) added to their group").format(n=len(report.joined)))
    return len(report.created), [problem.text(_) for problem in report.problems]

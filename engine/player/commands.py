"""The player's side of the `liane` command: database, accounts, development server, the
room's server for a live workshop.

Kept apart from engine/cli.py so that `liane check` never imports Flask.
"""

from __future__ import annotations

import contextlib
import errno
import io
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import segno
from flask import Flask
from sqlalchemy import func, select
from werkzeug.serving import WSGIRequestHandler

from engine.i18n import _
from engine.model import Course, Quiz
from engine.player import accounts, create_app, db, group_import
from engine.player.addresses import LISTENING, join_addresses, site_url
from engine.player.courses import load_courses
from engine.player.db import upgrade
from engine.player.models import STAFF_ROLES, LiveSession, User

if TYPE_CHECKING:
    from werkzeug.serving import BaseWSGIServer


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
    listening = _listen(host, port)
    app = app_with_db()
    app.extensions[LISTENING] = host  # the join screen's addresses (engine/player/addresses.py)
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
    server = _server(listening, host, served)
    click.echo(
        _("Liane is running at http://{host}:{port}/ (Ctrl+C stops it)").format(
            host=host, port=port
        )
    )
    _serve_until_stopped(server)


def _server(
    listening: socket.socket, host: str, served: Any, quiet: bool = False
) -> BaseWSGIServer:
    """Werkzeug's threaded server on the socket `_listen` bound (which it takes over).
    `quiet`: no line per request (its warnings and errors still show)."""
    from werkzeug.serving import make_server

    port = listening.getsockname()[1]
    handler = _QuietHandler if quiet else None
    server = make_server(
        host, port, served, threaded=True, request_handler=handler, fd=listening.fileno()
    )
    listening.close()  # the server holds its own copy of the socket
    return server


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _serve_until_stopped(server: BaseWSGIServer) -> None:
    """Serve until Ctrl+C, then free the port."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _listen(host: str, port: int, retry: str | None = None) -> socket.socket:
    """A socket bound to host:port and listening, or a ClickException that says why not.
    `retry` is the command to suggest with another port, `{other}` in place of the port."""
    from werkzeug.serving import get_sockaddr, select_address_family

    family = select_address_family(host, port)  # the family the server will expect
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Werkzeug does
    if host == "::":  # every address, IPv4's too, on Windows as well (IPv6 only by default)
        with contextlib.suppress(OSError, AttributeError):
            listening.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    try:
        listening.bind(get_sockaddr(host, port, family))
        listening.listen(128)
    except OSError as error:
        listening.close()
        if error.errno == errno.EADDRINUSE:
            message = _(
                "port {port} is already in use by another program (another Liane?): stop "
                "it, or choose another port, e.g. {retry}"
            )
        elif error.errno == errno.EACCES:
            message = _(
                "port {port} is reserved to the system administrator: choose a port above "
                "1023, e.g. {retry}"
            )
        elif error.errno == errno.EADDRNOTAVAIL or isinstance(error, socket.gaierror):
            message = _(
                "{host} is not an address of this computer: try 127.0.0.1, or 0.0.0.0 to be "
                "reached from other machines"
            )
        else:
            message = _("cannot listen on {host}:{port}: {error}")
        other = 5001 if port != 5001 else 5002
        retry = retry or _("`liane serve --port {other}` or `make run PORT={other}`")
        raise click.ClickException(
            message.format(
                host=host,
                port=port,
                retry=retry.replace("{other}", str(other)),
                error=error.strerror,
            )
        ) from None
    return listening


def workshop(host: str, port: int, quiz_id: str | None, retry: str) -> None:
    """`liane workshop`: the player for the room, on the addresses phones can reach.

    Everything that can fail (the port, the quiz) fails before anything else is printed.
    With a quiz, a live session is started at once, with no account: its secret opens the
    projected screen (on this computer) and the phone remote, printed here only.
    """
    from engine.player import live  # the pages' service: only this command needs it here

    listening = _listen(host, port, retry)
    port = listening.getsockname()[1]  # --port 0: the one the system chose
    try:
        app = app_with_db()
        app.extensions[LISTENING] = host  # the join screen's addresses
        chosen = find_quiz(app, quiz_id) if quiz_id else None
        with app.app_context():
            sites = join_addresses(port, "")
            if chosen is not None:
                started = live.start(db.session(), *chosen, created_by=None)
        if not app.config["BASE_URL"] and sites:  # certificates' address, as `serve` does
            app.config["BASE_URL"] = sites[0]
        # Phones poll every second: a line per request would push the addresses out of
        # the facilitator's sight.
        server = _server(listening, host, app, quiet=True)
    except BaseException:
        listening.close()
        raise
    here = site_url(_on_this_computer(host), port)
    if chosen is None:
        _echo_player(app, sites or [here])
    else:
        live_session, secret = started
        code = live.shown_code(live_session.code)
        _echo_session(live_session, secret, code, here, sites or [here])
    if not sites:
        _echo_unreachable(host)
    _serve_until_stopped(server)


def find_quiz(app: Flask, quiz_id: str) -> tuple[Course, Quiz]:
    """The course and quiz (or survey) named `quiz_id`, or `course/quiz` when several
    courses are served; else a ClickException that lists the ones there are."""
    library = app.extensions["liane.library"]
    several = len(library.courses) > 1
    names = {
        (f"{course.id}/{quiz.id}" if several else quiz.id): (course, quiz)
        for course in library.courses
        for quiz in course.quizzes
    }
    found = [pair for name, pair in names.items() if quiz_id in (name, pair[1].id)]
    if len(found) == 1:
        return found[0]
    if not names:
        raise click.ClickException(
            _("no quiz or survey in {folder} (`liane check {folder}` shows any problem)").format(
                folder=app.config["COURSES_DIR"]
            )
        )
    message = _("several courses have a quiz {quiz}: name one as COURSE/QUIZ among: {names}")
    if not found:
        message = _("no quiz or survey {quiz} here; the quizzes and surveys are: {names}")
    raise click.ClickException(message.format(quiz=quiz_id, names=", ".join(names)))


def _on_this_computer(host: str) -> str:
    """The address of the server from this computer's own browser."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    return "::1" if host == "::" else host


def _echo_player(app: Flask, sites: list[str]) -> None:
    """Without a quiz: where the player is, and how a facilitator starts a session."""
    click.echo(_("Liane is running for the room at {url}/ (Ctrl+C stops it)").format(url=sites[0]))
    _echo_others(sites, "/")
    click.echo(
        _(
            "To run a live session, sign in with a facilitator account and start it from "
            "the course's page: the projected screen shows participants the address and "
            "the code."
        )
    )
    with app.app_context():
        staff = db.session().scalar(
            select(func.count()).select_from(User).where(User.role.in_(STAFF_ROLES))
        )
    if not staff:
        click.echo(
            _(
                "There is no facilitator account yet: create one with `liane users create "
                "EMAIL --name NAME --role facilitator`, or give a quiz: `liane workshop "
                "COURSE_DIR QUIZ` needs no account."
            )
        )


def _echo_session(
    live_session: LiveSession, secret: str, code: str, here: str, sites: list[str]
) -> None:
    """With a quiz: the session's controls for the facilitator, then how participants join."""
    controls = f"/live/s/{live_session.id}/{{page}}?key={secret}"
    click.echo(_("Liane is running for the room (Ctrl+C stops it)."))
    click.echo(_("Live session: {title}").format(title=live_session.title))
    click.echo(_("Projected screen, to open on this computer:"))
    click.echo("  " + here + controls.format(page="screen"))
    click.echo(_("Remote control, on your phone on the same network:"))
    click.echo("  " + sites[0] + controls.format(page="control"))
    click.secho(
        _("These two addresses control the session without an account: keep them to yourself."),
        fg="yellow",
    )
    click.echo(_("Participants open this address and type the code {code}:").format(code=code))
    click.echo("  " + sites[0] + "/live")
    _echo_others(sites, "/live")
    direct = f"{sites[0]}/live/{live_session.code}"
    _echo_qr(direct, _("or scan this QR code, which leads to {url}:").format(url=direct))


def _echo_unreachable(host: str) -> None:
    """Why phones cannot join, when no address of the room's network is listened on."""
    if host in ("", "0.0.0.0", "::"):
        message = _(
            "This computer is on no network yet: join the room's Wi-Fi or start a hotspot, "
            "then run the command again."
        )
    else:
        message = _(
            "Only this computer can open Liane at {host}: leave out --host (or give "
            "--host 0.0.0.0) so that the room's phones can join."
        )
    click.secho(message.format(host=host), fg="yellow")


def _echo_others(sites: list[str], path: str) -> None:
    if len(sites) > 1:
        click.echo(_("Other addresses of this computer, if that one does not work:"))
        for site in sites[1:]:
            click.echo("  " + site + path)


def _echo_qr(url: str, caption: str) -> bool:
    """The caption and QR code of `url` in the terminal, when there is one to look at (not
    in a file or a pipe) and it can draw the code's blocks; False when not drawn."""
    out = sys.stdout
    if not out.isatty():
        return False
    drawn = io.StringIO()
    qr: Any = segno.make(url, error="m")  # its draw methods are set up at import: untyped
    qr.terminal(out=drawn, compact=True)
    try:
        drawn.getvalue().encode(out.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):  # an old Windows console's code page
        return False
    click.echo(caption, file=out)
    out.write(drawn.getvalue())
    return True


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

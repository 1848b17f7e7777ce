"""`liane workshop COURSE_DIR [QUIZ]`: the room's server from the command line (issue 15).

The command runs in this process (click's CliRunner) on a real database and a real socket;
only its last step, serving until Ctrl+C, is replaced by keeping the server, which a test
then runs in a thread to open the printed addresses.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import threading
import urllib.request
from collections.abc import Callable, Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
import segno
from click.testing import CliRunner, Result
from sqlalchemy import select

from engine.cli import main
from engine.player import commands
from engine.player.addresses import join_addresses, machine_addresses
from engine.player.db import dispose, session
from engine.player.models import LiveSession
from tests.helpers.courses import LIBRARY

DEMO = LIBRARY / "demo"  # one course: quizzes `quiz` and `diagnostic` (a survey)

Run = Callable[..., Result]
Started = tuple[str, int, LiveSession]


@pytest.fixture
def servers(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[list[Any]]:
    """The servers `liane workshop` made (their sockets open, not serving yet)."""
    made: list[Any] = []
    monkeypatch.setattr(commands, "_serve_until_stopped", made.append)
    monkeypatch.setenv("LIANE_DATABASE_URL", database_url)
    monkeypatch.setenv("LIANE_SECRET_KEY", "test-secret")
    monkeypatch.delenv("LIANE_COURSES_DIR", raising=False)  # the command sets it
    monkeypatch.delenv("LIANE_BASE_URL", raising=False)
    yield made
    for server in made:
        server.server_close()
        dispose(server.app)


@pytest.fixture
def workshop(servers: list[Any]) -> Run:
    def run(*args: str, language: str = "en") -> Result:
        return CliRunner().invoke(
            main, ["workshop", *args], prog_name="liane", env={"LIANE_LANG": language}
        )

    return run


def started(run: Run, servers: list[Any], *args: str, language: str = "en") -> Started:
    """Run `liane workshop ARGS` which must succeed and start one session: (its output, the
    server's port, the session)."""
    result = run(*args, language=language)
    assert result.exit_code == 0, result.output
    [live] = sessions(servers[-1])
    return result.output, servers[-1].server_address[1], live


def sessions(server: Any) -> list[LiveSession]:
    with server.app.app_context():
        return list(session().scalars(select(LiveSession)))


def others(path: str, port: int, title: str) -> str:
    """The lines of the machine's other addresses, if it has more than one."""
    rest = machine_addresses()[1:]
    lines = [f"  http://{ip}:{port}{path}\n" for ip in rest]
    return f"{title}\n{''.join(lines)}" if rest else ""


def test_a_quiz_starts_a_live_session_and_prints_its_addresses(
    workshop: Run, servers: list[Any]
) -> None:
    output, port, live = started(workshop, servers, str(DEMO), "quiz", "--port", "0")
    assert (live.course_id, live.quiz_id, live.created_by, live.phase) == (
        "demo",
        "quiz",
        None,
        "lobby",
    )
    secret = re.findall(r"key=(\S+)", output)[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == live.secret_hash
    likely = f"http://{machine_addresses()[0]}:{port}"
    code = f"{live.code[:3]} {live.code[3:]}"
    assert output == (
        "Liane is running for the room (Ctrl+C stops it).\n"
        "Live session: Quiz de démonstration\n"
        "Projected screen, to open on this computer:\n"
        f"  http://127.0.0.1:{port}/live/s/{live.id}/screen?key={secret}\n"
        "Remote control, on your phone on the same network:\n"
        f"  {likely}/live/s/{live.id}/control?key={secret}\n"
        "These two addresses control the session without an account: keep them to "
        "yourself.\n"
        f"Participants open this address and type the code {code}:\n"
        f"  {likely}/live\n"
        + others("/live", port, "Other addresses of this computer, if that one does not work:")
    )


def test_in_french(workshop: Run, servers: list[Any]) -> None:
    args = (str(DEMO), "diagnostic", "--port", "0")
    output, port, live = started(workshop, servers, *args, language="fr")
    assert live.quiz_id == "diagnostic"  # a survey
    secret = re.findall(r"key=(\S+)", output)[0]
    likely = f"http://{machine_addresses()[0]}:{port}"
    code = f"{live.code[:3]} {live.code[3:]}"
    assert output == (
        "Liane fonctionne pour la salle (Ctrl+C l'arrête).\n"
        "Session en direct : Mon projet\n"
        "Écran projeté, à ouvrir sur cet ordinateur :\n"
        f"  http://127.0.0.1:{port}/live/s/{live.id}/screen?key={secret}\n"
        "Télécommande, sur votre téléphone connecté au même réseau :\n"
        f"  {likely}/live/s/{live.id}/control?key={secret}\n"
        "Ces deux adresses pilotent la session sans compte : gardez-les pour vous.\n"
        f"Les participants ouvrent cette adresse et saisissent le code {code} :\n"
        f"  {likely}/live\n"
        + others(
            "/live",
            port,
            "Autres adresses de cet ordinateur, si celle-ci ne fonctionne pas :",
        )
    )


def test_the_printed_addresses_open_the_screen_and_the_remote(
    workshop: Run, servers: list[Any]
) -> None:
    output, port, live = started(workshop, servers, str(DEMO), "quiz", "--port", "0")
    [server] = servers
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        screen, remote = re.findall(r"^  (http://\S+key=\S+)$", output, re.M)
        pages = []
        for url in (screen, remote):
            browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            with browser.open(url, timeout=10) as response:  # ?key= -> cookie -> the page
                assert (response.status, response.url) == (200, url.split("?")[0])
                pages.append(response.read().decode())
        # The screen, opened on 127.0.0.1, projects the room's address, not its own.
        likely = f"http://{machine_addresses()[0]}:{port}"
        assert f'<strong class="screen-url">{likely}/live</strong>' in pages[0]
        assert re.search(f'aria-label="[^"]* {likely}/live/{live.code}"', pages[0])  # the QR
        joined = re.findall(r"^  (http://\S+/live)$", output, re.M)[0]
        with urllib.request.urlopen(joined, timeout=10) as response:
            assert response.status == 200
    finally:
        server.shutdown()
        thread.join(5)


def test_a_folder_of_courses_finds_the_quiz_in_its_course(
    workshop: Run, servers: list[Any]
) -> None:
    _output, _port, live = started(workshop, servers, str(LIBRARY), "quiz", "--port", "0")
    assert (live.course_id, live.quiz_id) == ("demo", "quiz")


def test_a_wrong_quiz_lists_the_quizzes_and_starts_nothing(
    workshop: Run, servers: list[Any]
) -> None:
    result = workshop(str(DEMO), "quiz-1", "--port", "0")
    assert result.exit_code == 1
    assert result.output == (
        "Error: no quiz or survey quiz-1 here; the quizzes and surveys are: quiz, diagnostic\n"
    )
    assert servers == []


def test_a_quiz_in_several_courses_is_named_with_its_course(
    workshop: Run, servers: list[Any], tmp_path: Path
) -> None:
    for name in ("demo", "demo-copy"):
        shutil.copytree(DEMO, tmp_path / "courses" / name)
    result = workshop(str(tmp_path / "courses"), "quiz", "--port", "0")
    assert result.exit_code == 1
    assert result.output == (
        "Error: several courses have a quiz quiz: name one as COURSE/QUIZ among: demo/quiz, "
        "demo/diagnostic, demo-copy/quiz, demo-copy/diagnostic\n"
    )
    args = (str(tmp_path / "courses"), "demo-copy/quiz", "--port", "0")
    _output, _port, live = started(workshop, servers, *args)
    assert (live.course_id, live.quiz_id) == ("demo-copy", "quiz")


def test_without_a_quiz_staff_start_the_session_from_the_course(
    workshop: Run, servers: list[Any]
) -> None:
    result = workshop(str(DEMO), "--port", "0")
    assert result.exit_code == 0, result.output
    [server] = servers
    port = server.server_address[1]
    assert sessions(server) == []
    assert result.output == (
        f"Liane is running for the room at http://{machine_addresses()[0]}:{port}/ "
        "(Ctrl+C stops it)\n"
        + others("/", port, "Other addresses of this computer, if that one does not work:")
        + "To run a live session, sign in with a facilitator account and start it from the "
        "course's page: the projected screen shows participants the address and the code.\n"
        "There is no facilitator account yet: create one with `liane users create EMAIL "
        "--name NAME --role facilitator`, or give a quiz: `liane workshop COURSE_DIR QUIZ` "
        "needs no account.\n"
    )
    with server.app.app_context():  # the join screen's address, and certificates'
        assert server.app.config["BASE_URL"] == f"http://{machine_addresses()[0]}:{port}"


def test_with_a_facilitator_account_no_account_is_suggested(
    workshop: Run, servers: list[Any], make_user: Callable[..., Any]
) -> None:
    make_user("chloe@example.org", "Chloé Martin", "facilitator")
    result = workshop(str(DEMO), "--port", "0")
    assert result.exit_code == 0, result.output
    assert "facilitator account yet" not in result.output
    assert result.output.endswith(
        "the projected screen shows participants the address and the code.\n"
    )


def test_on_this_computer_only_it_says_phones_cannot_join(
    workshop: Run, servers: list[Any]
) -> None:
    args = (str(DEMO), "quiz", "--host", "127.0.0.1", "--port", "0")
    output, port, _live = started(workshop, servers, *args)
    lines = output.splitlines()
    assert lines[8:] == [
        f"  http://127.0.0.1:{port}/live",
        "Only this computer can open Liane at 127.0.0.1: leave out --host (or give "
        "--host 0.0.0.0) so that the room's phones can join.",
    ]


def test_a_busy_port_names_this_command_to_run_again(workshop: Run, servers: list[Any]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = workshop(str(DEMO), "quiz", "--port", str(port))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: port {port} is already in use by another program (another Liane?): stop it, "
        f"or choose another port, e.g. `liane workshop {DEMO} quiz --port 5001`\n"
    )
    assert servers == []


def test_liane_serve_tells_the_join_screen_where_it_listens(servers: list[Any]) -> None:
    """`liane serve` listens on 127.0.0.1 by default: the join screen lists no address of
    the room's network (none would work), as it does for `--host 0.0.0.0`."""
    for host, expected in (("127.0.0.1", []), ("0.0.0.0", machine_addresses())):
        args = ["serve", "--courses", str(DEMO), "--host", host, "--port", "0"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        server = servers[-1]
        port = server.server_address[1]
        with server.app.app_context():
            urls = join_addresses(port, "/live")
        assert urls == [f"http://{ip}:{port}/live" for ip in expected]


class Terminal(io.StringIO):
    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__()
        self.code_page = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.code_page

    def isatty(self) -> bool:
        return True


def test_the_qr_code_is_drawn_in_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "http://192.168.1.20:5000/live/123456"
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    assert commands._echo_qr(url, "or scan:") is True
    drawn = io.StringIO()
    segno.make(url, error="m").terminal(out=drawn, compact=True)
    assert terminal.getvalue() == "or scan:\n" + drawn.getvalue()
    assert len(drawn.getvalue().splitlines()) == 19  # version 2: (25 + 2 * 4) / 2 rows
    old_windows = Terminal("cp1252")  # no block characters: no code, and no caption
    monkeypatch.setattr("sys.stdout", old_windows)
    assert commands._echo_qr(url, "or scan:") is False
    assert old_windows.getvalue() == ""
    piped = io.StringIO()
    monkeypatch.setattr("sys.stdout", piped)
    assert commands._echo_qr(url, "or scan:") is False
    assert piped.getvalue() == ""

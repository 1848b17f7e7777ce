"""Live sessions under a room's load (issue 15): `--participants` phones (60) doing what
static/liane-live.js does, against gunicorn on this machine, on SQLite and PostgreSQL.

Each simulated phone is a thread with its own cookies (requests): it joins with a nickname,
loads its page, then polls `GET /live/<code>/state` one second after each answer, with the
ETag it last got (If-None-Match: an unchanged state is a 304); when the state's `version`
differs from the one its page was drawn at, it reloads the page (`GET /live/<code>`), as the
script does. A page with the answer form is filled in (every question type: a radio, boxes,
text, selects), and after 1 to `--think` seconds posted as the script posts it (the page's
CSRF token, header X-Liane-Live), then the page is reloaded. A share of phones (`--double`)
double-tap: the same answer posted twice at once, as a second tab or a phone without the
script would. The projected screen polls `/live/s/<id>/screen/state` every second and reads
`answers`; the facilitator presses "next" on the phone remote (`/live/s/<id>/step` with the
version `v` the remote was drawn at) through every phase of every question of the quiz.

Measured:
- reveal: from the facilitator's "open" (the step POST's return) to each phone holding the
  page with the answer form: p50/p95/p99/max over all phones and questions;
- count: from an answer's POST to the first screen poll that must include it (sent after
  the POST returned): an upper bound, p50/p99;
- answers: the database must hold exactly one LiveAnswer per participant and question, and
  every answer a phone was told "stored" (exit status 1 otherwise; never on a timing);
- CPU: gunicorn's master and workers (psutil) over the questions, per participant and
  minute; over an idle window (phones in the lobby, polling), per poll; the share of 304s
  and the bytes of a poll (response headers and body, and the request);
- the polling floor of server-sent events: the state's SELECT alone, in this process, which
  a stream reading the database every second would still pay (docs/performance.md).

gunicorn runs as the README deploys it: gthread, one worker per core (`--workers 2`), 4
threads each, keep-alive 0 (polls hold no thread between them; see docs/performance.md).
All phones come from 127.0.0.1: the join limit is raised (LIANE_LIVE_JOIN_RATE_LIMIT).

    .venv/bin/python bench/live_bench.py [--participants 60] [--databases sqlite postgresql]
        [--postgres-url postgresql+psycopg://postgres@127.0.0.1:5432/test] [--json]

PostgreSQL: the database's public schema is EMPTIED first (use a database of the bench's
own). Needs requests and psutil (the `bench` extra's locust brings both).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import psutil
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
GOAL_S = 2.0
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
COURSE, QUIZ = "genre-bases", "quiz-4-marqueur-genre"  # seven questions, six types
CORES = os.cpu_count() or 1
POLL_S = 1.0  # static/liane-live.js: interval() while the page is visible
RETRY_S = 2.0  # ... and after a failed request


class BenchError(Exception):
    """The benchmark itself could not run (exit status 2)."""


def percentile(values: list[float], share: float) -> float:
    """Nearest rank; 0 for no value."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0


# --- the server ------------------------------------------------------------------------------


class Gunicorn:
    """gunicorn in a session of its own (stopped as a whole), and its CPU time."""

    def __init__(
        self, env: dict[str, str], workers: int, threads: int, keep_alive: int, log: Path
    ) -> None:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = int(sock.getsockname()[1])
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            *("--bind", f"{HOST}:{self.port}", "--worker-class", "gthread"),
            *("--workers", str(workers), "--threads", str(threads)),
            # keep-alive 0 with as many connections as threads spreads the phones over the
            # workers (the README's setting); with keep-alive, each phone keeps a connection
            *("--keep-alive", str(keep_alive)),
            *("--worker-connections", str(threads if keep_alive == 0 else 1000)),
            *("--timeout", "60", "--log-level", "warning"),
            *("--chdir", str(ROOT), "engine.player:create_app()"),
        ]
        self.log = log
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                command, env=env, stdout=out, stderr=out, start_new_session=True
            )
        self.base = f"http://{HOST}:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited:\n{log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(requests.RequestException):
                answering = requests.get(self.base + "/live", timeout=5).status_code == 200
                if answering and len(self.processes()) > workers:
                    return
            time.sleep(0.2)
        raise BenchError("gunicorn did not answer within 60 s")

    def processes(self) -> list[psutil.Process]:
        try:
            master = psutil.Process(self.proc.pid)
            return [master, *master.children()]
        except psutil.Error:
            return []

    def cpu(self) -> float:
        """CPU seconds of the master and its workers so far."""
        total = 0.0
        for proc in self.processes():
            with contextlib.suppress(psutil.Error):
                total += sum(proc.cpu_times()[:2])
        return total

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def postgres_cpu(database: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving `database` (by its process title)."""
    found = {}
    for proc in psutil.process_iter(["name", "cmdline"]):
        title = " ".join(proc.info["cmdline"] or [])
        if (proc.info["name"] or "").startswith("postgres") and f" {database} " in title:
            with contextlib.suppress(psutil.Error):
                found[proc.pid] = sum(proc.cpu_times()[:2])
    return found


# --- a browser ---------------------------------------------------------------------------------


@dataclass
class Traffic:
    """What one client's polls cost on the wire."""

    polls: int = 0
    not_modified: int = 0
    response_bytes: int = 0  # status line, headers and body as sent
    request_bytes: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, other: Traffic) -> None:
        self.polls += other.polls
        self.not_modified += other.not_modified
        self.response_bytes += other.response_bytes
        self.request_bytes += other.request_bytes
        self.errors.update(other.errors)


def wire_bytes(response: requests.Response) -> tuple[int, int]:
    """(response, request) bytes as HTTP/1.1 sends them (the body as compressed on the wire)."""
    head = len(f"HTTP/1.1 {response.status_code} {response.reason}\r\n\r\n")
    head += sum(len(k) + len(v) + 4 for k, v in response.raw.headers.items())
    body = int(response.headers.get("Content-Length") or len(response.content))
    request = response.request
    sent = len(f"{request.method} {request.path_url} HTTP/1.1\r\nHost: {HOST}:00000\r\n\r\n")
    sent += sum(len(k) + len(v) + 4 for k, v in request.headers.items())
    return head + body, sent


class Browser:
    """A requests session that polls a state URL as static/liane-live.js does."""

    def __init__(self, base: str, state_url: str) -> None:
        self.base, self.state_url = base, state_url
        self.http = requests.Session()
        # A browser sends a GET again when the server closed a kept-alive connection as it
        # was reused (only with --keep-alive).
        retry = Retry(total=2, connect=2, read=2, status=0, allowed_methods={"GET"})
        self.http.mount("http://", HTTPAdapter(max_retries=retry))
        self.etag: str | None = None
        self.traffic = Traffic()

    def get(self, path: str, **options: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, **options)

    def post(self, path: str, **options: Any) -> requests.Response:
        return self.http.post(self.base + path, timeout=30, **options)

    def poll(self) -> dict[str, Any] | None:
        """The state, or None when unchanged (304)."""
        headers = {"Accept": "application/json"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        response = self.get(self.state_url, headers=headers)
        received, sent = wire_bytes(response)
        self.traffic.polls += 1
        self.traffic.response_bytes += received
        self.traffic.request_bytes += sent
        if response.status_code == 304:
            self.traffic.not_modified += 1
            return None
        if response.status_code != 200:
            raise requests.HTTPError(f"state {response.status_code}")
        self.etag = response.headers.get("ETag")
        return dict(response.json())


VERSION = re.compile(r'data-live-version="([^"]*)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


def page_version(page: str) -> str:
    found = VERSION.search(page)
    if found is None:
        raise BenchError(f"no data-live-version in the page:\n{page[:500]}")
    return found.group(1)


class AnswerForm(HTMLParser):
    """The fields of the page's answer form (`data-live-answer`), filled in as a participant
    could: one radio of each group, one or two boxes, a number or words, distinct choices in
    the selects of an ordering or a matching."""

    def __init__(self, page: str, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        self.select: str | None = None
        self.options: dict[str, list[str]] = {}
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "data-live-answer" in a:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "text" and a.get("inputmode") == "decimal":
                kind = "number"
            self.kinds[name] = kind
            self.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.kinds[name] = "textarea"
            self.fields[name] = [""]
        elif tag == "select" and name:
            self.select = name
            self.kinds[name] = "select"
            self.options[name] = []
        elif tag == "option" and self.select and a.get("value"):
            self.options[self.select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None

    def filled(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        used: set[str] = set()
        for name, kind in self.kinds.items():
            values = self.fields.get(name, [])
            if kind == "hidden":
                data[name] = values[0]
            elif kind == "radio":
                data[name] = self.rng.choice(values)
            elif kind == "checkbox":
                data[name] = self.rng.sample(values, self.rng.randint(1, min(2, len(values))))
            elif kind == "number":
                data[name] = str(self.rng.randint(1, 60))
            elif kind == "select":
                free = [v for v in self.options[name] if v not in used] or self.options[name]
                data[name] = free[0] if self.rng.random() < 0.6 else self.rng.choice(free)
                used.add(data[name])
            else:  # a short answer, a blank, an open answer
                data[name] = self.rng.choice(["égalité", "genre", "parité", "données ventilées"])
        return data


# --- the room --------------------------------------------------------------------------------


@dataclass
class Answer:
    participant: int  # the phone's number
    question: str
    started: float
    returned: float
    outcome: str  # stored | already | closed | blank | error


class Room:
    """What every thread shares: the stop signal and the records, under one lock."""

    def __init__(self, base: str, code: str, think: float) -> None:
        self.base, self.code, self.think = base, code, think
        self.stop = threading.Event()
        self.lock = threading.Lock()
        # phone, page asked for, page received, its form's question
        self.pages: list[tuple[int, float, float, str | None]] = []
        self.answers: list[Answer] = []
        self.screen: list[tuple[float, float, int]] = []  # sent, received, answers
        self.errors: Counter[str] = Counter()

    def note_error(self, what: str) -> None:
        with self.lock:
            self.errors[what[:160]] += 1

    def answered(self, question: str) -> int:
        with self.lock:
            return len({a.participant for a in self.answers if a.question == question})


class Phone(threading.Thread):
    def __init__(self, room: Room, number: int, double: bool, seed: int) -> None:
        super().__init__(name=f"phone-{number}", daemon=True)
        self.room, self.number, self.double = room, number, double
        self.rng = random.Random(seed)
        self.browser = Browser(room.base, f"/live/{room.code}/state")
        self.joined = threading.Event()
        self.version = ""
        self.form: AnswerForm | None = None
        self.question: str | None = None
        self.answer_at = 0.0

    def run(self) -> None:
        code = self.room.code
        try:
            time.sleep(self.rng.uniform(0, 3))  # a room does not join in the same millisecond
            page = self.browser.get(f"/live/{code}").text
            token = TOKEN.search(page)
            assert token, page[:300]
            joined = self.browser.post(
                f"/live/{code}/join",
                data={"csrf_token": token.group(1), "nickname": f"Téléphone {self.number}"},
            )
            if joined.status_code != 200 or "data-live-version" not in joined.text:
                raise BenchError(f"join: {joined.status_code} {joined.text[:300]}")
            self.loaded(joined.text)
        except (requests.RequestException, BenchError, AssertionError) as exc:
            self.room.note_error(f"join: {exc}")
            return
        self.joined.set()
        next_poll = time.monotonic() + POLL_S
        while not self.room.stop.is_set():
            if self.form is not None and self.answer_at <= next_poll:
                self.wait_until(self.answer_at)
                try:
                    self.send()
                except Exception as exc:  # noqa: BLE001 - the reload after it failed
                    self.browser.traffic.errors[f"answer: {exc}"[:160]] += 1
                next_poll = time.monotonic() + POLL_S
                continue
            self.wait_until(next_poll)
            if self.room.stop.is_set():
                break
            try:
                state = self.browser.poll()
                if state is not None and state["version"] != self.version:
                    self.reload()
                next_poll = time.monotonic() + POLL_S
            except Exception as exc:  # noqa: BLE001 - a phone keeps asking, as the script does
                self.browser.traffic.errors[f"poll: {exc}"[:160]] += 1
                next_poll = time.monotonic() + RETRY_S

    def wait_until(self, moment: float) -> None:
        self.room.stop.wait(max(0.0, moment - time.monotonic()))

    def reload(self) -> None:
        asked = time.monotonic()
        response = self.browser.get(f"/live/{self.room.code}")
        if response.status_code == 404:  # the session has ended: the phone stops asking
            self.room.stop.wait()
            return
        self.loaded(response.text, asked)

    def loaded(self, page: str, asked: float | None = None) -> None:
        """A page arrived: its version, and its answer form if it has one. The script's first
        poll of a new page sends the page's version as its ETag (a phone's ETag is it)."""
        at = time.monotonic()
        self.version = page_version(page)
        self.browser.etag = f'"{self.version}"'
        self.form = AnswerForm(page, self.rng) if "data-live-answer" in page else None
        self.question = self.form.fields["question"][0] if self.form else None
        with self.room.lock:
            self.room.pages.append((self.number, asked or at, at, self.question))
        if self.form is not None:
            self.answer_at = at + self.rng.uniform(1.0, self.room.think)

    def send(self) -> None:
        assert self.form is not None and self.question is not None
        data = self.form.filled()
        posts = 2 if self.double else 1
        outcomes: list[Answer] = []

        def post() -> None:
            started = time.monotonic()
            try:
                response = self.browser.post(
                    f"/live/{self.room.code}/answer", data=data, headers={"X-Liane-Live": "1"}
                )
                outcome = (
                    str(response.json().get("outcome"))
                    if response.status_code == 200
                    else f"error {response.status_code}"
                )
            except (requests.RequestException, ValueError) as exc:
                outcome = f"error {type(exc).__name__}"
            outcomes.append(
                Answer(self.number, self.question or "", started, time.monotonic(), outcome)
            )

        taps = [threading.Thread(target=post) for _ in range(posts)]
        for tap in taps:
            tap.start()
        for tap in taps:
            tap.join()
        with self.room.lock:
            self.room.answers.extend(outcomes)
        if any(a.outcome.startswith("error") for a in outcomes):
            self.answer_at = time.monotonic() + RETRY_S  # the script keeps it and sends again
            return
        self.form = None
        self.reload()  # the script reloads the page after an answer


class Screen(threading.Thread):
    """The projected screen's poll of its state (with the session's secret in a cookie)."""

    def __init__(self, room: Room, session_id: int, secret: str) -> None:
        super().__init__(name="screen", daemon=True)
        self.room = room
        self.path = f"/live/s/{session_id}/screen"
        self.browser = Browser(room.base, self.path + "/state")
        self.browser.get(f"{self.path}?key={secret}", allow_redirects=False)
        self.version = page_version(self.browser.get(self.path).text)
        self.answers = 0

    def run(self) -> None:
        while not self.room.stop.wait(POLL_S):
            sent = time.monotonic()
            try:
                state = self.browser.poll()
                if state is not None:
                    self.answers = int(state["answers"])
                with self.room.lock:
                    self.room.screen.append((sent, time.monotonic(), self.answers))
                if state is not None and state["version"] != self.version:
                    self.version = page_version(self.browser.get(self.path).text)
                    self.browser.etag = None
            except Exception as exc:  # noqa: BLE001 - the screen keeps asking
                self.room.note_error(f"screen: {exc}")


class Remote:
    """The facilitator's phone remote: each press is drawn from the page it was on."""

    def __init__(self, base: str, session_id: int, secret: str) -> None:
        self.path = f"/live/s/{session_id}"
        self.browser = Browser(base, self.path + "/screen/state")
        self.browser.get(f"{self.path}/control?key={secret}", allow_redirects=False)
        self.page = self.browser.get(f"{self.path}/control").text

    def press(self, action: str) -> float:
        """Press `action`; the moment the step's POST returned."""
        version = re.search(r'name="v" value="(\d+)"', self.page)
        token = TOKEN.search(self.page)
        if not version or not token:
            raise BenchError(f"no step form on the remote:\n{self.page[:500]}")
        response = self.browser.post(
            f"{self.path}/step",
            data={
                "csrf_token": token.group(1),
                "v": version.group(1),
                "action": action,
                "from": "control",
            },
            allow_redirects=False,
        )
        returned = time.monotonic()
        if response.status_code not in (302, 303):
            raise BenchError(f"step {action}: {response.status_code}")
        self.page = self.browser.get(f"{self.path}/control").text
        return returned

    def phase(self) -> str:
        self.browser.etag = None
        state = self.browser.poll()
        assert state is not None
        return str(state["version"]).rsplit("-", 1)[1]


# --- one run -----------------------------------------------------------------------------------


@dataclass
class Figures:
    database: str
    participants: int
    questions: int
    reveal_p50: float
    reveal_p95: float
    reveal_p99: float
    reveal_max: float
    page_p99: float  # of which the page's GET, once a poll saw the new version
    reveals_missed: int  # (phone, question) pairs whose form never arrived
    count_p50: float
    count_p99: float
    answers_expected: int
    answers_stored: int  # rows in the database
    lost: int
    duplicated: int
    double_taps: int
    outcomes: dict[str, int]
    minutes: float
    cpu_s: float  # gunicorn, over the questions
    cpu_ms_per_participant_minute: float
    idle_cpu_ms_per_poll: float
    idle_polls_per_s: float
    not_modified_share: float
    response_bytes_per_poll: float
    request_bytes_per_poll: float
    postgres_cpu_s: float | None
    flask_poll_ms: float  # a 304 poll through Flask's test client, in this process
    sse_floor_ms: float  # the state's SELECT alone, in this process
    client_cpu_s: float  # this process (the phones), over the questions
    others_cpu_s: float  # the rest of the machine over the questions: was it quiet?
    errors: dict[str, int]

    @property
    def failed(self) -> bool:
        return bool(self.lost or self.duplicated)


def database(kind: str, postgres_url: str, folder: Path) -> str:
    """A migrated, empty database: SQLite in `folder`, or PostgreSQL's public schema emptied
    (as every test run empties it)."""
    from engine.player.db import upgrade
    from tests.helpers.database import empty_postgres

    url = f"sqlite:///{folder / 'live.sqlite3'}"
    if kind == "postgresql":
        url = postgres_url
        empty_postgres(url)
    upgrade(url)
    return url


def app_for(url: str, courses: Path) -> Any:
    from engine.player import create_app

    return create_app(
        {"SECRET_KEY": "live-bench", "DATABASE_URL": url, "COURSES_DIR": str(courses)}
    )


def start_session(url: str, courses: Path, course_id: str, quiz_id: str) -> tuple[int, str, str]:
    """A session in its lobby, as `liane workshop COURSE_DIR QUIZ` starts it: (id, code,
    secret)."""
    from engine.player import live
    from engine.player.courses import library
    from engine.player.db import dispose, session

    app = app_for(url, courses)
    with app.app_context():
        course = library().course(course_id)
        quiz = course.item(quiz_id) if course else None
        if course is None or quiz is None:
            raise BenchError(f"no quiz {course_id}/{quiz_id} in {courses}")
        item, secret = live.start(session(), course, quiz, created_by=None)  # type: ignore[arg-type]
        found = item.id, item.code, secret
    dispose(app)
    return found


def in_process(url: str, courses: Path, code: str, rounds: int = 300) -> tuple[float, float]:
    """CPU milliseconds, in this process, of (a 304 poll through Flask's test client, the
    state's SELECT and tag alone). The second is what a server-sent events stream reading
    the database every second would still pay per phone and second, with no notification
    shared by the processes; the first less the second is what it would save."""
    from engine.player import live
    from engine.player.db import dispose, session
    from engine.player.models import now

    app = app_for(url, courses)
    phone = app.test_client()
    tag = phone.get(f"/live/{code}/state").headers["ETag"]
    started = time.process_time()
    for _round in range(rounds):
        response = phone.get(f"/live/{code}/state", headers={"If-None-Match": tag})
        assert response.status_code == 304, response.status_code
    request = time.process_time() - started
    with app.app_context():
        started = time.process_time()
        for _round in range(rounds):
            item = live.by_code(session(), code)
            assert item is not None
            live.state_tag(item, now())
            session().rollback()  # a new transaction, as each second's read would be
        select = time.process_time() - started
    dispose(app)
    return request * 1000 / rounds, select * 1000 / rounds


def check_answers(url: str, courses: Path, session_id: int, room: Room) -> tuple[int, int, int]:
    """(rows, lost, duplicated): every (participant, question) a phone answered must be there
    exactly once, every "stored" once, no row for a pair nobody answered."""
    from sqlalchemy import select

    from engine.player.db import dispose, session
    from engine.player.models import LiveAnswer, LiveParticipant

    app = app_for(url, courses)
    with app.app_context():
        rows = (
            session()
            .execute(
                select(LiveParticipant.nickname, LiveAnswer.question_id)
                .join(LiveParticipant, LiveParticipant.id == LiveAnswer.participant_id)
                .where(LiveAnswer.session_id == session_id)
            )
            .all()
        )
    dispose(app)
    stored = Counter((int(nick.rsplit(" ", 1)[1]), question) for nick, question in rows)
    told = Counter((a.participant, a.question) for a in room.answers if a.outcome == "stored")
    answered = {(a.participant, a.question) for a in room.answers}
    lost = sum(1 for pair in answered if pair not in stored)
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    duplicated += sum(n - 1 for n in told.values() if n > 1)
    duplicated += sum(1 for pair in stored if pair not in answered)
    return len(rows), lost, duplicated


def run(kind: str, args: argparse.Namespace) -> Figures:
    from tests.helpers.courses import copy_bundled

    with tempfile.TemporaryDirectory(prefix="live-bench-") as tmp:
        folder = Path(tmp)
        courses = copy_bundled(folder / "courses")
        url = database(kind, args.postgres_url, folder)
        session_id, code, secret = start_session(url, courses, args.course, args.quiz)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("LIANE_")},
            "LIANE_DATABASE_URL": url,
            "LIANE_COURSES_DIR": str(courses),
            "LIANE_SECRET_KEY": "live-bench-" + os.urandom(8).hex(),
            "LIANE_INSTANCE_PATH": str(folder / "instance"),
            "LIANE_LIVE_JOIN_RATE_LIMIT": "100000 per minute",
        }
        server = Gunicorn(env, args.workers, args.threads, args.keep_alive, folder / "gunicorn.log")
        try:
            return measure(kind, args, server, url, courses, session_id, code, secret)
        finally:
            server.stop()


def measure(
    kind: str,
    args: argparse.Namespace,
    server: Gunicorn,
    url: str,
    courses: Path,
    session_id: int,
    code: str,
    secret: str,
) -> Figures:
    from sqlalchemy import make_url

    room = Room(server.base, code, args.think)
    rng = random.Random(15)
    doubles = set(rng.sample(range(args.participants), round(args.double * args.participants)))
    phones = [Phone(room, n, n in doubles, 1000 + n) for n in range(args.participants)]
    remote = Remote(server.base, session_id, secret)
    screen = Screen(room, session_id, secret)
    me = psutil.Process()
    try:
        for phone in phones:
            phone.start()
        screen.start()
        for phone in phones:
            if not phone.joined.wait(60):
                raise BenchError(f"phone {phone.number} did not join: {dict(room.errors)}")
        # Idle: everyone in the lobby, polling. What one 304 poll costs the server.
        time.sleep(2 * POLL_S)
        idle_cpu, idle_polls, idle_at = server.cpu(), polls(phones, screen).polls, time.monotonic()
        time.sleep(args.idle)
        idle_s = time.monotonic() - idle_at
        idle_cpu = server.cpu() - idle_cpu
        idle_polls = polls(phones, screen).polls - idle_polls
        # The questions, through every phase.
        database_name = make_url(url).database or ""
        pg_before = postgres_cpu(database_name) if kind == "postgresql" else {}
        traffic_before = polls(phones, screen)
        cpu_before, started = server.cpu(), time.monotonic()
        client_cpu, machine_cpu = sum(me.cpu_times()[:2]), machine_busy()
        opened = run_questions(room, remote, screen, args)
        minutes = (time.monotonic() - started) / 60
        cpu = server.cpu() - cpu_before
        client_cpu = sum(me.cpu_times()[:2]) - client_cpu
        machine_cpu = machine_busy() - machine_cpu
        pg_after = postgres_cpu(database_name) if kind == "postgresql" else {}
        traffic = polls(phones, screen)
        traffic.polls -= traffic_before.polls
        traffic.not_modified -= traffic_before.not_modified
        traffic.response_bytes -= traffic_before.response_bytes
        traffic.request_bytes -= traffic_before.request_bytes
    finally:
        room.stop.set()
        for thread in [*phones, screen]:
            thread.join(timeout=35)
    pg_cpu = sum(t - pg_before.get(pid, 0.0) for pid, t in pg_after.items())
    rows, lost, duplicated = check_answers(url, courses, session_id, room)
    flask_ms, select_ms = in_process(url, courses, code)
    expected = args.participants * len(opened)
    lost += expected - len({(a.participant, a.question) for a in room.answers})
    reveals, missed = reveal_times(room, opened, args.participants)
    loads = [when - asked for _n, asked, when, shown in room.pages if shown]
    counts = count_times(room)
    outcomes = Counter(a.outcome for a in room.answers)
    errors = Counter(room.errors)
    errors.update(traffic.errors)
    return Figures(
        database=kind,
        participants=args.participants,
        questions=len(opened),
        reveal_p50=percentile(reveals, 0.50),
        reveal_p95=percentile(reveals, 0.95),
        reveal_p99=percentile(reveals, 0.99),
        reveal_max=max(reveals, default=0.0),
        page_p99=percentile(loads, 0.99),
        reveals_missed=missed,
        count_p50=percentile(counts, 0.50),
        count_p99=percentile(counts, 0.99),
        answers_expected=expected,
        answers_stored=rows,
        lost=lost,
        duplicated=duplicated,
        double_taps=len(doubles) * len(opened),
        outcomes=dict(outcomes),
        minutes=minutes,
        cpu_s=cpu,
        cpu_ms_per_participant_minute=cpu * 1000 / args.participants / minutes,
        idle_cpu_ms_per_poll=idle_cpu * 1000 / max(idle_polls, 1),
        idle_polls_per_s=idle_polls / idle_s,
        not_modified_share=traffic.not_modified / max(traffic.polls, 1),
        response_bytes_per_poll=traffic.response_bytes / max(traffic.polls, 1),
        request_bytes_per_poll=traffic.request_bytes / max(traffic.polls, 1),
        postgres_cpu_s=pg_cpu if kind == "postgresql" else None,
        flask_poll_ms=flask_ms,
        sse_floor_ms=select_ms,
        client_cpu_s=client_cpu,
        others_cpu_s=machine_cpu - cpu - client_cpu - pg_cpu,
        errors=dict(errors),
    )


def machine_busy() -> float:
    """CPU seconds the machine's cores spent working so far (all processes)."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def polls(phones: list[Phone], screen: Screen) -> Traffic:
    total = Traffic()
    for browser in [*(p.browser for p in phones), screen.browser]:
        total.add(browser.traffic)
    return total


def run_questions(
    room: Room, remote: Remote, screen: Screen, args: argparse.Namespace
) -> list[tuple[float, str]]:
    """Every question: shown, open (until every phone answered and the screen counts them
    all, or `--wait` seconds), then "next" through closed, results and answer. Returns
    (the open step's return, the question) for each question opened."""
    opened: list[tuple[float, str]] = []
    remote.press("next")  # lobby -> the first question, shown
    while remote.phase() != "end":
        time.sleep(args.step)
        phase = remote.phase()
        if phase != "shown":
            remote.press("next")
            continue
        at = remote.press("open")
        question = wait_for_question(room, at)
        opened.append((at, question))
        deadline = time.monotonic() + args.wait
        while time.monotonic() < deadline and room.answered(question) < args.participants:
            time.sleep(0.1)
        with room.lock:  # then until the screen has polled once after the last answer
            last = max((a.returned for a in room.answers if a.question == question), default=at)
        while time.monotonic() < deadline and not any(s >= last for s, _r, _n in room.screen):
            time.sleep(0.1)
        print(
            f"question {len(opened)} ({question}): {room.answered(question)} phones answered, "
            f"{time.monotonic() - at:.1f} s after opening",
            file=sys.stderr,
        )
        remote.press("next")
        if args.questions and len(opened) >= args.questions:
            break
    time.sleep(2 * POLL_S)  # the phones see the last step
    return opened


def wait_for_question(room: Room, at: float) -> str:
    """The question of the form the phones were given after `at`."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with room.lock:
            found = [q for _n, _a, when, q in room.pages if when >= at - POLL_S and q]
        if found:
            return found[0]
        time.sleep(0.05)
    raise BenchError("no phone received the answer form within 30 s")


def reveal_times(
    room: Room, opened: list[tuple[float, str]], participants: int
) -> tuple[list[float], int]:
    """Seconds from each open to each phone's first page with that question's form (0 for
    a poll that got in between the step's commit and its response)."""
    times: list[float] = []
    for at, question in opened:
        first: dict[int, float] = {}
        for phone, _asked, when, shown in room.pages:
            if shown == question and phone not in first:
                first[phone] = max(0.0, when - at)
        times.extend(first.values())
    return times, len(opened) * participants - len(times)


def count_times(room: Room) -> list[float]:
    """Seconds from each stored answer's POST to the screen's first poll sent after it
    returned (that poll's count includes it)."""
    times: list[float] = []
    for answer in room.answers:
        if answer.outcome != "stored":
            continue
        after = [received for sent, received, _n in room.screen if sent >= answer.returned]
        if after:
            times.append(min(after) - answer.started)
    return times


# --- the report ----------------------------------------------------------------------------------


def report(figures: list[Figures], args: argparse.Namespace) -> str:
    lines = [
        "| database | reveal p50 | p95 | p99 | max | page GET p99 | answer to screen p50 | p99 "
        "| answers stored / expected | lost | duplicated |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {f.database} | {f.reveal_p50:.2f} s | {f.reveal_p95:.2f} s | {f.reveal_p99:.2f} s "
        f"| {f.reveal_max:.2f} s | {f.page_p99:.2f} s | {f.count_p50:.2f} s | {f.count_p99:.2f} s "
        f"| {f.answers_stored} / {f.answers_expected} | {f.lost} | {f.duplicated} |"
        for f in figures
    ]
    lines += [
        "",
        "| database | gunicorn CPU | per participant and minute | idle: CPU per poll "
        "| polls/s | 304 share | bytes per poll (response / request) "
        "| PostgreSQL CPU | in-process 304 | SELECT alone (SSE floor) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {f.database} | {f.cpu_s:.1f} s over {f.minutes:.1f} min "
        f"| {f.cpu_ms_per_participant_minute:.0f} ms | {f.idle_cpu_ms_per_poll:.2f} ms "
        f"| {f.idle_polls_per_s:.1f} | {f.not_modified_share:.1%} "
        f"| {f.response_bytes_per_poll:.0f} / {f.request_bytes_per_poll:.0f} B "
        f"| {'-' if f.postgres_cpu_s is None else f'{f.postgres_cpu_s:.1f} s'} "
        f"| {f.flask_poll_ms:.2f} ms | {f.sse_floor_ms:.2f} ms |"
        for f in figures
    ]
    lines.append("")
    for f in figures:
        lines.append(
            f"{f.database}: {f.participants} phones, {f.questions} questions, "
            f"{f.double_taps} double taps; outcomes {dict(sorted(f.outcomes.items()))}; "
            f"phone/question pairs without the form: {f.reveals_missed}; "
            f"CPU of the phones (this process) {f.client_cpu_s:.1f} s, of other processes "
            f"{f.others_cpu_s:.1f} s ({f.others_cpu_s / (60 * f.minutes * CORES):.0%} of the "
            f"machine)"
        )
        if f.errors:
            lines.append(f"  errors: {f.errors}")
        met = "met" if f.reveal_p99 < GOAL_S and f.count_p99 < GOAL_S else "not met"
        kept = "0 lost, each stored once" if not f.failed else "ANSWERS LOST OR DUPLICATED"
        lines.append(f"  goal p99 under {GOAL_S:.0f} s: {met}; {kept}")
    lines.append(
        f"gunicorn gthread {args.workers} workers x {args.threads} threads, "
        f"keep-alive {args.keep_alive}; "
        f"{os.cpu_count()} CPUs; load average {os.getloadavg()}"
    )
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    )
    parser.add_argument("--course", default=COURSE)
    parser.add_argument("--quiz", default=QUIZ)
    parser.add_argument("--questions", type=int, default=0, help="stop after N (0: all)")
    parser.add_argument("--double", type=float, default=0.2, help="share of double-tappers")
    parser.add_argument("--think", type=float, default=10.0, help="answer within 1..N s")
    parser.add_argument("--step", type=float, default=5.0, help="seconds between steps")
    parser.add_argument("--wait", type=float, default=30.0, help="at most, per question")
    parser.add_argument("--idle", type=float, default=15.0, help="lobby seconds measured")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep-alive", type=int, default=0, help="gunicorn's, in seconds")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """0, or 1 when an answer was lost or stored twice (never for a timing), 2 when the
    benchmark could not run."""
    args = parse(argv)
    load = os.getloadavg()
    try:
        figures = [run(kind, args) for kind in args.databases]
    except (BenchError, requests.RequestException) as exc:
        print(f"live bench could not run: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
    else:
        print(report(figures, args))
        print(f"load average before: {load}")
    return 1 if any(f.failed for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())

"""Load benchmark of the learning player: simulated learners against gunicorn, on SQLite or
PostgreSQL, with a static-file ceiling, a database check of every acknowledged attempt, and a
phase where a gunicorn worker is killed with SIGKILL midway.

    .venv/bin/python bench/load_bench.py                      # SQLite in a temporary folder
    .venv/bin/python bench/load_bench.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test  # emptied first!

Phases, all with the same client setup (processes, a thread and a connection per learner):

1. ceiling: every learner GETs /static/liane.css in a loop (the same server returning a file,
   to the same signed-in browsers: their cookies go with it, as with a page's stylesheet);
2. lessons: signed-in learners GET lesson pages in a loop (no think time), to compare with 1.
   1 and 2 alternate for `--ceiling-rounds` short rounds and the best round of each counts
   (the machine may be shared); the ratio is also given from gunicorn's CPU per request;
3. load: a class. Learners arrive one after another over `--ramp-up` seconds (10: fifty
   people signing in within ten seconds), and each waits `--think-time` (1 s, 0.5 to 1.5 s
   at random) before every click: a hundred times faster than people read, so fifty
   simulated learners ask as much as thousands of real ones. Each signs in, then does
   `--iterations` times: read `--lessons-per-iteration` lessons, open the quiz page, start
   an attempt, reload the page, submit answers (a 302 to /attempts/<id> acknowledges it),
   read the results. Bounded by `--time-limit` as well. The latency targets apply here;
4. stress (unless --no-stress): the same learners with no pause, all signing in at the same
   moment. The server is then saturated on purpose: each request waits for those before it
   (on average learners / throughput, Little's law), so its latencies are reported, not held
   to the target; errors and lost or duplicated attempts still count;
5. kill (unless --no-kill-worker): the stress load again, and midway one gunicorn worker gets
   `kill -9` while every thread is busy. gunicorn forks a new one; learners carry on (a
   submit whose connection was cut is sent again, as a learner clicking again would).
   Failed requests count as errors of that phase.

After phases 3, 4 and 5 the database is read back: every acknowledged attempt must be there once,
submitted, with its answers; any submitted attempt nobody was told about is counted (after a
kill, a submit may have committed while its response was lost: that is not lost data; beyond
the number of failed submits it would be a duplicate).

Targets printed next to the figures: lesson page throughput >= 50 % of the static ceiling,
p99 < 250 ms on every route of the load phase (also given for the requests after the last
sign-in), zero errors (load phase), zero lost or duplicated attempts.
Timing never fails the run: the exit status is non-zero only when the benchmark itself could
not run (server did not start, database unreachable, ...).

Default server shape for a 2-core machine: gthread, `--workers 2 --threads 4`,
`--keep-alive 0`, and `--worker-connections` = threads (4).
- Two processes, one per core: rendering pages is CPU-bound Python, so the GIL allows about
  one core of useful work per worker; more workers than cores only add context switches
  and memory (and more SQLite writers fighting for the one write lock).
- Four threads per worker: every page view commits a progress row, logins hash a password
  with Argon2id (which releases the GIL) and PostgreSQL answers over a socket, so a few threads
  keep a core busy while others wait; many more threads only queue on the GIL and stretch
  the tail latency.
- A worker takes a connection only when it has a free thread (worker connections = threads)
  and closes it after the response (keep-alive 0): otherwise a gthread worker accepts every
  connection it can (up to 1000) and keeps the kept-alive ones for good, so one worker ends
  up serving nearly all learners while the other idles (measured: 14.4 s against 0.4 s of
  CPU, 49 connections against 0, with `--keep-alive 5`), and after a worker is killed its
  learners all reconnect to the survivor, never to the replacement. Keeping browsers'
  connections alive is the reverse proxy's job in production (nginx talks HTTP/1.0 to its
  upstream by default). The client keeps its connections alive whenever the server allows.
- Two workers also means a worker can be killed while the other one keeps serving.
`--keep-alive 5 --worker-connections 1000` shows gunicorn's own defaults; `--worker-class
sync --workers 5` the classic (2 x cores + 1) shape. Every phase prints each worker's CPU and
connections, so an imbalance shows.

The client gets `--client-processes 2` processes (threads inside: one learner each, its own
cookie jar and keep-alive http.client connection); its own CPU use is measured and printed,
with gunicorn's (also per answered request: a figure other work on the machine hardly moves)
and the rest of the machine's.

The login rate limit (LOGIN_RATE_LIMIT, 10 per minute and per address) is raised for the run
with LIANE_LOGIN_RATE_LIMIT, since every simulated learner comes from 127.0.0.1; pass
`--login-rate-limit ""` to keep the application's own.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import json
import math
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
STATIC_PATH = "/static/liane.css"
PASSWORD = "bench-password-not-secret"

TARGET_RATIO = 0.50
TARGET_P99_MS = 250.0

ROUTES = ["static", "login page", "login", "lesson", "quiz page", "start", "submit",
          "submit retry", "results"]

CSRF_RE = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
ATTEMPT_RE = re.compile(r'name="attempt" value="(\d+)"')
ATTEMPT_URL_RE = re.compile(r"^/attempts/(\d+)$")
TAG_RE = re.compile(r"<(input|textarea)\b([^>]*)>", re.IGNORECASE)
SELECT_RE = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.IGNORECASE | re.DOTALL)
OPTION_RE = re.compile(r'<option\b[^>]*value="([^"]*)"', re.IGNORECASE)
ATTR_RE = re.compile(r'([\w-]+)="([^"]*)"')
WORDS = ["genre", "égalité", "analyse", "projet", "données", "indicateurs", "femmes", "hommes",
         "diagnostic", "participation", "budget", "suivi"]


class BenchError(Exception):
    """The benchmark itself could not run."""


# --- the client: one thread per learner, a few processes --------------------------------


class StepFailed(Exception):
    """A request of the scenario failed (already recorded): the iteration is abandoned."""


class Browser:
    """One learner's browser: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, form: dict[str, Any] | None = None
                ) -> tuple[int, http.client.HTTPMessage, bytes]:
        headers = {"Accept-Language": "fr", "Accept": "text/html,*/*"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            self._store(header)
        if response.will_close:
            self.close()
        return response.status, response.headers, data

    def _store(self, header: str) -> None:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            return
        for name, morsel in jar.items():
            expires = morsel["expires"]
            if morsel["max-age"] == "0" or (expires and "1970" in expires):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.coded_value


@dataclass
class Recorder:
    """What one learner thread saw; merged per process, then per phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    starts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    error_times: list[tuple[float, str, str]] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)
    acks: list[tuple[str, int]] = field(default_factory=list)  # (email, attempt id)
    failed_submits: int = 0

    def error(self, route: str, kind: str, when: float, detail: str = "") -> None:
        self.errors[route][kind] += 1
        self.error_times.append((when, route, kind))
        if len(self.samples) < 5:
            self.samples.append(f"{route}: {kind} {detail}".strip()[:300])

    def merge(self, other: Recorder) -> None:
        for route, values in other.latencies.items():
            self.latencies[route].extend(values)
            self.starts[route].extend(other.starts[route])
        for route, kinds in other.errors.items():
            self.errors[route].update(kinds)
        self.error_times.extend(other.error_times)
        self.samples.extend(other.samples[: max(0, 8 - len(self.samples))])
        self.notes.update(other.notes)
        self.acks.extend(other.acks)
        self.failed_submits += other.failed_submits

    def to_dict(self) -> dict[str, Any]:
        return {"latencies": dict(self.latencies), "starts": dict(self.starts),
                "errors": {r: dict(k) for r, k in self.errors.items()},
                "error_times": self.error_times, "samples": self.samples,
                "notes": dict(self.notes), "acks": self.acks,
                "failed_submits": self.failed_submits}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recorder:
        rec = cls()
        for route, values in data["latencies"].items():
            rec.latencies[route].extend(values)
            rec.starts[route].extend(data["starts"][route])
        for route, kinds in data["errors"].items():
            rec.errors[route].update(kinds)
        rec.error_times = [tuple(t) for t in data["error_times"]]
        rec.samples = list(data["samples"])
        rec.notes.update(data["notes"])
        rec.acks = [tuple(a) for a in data["acks"]]
        rec.failed_submits = data["failed_submits"]
        return rec


class Learner:
    """The scenario of one simulated learner, run in its own thread."""

    def __init__(self, spec: dict[str, Any], plan: dict[str, Any], rec: Recorder) -> None:
        self.spec = spec
        self.plan = plan
        self.rec = rec
        self.browser = Browser(plan["port"], plan["timeout"])
        self.rng = random.Random(plan["seed"] * 1000 + spec["index"])
        self.signed_in = False

    def call(self, route: str, method: str, path: str, form: dict[str, Any] | None = None,
             expect: int = 200) -> tuple[http.client.HTTPMessage, str]:
        if self.plan.get("think_time") and self.plan.get("kind") == "learn":
            time.sleep(self.rng.uniform(0.5, 1.5) * self.plan["think_time"])
        start = time.monotonic()
        try:
            status, headers, body = self.browser.request(method, path, form)
        except (OSError, http.client.HTTPException) as exc:
            self.rec.error(route, f"connection {type(exc).__name__}", time.monotonic(),
                           str(exc))
            raise StepFailed from exc
        elapsed = time.monotonic() - start
        if status != expect:
            kind = f"HTTP {status}" if status >= 500 else f"unexpected {status}"
            where = headers.get("Location", "")
            self.rec.error(route, kind, time.monotonic(), f"{method} {path} -> {where}")
            if status in (301, 302, 303) and "/login" in where:
                self.signed_in = False
            raise StepFailed
        self.rec.latencies[route].append(elapsed)
        self.rec.starts[route].append(start)
        return headers, body.decode("utf-8", "replace") if body else ""

    # -- steps --

    def sign_in(self) -> None:
        self.browser.cookies.clear()
        _, page = self.call("login page", "GET", "/login")
        token = self.token(page, "login page")
        headers, _ = self.call("login", "POST", "/login", {
            "csrf_token": token, "email": self.spec["email"], "password": PASSWORD},
            expect=302)
        self.signed_in = True

    def token(self, page: str, route: str) -> str:
        match = CSRF_RE.search(page)
        if not match:
            self.rec.error(route, "no csrf token", time.monotonic())
            raise StepFailed
        return html.unescape(match.group(1))

    def read_lesson(self, number: int) -> None:
        lessons = self.plan["lessons"]
        path = lessons[(self.spec["index"] + number) % len(lessons)]
        _, page = self.call("lesson", "GET", path)
        if "<main" not in page:
            self.rec.error("lesson", "not a lesson page", time.monotonic())
            raise StepFailed

    def take_quiz(self) -> None:
        quiz = self.plan["quiz"]
        _, page = self.call("quiz page", "GET", quiz)
        attempt = ATTEMPT_RE.search(page)
        if attempt is None:  # no attempt in progress (an earlier failure may have left one)
            if 'value="start"' not in page:
                self.rec.notes["no attempt left"] += 1
                return
            headers, _ = self.call("start", "POST", quiz,
                                   {"csrf_token": self.token(page, "quiz page"),
                                    "action": "start"}, expect=302)
            if urlsplit(headers.get("Location", "")).path != quiz:
                self.rec.error("start", "unexpected redirect", time.monotonic(),
                               headers.get("Location", ""))
                raise StepFailed
            _, page = self.call("quiz page", "GET", quiz)
            attempt = ATTEMPT_RE.search(page)
            if attempt is None:
                self.rec.notes["no attempt left"] += 1
                return
        else:
            self.rec.notes["resumed an open attempt"] += 1
        form = answers(page, self.rng)
        form.update(csrf_token=self.token(page, "quiz page"), action="submit",
                    attempt=attempt.group(1))
        try:
            headers, _ = self.call("submit", "POST", quiz, form, expect=302)
        except StepFailed:
            self.rec.failed_submits += 1
            if not self.plan["retry_submit"] or self.browser.conn is not None:
                raise  # only a lost connection is retried, as a learner clicking again
            time.sleep(0.2)
            try:
                headers, _ = self.call("submit retry", "POST", quiz, form, expect=302)
            except StepFailed:
                self.rec.failed_submits += 1
                raise
        found = ATTEMPT_URL_RE.match(urlsplit(headers.get("Location", "")).path)
        if found is None or found.group(1) != attempt.group(1):
            self.rec.error("submit", "unexpected redirect", time.monotonic(),
                           headers.get("Location", ""))
            raise StepFailed
        self.rec.acks.append((self.spec["email"], int(found.group(1))))
        _, page = self.call("results", "GET", found.group(0))
        if "Score" not in page and "score" not in page:
            self.rec.error("results", "no score on the page", time.monotonic())

    # -- scenarios --

    def prepare(self) -> None:
        """Before the phase starts (untimed): sign in where the scenario reads pages. The
        static ceiling's requests carry the cookies too, as a signed-in browser's do."""
        if self.plan["kind"] in ("lessons", "static") and self.spec.get("cookies"):
            self.browser.cookies = dict(self.spec["cookies"])  # signed in by the parent
            self.signed_in = True
        elif self.plan["kind"] == "lessons":
            warmup = Recorder()
            rec, self.rec = self.rec, warmup
            try:
                for _ in range(3):
                    try:
                        self.sign_in()
                        break
                    except StepFailed:
                        time.sleep(0.5)
            finally:
                self.rec = rec
                self.browser.close()  # gunicorn would drop it as idle before the phase starts

    def run(self, start: float, deadline: float) -> None:
        kind = self.plan["kind"]
        count = self.plan["requests"] if kind in ("static", "lessons") else self.plan[
            "iterations"]
        if kind == "learn" and self.plan.get("ramp_up"):
            # Learners arrive one after another, as a class does, not in the same millisecond.
            arrival = self.spec["index"] * self.plan["ramp_up"] / self.plan["learners"]
            time.sleep(max(0.0, start + arrival - time.monotonic()))
        for number in range(count):
            if time.monotonic() >= deadline:
                self.rec.notes["stopped by the time limit"] += 1
                break
            try:
                if kind == "static":
                    self.call("static", "GET", STATIC_PATH)
                elif kind == "lessons":
                    self.read_lesson(number)
                else:
                    if not self.signed_in:
                        self.sign_in()
                    for lesson in range(self.plan["lessons_per_iteration"]):
                        self.read_lesson(number * self.plan["lessons_per_iteration"] + lesson)
                    self.take_quiz()
                    self.rec.notes["iterations done"] += 1
            except StepFailed:
                continue
        self.browser.close()


def answers(page: str, rng: random.Random) -> dict[str, Any]:
    """Answers for every question of the attempt form, chosen at random."""
    start = page.find('id="quiz"')
    end = page.find("</form>", start)
    form_html = page[start:end] if start >= 0 else page
    radios: dict[str, list[str]] = defaultdict(list)
    boxes: dict[str, list[str]] = defaultdict(list)
    form: dict[str, Any] = {}
    for tag, raw in TAG_RE.findall(form_html):
        attrs = {k.lower(): html.unescape(v) for k, v in ATTR_RE.findall(raw)}
        name = attrs.get("name", "")
        if not name.startswith("q-"):
            continue
        kind = attrs.get("type", "text").lower() if tag.lower() == "input" else "textarea"
        if kind == "radio":
            radios[name].append(attrs.get("value", ""))
        elif kind == "checkbox":
            boxes[name].append(attrs.get("value", ""))
        elif kind == "textarea":
            form[name] = " ".join(rng.choice(WORDS) for _ in range(60))
        elif kind in ("text", "number", "search"):
            form[name] = str(rng.randint(0, 100)) if attrs.get("inputmode") in (
                "decimal", "numeric") else rng.choice(WORDS)
    for name, values in radios.items():
        form[name] = rng.choice(values)
    for name, values in boxes.items():
        form[name] = rng.sample(values, rng.randint(1, len(values)))
    for raw, body in SELECT_RE.findall(form_html):
        attrs = dict(ATTR_RE.findall(raw))
        options = [html.unescape(v) for v in OPTION_RE.findall(body) if v]
        if attrs.get("name", "").startswith("q-") and options:
            form[attrs["name"]] = rng.choice(options)
    return form


def client_process(specs: list[dict[str, Any]], plan: dict[str, Any], ready: Any, go: Any,
                   start_at: Any, results: Any) -> None:
    """One client process: a thread per learner; reports what they saw through `results`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    try:
        recorders = [Recorder() for _ in specs]
        learners = [Learner(spec, plan, rec) for spec, rec in zip(specs, recorders, strict=True)]
        ends: list[float] = []
        lock = threading.Lock()
        prepared = threading.Barrier(len(learners) + 1)

        def body(learner: Learner) -> None:
            try:
                learner.prepare()
            finally:
                prepared.wait()
            go.wait()
            try:
                learner.run(start_at.value, start_at.value + plan["time_limit"])
            except Exception as exc:  # a bug in the client: keep the others going
                learner.rec.error("client", f"client bug {type(exc).__name__}",
                                  time.monotonic(), traceback.format_exc(limit=3))
            with lock:
                ends.append(time.monotonic())

        threads = [threading.Thread(target=body, args=(learner,), daemon=True)
                   for learner in learners]
        for thread in threads:
            thread.start()
        prepared.wait()
        ready.put(os.getpid())
        go.wait()
        cpu_start = resource.getrusage(resource.RUSAGE_SELF)
        for thread in threads:
            thread.join()
        cpu_end = resource.getrusage(resource.RUSAGE_SELF)
        merged = Recorder()
        for rec in recorders:
            merged.merge(rec)
        results.put({"pid": os.getpid(), "end": max(ends) if ends else time.monotonic(),
                     "cpu": (cpu_end.ru_utime - cpu_start.ru_utime)
                     + (cpu_end.ru_stime - cpu_start.ru_stime),
                     "recorder": merged.to_dict()})
    except BaseException:
        results.put({"pid": os.getpid(), "crash": traceback.format_exc()})


# --- processes and CPU accounting ----------------------------------------------------------


CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rfind(")") + 2:].split()  # fields from the state (3rd) on


def children(pid: int) -> list[int]:
    """The child processes of `pid` (gunicorn's workers, for its master)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(x) for x in path.read_text().split()]
    except OSError:
        pass
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = proc_stat(int(entry.name))
            if fields and int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def process_cpu(pid: int, reaped: bool = False) -> float:
    """CPU seconds of a process (and of its reaped children, with `reaped`)."""
    fields = proc_stat(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if reaped:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLK_TCK


def client_connections(pid: int, port: int) -> int:
    """Established connections to `port` held by process `pid` (a worker's learners)."""
    inodes = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                link = os.readlink(fd)
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
    except OSError:
        return 0
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                parts = line.split()
                if parts[3] == "01" and int(parts[1].rsplit(":", 1)[1], 16) == port \
                        and parts[9] in inodes:
                    count += 1
    return count


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / CLK_TCK


def postgres_cpu() -> float:
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                comm = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if comm.startswith("postgres"):
                total += process_cpu(int(entry.name), reaped=True)
    return total


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    """gunicorn on 127.0.0.1, in its own session so that it is stopped as a whole."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str], folder: Path) -> None:
        self.args = args
        self.env = env
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        gunicorn = VENV_BIN / "gunicorn"
        if not gunicorn.exists():
            raise BenchError(f"gunicorn not found at {gunicorn}")
        command = [str(gunicorn), "--bind", f"{HOST}:{self.port}",
                   "--worker-class", self.args.worker_class,
                   "--workers", str(self.args.workers),
                   # gunicorn turns sync into gthread when threads > 1
                   "--threads", str(self.args.threads if self.args.worker_class == "gthread"
                                    else 1), "--keep-alive",
                   str(self.args.keep_alive), "--timeout", "60", "--graceful-timeout", "5",
                   "--log-level", "warning", "--chdir", str(ROOT),
                   "engine.player:create_app()"]
        connections = self.args.worker_connections or (
            self.args.threads if self.args.keep_alive == 0 else 0)
        if connections and self.args.worker_class == "gthread":
            command[-1:-1] = ["--worker-connections", str(connections)]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(command, env=self.env, stdout=log, stderr=log,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.proc.returncode}:\n"
                                 + self.log_tail())
            if len(self.workers()) >= self.args.workers and self.answers():
                return
            time.sleep(0.2)
        raise BenchError("gunicorn did not answer within 60 s:\n" + self.log_tail())

    def answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
            conn.request("GET", "/login")
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except (OSError, http.client.HTTPException):
            return False

    def workers(self) -> list[int]:
        return children(self.proc.pid) if self.proc else []

    def cpu(self) -> float:
        if self.proc is None:
            return 0.0
        return process_cpu(self.proc.pid, reaped=True) + sum(
            process_cpu(pid) for pid in self.workers())

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # its own session: the group holds the master and its workers
        try:
            os.killpg(pgid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)  # workers left behind, if any
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)


# --- the database -----------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, folder: Path) -> str:
    from sqlalchemy import create_engine, text

    if not args.database_url:
        return f"sqlite:///{folder / 'liane.sqlite3'}"
    url = args.database_url
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            others = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalar()
            if others:
                print(f"warning: {others} other session(s) use this database now; its "
                      "public schema is emptied anyway, and their load adds noise",
                      flush=True)
            connection.execute(text("SET lock_timeout = '15s'"))
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    except Exception as exc:
        raise BenchError(f"cannot empty the PostgreSQL database: {exc}") from exc
    finally:
        engine.dispose()
    return url


def create_accounts(url: str, count: int) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Schema, then `count` learner accounts, through the app's own functions."""
    from engine.player import create_app
    from engine.player.auth import create_user
    from engine.player.db import dispose, upgrade

    upgrade(url)
    app = create_app()
    specs = []
    ids = {}
    with app.app_context():
        for index in range(count):
            email = f"learner-{index:03d}@bench.example.org"
            user = create_user(email, f"Learner {index}", PASSWORD)
            ids[email] = user.id
            specs.append({"index": index, "email": email})
    dispose(app)
    return specs, ids


def course_plan(args: argparse.Namespace) -> tuple[list[str], str, str]:
    """Lesson URLs and the quiz to take (unlimited attempts unless --quiz names one)."""
    from engine.loader import load_course
    from engine.model import Quiz

    course, problems = load_course(ROOT / "courses" / args.course)
    if course is None:
        raise BenchError(f"course {args.course} does not load: "
                         + "; ".join(p.format() for p in problems[:3]))
    base = f"/learn/{course.id}/"
    lessons = [base + f"{item.id}.html" for item in course.items()
               if not isinstance(item, Quiz)]
    quizzes = [item for item in course.items() if isinstance(item, Quiz)]
    if args.quiz:
        chosen = next((q for q in quizzes if q.id == args.quiz), None)
        if chosen is None:
            raise BenchError(f"no quiz {args.quiz} in {course.id}")
    else:
        unlimited = [q for q in quizzes if not q.max_attempts and q.graded]
        chosen = next((q for q in unlimited if q.feedback == "after_submit"),
                      unlimited[0] if unlimited else None)
        if chosen is None:
            raise BenchError(f"no quiz with unlimited attempts in {course.id}: use --quiz")
    if not lessons:
        raise BenchError(f"no lesson in {course.id}")
    return lessons, base + f"{chosen.id}.html", chosen.id


def read_attempts(url: str, user_ids: list[int]) -> dict[int, dict[str, Any]]:
    from sqlalchemy import bindparam, create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT a.id, a.user_id, a.quiz_id, a.number, a.submitted_at, "
                "(SELECT count(*) FROM answers n WHERE n.attempt_id = a.id) "
                "FROM attempts a WHERE a.user_id IN :ids").bindparams(
                    bindparam("ids", expanding=True)), {"ids": user_ids}).all()
    finally:
        engine.dispose()
    return {row[0]: {"user_id": row[1], "quiz_id": row[2], "number": row[3],
                     "submitted": row[4] is not None, "answers": row[5]} for row in rows}


def check_attempts(url: str, ids: dict[str, int], acks: list[tuple[str, int]],
                   before: dict[int, dict[str, Any]], failed_submits: int
                   ) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    rows = read_attempts(url, list(ids.values()))
    counted = Counter(attempt for _, attempt in acks)
    acked_by = {attempt: email for email, attempt in acks}
    missing = [a for a in counted if a not in rows]
    not_submitted = [a for a in counted if a in rows and not rows[a]["submitted"]]
    wrong_owner = [a for a in counted if a in rows and rows[a]["user_id"] != ids[acked_by[a]]]
    no_answers = [a for a in counted if a in rows and rows[a]["submitted"]
                  and rows[a]["answers"] == 0]
    twice = [a for a, n in counted.items() if n > 1]
    new_submitted = [a for a, row in rows.items() if row["submitted"]
                     and not (a in before and before[a]["submitted"])]
    unacked = [a for a in new_submitted if a not in counted]
    numbers = Counter((row["user_id"], row["quiz_id"], row["number"]) for row in rows.values())
    same_number = sum(1 for n in numbers.values() if n > 1)
    lost = len(missing) + len(not_submitted) + len(wrong_owner) + len(no_answers)
    # A submit whose response was lost may have committed: that is no duplicate. More
    # unacknowledged submissions than failed submits would be.
    duplicated = len(twice) + same_number + max(0, len(unacked) - failed_submits)
    return {"acknowledged": len(counted), "in database": len(counted) - len(missing),
            "missing": len(missing), "not submitted": len(not_submitted),
            "wrong owner": len(wrong_owner), "without answers": len(no_answers),
            "acknowledged twice": len(twice), "same attempt number twice": same_number,
            "submitted, not acknowledged": len(unacked), "failed submits": failed_submits,
            "open attempts": sum(1 for r in rows.values() if not r["submitted"]),
            "lost": lost, "duplicated": duplicated,
            "examples": (missing + not_submitted + wrong_owner + no_answers + twice)[:5]}, rows


# --- phases -----------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    kind: str
    duration: float = 0.0
    rec: Recorder = field(default_factory=Recorder)
    client_cpu: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    machine_cpu: float = 0.0
    postgres_cpu: float | None = None
    start: float = 0.0
    check: dict[str, Any] | None = None
    kill: dict[str, Any] | None = None
    worker_cpu: dict[int, float] = field(default_factory=dict)
    worker_connections: dict[int, list[int]] = field(default_factory=dict)

    def steady_from(self) -> float:
        """When the last sign-in was answered: the password checks of the arrivals are over."""
        ends = [s + d for s, d in zip(self.rec.starts.get("login", []),
                                      self.rec.latencies.get("login", []), strict=True)]
        return max(ends, default=self.start)

    def steady(self, route: str) -> list[float]:
        since = self.steady_from()
        return [d for s, d in zip(self.rec.starts.get(route, []),
                                  self.rec.latencies.get(route, []), strict=True) if s >= since]


LIVE: list[Any] = []  # client processes, stopped on the way out


def run_phase(name: str, kind: str, specs: list[dict[str, Any]], args: argparse.Namespace,
              server: Server, extra: dict[str, Any], time_limit: float,
              during: Any = None, postgres: bool = False) -> Phase:
    ctx = mp.get_context("spawn")
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    start_at = ctx.Value("d", 0.0)
    plan = {"port": server.port, "timeout": args.request_timeout, "seed": args.seed,
            "kind": kind, "time_limit": time_limit, "retry_submit": True, **extra}
    groups = [specs[i::args.client_processes] for i in range(args.client_processes)]
    groups = [g for g in groups if g]
    procs = [ctx.Process(target=client_process, args=(group, plan, ready, go, start_at,
                                                      results), daemon=True)
             for group in groups]
    LIVE.extend(procs)
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=120)
    phase = Phase(name, kind)
    server_cpu, machine, pg = server.cpu(), machine_busy(), postgres_cpu() if postgres else 0
    cpu_before = {pid: process_cpu(pid) for pid in server.workers()}
    phase.start = start_at.value = time.monotonic()
    go.set()
    if during is not None:
        during(phase)
    sampling = threading.Event()

    def sample() -> None:  # which worker holds the learners' keep-alive connections
        while not sampling.wait(0.5):
            for pid in server.workers():
                phase.worker_connections.setdefault(pid, []).append(
                    client_connections(pid, server.port))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    ends = []
    for _ in procs:
        report = results.get(timeout=time_limit + args.request_timeout + 120)
        if "crash" in report:
            raise BenchError("a client process crashed:\n" + report["crash"])
        ends.append(report["end"])
        phase.client_cpu.append(report["cpu"])
        phase.rec.merge(Recorder.from_dict(report["recorder"]))
    end = max(ends)
    sampling.set()
    sampler.join()
    phase.worker_cpu = {pid: process_cpu(pid) - cpu_before.get(pid, 0.0)
                        for pid in server.workers()}
    phase.server_cpu = server.cpu() - server_cpu
    phase.machine_cpu = machine_busy() - machine
    if postgres:
        phase.postgres_cpu = postgres_cpu() - pg
    for proc in procs:
        proc.join(timeout=10)
        if not proc.is_alive():
            LIVE.remove(proc)
    phase.duration = max(end - phase.start, 1e-6)
    return phase


def warm_up(server: Server, spec: dict[str, Any], lessons: list[str], quiz: str) -> None:
    """Untimed: every worker compiles its templates and opens its database connections."""
    plan = {"port": server.port, "timeout": 30, "seed": 0, "lessons": lessons, "quiz": quiz}

    def browse() -> None:
        learner = Learner({**spec, "index": random.randrange(100)}, plan, Recorder())
        deadline = time.monotonic() + 2.0
        try:
            learner.sign_in()
            while time.monotonic() < deadline:
                for path in [*lessons[:3], quiz, STATIC_PATH, "/"]:
                    learner.browser.request("GET", path)
                learner.browser.close()  # a new connection may land on another worker
        except (StepFailed, OSError, http.client.HTTPException):
            pass

    threads = [threading.Thread(target=browse) for _ in range(2 * server.args.workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def sign_in_all(server: Server, specs: list[dict[str, Any]]) -> Recorder:
    """Untimed: sign every learner in once; the lessons-only rounds reuse these cookies."""
    plan = {"port": server.port, "timeout": 60, "seed": 0}
    pending = list(specs)
    lock = threading.Lock()
    seen = Recorder()

    def work() -> None:
        while True:
            with lock:
                if not pending:
                    return
                spec = pending.pop()
            learner = Learner(spec, plan, Recorder())
            with contextlib.suppress(StepFailed):
                learner.sign_in()
                spec["cookies"] = dict(learner.browser.cookies)
            learner.browser.close()
            with lock:
                seen.merge(learner.rec)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seen


def rps(phase: Phase, route: str) -> float:
    return len(phase.rec.latencies.get(route, [])) / phase.duration


def cpu_per_request(phase: Phase) -> float:
    """gunicorn's CPU seconds per answered request: unlike req/s, hardly moved by other
    work on the machine."""
    answered = sum(len(v) for v in phase.rec.latencies.values())
    return phase.server_cpu / answered if answered else math.nan


def other_load(phase: Phase, cores: int) -> float:
    """Share of the machine busy with neither the client nor gunicorn (nor PostgreSQL)."""
    other = phase.machine_cpu - sum(phase.client_cpu) - phase.server_cpu - (
        phase.postgres_cpu or 0)
    return max(other, 0.0) / (phase.duration * cores)


def killer(server: Server, at: float) -> Any:
    """Midway through the phase, kill -9 one worker; then watch gunicorn replace it."""

    def during(phase: Phase) -> None:
        info: dict[str, Any] = {"planned at": at}
        phase.kill = info

        def act() -> None:
            time.sleep(max(0.0, phase.start + at - time.monotonic()))
            workers = server.workers()
            if not workers:
                info["error"] = "no worker found"
                return
            # The worker holding the most learners' connections: the one whose loss shows.
            held = {pid: client_connections(pid, server.port) for pid in workers}
            victim = max(workers, key=lambda pid: held[pid])
            os.kill(victim, signal.SIGKILL)
            info.update(pid=victim, at=time.monotonic() - phase.start, connections=held)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                now = server.workers()
                new = [p for p in now if p not in workers]
                if new and victim not in now:
                    info.update(replacement=new[0],
                                replaced_after=time.monotonic() - phase.start - info["at"])
                    return
                time.sleep(0.02)

        thread = threading.Thread(target=act, daemon=True)
        thread.start()
        info["thread"] = thread

    return during


# --- the report -------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value * 1000:.1f}"


def print_phase(phase: Phase, cores: int) -> None:
    rec = phase.rec
    print(f"\n== {phase.name}: {phase.duration:.1f} s ==")
    signing_in = bool(rec.latencies.get("login"))
    steady_title = f"{'p99 after':>11}" if signing_in else ""
    print(f"{'route':<14}{'ok':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'errors':>8}{steady_title}")
    total_ok = total_errors = 0
    for route in [*ROUTES, "client"]:
        values = rec.latencies.get(route, [])
        errors = sum(rec.errors.get(route, {}).values())
        if not values and not errors:
            continue
        total_ok += len(values)
        total_errors += errors
        steady = f"{ms(percentile(phase.steady(route), 0.99)):>11}" if signing_in else ""
        print(f"{route:<14}{len(values):>7}{len(values) / phase.duration:>9.1f}"
              f"{ms(percentile(values, 0.50)):>9}{ms(percentile(values, 0.99)):>9}"
              f"{ms(max(values) if values else math.nan):>9}{errors:>8}{steady}")
    every = [v for values in rec.latencies.values() for v in values]
    print(f"{'all':<14}{total_ok:>7}{total_ok / phase.duration:>9.1f}"
          f"{ms(percentile(every, 0.50)):>9}{ms(percentile(every, 0.99)):>9}"
          f"{ms(max(every) if every else math.nan):>9}{total_errors:>8}")
    if signing_in:
        print(f"('p99 after': requests started after the last sign-in was answered, "
              f"{phase.steady_from() - phase.start:.1f} s into the phase)")
    if total_errors:
        kinds: Counter = Counter()
        for route, counter in rec.errors.items():
            for kind, n in counter.items():
                kinds[f"{route}: {kind}"] += n
        print("errors: " + ", ".join(f"{k} x{n}" for k, n in kinds.most_common()))
        for sample in rec.samples[:4]:
            print(f"  e.g. {sample}")
    if rec.notes:
        print("notes: " + ", ".join(f"{k}: {n}" for k, n in sorted(rec.notes.items())))
    wall = phase.duration * cores
    client = sum(phase.client_cpu)
    busiest = max(phase.client_cpu) / phase.duration if phase.client_cpu else 0.0
    other = phase.machine_cpu - client - phase.server_cpu - (phase.postgres_cpu or 0)
    line = (f"CPU over {cores} cores ({wall:.1f} core-s): client {client:.1f} s "
            f"({client / wall:.0%}; busiest client process {busiest:.0%} of a core), "
            f"gunicorn {phase.server_cpu:.1f} s ({phase.server_cpu / wall:.0%}; "
            f"{cpu_per_request(phase) * 1000:.2f} ms per answered request)")
    if phase.postgres_cpu is not None:
        line += f", postgres {phase.postgres_cpu:.1f} s ({phase.postgres_cpu / wall:.0%})"
    line += (f", everything else on the machine {max(other, 0):.1f} s "
             f"({max(other, 0) / wall:.0%}); machine busy {phase.machine_cpu / wall:.0%}")
    print(line)
    if phase.worker_cpu:
        shares = ", ".join(
            f"{pid}: {cpu:.1f} s CPU, {statistics.mean(phase.worker_connections.get(pid, [0])):.0f}"
            " connections" for pid, cpu in phase.worker_cpu.items())
        print(f"gunicorn workers (CPU in the phase, learners' connections held on average): "
              f"{shares}")
    if busiest > 0.85:
        print("warning: a client process used most of a core: the client may be a bottleneck")
    if phase.kill is not None:
        kill = phase.kill
        if "pid" in kill:
            text = (f"killed worker {kill['pid']} with SIGKILL at {kill['at']:.1f} s (learners' "
                    f"connections per worker then: {kill['connections']})")
            if "replacement" in kill:
                text += (f"; gunicorn forked worker {kill['replacement']} "
                         f"{kill['replaced_after']:.2f} s later")
            else:
                text += "; NO replacement worker seen within 30 s"
            print(text)
            when = kill["at"] + phase.start
            before = sum(1 for t, _, _ in rec.error_times if t < when)
            near = sum(1 for t, _, _ in rec.error_times if when <= t < when + 5)
            after = sum(1 for t, _, _ in rec.error_times if t >= when + 5)
            print(f"errors before the kill: {before}, within 5 s after it: {near}, "
                  f"later: {after}")
        else:
            print(f"kill: {kill.get('error', 'not done (the phase ended first)')}")
    if phase.check is not None:
        check = phase.check
        print("database check: " + ", ".join(f"{k} {v}" for k, v in check.items()
                                             if k != "examples"))
        if check["examples"]:
            print(f"  attempts in question: {check['examples']}")


def route_p99(phase: Phase, route: str) -> float:
    return percentile(phase.rec.latencies.get(route, []), 0.99)


def summary(phases: dict[str, Phase], args: argparse.Namespace, server: Server,
            db_label: str, ratio_median: float) -> None:
    print("\n" + "=" * 78)
    connections = args.worker_connections or (args.threads if args.keep_alive == 0 else 1000)
    shape = (f"gthread {args.workers} workers x {args.threads} threads, keep-alive "
             f"{args.keep_alive} s, {connections} connections a worker"
             if args.worker_class == "gthread"
             else f"sync {args.workers} workers")
    print(f"SUMMARY  database {db_label}; gunicorn {shape}; {args.learners} learners in "
          f"{args.client_processes} client processes; {os.cpu_count()} cores")
    print("=" * 78)
    rows: list[tuple[str, str, str, str]] = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "MISSED")

    ceiling = phases.get("ceiling")
    lessons = phases.get("lessons")
    if ceiling and lessons:
        c_rps, l_rps = rps(ceiling, "static"), rps(lessons, "lesson")
        ratio = l_rps / c_rps if c_rps else math.nan
        rows.append(("static ceiling (best round)", f"{c_rps:.0f} req/s", "", ""))
        rows.append(("lesson page only (best round)", f"{l_rps:.0f} req/s", "", ""))
        rows.append(("lesson / static ceiling (best/best)", f"{ratio:.0%}",
                     f">= {TARGET_RATIO:.0%}", verdict(ratio >= TARGET_RATIO)))
        rows.append(("lesson / static (median of rounds)", f"{ratio_median:.0%}",
                     f">= {TARGET_RATIO:.0%}", verdict(ratio_median >= TARGET_RATIO)))
        static_cpu, lesson_cpu = cpu_per_request(ceiling), cpu_per_request(lessons)
        rows.append(("gunicorn CPU per request: static / lesson",
                     f"{static_cpu * 1000:.2f} / {lesson_cpu * 1000:.2f} ms", "", ""))
        rows.append(("lesson / static by CPU per request", f"{static_cpu / lesson_cpu:.0%}",
                     f">= {TARGET_RATIO:.0%}", verdict(static_cpu / lesson_cpu >= TARGET_RATIO)
                     + " (noise-proof)"))
    for key in ("load", "stress", "kill"):
        phase = phases.get(key)
        if phase is None:
            continue
        label = {"load": "load", "kill": "kill -9 phase", "stress": "stress"}[key]
        ok = sum(len(v) for v in phase.rec.latencies.values())
        errors = sum(sum(k.values()) for k in phase.rec.errors.values())
        rows.append((f"{label}: requests/s", f"{ok / phase.duration:.0f}", "", ""))
        if key == "load":
            worst = max(((route_p99(phase, r), r) for r in ROUTES
                         if phase.rec.latencies.get(r)), default=(math.nan, "-"))
            slow = [r for r in ROUTES if phase.rec.latencies.get(r)
                    and route_p99(phase, r) * 1000 >= TARGET_P99_MS]
            rows.append((f"{label}: worst p99 ({worst[1]})", f"{ms(worst[0])} ms",
                         f"< {TARGET_P99_MS:.0f} ms",
                         verdict(not slow) + (f" ({', '.join(slow)})" if slow else "")))
            steady = max(((percentile(phase.steady(r), .99), r) for r in ROUTES
                          if phase.steady(r)), default=(math.nan, "-"))
            rows.append((f"{label}: worst p99 after the last sign-in ({steady[1]})",
                         f"{ms(steady[0])} ms", "", ""))
            rows.append((f"{label}: lesson page p50/p99",
                         f"{ms(percentile(phase.rec.latencies.get('lesson', []), .5))} / "
                         f"{ms(route_p99(phase, 'lesson'))} ms", "", ""))
            rows.append((f"{label}: errors", str(errors), "0", verdict(errors == 0)))
        else:
            # Nobody pauses: the server is saturated by design and a request waits for the
            # ones before it (Little's law: learners / throughput), so no latency target.
            every = [v for values in phase.rec.latencies.values() for v in values]
            rows.append((f"{label}: p50 / p99, all requests",
                         f"{ms(percentile(every, .5))} / {ms(percentile(every, .99))} ms",
                         "reported", ""))
            rows.append((f"{label}: p99 of the sign-ins (all at once)",
                         f"{ms(route_p99(phase, 'login'))} ms", "reported", ""))
            if key == "stress":
                rows.append((f"{label}: learners / throughput (mean wait)",
                             f"{ms(args.learners / (ok / phase.duration))} ms", "", ""))
                rows.append((f"{label}: errors", str(errors), "0", verdict(errors == 0)))
            else:
                rows.append((f"{label}: errors (requests on the killed worker)", str(errors),
                             "reported", ""))
        if phase.check is not None:
            rows.append((f"{label}: attempts acknowledged / lost / duplicated",
                         f"{phase.check['acknowledged']} / {phase.check['lost']} / "
                         f"{phase.check['duplicated']}", "- / 0 / 0",
                         verdict(phase.check["lost"] == phase.check["duplicated"] == 0)))
        if phase.kill is not None and "pid" in phase.kill:
            rows.append((f"{label}: worker replaced",
                         f"{phase.kill.get('replaced_after', math.nan):.2f} s"
                         if "replacement" in phase.kill else "no", "yes",
                         verdict("replacement" in phase.kill)))
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'figure':<{width}}{'value':>18}  {'target':<10} verdict")
    for name, value, target, result in rows:
        print(f"{name:<{width}}{value:>18}  {target:<10} {result}")
    print("(timings are informative: the exit status does not depend on them)")


# --- main -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL (its public schema is EMPTIED first); default: "
                             "SQLite in a temporary folder")
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--iterations", type=int, default=4,
                        help="quiz rounds per learner in the load phases")
    parser.add_argument("--lessons-per-iteration", type=int, default=2)
    parser.add_argument("--think-time", type=float, default=1.0,
                        help="mean seconds a learner waits before each request of the load "
                             "and kill phases (0.5 to 1.5 times this, at random; default 1)")
    parser.add_argument("--ramp-up", type=float, default=10.0,
                        help="seconds over which the learners arrive in the load and kill "
                             "phases (default 10: a class of 50 signing in within 10 s)")
    parser.add_argument("--stress", action=argparse.BooleanOptionalAction, default=True,
                        help="also run the stress phase: no pause, everyone at once "
                             "(default: yes)")
    parser.add_argument("--time-limit", type=float, default=60.0,
                        help="seconds at most per load phase")
    parser.add_argument("--ceiling-seconds", type=float, default=2.5,
                        help="seconds at most for each static or lessons-only round")
    parser.add_argument("--ceiling-rounds", type=int, default=3,
                        help="static and lessons-only rounds, alternated (best one counts: "
                             "the machine is shared)")
    parser.add_argument("--ceiling-requests", type=int, default=1000,
                        help="requests per learner at most in the static and lessons phases")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--worker-connections", type=int, default=0,
                        help="gthread: connections a worker holds at most (default: --threads "
                             "with --keep-alive 0, else gunicorn's 1000)")
    parser.add_argument("--keep-alive", type=int, default=0,
                        help="gunicorn's keep-alive seconds (default 0: see above)")
    parser.add_argument("--kill-worker", action=argparse.BooleanOptionalAction, default=True,
                        help="run the phase where a worker is killed (default: yes)")
    parser.add_argument("--kill-after", type=float, default=0.0,
                        help="seconds into the kill phase (default: half the load phase)")
    parser.add_argument("--course", default="genre-bases")
    parser.add_argument("--quiz", default="", help="quiz id (default: unlimited attempts)")
    parser.add_argument("--login-rate-limit", default="100000 per minute")
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", default="", help="also write the figures to this file")
    parser.add_argument("--keep-folder", action="store_true",
                        help="keep the temporary folder (database, gunicorn log)")
    args = parser.parse_args(argv)
    if min(args.learners, args.client_processes, args.workers, args.threads,
           args.ceiling_rounds) < 1:
        parser.error("counts must be positive")
    args.client_processes = min(args.client_processes, args.learners)
    return args


def as_json(phases: dict[str, Phase]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, phase in phases.items():
        routes = {}
        for route, values in phase.rec.latencies.items():
            routes[route] = {"ok": len(values), "rps": len(values) / phase.duration,
                             "p50_ms": percentile(values, .5) * 1000,
                             "p99_ms": percentile(values, .99) * 1000,
                             "errors": sum(phase.rec.errors.get(route, {}).values())}
        kill = {k: v for k, v in (phase.kill or {}).items() if k != "thread"}
        out[key] = {"duration": phase.duration, "routes": routes,
                    "errors": {r: dict(k) for r, k in phase.rec.errors.items()},
                    "client_cpu": phase.client_cpu, "server_cpu": phase.server_cpu,
                    "check": phase.check, "kill": kill or None}
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="liane-load-"))
    server: Server | None = None

    def terminate(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        url = prepare_database(args, folder)
        db_label = "PostgreSQL" if args.database_url else "SQLite (WAL)"
        env = {**os.environ, "LIANE_DATABASE_URL": url,
               "LIANE_COURSES_DIR": str(ROOT / "courses"),
               "LIANE_SECRET_KEY": "load-bench-" + os.urandom(8).hex()}
        if args.login_rate_limit:
            env["LIANE_LOGIN_RATE_LIMIT"] = args.login_rate_limit
        os.environ.update({k: v for k, v in env.items() if k.startswith("LIANE_")})
        lessons, quiz, quiz_id = course_plan(args)
        started = time.monotonic()
        print(f"database {db_label}; course {args.course}: {len(lessons)} lessons, quiz "
              f"{quiz_id} (unlimited attempts: {quiz})", flush=True)
        specs, ids = create_accounts(url, args.learners + 1)
        warm_spec, specs = specs[-1], specs[:-1]
        ids.pop(warm_spec["email"])
        print(f"{len(specs)} accounts created in {time.monotonic() - started:.1f} s",
              flush=True)
        server = Server(args, env, folder)
        server.start()
        master = server.proc.pid if server.proc else None
        print(f"gunicorn on {HOST}:{server.port}, master {master}, workers "
              f"{server.workers()}", flush=True)
        warm_up(server, warm_spec, lessons, quiz)
        postgres = bool(args.database_url)
        cores = os.cpu_count() or 1
        common = {"lessons": lessons, "quiz": quiz, "requests": args.ceiling_requests,
                  "iterations": args.iterations,
                  "lessons_per_iteration": args.lessons_per_iteration,
                  "think_time": args.think_time, "ramp_up": args.ramp_up,
                  "learners": len(specs)}
        phases: dict[str, Phase] = {}

        seen = sign_in_all(server, specs)
        signed = sum(1 for spec in specs if spec.get("cookies"))
        if signed < len(specs):
            answers_seen = "; ".join(f"{route}: {kind} x{n}" for route, kinds in
                                     seen.errors.items() for kind, n in kinds.items())
            raise BenchError(f"only {signed} of {len(specs)} learners could sign in "
                             f"({answers_seen}); all come from {HOST}: is the login rate "
                             f"limit on (--login-rate-limit)?")
        total = 3 + args.kill_worker + args.stress
        print(f"\nphases 1-2/{total}: static ceiling and lesson pages only, alternated, "
              f"{args.ceiling_rounds} rounds of {args.ceiling_seconds:g} s each", flush=True)
        rounds: list[tuple[Phase, Phase]] = []
        for number in range(1, args.ceiling_rounds + 1):
            static = run_phase(f"static ceiling (GET {STATIC_PATH}), round {number}",
                               "static", specs, args, server, common, args.ceiling_seconds,
                               postgres=postgres)
            lesson = run_phase(f"lesson pages only (signed in), round {number}", "lessons",
                               specs, args, server, common, args.ceiling_seconds,
                               postgres=postgres)
            rounds.append((static, lesson))
            print(f"round {number}: static {rps(static, 'static'):6.0f} req/s (other load on "
                  f"the machine {other_load(static, cores):.0%}), lessons "
                  f"{rps(lesson, 'lesson'):6.0f} req/s (other load "
                  f"{other_load(lesson, cores):.0%}), ratio "
                  f"{rps(lesson, 'lesson') / max(rps(static, 'static'), 1e-9):.0%}", flush=True)
        phases["ceiling"] = max((r[0] for r in rounds), key=lambda p: rps(p, "static"))
        phases["lessons"] = max((r[1] for r in rounds), key=lambda p: rps(p, "lesson"))
        phases["ceiling"].name += " (best round)"
        phases["lessons"].name += " (best round)"
        paired = sorted(rps(lesson, "lesson") / max(rps(static, "static"), 1e-9)
                        for static, lesson in rounds)
        ratio_median = paired[len(paired) // 2]
        print_phase(phases["ceiling"], cores)
        print_phase(phases["lessons"], cores)

        print(f"\nphase 3/{total}: a class of learners (arriving over {args.ramp_up:g} s, "
              f"~{args.think_time:g} s between clicks: sign in, lessons, quiz attempts) ...",
              flush=True)
        def learn_phase(name: str, plan: dict[str, Any], before: dict[int, Any],
                        during: Any = None) -> tuple[Phase, dict[int, Any]]:
            """Run a phase of learners, then check every attempt they were told about."""
            phase = run_phase(name, "learn", specs, args, server, plan, args.time_limit,
                              during=during, postgres=postgres)
            if phase.kill and "thread" in phase.kill:
                phase.kill.pop("thread").join(timeout=35)
            phase.check, after = check_attempts(url, ids, phase.rec.acks, before,
                                                phase.rec.failed_submits)
            print_phase(phase, cores)
            return phase, after

        phases["load"], after = learn_phase("load: sign in, lessons, quiz attempts", common,
                                            read_attempts(url, list(ids.values())))
        stress_plan = {**common, "think_time": 0, "ramp_up": 0}
        number = 3
        if args.stress:
            number += 1
            print(f"\nphase {number}/{total}: stress: the same learners with no pause, all "
                  f"signing in at once ...", flush=True)
            phases["stress"], after = learn_phase("stress: no pause, everyone at once",
                                                  stress_plan, after)
        if args.kill_worker:
            # Under the stress load every worker thread is busy when the signal lands: the
            # hardest moment to lose a write.
            number += 1
            expected = phases["stress"].duration if "stress" in phases else 10.0
            at = args.kill_after or min(expected, args.time_limit) / 2
            print(f"\nphase {number}/{total}: the stress load again, kill -9 of a worker at "
                  f"{at:.1f} s ...", flush=True)
            phases["kill"], after = learn_phase(
                "kill: the stress load, one worker killed midway", stress_plan, after,
                during=killer(server, at))
            workers = server.workers()
            print(f"gunicorn workers after the phase: {workers} ({len(workers)} of "
                  f"{args.workers})")
        errors_in_log = [line for line in server.log_tail(400).splitlines()
                         if "Traceback" in line or "ERROR" in line or "CRITICAL" in line]
        if errors_in_log:
            print(f"\ngunicorn log ({server.log}): {len(errors_in_log)} error lines, e.g.")
            for line in errors_in_log[:5]:
                print("  " + line[:200])
        summary(phases, args, server, db_label, ratio_median)
        print(f"total time {time.monotonic() - started:.0f} s")
        if args.json:
            Path(args.json).write_text(json.dumps(as_json(phases), indent=1, default=str))
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted: stopping the clients and gunicorn", file=sys.stderr)
        return 130
    except BenchError as exc:
        print(f"benchmark could not run: {exc}", file=sys.stderr)
        return 2
    except Exception:
        traceback.print_exc()
        print("benchmark could not run", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # finish cleaning up undisturbed
        for proc in list(LIVE):
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=3)
                if proc.is_alive():
                    proc.kill()
                    proc.join(timeout=3)
        if server is not None:
            server.stop()
        if args.keep_folder:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

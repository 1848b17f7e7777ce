"""Load benchmark of the learning player: the learners of `bench/locustfile.py`, run by locust
in this process against gunicorn, on SQLite or PostgreSQL; a static-file ceiling, a check of
every acknowledged attempt in the database, and a gunicorn worker killed with SIGKILL midway.

    make bench-load                                        # installs the `bench` extra (locust)
    .venv/bin/python bench/load_bench.py                   # SQLite in a temporary folder
    .venv/bin/python bench/load_bench.py --database-url \\
        postgresql+psycopg://postgres@127.0.0.1:5432/liane_bench   # created, then EMPTIED

Phases (all traffic to 127.0.0.1; every phase has a count and a time limit):

1. ceiling: `--learners` signed-in browsers GET /static/liane.css with no pause (their
   cookies go with it, as with a page's stylesheet), alternated with
2. lessons: the same browsers GET lesson pages. `--ceiling-rounds` rounds of each, each
   measured over `--ceiling-seconds` once every browser is signed in; the ratio is given
   best/best, as the median of the rounds, and from gunicorn's CPU per request (the figure
   other work on a shared machine moves least);
3. load, a class: learners arrive over `--ramp-up` seconds (50 within 10 s) and wait 0.5 to
   1.5 x `--think-time` (1 s) before every click: sign in, catalogue, course outline, then
   `--iterations` times 2 lessons, quiz page, start, quiz page, save, submit, results (see
   the locustfile). A hundred times faster than people read: 50 simulated learners ask as
   much as thousands of real ones. The p99 target applies here;
4. stress (unless --no-stress): the same with no pause, everyone at once. The server is
   saturated on purpose: a request waits for those before it (learners / throughput, Little's
   law), so latencies are reported, not held to the target;
5. kill (unless --no-kill-worker): the stress load again, and midway `kill -9` of the worker
   holding most connections. gunicorn forks a new one; a submit whose connection was cut is
   sent again, as a learner clicking again would.

After phases 3-5 the database is read back: every acknowledged attempt (a submit answered by a
redirect to its results) must be there once, submitted, with its answers; a submitted attempt
nobody was told about is a duplicate only beyond the number of failed submits (after a kill a
submit may commit while its response is lost).

gunicorn runs as the README says (gthread, 2 workers x 4 threads, keep-alive 0, 4 worker
connections): one worker per core (rendering is CPU-bound Python under the GIL); a few
threads keep a core busy while others wait on Argon2, SQLite or PostgreSQL; keep-alive 0 with
as many worker connections as threads keeps the workers evenly loaded (with keep-alive a
gthread worker keeps every connection it accepted: one worker served 49 of 50 learners, and
after a kill everyone reconnected to the survivor). Each phase prints each worker's CPU.
Timing never fails the run: the exit status is 2 only when the benchmark could not run. The
login rate limit is raised (every learner comes from 127.0.0.1): `--login-rate-limit ""`
keeps the application's own. Percentiles are locust's: exact to the millisecond under 100 ms,
rounded to 10 ms up to 1 s.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gevent
import psutil
from locust.env import Environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import locustfile as journey  # noqa: E402

HOST = "127.0.0.1"
TARGET_RATIO = 0.50
TARGET_P99_MS = 250.0
ROUTES = [
    "static",
    "login page",
    "login",
    "catalogue",
    "outline",
    "lesson",
    "quiz page",
    "start",
    "save",
    "submit",
    "submit retry",
    "results",
]


class BenchError(Exception):
    """The benchmark itself could not run."""


# --- gunicorn -----------------------------------------------------------------------------


class Server:
    """gunicorn on 127.0.0.1, in its own session so that it is stopped as a whole."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str], log: Path) -> None:
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            self.port = int(sock.getsockname()[1])
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        a = self.args
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"{HOST}:{self.port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(a.workers),
            "--threads",
            str(a.threads),
            "--keep-alive",
            str(a.keep_alive),
            "--worker-connections",
            str(a.worker_connections or a.threads),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
            "engine.player:create_app()",
        ]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                command,
                env=self.env,
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.proc.returncode}:\n{self.tail()}")
            if len(self.workers()) >= a.workers and self.answers():
                return
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer within 60 s:\n{self.tail()}")

    def answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
            conn.request("GET", "/login")
            ok = conn.getresponse().status == 200
            conn.close()
            return ok
        except (OSError, http.client.HTTPException):
            return False

    def workers(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children() if self.proc else []
        except psutil.Error:
            return []

    def cpu(self) -> float:
        """CPU seconds of the master, its workers, and the workers it reaped (killed ones)."""
        total = 0.0
        for proc in [psutil.Process(self.proc.pid) if self.proc else None, *self.workers()]:
            try:
                times = proc.cpu_times() if proc else None
            except psutil.Error:
                continue
            if times:
                total += times.user + times.system
                if proc is not None and self.proc and proc.pid == self.proc.pid:
                    total += times.children_user + times.children_system
        return total

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # workers left behind, if any


# --- the database -------------------------------------------------------------------------


def prepare_database(url: str, folder: Path) -> str:
    """SQLite in `folder`, or the PostgreSQL database of `url`, created if missing and emptied."""
    from sqlalchemy import create_engine, make_url, text

    if not url:
        return f"sqlite:///{folder / 'liane.sqlite3'}"
    name = make_url(url).database
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            if not connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first():
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("SET lock_timeout = '15s'"))
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    except Exception as exc:
        raise BenchError(f"cannot create or empty the PostgreSQL database: {exc}") from exc
    finally:
        server.dispose()
    return url


def create_accounts(url: str, emails: list[str]) -> dict[str, int]:
    """The schema, then the learners' accounts, through the app's own functions."""
    from engine.player import create_app
    from engine.player.auth import create_user
    from engine.player.db import dispose, upgrade

    upgrade(url)
    app = create_app()
    with app.app_context():
        ids = {
            email: create_user(email, f"Learner {i}", journey.PASSWORD).id
            for i, email in enumerate(emails)
        }
    dispose(app)
    return ids


def read_attempts(url: str, user_ids: list[int]) -> dict[int, dict[str, Any]]:
    from sqlalchemy import bindparam, create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.id, a.user_id, a.quiz_id, a.number, a.submitted_at, "
                    "(SELECT count(*) FROM answers n WHERE n.attempt_id = a.id) "
                    "FROM attempts a WHERE a.user_id IN :ids"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": user_ids},
            ).all()
    finally:
        engine.dispose()
    return {
        r[0]: {
            "user": r[1],
            "quiz": r[2],
            "number": r[3],
            "submitted": r[4] is not None,
            "answers": r[5],
        }
        for r in rows
    }


def check_attempts(
    url: str, ids: dict[str, int], plan: journey.Plan, before: dict[int, dict[str, Any]]
) -> tuple[dict[str, Any], dict[int, Any]]:
    """Every acknowledged attempt stored once, submitted, with answers, by its learner."""
    rows = read_attempts(url, list(ids.values()))
    counted = Counter(attempt for _, attempt in plan.acks)
    owner = dict((attempt, email) for email, attempt in plan.acks)
    missing = [a for a in counted if a not in rows]
    wrong = [
        a
        for a in counted
        if a in rows
        and (
            not rows[a]["submitted"] or rows[a]["answers"] == 0 or rows[a]["user"] != ids[owner[a]]
        )
    ]
    twice = [a for a, n in counted.items() if n > 1]
    unacked = [
        a
        for a, r in rows.items()
        if r["submitted"] and a not in counted and not (a in before and before[a]["submitted"])
    ]
    numbers = Counter((r["user"], r["quiz"], r["number"]) for r in rows.values())
    same_number = sum(1 for n in numbers.values() if n > 1)
    return {
        "acknowledged": len(counted),
        "in database": len(counted) - len(missing),
        "lost": len(missing) + len(wrong),
        "duplicated": len(twice) + same_number + max(0, len(unacked) - plan.failed_submits),
        "submitted, not acknowledged": len(unacked),
        "failed submits": plan.failed_submits,
        "examples": (missing + wrong + twice)[:5],
    }, rows


# --- phases -------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    duration: float = 0.0
    routes: dict[str, dict[str, float]] = field(default_factory=dict)
    total: dict[str, float] = field(default_factory=dict)  # every request of the phase
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # seconds over the phase
    notes: dict[str, int] = field(default_factory=dict)
    check: dict[str, Any] | None = None
    kill: dict[str, Any] = field(default_factory=dict)

    def requests(self, route: str | None = None) -> int:
        rows = [self.routes[route]] if route else self.routes.values()
        return int(sum(r["requests"] for r in rows if r))

    def failures(self) -> int:
        return int(sum(r["failures"] for r in self.routes.values()))

    def rps(self, route: str | None = None) -> float:
        return self.requests(route) / self.duration if route in self.routes or not route else 0

    def cpu_per_request(self) -> float:
        return self.cpu["gunicorn"] / max(self.requests(), 1)


class Meter:
    """CPU seconds of gunicorn, this process (the locust client), PostgreSQL and the machine."""

    def __init__(self, server: Server, postgres: bool) -> None:
        self.server, self.postgres, self.me = server, postgres, psutil.Process()

    def read(self) -> dict[str, float]:
        """CPU seconds so far; "worker <pid>" for each gunicorn worker alive."""
        machine = psutil.cpu_times()
        me = self.me.cpu_times()
        out = {
            "gunicorn": self.server.cpu(),
            "client": me.user + me.system,
            "machine": sum(machine) - machine.idle - getattr(machine, "iowait", 0),
        }
        if self.postgres:
            out["postgres"] = 0.0
            for proc in psutil.process_iter(["name"]):
                if (proc.info["name"] or "").startswith("postgres"):
                    try:
                        t = proc.cpu_times()
                        out["postgres"] += t.user + t.system + t.children_user + t.children_system
                    except psutil.Error:
                        pass
        for worker in self.server.workers():
            with contextlib.suppress(psutil.Error):
                out[f"worker {worker.pid}"] = sum(worker.cpu_times()[:2])
        return out


def run_users(
    name: str,
    user_class: type,
    users: int,
    spawn_rate: float,
    server: Server,
    meter: Meter,
    *,
    window: float = 0.0,
    limit: float = 60.0,
    grace: float = 35.0,
    during: Any = None,
) -> Phase:
    """One locust run. Readers (`window`): measured over `window` seconds once all are signed
    in. Learners: from the start until the last one is done, or `limit` seconds (then they
    finish the iteration under way, `grace` seconds at most)."""
    plan = journey.current_plan()
    env = Environment(
        user_classes=[user_class], host=f"http://{HOST}:{server.port}", catch_exceptions=True
    )
    bugs: Counter[str] = Counter()
    env.events.user_error.add_listener(
        lambda user_instance, exception, tb: bugs.update([repr(exception)[:200]])
    )
    runner = env.create_local_runner()
    phase = Phase(name)
    before = meter.read()
    runner.start(users, spawn_rate=spawn_rate)
    start = time.monotonic()
    helper = gevent.spawn(during, phase, start) if during is not None else None
    if window:
        while plan.ready < users and time.monotonic() < start + 60:
            gevent.sleep(0.05)
        if plan.ready < users:
            raise BenchError(f"only {plan.ready} of {users} readers signed in within 60 s")
        env.stats.reset_all()
        before, start = meter.read(), time.monotonic()
        gevent.sleep(window)
    else:
        while time.monotonic() < start + limit:
            gevent.sleep(0.05)
            if (
                runner.spawning_greenlet is not None
                and runner.spawning_greenlet.dead
                and runner.user_count == 0
            ):
                break
        else:
            plan.stopping = True
            phase.notes["stopped by the time limit"] = runner.user_count
            while runner.user_count and time.monotonic() < start + limit + grace:
                gevent.sleep(0.05)
    phase.duration = max(time.monotonic() - start, 1e-6)
    after = meter.read()
    runner.stop()
    runner.quit()
    if helper is not None:
        helper.join(timeout=90)  # the kill, and gunicorn forking a new worker
    phase.cpu = {k: v - before.get(k, 0.0) for k, v in after.items()}
    for entry in [*env.stats.entries.values(), env.stats.total]:
        figures = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            **{f"p{q}": float(entry.get_response_time_percentile(q / 100)) for q in (50, 95, 99)},
            "max": float(entry.max_response_time or 0),
        }
        if entry is env.stats.total:
            phase.total = figures
        else:
            phase.routes[entry.name] = figures
    phase.errors = [f"{e.name}: {e.error} x{e.occurrences}" for e in env.stats.errors.values()]
    phase.errors += [f"client error: {bug} x{n}" for bug, n in bugs.items()]
    phase.notes.update(plan.notes)
    return phase


def killer(server: Server, at: float) -> Any:
    """Midway through the phase, kill -9 the worker holding most learners' connections: from
    its own process (bench/kill_worker.py), which leaves locust's event loop running."""

    def act(phase: Phase, start: float) -> None:
        master = server.proc.pid if server.proc else 0
        helper = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "kill_worker.py"),
                str(master),
                str(server.port),
                str(max(0.0, start + at - time.monotonic())),
            ],
            capture_output=True,
            text=True,
            timeout=at + 60,
            check=False,
        )
        try:
            phase.kill.update(json.loads(helper.stdout), at=at)
        except ValueError:
            phase.kill["error"] = f"bench/kill_worker.py: {helper.stderr[-500:]}"

    return act


# --- the report ---------------------------------------------------------------------------


def print_phase(phase: Phase, cores: int) -> None:
    print(f"\n== {phase.name}: {phase.duration:.1f} s ==")
    print(
        f"{'route':<14}{'requests':>9}{'fail':>6}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'max':>7}  (ms)"
    )
    for route in [*ROUTES, *sorted(set(phase.routes) - set(ROUTES))]:
        if r := phase.routes.get(route):
            print(
                f"{route:<14}{r['requests']:>9}{r['failures']:>6}{phase.rps(route):>8.1f}"
                f"{r['p50']:>7.0f}{r['p95']:>7.0f}{r['p99']:>7.0f}{r['max']:>7.0f}"
            )
    t = phase.total
    print(
        f"{'all':<14}{t['requests']:>9}{t['failures']:>6}{phase.rps():>8.1f}{t['p50']:>7.0f}"
        f"{t['p95']:>7.0f}{t['p99']:>7.0f}{t['max']:>7.0f}"
    )
    for error in phase.errors[:6]:
        print(f"  error {error}")
    if phase.notes:
        print("notes: " + ", ".join(f"{k}: {n}" for k, n in sorted(phase.notes.items())))
    wall = phase.duration * cores
    cpu = phase.cpu
    other = cpu["machine"] - cpu["client"] - cpu["gunicorn"] - cpu.get("postgres", 0)
    print(
        f"CPU over {cores} cores: locust {cpu['client'] / phase.duration:.0%} of a core, "
        f"gunicorn {cpu['gunicorn'] / wall:.0%} ({phase.cpu_per_request() * 1000:.2f} ms per "
        f"request; "
        + ", ".join(f"{k} {s:.1f} s" for k, s in cpu.items() if k[:6] == "worker")
        + ")"
        + (f", postgres {cpu['postgres'] / wall:.0%}" if "postgres" in cpu else "")
        + f", other work on the machine {max(other, 0) / wall:.0%}"
    )
    if cpu["client"] / phase.duration > 0.85:
        print("warning: locust used most of a core: the client may be a bottleneck")
    if kill := phase.kill:
        print(
            f"kill -9 of worker {kill.get('pid')} at {kill.get('at', math.nan):.1f} s "
            f"(connections then: {kill.get('connections')}); replaced by "
            f"{kill.get('replacement')} {kill.get('after', math.nan):.2f} s later"
            if "pid" in kill
            else f"kill: {kill.get('error')}"
        )
    if phase.check:
        print("database check: " + ", ".join(f"{k} {v}" for k, v in phase.check.items()))


def summary(phases: dict[str, Phase], ratios: list[float], label: str) -> list[list[str]]:
    rows: list[list[str]] = []
    if "ceiling" in phases:
        c, lessons = phases["ceiling"], phases["lessons"]
        by_cpu = c.cpu_per_request() / lessons.cpu_per_request()
        rows += [
            ["static ceiling (best round)", f"{c.rps('static'):.0f} req/s", ""],
            ["lesson pages only (best round)", f"{lessons.rps('lesson'):.0f} req/s", ""],
            [
                "lesson / static: best/best, median of rounds",
                f"{lessons.rps('lesson') / c.rps('static'):.0%}, {statistics.median(ratios):.0%}",
                f">= {TARGET_RATIO:.0%}",
            ],
            [
                "lesson / static by gunicorn CPU per request",
                f"{by_cpu:.0%} ({c.cpu_per_request() * 1000:.2f} / "
                f"{lessons.cpu_per_request() * 1000:.2f} ms)",
                f">= {TARGET_RATIO:.0%}",
            ],
        ]
    for key, phase in phases.items():
        if key in ("ceiling", "lessons"):
            continue
        rows.append([f"{key}: requests/s", f"{phase.rps():.0f}", ""])
        if key == "load":
            p99, route = max((phase.routes[r]["p99"], r) for r in ROUTES if r in phase.routes)
            rows.append(
                [
                    f"load: worst p99 of a route ({route})",
                    f"{p99:.0f} ms",
                    f"< {TARGET_P99_MS:.0f} ms: " + ("met" if p99 < TARGET_P99_MS else "MISSED"),
                ]
            )
            rows.append(
                [
                    "load: lesson page p50 / p99",
                    f"{phase.routes['lesson']['p50']:.0f} / {phase.routes['lesson']['p99']:.0f} ms",
                    "",
                ]
            )
        else:
            rows.append(
                [
                    f"{key}: p50 / p99 of all requests",
                    f"{phase.total['p50']:.0f} / {phase.total['p99']:.0f} ms",
                    "reported",
                ]
            )
            if "login" in phase.routes:
                rows.append(
                    [
                        f"{key}: p99 of {phase.routes['login']['requests']:.0f} sign-ins at once",
                        f"{phase.routes['login']['p99']:.0f} ms",
                        "reported",
                    ]
                )
        rows.append(
            [f"{key}: failed requests", str(phase.failures()), "0" if key != "kill" else "reported"]
        )
        if phase.check:
            ch = phase.check
            rows.append(
                [
                    f"{key}: attempts acknowledged / lost / duplicated",
                    f"{ch['acknowledged']} / {ch['lost']} / {ch['duplicated']}",
                    "- / 0 / 0",
                ]
            )
        if "after" in phase.kill:
            rows.append(["kill: new worker forked after", f"{phase.kill['after']:.2f} s", ""])
    print(f"\n{'=' * 78}\nSUMMARY  {label}\n{'=' * 78}")
    width = max(len(r[0]) for r in rows) + 2
    for name, value, target in rows:
        print(f"{name:<{width}}{value:>24}  {target}")
    print("(timings are informative: the exit status does not depend on them)")
    return rows


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL: the database is created "
        "if missing, and its public schema EMPTIED; default: SQLite in a temp folder",
    )
    p.add_argument("--learners", type=int, default=50)
    p.add_argument("--iterations", type=int, default=4, help="quiz rounds per learner")
    p.add_argument(
        "--think-time",
        type=float,
        default=1.0,
        help="mean seconds before each click in the load phase (0.5 to 1.5 x)",
    )
    p.add_argument(
        "--ramp-up",
        type=float,
        default=10.0,
        help="seconds over which the learners arrive in the load phase",
    )
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds per load phase")
    p.add_argument("--stress", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--kill-worker", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument(
        "--ceiling-rounds",
        type=int,
        default=3,
        help="static and lesson rounds, alternated (0: none)",
    )
    p.add_argument("--ceiling-seconds", type=float, default=2.5)
    p.add_argument(
        "--ceiling-requests",
        type=int,
        default=1000,
        help="requests per browser at most in a static or lesson round",
    )
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--keep-alive", type=int, default=0)
    p.add_argument("--worker-connections", type=int, default=0, help="default: --threads")
    p.add_argument("--course", default="genre-bases")
    p.add_argument("--quiz", default="", help="quiz id (default: unlimited attempts)")
    p.add_argument("--login-rate-limit", default="100000 per minute")
    p.add_argument(
        "--accept-encoding",
        default="identity",
        help="what the learners accept: "
        '"identity" (default: uncompressed, as the previous benchmark), or "gzip, '
        'deflate, br" as browsers send (the player then compresses with Brotli)',
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", default="", help="also write the figures to this file")
    args = p.parse_args(argv)
    if (
        min(args.learners, args.workers, args.threads, args.iterations) < 1
        or args.ceiling_rounds < 0
        or args.time_limit <= 0
    ):
        p.error("counts must be positive")
    return args


def interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="liane-locust-"))
    server: Server | None = None
    signal.signal(signal.SIGTERM, interrupt)
    try:
        started = time.monotonic()
        url = prepare_database(args.database_url, folder)
        label = ("PostgreSQL" if args.database_url else "SQLite (WAL)") + (
            f"; gunicorn gthread {args.workers} workers x {args.threads} threads, keep-alive "
            f"{args.keep_alive}; {args.learners} locust users accepting "
            f"{args.accept_encoding!r}; {os.cpu_count()} cores"
        )
        env = {
            **os.environ,
            "LIANE_DATABASE_URL": url,
            "LIANE_COURSES_DIR": str(ROOT / "courses"),
            "LIANE_SECRET_KEY": "load-bench-" + os.urandom(8).hex(),
        }
        if args.login_rate_limit:
            env["LIANE_LOGIN_RATE_LIMIT"] = args.login_rate_limit
        os.environ.update({k: v for k, v in env.items() if k.startswith("LIANE_")})
        plan = journey.PLAN = journey.course_plan(args.course, args.quiz, args.learners)
        plan.seed, plan.requests = args.seed, args.ceiling_requests
        plan.accept_encoding = args.accept_encoding
        ids = create_accounts(url, plan.emails)
        print(
            f"{label}\n{len(ids)} accounts; lessons {len(plan.lessons)}, quiz {plan.quiz}",
            flush=True,
        )
        server = Server(args, env, folder / "gunicorn.log")
        server.start()
        meter = Meter(server, bool(args.database_url))
        cores = os.cpu_count() or 1
        # Untimed: every worker compiles its templates and opens its connections.
        plan.new_phase(think_time=0, iterations=1)
        run_users("warm-up", journey.Learner, 2 * args.workers, 100, server, meter, limit=30)
        phases: dict[str, Phase] = {}
        rounds: list[tuple[Phase, Phase]] = []
        for number in range(1, args.ceiling_rounds + 1):
            pair = []
            for kind, user in (
                ("static ceiling", journey.StaticReader),
                ("lesson pages only", journey.LessonReader),
            ):
                plan.new_phase()
                pair.append(
                    run_users(
                        f"{kind}, round {number}",
                        user,
                        args.learners,
                        args.learners,
                        server,
                        meter,
                        window=args.ceiling_seconds,
                    )
                )
            static, lesson = pair
            rounds.append((static, lesson))
            print(
                f"round {number}: static {static.rps('static'):.0f} req/s, lessons "
                f"{lesson.rps('lesson'):.0f} req/s, ratio "
                f"{lesson.rps('lesson') / max(static.rps('static'), 1e-9):.0%}",
                flush=True,
            )
        ratios = [
            lesson.rps("lesson") / max(static.rps("static"), 1e-9) for static, lesson in rounds
        ]
        if rounds:
            phases["ceiling"] = max((r[0] for r in rounds), key=lambda p: p.rps("static"))
            phases["lessons"] = max((r[1] for r in rounds), key=lambda p: p.rps("lesson"))
            print_phase(phases["ceiling"], cores)
            print_phase(phases["lessons"], cores)

        after = read_attempts(url, list(ids.values()))
        learn = [
            "load",
            *(["stress"] if args.stress else []),
            *(["kill"] if args.kill_worker else []),
        ]
        for key in learn:
            if key == "load":
                title, think, rate, during = (
                    f"load: a class arriving over {args.ramp_up:g} s, ~{args.think_time:g} s "
                    "between clicks",
                    args.think_time,
                    args.learners / max(args.ramp_up, 1e-3),
                    None,
                )
            elif key == "stress":
                title, think, rate, during = (
                    "stress: no pause, everyone at once",
                    0,
                    args.learners,
                    None,
                )
            else:  # under the stress load every thread is busy: the hardest time to lose a write
                at = (
                    min(phases["stress"].duration if "stress" in phases else 10.0, args.time_limit)
                    / 2
                )
                title, think, rate, during = (
                    f"kill: the stress load, kill -9 of a worker at {at:.1f} s",
                    0,
                    args.learners,
                    killer(server, at),
                )
            print(f"\n{title} ...", flush=True)
            plan.new_phase(think_time=think, iterations=args.iterations)
            phase = run_users(
                title,
                journey.Learner,
                args.learners,
                rate,
                server,
                meter,
                limit=args.time_limit,
                during=during,
            )
            phase.check, after = check_attempts(url, ids, plan, after)
            phases[key] = phase
            print_phase(phase, cores)
        log_errors = [
            line
            for line in server.tail(400).splitlines()
            if "Traceback" in line or "ERROR" in line or "CRITICAL" in line
        ]
        if log_errors:
            print(f"\ngunicorn log: {len(log_errors)} error lines, e.g. {log_errors[0][:200]}")
        rows = summary(phases, ratios, label)
        print(f"total time {time.monotonic() - started:.0f} s")
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {
                        "summary": rows,
                        "ratios": ratios,
                        "phases": {
                            k: {
                                "duration": p.duration,
                                "routes": p.routes,
                                "errors": p.errors,
                                "total": p.total,
                                "cpu": p.cpu,
                                "notes": p.notes,
                                "check": p.check,
                                "kill": p.kill,
                            }
                            for k, p in phases.items()
                        },
                    },
                    indent=1,
                    default=str,
                )
            )
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted: stopping gunicorn", file=sys.stderr)
        return 130
    except (BenchError, ValueError) as exc:
        print(f"benchmark could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

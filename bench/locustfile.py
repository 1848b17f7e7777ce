"""The learner's journey, for locust: `bench/load_bench.py` drives it headless (accounts,
gunicorn, phases, database check); it also runs on its own against a player whose accounts
`learner-000@bench.example.org`... have the password below:

    .venv/bin/locust -f bench/locustfile.py --host http://127.0.0.1:8000 Learner

- `Learner`: a learner of the class. Signs in, opens the catalogue and the course outline,
  then `iterations` times reads `lessons_per_iteration` lessons, opens the quiz page, starts
  an attempt, reloads the page, saves the answers as the page's script does while one types
  (a 204), submits them (a 302 to /attempts/<id> acknowledges the attempt) and reads the
  results. Before every request it waits 0.5 to 1.5 times `think_time` seconds. A submit
  whose connection was cut is sent once more (a learner clicking again); a failed step
  abandons the iteration, as the learner would start again from the lessons.
- `StaticReader` and `LessonReader`: signed-in browsers GETting /static/liane.css (with their
  cookies, as a page's stylesheet goes) or lesson pages with no pause, for the static
  ceiling and the lesson/static ratio.

Every loop is bounded: a learner stops after `iterations` (or at once when the driver sets
`stopping`), a reader after `requests` requests.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookiejar import Cookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import gevent
import geventhttpclient.client
import lxml.html
from locust import FastHttpUser, constant, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-not-secret"
STATIC_PATH = "/static/liane.css"
HEADERS = {"Accept-Language": "fr", "Accept": "text/html,*/*"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ATTEMPT_URL_RE = re.compile(r"^/attempts/(\d+)$")
WORDS = [
    "genre",
    "égalité",
    "analyse",
    "projet",
    "données",
    "indicateurs",
    "femmes",
    "hommes",
    "diagnostic",
    "participation",
    "budget",
    "suivi",
]


# geventhttpclient silently sends a GET again when its connection breaks (meant for stale
# kept-alive connections). gunicorn closes every connection after its response here
# (keep-alive 0), so a broken connection is a request lost with a killed worker: count it.
if hasattr(geventhttpclient.client, "_may_retry_after_send_error"):
    geventhttpclient.client._may_retry_after_send_error = lambda method: False


def account(index: int) -> str:
    return f"learner-{index:03d}@bench.example.org"


@dataclass
class Plan:
    """What the users do, and what they saw that the driver checks afterwards."""

    emails: list[str]
    outline: str  # /learn/<course>/
    lessons: list[str]
    quiz: str
    think_time: float = 1.0
    iterations: int = 4
    lessons_per_iteration: int = 2
    requests: int = 1000  # per reader
    seed: int = 1
    retry_submit: bool = True
    # What the old benchmark sent (nothing): responses uncompressed. Browsers send "gzip,
    # deflate, br", and the player then compresses every page and file with Brotli.
    accept_encoding: str = "identity"
    stopping: bool = False  # set by the driver at a phase's time limit
    acks: list[tuple[str, int]] = field(default_factory=list)  # (email, attempt id)
    failed_submits: int = 0
    notes: Counter[str] = field(default_factory=Counter)
    ready: int = 0  # readers signed in and reading
    cookies: dict[str, list[Cookie]] = field(default_factory=dict)
    numbers: itertools.count[int] = field(default_factory=itertools.count)

    def new_phase(self, **changes: Any) -> None:
        """Start counting again (users take accounts from the first one); cookies stay."""
        for key, value in changes.items():
            setattr(self, key, value)
        self.acks, self.failed_submits, self.notes = [], 0, Counter()
        self.ready, self.stopping, self.numbers = 0, False, itertools.count()


def course_plan(course_id: str, quiz_id: str = "", learners: int = 50) -> Plan:
    """Lesson URLs and the quiz to take (unlimited attempts unless `quiz_id` names one)."""
    import sys

    sys.path.insert(0, str(ROOT))
    from engine.loader import load_course
    from engine.model import Quiz

    course, problems = load_course(ROOT / "courses" / course_id)
    if course is None:
        raise ValueError(
            f"course {course_id} does not load: " + "; ".join(p.format() for p in problems[:3])
        )
    base = f"/learn/{course.id}/"
    lessons = [f"{base}{item.id}.html" for item in course.items() if not isinstance(item, Quiz)]
    quizzes = [item for item in course.items() if isinstance(item, Quiz)]
    if quiz_id:
        chosen = next((q for q in quizzes if q.id == quiz_id), None)
    else:
        unlimited = [q for q in quizzes if not q.max_attempts and q.graded]
        chosen = next(
            (q for q in unlimited if q.feedback == "after_submit"),
            unlimited[0] if unlimited else None,
        )
    if chosen is None or not lessons:
        wanted = quiz_id or "with unlimited attempts"
        raise ValueError(f"{course.id}: no lesson, or no quiz {wanted}")
    return Plan([account(i) for i in range(learners)], base, lessons, f"{base}{chosen.id}.html")


PLAN: Plan | None = None  # set by bench/load_bench.py; built from the course when run alone


def current_plan() -> Plan:
    global PLAN
    if PLAN is None:
        PLAN = course_plan(
            os.environ.get("LIANE_BENCH_COURSE", "genre-bases"),
            learners=int(os.environ.get("LIANE_BENCH_LEARNERS", "50")),
        )
    return PLAN


class StepFailed(Exception):
    """A request failed (locust has recorded it): the iteration is abandoned."""


class Browser(FastHttpUser):
    """One learner's browser: its own cookie jar; the account is the next one of the plan."""

    abstract = True
    wait_time = constant(0)  # pauses are the journey's own (`think`)
    network_timeout = connection_timeout = 30.0

    def on_start(self) -> None:
        self.plan = current_plan()
        self.index = next(self.plan.numbers)
        self.email = self.plan.emails[self.index % len(self.plan.emails)]
        self.rng = random.Random(self.plan.seed * 1000 + self.index)
        self.signed_in = False
        self.count = 0

    def call(
        self,
        name: str,
        method: str,
        path: str,
        form: dict[str, Any] | None = None,
        expect: int = 200,
        headers: dict[str, str] | None = None,
        holds: str = "",
    ) -> Any:
        """One request, recorded by locust under `name`: a failure (and StepFailed) unless
        its status is `expect` and its body `holds` that text (in lower case)."""
        body = urlencode(form, doseq=True) if form is not None else None
        with self.client.request(
            method,
            path,
            name=name,
            data=body,
            allow_redirects=False,
            headers={
                **HEADERS,
                "Accept-Encoding": self.plan.accept_encoding,
                **(FORM if form else {}),
                **(headers or {}),
            },
            catch_response=True,
        ) as response:
            status = response.status_code
            if status == expect and (not holds or holds in response.text.lower()):
                response.success()
                return response
            if status == expect:
                response.failure(f"no {holds!r} in the page")
                raise StepFailed(f"{method} {path}: no {holds!r}")
            if not status:  # no response: the connection was refused or cut
                response.failure(f"connection {type(response.error).__name__}")
                raise StepFailed("connection")
            where = response.headers.get("Location", "") if response.headers else ""
            response.failure(f"HTTP {status}" if status >= 500 else f"unexpected {status}")
            if status in (301, 302, 303) and "/login" in where:
                self.signed_in = False
            raise StepFailed(f"{method} {path} -> {status} {where}")

    def sign_in(self) -> None:
        self.client.cookiejar.clear()
        page = self.call("login page", "GET", "/login")
        self.call(
            "login",
            "POST",
            "/login",
            {"csrf_token": token(page.text), "email": self.email, "password": PASSWORD},
            expect=302,
        )
        self.signed_in = True

    def sign_in_once(self) -> None:
        """Readers reuse the cookies of an earlier sign-in of their account."""
        cookies = self.plan.cookies.get(self.email)
        for attempt in range(3):
            if cookies:
                for cookie in cookies:
                    self.client.cookiejar.set_cookie(cookie)
                break
            try:
                self.sign_in()
                cookies = self.plan.cookies[self.email] = list(self.client.cookiejar)
            except StepFailed:
                gevent.sleep(0.5 * (attempt + 1))
        self.plan.ready += 1

    def read_lesson(self) -> None:
        lessons = self.plan.lessons
        self.count += 1
        self.call("lesson", "GET", lessons[(self.index + self.count) % len(lessons)], holds="<main")

    def bounded(self) -> None:
        if self.count >= self.plan.requests or self.plan.stopping:
            raise StopUser


class StaticReader(Browser):
    """The static ceiling: the same server returning a file to the same browsers."""

    def on_start(self) -> None:
        super().on_start()
        self.sign_in_once()

    @task
    def static(self) -> None:
        self.bounded()
        self.count += 1
        with contextlib.suppress(StepFailed):  # recorded by locust; the reader goes on
            self.call("static", "GET", STATIC_PATH)


class LessonReader(Browser):
    """Lesson pages with no pause, to compare with the static ceiling."""

    def on_start(self) -> None:
        super().on_start()
        self.sign_in_once()

    @task
    def lessons(self) -> None:
        self.bounded()
        with contextlib.suppress(StepFailed):
            self.read_lesson()


class Learner(Browser):
    """A learner of the class (see the module's docstring)."""

    def on_start(self) -> None:
        super().on_start()
        self.done = 0

    def think(self) -> None:
        if self.plan.think_time:
            gevent.sleep(self.rng.uniform(0.5, 1.5) * self.plan.think_time)

    def call(
        self,
        name: str,
        method: str,
        path: str,
        form: dict[str, Any] | None = None,
        expect: int = 200,
        headers: dict[str, str] | None = None,
        holds: str = "",
    ) -> Any:
        self.think()
        return super().call(name, method, path, form, expect, headers, holds)

    @task
    def journey(self) -> None:  # one iteration
        if self.done >= self.plan.iterations or self.plan.stopping:
            raise StopUser
        self.done += 1
        try:
            if not self.signed_in:
                self.sign_in()
                self.call("catalogue", "GET", "/")
                self.call("outline", "GET", self.plan.outline)
            for _ in range(self.plan.lessons_per_iteration):
                self.read_lesson()
            self.take_quiz()
            self.plan.notes["iterations done"] += 1
        except StepFailed:
            self.plan.notes["iterations abandoned"] += 1

    def take_quiz(self) -> None:
        quiz = self.plan.quiz
        doc = lxml.html.document_fromstring(self.call("quiz page", "GET", quiz).text)
        if not doc.xpath('//input[@name="attempt"]'):
            if not doc.xpath('//button[@value="start"]'):
                self.plan.notes["no attempt left"] += 1
                return
            response = self.call(
                "start", "POST", quiz, {"csrf_token": token(doc), "action": "start"}, expect=302
            )
            if urlsplit(response.headers.get("Location", "")).path != quiz:
                raise StepFailed("start: unexpected redirect")
            doc = lxml.html.document_fromstring(self.call("quiz page", "GET", quiz).text)
            if not doc.xpath('//input[@name="attempt"]'):
                self.plan.notes["no attempt left"] += 1
                return
        else:
            self.plan.notes["resumed an open attempt"] += 1
        attempt = doc.xpath('//input[@name="attempt"]/@value')[0]
        form = {**answers(doc, self.rng), "csrf_token": token(doc), "attempt": attempt}
        self.call(
            "save",
            "POST",
            quiz,
            {**form, "action": "save"},
            expect=204,
            headers={"X-Liane-Autosave": "1"},
        )
        form["action"] = "submit"
        try:
            response = self.call("submit", "POST", quiz, form, expect=302)
        except StepFailed as exc:
            self.plan.failed_submits += 1
            if not self.plan.retry_submit or str(exc) != "connection":
                raise  # only a lost connection is retried, as a learner clicking again
            gevent.sleep(0.2)
            try:
                response = super().call("submit retry", "POST", quiz, form, expect=302)
            except StepFailed:
                self.plan.failed_submits += 1
                raise
        found = ATTEMPT_URL_RE.match(urlsplit(response.headers.get("Location", "")).path)
        if found is None or found.group(1) != attempt:
            raise StepFailed("submit: unexpected redirect")
        self.plan.acks.append((self.email, int(attempt)))
        self.call("results", "GET", found.group(0), holds="score")


def token(page: str | Any) -> str:
    doc = lxml.html.document_fromstring(page) if isinstance(page, str) else page
    found = doc.xpath('//input[@name="csrf_token"]/@value')
    if not found:
        raise StepFailed("no csrf token")
    return str(found[0])


def answers(doc: Any, rng: random.Random) -> dict[str, Any]:
    """Answers for every question of the attempt form, chosen at random."""
    form = doc.get_element_by_id("quiz", None)
    if form is None:
        raise StepFailed("no quiz form")
    radios: dict[str, list[str]] = defaultdict(list)
    boxes: dict[str, list[str]] = defaultdict(list)
    out: dict[str, Any] = {}
    for element in form.inputs:
        name = element.name or ""
        if not name.startswith("q-"):
            continue
        if element.tag == "select":
            options = [v for v in element.value_options if v]
            if options:
                out[name] = rng.choice(options)
        elif element.tag == "textarea":
            out[name] = " ".join(rng.choice(WORDS) for _ in range(60))
        else:
            kind = (element.get("type") or "text").lower()
            if kind == "radio":
                radios[name].append(element.get("value", ""))
            elif kind == "checkbox":
                boxes[name].append(element.get("value", ""))
            elif kind in ("text", "number", "search"):
                numeric = element.get("inputmode") in ("decimal", "numeric")
                out[name] = str(rng.randint(0, 100)) if numeric else rng.choice(WORDS)
    for name, values in radios.items():
        out[name] = rng.choice(values)
    for name, values in boxes.items():
        out[name] = rng.sample(values, rng.randint(1, len(values)))
    return out

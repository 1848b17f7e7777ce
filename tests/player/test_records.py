"""What the organisation certifies and keeps: active time that never exceeds the time that
passed, grades as given at submission, answers frozen once submitted, certificates
rendered once, personal pages never cached, a warning when limits are counted per worker."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from engine.player import progress
from engine.player.courses import load_courses
from engine.player.models import Answer, Attempt, ItemProgress
from tests.helpers.concurrency import all_at_once
from tests.helpers.courses import LIBRARY
from tests.helpers.player import csrf_token, make_app, sign_in
from tests.helpers.quiz import QUIZ, RIGHT, act, complete_demo


class Clock:
    """The player's clock (engine.player.progress.now), moved by the test."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 12, 3, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(progress, "now", fake)
    yield fake


def beat(client: FlaskClient, token: str, item: str, seconds: int) -> int:
    response = client.post(
        "/learn/demo/time",
        data={"item": item, "seconds": str(seconds)},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    return int(response.get_json()["added"])


def credited_seconds(app: Flask) -> int:
    from engine.player.db import session

    with app.app_context():
        return sum(session().scalars(select(ItemProgress.seconds)))


def test_several_tabs_beating_at_once_never_count_more_than_the_time_that_passed(
    app: Flask, learner: FlaskClient, clock: Clock
) -> None:
    token = csrf_token(learner.get("/learn/demo/intro.html").get_data(as_text=True))
    for item in ("suite", "quiz", "diagnostic"):  # four tabs open, on four items
        learner.get(f"/learn/demo/{item}.html")
    added = []
    for _ in range(4):  # 4 beats of 3 s on each tab: 12 s of real time
        clock.advance(3)
        added += [
            beat(learner, token, item, 3) for item in ("intro", "suite", "quiz", "diagnostic")
        ]
    assert added == [3, 0, 0, 0] * 4
    assert credited_seconds(app) == 12
    clock.advance(30)  # one tab reports 30 s, the others the same 30 s after it
    assert [beat(learner, token, item, 30) for item in ("suite", "intro")] == [30, 0]
    assert credited_seconds(app) == 42


def test_a_report_is_cut_to_what_elapsed_since_the_page_opened_and_to_the_idle_cutoff(
    app: Flask, learner: FlaskClient, clock: Clock
) -> None:
    token = csrf_token(learner.get("/learn/demo/intro.html").get_data(as_text=True))
    clock.advance(5)
    assert beat(learner, token, "intro", 50) == 5
    clock.advance(600)  # a tab left open over lunch reports ten minutes
    assert beat(learner, token, "intro", 600) == 60  # IDLE_CUTOFF_SECONDS
    clock.advance(0.6)
    assert beat(learner, token, "intro", 1) == 0  # fractions wait for the next report
    clock.advance(0.6)
    assert beat(learner, token, "intro", 1) == 1
    assert credited_seconds(app) == 66


def test_simultaneous_reports_from_many_tabs_credit_the_time_once(
    app: Flask, learner: FlaskClient, clock: Clock
) -> None:
    page = learner.get("/learn/demo/intro.html").get_data(as_text=True)
    token = csrf_token(page)
    clock.advance(20)
    results: list[int] = []
    all_at_once([lambda: results.append(beat(learner, token, "intro", 20)) for _ in range(6)])
    assert sorted(results) == [0, 0, 0, 0, 0, 20]
    assert credited_seconds(app) == 20


def signed_in_on_own_courses(courses: Path, database_url: str) -> tuple[Flask, FlaskClient]:
    """An app on a copy of the test library that the test may change, and Awa signed in."""
    from engine.player.accounts import create_user
    from engine.player.db import upgrade

    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(courses))
    with app.app_context():
        create_user("awa@example.org", "Awa Diallo", "motdepasse-solide")
    client = app.test_client()
    sign_in(client, "awa@example.org")
    return app, client


def test_time_reports_of_other_courses_share_the_learners_one_clock(
    tmp_path: Path, database_url: str, clock: Clock
) -> None:
    courses = tmp_path / "courses"
    shutil.copytree(LIBRARY, courses)
    shutil.copytree(courses / "demo", courses / "autre")
    course_yml = courses / "autre" / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8").replace("Cours de démonstration", "Autre cours"),
        encoding="utf-8",
    )
    _app, client = signed_in_on_own_courses(courses, database_url)
    token = csrf_token(client.get("/learn/demo/intro.html").get_data(as_text=True))
    client.get("/learn/autre/intro.html")
    clock.advance(10)
    first = beat(client, token, "intro", 10)
    response = client.post(
        "/learn/autre/time", data={"item": "intro", "seconds": "10"}, headers={"X-CSRFToken": token}
    )
    assert (first, response.get_json()["added"]) == (10, 0)


def test_an_autosave_after_the_submission_changes_nothing(app: Flask, learner: FlaskClient) -> None:
    act(learner, "start")
    page = learner.get(QUIZ).get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt is not None
    token = csrf_token(page)
    act(learner, "submit", RIGHT)
    late = learner.post(
        QUIZ,
        data={"csrf_token": token, "action": "save", "attempt": attempt.group(1), "q-genre": "a"},
        headers={"X-Liane-Autosave": "1"},
    )
    assert late.status_code == 409
    from engine.player.db import session

    with app.app_context():
        stored = session().get(Attempt, int(attempt.group(1)))
        assert stored is not None and stored.responses["genre"] == "b"


def test_an_autosave_racing_the_submission_never_overwrites_it(
    app: Flask, learner: FlaskClient
) -> None:
    from engine.player.db import session

    for _round in range(5):
        with app.app_context():  # a fresh attempt each round
            db = session()
            db.query(Attempt).delete()
            db.commit()
        act(learner, "start")
        page = learner.get(QUIZ).get_data(as_text=True)
        number = re.search(r'name="attempt" value="(\d+)"', page)
        assert number is not None
        form = {"csrf_token": csrf_token(page), "attempt": number.group(1)}

        def submit(form: dict[str, str] = form) -> None:
            learner.post(QUIZ, data={**form, "action": "submit", **RIGHT})

        def autosave(form: dict[str, str] = form) -> None:
            learner.post(
                QUIZ,
                data={**form, "action": "save", "q-genre": "a"},
                headers={"X-Liane-Autosave": "1"},
            )

        all_at_once([autosave, submit, autosave, autosave])
        with app.app_context():
            attempt = session().get(Attempt, int(number.group(1)))
            assert attempt is not None and attempt.submitted
            assert attempt.responses["genre"] == "b" and attempt.score == 1.0


def test_results_show_the_grades_given_at_submission_after_the_key_changes(
    tmp_path: Path, database_url: str
) -> None:
    from engine.player.db import session

    courses = tmp_path / "courses"
    shutil.copytree(LIBRARY, courses)
    app, client = signed_in_on_own_courses(courses, database_url)
    act(client, "start")
    results = client.get(act(client, "submit", RIGHT).headers["Location"])
    before = results.get_data(as_text=True)
    assert "Score : 100 %" in before
    with app.app_context():
        grades = {a.question_id: a.grade for a in session().scalars(select(Answer))}
    assert grades["genre"] == {
        "score": 1.0,
        "correct": True,
        "answered": True,
        "parts": [True],
        "feedback": ["<p>FEEDBACK-JUSTE-NON</p>\n"],
        "survey_score": 0.0,
    }
    quiz = courses / "demo" / "quiz.yml"  # the author moves the right answer to "Oui"
    quiz.write_text(
        quiz.read_text(encoding="utf-8")
        .replace("      - text: Oui\n", "      - text: Oui\n        correct: true\n")
        .replace(
            "        correct: true\n        feedback: FEEDBACK-JUSTE-NON",
            "        feedback: FEEDBACK-JUSTE-NON",
        ),
        encoding="utf-8",
    )
    with app.app_context():
        load_courses(app)
    after = client.get(results.request.path).get_data(as_text=True)
    assert "Score : 100 %" in after
    verdicts = re.findall(r'<div class="verdict">\s*<p class="[^"]*">([^<]+)', after)
    assert verdicts == re.findall(r'<div class="verdict">\s*<p class="[^"]*">([^<]+)', before)


def test_the_certificate_is_rendered_once_and_kept(
    app: Flask, learner: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.player import certificates

    renders: list[str] = []
    real = certificates.html_to_pdf

    def counting(html: str, *args: Any) -> bytes:
        renders.append(html)
        return real(html, *args)

    monkeypatch.setattr(certificates, "html_to_pdf", counting)
    complete_demo(learner)
    first = learner.get("/certificates/demo.pdf")
    second = learner.get("/certificates/demo.pdf")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and len(renders) == 1
    assert "no-store" in first.headers["Cache-Control"]


def from_another_host(client: FlaskClient) -> FlaskClient:
    """The same browser session, its requests carrying `Host: evil.example`."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.set_cookie("session", cookie.value, domain="evil.example")
    return client


def test_the_verification_address_comes_from_the_configured_base_url(
    database_url: str, make_user: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.player import certificates

    app = make_app(database_url, BASE_URL="https://formation.example.org/")
    make_user()
    client = app.test_client()
    sign_in(client, "awa@example.org")
    complete_demo(client)
    pages: list[str] = []
    monkeypatch.setattr(certificates, "html_to_pdf", lambda html, *a: pages.append(html) or b"%PDF")
    assert (
        from_another_host(client)
        .get("/certificates/demo.pdf", headers={"Host": "evil.example"})
        .status_code
        == 200
    )
    assert "https://formation.example.org/verify?code=" in pages[0]
    assert "evil.example" not in pages[0]


def test_without_a_base_url_the_certificate_gives_its_code_only(
    app: Flask, learner: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.player import certificates

    complete_demo(learner)
    pages: list[str] = []
    monkeypatch.setattr(certificates, "html_to_pdf", lambda html, *a: pages.append(html) or b"%PDF")
    assert (
        from_another_host(learner)
        .get("/certificates/demo.pdf", headers={"Host": "evil.example"})
        .status_code
        == 200
    )
    assert "evil.example" not in pages[0] and "/verify" not in pages[0]
    assert re.search(r"Code du certificat<br><span class=\"code\">[A-Z2-9-]{14}</span>", pages[0])


def test_personal_pages_and_exports_are_never_stored(
    app: Flask, learner: FlaskClient, facilitator: FlaskClient
) -> None:
    act(learner, "start")
    results = act(learner, "submit", RIGHT).headers["Location"]
    for client, url in [
        (learner, results),
        (learner, "/account"),
        (facilitator, "/admin/"),
        (facilitator, "/admin/courses/demo"),
        (facilitator, "/admin/report.csv"),
        (facilitator, results),
        (facilitator, "/admin/courses/demo/learners.csv"),
        (facilitator, "/admin/courses/demo/quiz/open.csv"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
    with learner.get("/static/liane.css") as static:
        assert "no-store" not in static.headers.get("Cache-Control", "")


def test_a_warning_when_sign_in_limits_are_counted_per_worker(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    redis_url: str,
) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/23.0.0")
    monkeypatch.setattr(
        "sys.argv", ["gunicorn", "--workers", "2", "--threads", "4", "engine.player:create_app()"]
    )
    with caplog.at_level(logging.WARNING):
        make_app(database_url)
    assert any(
        "2 gunicorn workers" in r.getMessage() and "redis://" in r.getMessage()
        for r in caplog.records
    )
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        make_app(database_url, RATELIMIT_STORAGE_URI=redis_url)
        monkeypatch.setattr("sys.argv", ["gunicorn", "engine.player:create_app()"])
        make_app(database_url)
    assert not [r for r in caplog.records if "gunicorn workers" in r.getMessage()]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A Redis server of the test's own, on a free port, keeping nothing on disk (Debian's
    redis-server, which .ci/system-packages installs); ready when its log says so."""
    import socket
    import subprocess
    import threading

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    ready = threading.Event()

    def read_log() -> None:  # to its end, so that the pipe never fills
        assert server.stdout is not None
        for line in server.stdout:
            if "Ready to accept connections" in line:
                ready.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    url = f"redis://127.0.0.1:{port}"
    try:
        ready.wait(5)
        yield url
    finally:
        server.terminate()
        server.wait(10)
        reader.join(5)
        assert server.stdout is not None
        server.stdout.close()


def test_instances_sharing_a_redis_store_share_the_sign_in_limit(
    database_url: str, make_user: Callable[..., Any], redis_url: str
) -> None:
    """What the README's deployment section sets up: two workers (two apps here), one
    count, in a real Redis."""
    make_user()
    workers = [
        make_app(database_url, RATELIMIT_STORAGE_URI=redis_url, LOGIN_RATE_LIMIT="3 per minute")
        for _ in range(2)
    ]
    codes = []
    for turn in range(4):
        client = workers[turn % 2].test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        codes.append(
            client.post(
                "/login",
                data={"csrf_token": token, "password": "wrong", "email": "awa@example.org"},
            ).status_code
        )
    assert codes == [200, 200, 200, 429]

"""CSV exports: one writer, formulas neutralised in every file (OWASP "CSV Injection"),
numbers kept as numbers, never cached."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player.csvfile import FORMULA_STARTS, csv_text, neutralise
from tests.helpers.quiz import RIGHT, act

EXPORTS = (
    "/admin/report.csv",
    "/admin/courses/demo/items.csv",
    "/admin/courses/demo/learners.csv",
    "/admin/courses/demo/summary.csv",
    "/admin/courses/demo/quiz/open.csv",
)
# What spreadsheets run as formulas; each starts a name, an email and an open answer below.
PAYLOADS = {start: f'{start}HYPERLINK("http://evil.example";"x")' for start in FORMULA_STARTS}


def test_formula_cells_get_a_quote_and_numbers_stay_numbers() -> None:
    assert FORMULA_STARTS == ("=", "+", "-", "@", "\t", "\r")
    for start in FORMULA_STARTS:
        assert neutralise(start + "1+1") == "'" + start + "1+1"
    for kept in ("Awa", "1+1", " =1", "'=1", "", "a=b", "é@"):
        assert neutralise(kept) == kept
    for number in (-3, 12.5, -0.25, 0, None):
        assert neutralise(number) == number
    text = csv_text(
        ["name", "score"],
        [["=1+1", -3], ["-Awa", 12.5], ["@SUM(A1)", None], ["\t=1", 4], ["\r=1", 5], ["+1", -0.25]],
    )
    assert text == (
        "\ufeffname;score\r\n'=1+1;-3\r\n'-Awa;12.5\r\n'@SUM(A1);\r\n"
        "'\t=1;4\r\n\"'\r=1\";5\r\n'+1;-0.25\r\n"
    )


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_every_export_is_sent_no_store(learner: FlaskClient, admin: FlaskClient) -> None:
    act(learner, "start")
    act(learner, "submit", RIGHT)
    for url in EXPORTS:
        rows = read_csv(admin.get(url))
        assert len(rows) > 1, url


@pytest.fixture
def hostile(app: Flask, make_user: Callable[..., Any]) -> dict[str, str]:
    """A learner per formula start, named and addressed with it, who answered the open
    question with it: stored by an earlier version, or by a path that did not check.
    Returns email -> payload."""
    from engine.player.db import session
    from engine.player.models import Answer, Attempt, User, now

    emails = {}
    for number, (start, payload) in enumerate(PAYLOADS.items()):
        email = f"{start}learner{number}@example.org"
        user = make_user(f"learner{number}@example.org", "Learner")
        emails[email] = payload
        with app.app_context():
            db = session()
            db.get(User, user.id).email, db.get(User, user.id).name = email, payload
            attempt = Attempt(
                user_id=user.id,
                course_id="demo",
                course_version="2.0",
                quiz_id="quiz",
                number=1,
                seed=1,
                submitted_at=now(),
                score=0.5,
                passed=False,
            )
            attempt.answers.append(Answer(question_id="avis", text=payload, score=0.0))
            db.add(attempt)
            db.commit()
    return emails


def test_names_and_emails_are_neutralised_in_the_reports(
    hostile: dict[str, str], admin: FlaskClient
) -> None:
    for url in ("/admin/report.csv", "/admin/courses/demo/learners.csv"):
        rows = read_csv(admin.get(url))
        by_email = {row[1]: row for row in rows[1:]}
        assert set(by_email) == {"'" + email for email in hostile}, url
        for email, payload in hostile.items():
            row = by_email["'" + email]
            assert row[0] == "'" + payload, url
    rows = read_csv(admin.get("/admin/report.csv"))
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["'-learner2@example.org"][2:] == [
        "demo",
        "2.0",
        "in_progress",
        "En cours",
        "0",
        "2",
        "0",
        "50",
        "0",
        "",
        "",
        "",
    ]


def test_open_answers_are_neutralised(hostile: dict[str, str], admin: FlaskClient) -> None:
    rows = read_csv(admin.get("/admin/courses/demo/quiz/open.csv"))
    assert rows[0] == ["learner", "date", "question", "answer"]
    assert sorted((row[0], row[2], row[3]) for row in rows[1:]) == sorted(
        ("'" + payload, "avis", "'" + payload) for payload in hostile.values()
    )


def test_numbers_written_by_the_app_stay_numbers(learner: FlaskClient, admin: FlaskClient) -> None:
    act(learner, "start")
    act(learner, "submit", RIGHT)
    rows = read_csv(admin.get("/admin/courses/demo/items.csv"))
    assert [
        "quiz",
        "genre",
        "Le genre est-il biologique ?",
        "1",
        "100",
        "",
        "Oui: 0 (0 %) | Non: 1 (100 %)",
        "",
    ] in rows
    rows = read_csv(admin.get("/admin/courses/demo/summary.csv"))
    assert ["score_band", "90-100", "1"] in rows
    rows = read_csv(admin.get("/admin/courses/demo/learners.csv"))
    assert rows[1] == [
        "Awa Diallo",
        "awa@example.org",
        "in_progress",
        "En cours",
        "0",
        "2",
        "100",
        "0",
        "",  # late (nothing assigned)
        "",
        "",
    ]

"""`liane remind` (issue 14): real emails over SMTP to the test's aiosmtpd server
(tests/helpers/smtp.py) for the learners whose assignment is due within --days days or
late and not completed, in each learner's language, plain text and HTML, with the due date,
the title and the link; at most once per assignment and week (the day moved by --today);
a clear refusal without SMTP; --dry-run lists. On SQLite, and PostgreSQL when
LIANE_TEST_POSTGRES_URL is set."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from flask import Flask
from sqlalchemy import select, update

from engine.cli import main
from engine.player.db import session, upgrade
from engine.player.models import ReminderSent, User
from tests.helpers.assigned import assign, assignment_library, complete
from tests.helpers.groups import make_group
from tests.helpers.player import make_app, sign_in
from tests.helpers.smtp import BASE_URL, SmtpServer, free_port, parts, urls

FRIDAY = "2027-03-12"  # ISO week 2027-W10
NEXT_FRIDAY = "2027-03-19"


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    return assignment_library(tmp_path / "courses")


@pytest.fixture
def app(database_url: str, smtp: SmtpServer, courses: Path) -> Flask:
    upgrade(database_url)
    return make_app(database_url, COURSES_DIR=str(courses), **smtp.settings)


@pytest.fixture
def team(app: Flask, make_user: Callable[..., Any]) -> Flask:
    """Awa (French, the instance's language): the demo course due 1 March (late on FRIDAY;
    also due 10 March through another group) and the advanced path due 15 March. Ben
    (English) and Cléo: the second course due 14 March; Cléo has completed it. Dan: the demo
    course due 30 April (too far)."""
    for email, name in (
        ("awa@example.org", "Awa Diallo"),
        ("ben@example.org", "Ben Smith"),
        ("cleo@example.org", "Cléo Petit"),
        ("dan@example.org", "Dan Roux"),
    ):
        make_user(email, name)
    with app.app_context():
        session().execute(update(User).where(User.email == "ben@example.org").values(language="en"))
        session().commit()
    salaries = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, salaries, "course:demo", date(2027, 3, 1))
    assign(app, salaries, "path:parcours-avance", date(2027, 3, 15))
    lille = make_group(app, "Atelier ECSI Lille", members=("ben@example.org", "cleo@example.org"))
    assign(app, lille, "course:second", date(2027, 3, 14))
    # Awa again, through another group: one email still, about the earlier date.
    siege = make_group(app, "Siège", members=("awa@example.org",))
    assign(app, siege, "course:demo", date(2027, 3, 10))
    benevoles = make_group(app, "Bénévoles", members=("dan@example.org",))
    assign(app, benevoles, "course:demo", date(2027, 4, 30))
    cleo = app.test_client()
    sign_in(cleo, "cleo@example.org")
    complete(cleo, "second")
    return app


def remind(app: Flask, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.setattr("engine.player.commands.app_with_db", lambda: app)
    return CliRunner().invoke(main, ["remind", *args])


def summary(message: EmailMessage) -> tuple[str, str, str, str]:
    """(recipient, subject, language, the one link) of an email."""
    (link,) = urls(message)
    return (
        message["To"].addresses[0].addr_spec,
        str(message["Subject"]),
        str(message["Content-Language"]),
        link,
    )


def test_reminders_once_a_week(
    team: Flask, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = remind(team, monkeypatch, "--today", FRIDAY)
    assert result.exit_code == 0, result.output
    assert result.output == "3 reminders sent, 0 already sent this week, 0 failed\n"
    assert [summary(m) for m in smtp.wait_for(3)] == [
        (
            "awa@example.org",
            "En retard : « Cours de démonstration » était à faire pour le 1 mars",
            "fr",
            f"{BASE_URL}/learn/demo/",
        ),
        (
            "ben@example.org",
            "Reminder: “Deuxième cours” is due on 14 March",
            "en",
            f"{BASE_URL}/learn/second/",
        ),
        (
            "awa@example.org",
            "Rappel : « Parcours avancé » est à faire pour le 15 mars",
            "fr",
            f"{BASE_URL}/#todo-path-parcours-avance",
        ),
    ]
    with team.app_context():
        weeks = set(session().scalars(select(ReminderSent.week)))
    assert weeks == {"2027-W10"}

    again = remind(team, monkeypatch, "--today", "2027-03-14")  # Sunday: the same week
    assert again.output == "0 reminders sent, 3 already sent this week, 0 failed\n"
    assert len(smtp.messages) == 3

    ben = team.test_client()
    sign_in(ben, "ben@example.org")
    complete(ben, "second")  # done: no more reminders
    later = remind(team, monkeypatch, "--today", NEXT_FRIDAY)
    assert later.output == "2 reminders sent, 0 already sent this week, 0 failed\n"
    assert [summary(m)[:2] for m in smtp.wait_for(5)[3:]] == [
        (
            "awa@example.org",
            "En retard : « Cours de démonstration » était à faire pour le 1 mars",
        ),
        ("awa@example.org", "En retard : « Parcours avancé » était à faire pour le 15 mars"),
    ]


def test_the_emails_text(team: Flask, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    remind(team, monkeypatch, "--today", FRIDAY)
    late, english, path = smtp.wait_for(3)
    text, html = parts(late)
    assert text == (
        "Bonjour Awa Diallo,\n\n"
        "Le cours « Cours de démonstration » était à faire pour le 1 mars, et il n'est pas "
        "encore terminé.\n\n"
        "Continuer la formation :\n"
        f"{BASE_URL}/learn/demo/\n\n"
        "-- \n"
        "Vous recevez cet e-mail parce que cette formation vous a été attribuée sur "
        "formation.example.org. Les rappels arrivent au plus une fois par semaine, jusqu'à ce "
        "qu'elle soit terminée.\n"
    )
    assert f'<a href="{BASE_URL}/learn/demo/"' in html and ">Cours de démonstration</a>" in html
    assert "<p>Continuer la formation :</p>" in html and '<html lang="fr">' in html
    text, html = parts(english)
    assert text.splitlines()[:3] == [
        "Hello Ben Smith,",
        "",
        "The course “Deuxième cours” is due on 14 March.",
    ]
    assert '<html lang="en">' in html and ">Deuxième cours</a>" in html
    text, _html = parts(path)
    assert text.splitlines()[2:4] == [
        "Le parcours « Parcours avancé » est à faire pour le 15 mars.",
        "Pour l'instant : 0 cours terminé(s) sur 2.",
    ]


def test_french_summary_and_days(
    team: Flask, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIANE_LANG", "fr")
    result = remind(team, monkeypatch, "--today", FRIDAY, "--days", "0")  # late ones only
    assert result.output == "1 rappel envoyé, 0 déjà envoyé cette semaine, 0 échec\n"
    assert [summary(m)[0] for m in smtp.wait_for(1)] == ["awa@example.org"]
    result = remind(team, monkeypatch, "--today", FRIDAY)
    assert result.output == "2 rappels envoyés, 1 déjà envoyé cette semaine, 0 échec\n"


def test_dry_run_lists_and_sends_nothing(
    team: Flask, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = remind(team, monkeypatch, "--today", FRIDAY, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "awa@example.org\t2027-03-01\tcourse:demo\tCours de démonstration\n"
        "ben@example.org\t2027-03-14\tcourse:second\tDeuxième cours\n"
        "awa@example.org\t2027-03-15\tpath:parcours-avance\tParcours avancé\n"
        "3 reminders would be sent, 0 already sent this week\n"
    )
    assert smtp.messages == []
    with team.app_context():
        assert session().scalars(select(ReminderSent)).all() == []


def test_without_smtp_it_says_so_and_fails(
    database_url: str, courses: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(courses), BASE_URL=BASE_URL)
    result = remind(app, monkeypatch, "--today", FRIDAY)
    assert result.exit_code == 1
    assert result.stderr == (
        "Emails are not sent: no SMTP server is configured (LIANE_SMTP_HOST).\n"
        "No reminder sent. `liane remind --dry-run` lists who would get one.\n"
    )
    assert result.stdout == ""


def test_a_server_that_refuses_keeps_nothing_recorded(
    team: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server is gone: every email fails, none is recorded, the next run sends them."""
    team.config["SMTP_PORT"] = free_port()  # nothing listens there
    result = remind(team, monkeypatch, "--today", FRIDAY)
    assert result.exit_code == 1
    assert result.stdout == "0 reminders sent, 0 already sent this week, 3 failed\n"
    assert result.stderr.startswith("The email server could not be used: (ConnectionRefusedError")
    with team.app_context():
        assert session().scalars(select(ReminderSent)).all() == []


def test_two_runs_at_once_send_each_reminder_once(team: Flask, smtp: SmtpServer) -> None:
    """Another run records Ben's reminder between this run's reading and its sending: this
    run sends the two others and counts Ben's as already sent."""
    from engine.player import reminders

    friday = date.fromisoformat(FRIDAY)
    with team.app_context():
        outcome = reminders.due_reminders(friday, 3)
        assert [r.user.email for r in outcome.to_send] == [
            "awa@example.org",
            "ben@example.org",
            "awa@example.org",
        ]
        ben = outcome.to_send[1]
        session().add(
            ReminderSent(assignment_id=ben.assignment_ids[0], user_id=ben.user.id, week="2027-W10")
        )
        session().commit()
        reminders.send_reminders(outcome, friday)
    assert (outcome.sent, outcome.already, outcome.failed) == (2, 1, 0)
    assert [summary(m)[0] for m in smtp.wait_for(2)] == ["awa@example.org", "awa@example.org"]

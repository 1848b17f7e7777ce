"""The reports of live sessions (engine/player/live_reports.py): the list of sessions, the
summary page, its CSV files and PDF, who may read them, and the summary kept for a session
whose course has changed. Sessions are run through the service (engine/player/live.py), as
the live pages run them: steps, participants joining, answers graded on arrival."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from engine.model import Quiz
from engine.player import live, live_answers, live_reports
from engine.player.courses import library
from engine.player.db import session
from engine.player.models import LiveSession, User

HOSTILE = "=1+1 <b>x</b>"  # markup and a formula: escaped on pages, neutralised in files
# nickname -> the form fields sent for each question of the demo quiz
DEMO_ANSWERS: dict[str, dict[str, dict[str, Any]]] = {
    "Awa": {
        "genre": {"q-genre": "b"},
        "odd": {"q-odd": "cinq"},
        "vrai": {"q-vrai": "true"},
        "avis": {"q-avis": "Très utile"},
    },
    "bruno": {
        "genre": {"q-genre": "a"},
        "odd": {"q-odd": "3"},
        "vrai": {"q-vrai": "false"},
        "avis": {"q-avis": "très  utile"},
    },
    HOSTILE: {"genre": {"q-genre": "a"}, "odd": {"q-odd": " =3 "}},
    "Zoé": {},  # joined, answered nothing
}


@pytest.fixture
def reports(app: Flask) -> Flask:
    """The app with the reports' blueprint, until engine/player/__init__.py registers it."""
    if "live_reports" not in app.blueprints:
        app.register_blueprint(live_reports.bp)
    return app


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        found = session().scalar(select(User.id).where(User.email == email))
        assert found is not None
        return found


def run_session(
    app: Flask,
    answers: dict[str, dict[str, dict[str, Any]]],
    *,
    quiz_id: str = "quiz",
    created_by: int | None = None,
    end: bool = True,
) -> tuple[int, str]:
    """Run a session of the demo course's quiz to its end: each question shown, opened,
    answered by the participants (in the order of `answers`), closed; the id and secret."""
    with app.app_context():
        db = session()
        course = library().course("demo")
        assert course is not None
        quiz = course.item(quiz_id)
        assert isinstance(quiz, Quiz)
        item, secret = live.start(db, course, quiz, created_by=created_by)
        people = {nickname: live_answers.join(db, item, nickname)[0] for nickname in answers}
        for position, question in enumerate(live.questions_of(quiz, item)):
            while item.position != position:
                assert live.step(db, quiz, item, "next", item.version)
            assert live.step(db, quiz, item, "open", item.version)
            for nickname, forms in answers.items():
                if question.id in forms:
                    form = MultiDict(forms[question.id])
                    assert live_answers.submit(
                        db, quiz, item, people[nickname], question.id, form
                    ) == ("stored")
            assert live.step(db, quiz, item, "close", item.version)
        if end:
            live.finish(db, item, live_answers.stored_summary(db, course, quiz, item))
        return item.id, secret


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_summary_csv_one_row_per_question(reports: Flask, admin: FlaskClient) -> None:
    session_id, _secret = run_session(reports, DEMO_ANSWERS)
    response = admin.get(f"/live/s/{session_id}/summary.csv")
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="liane-live-'
    ) and response.headers["Content-Disposition"].endswith(f'-{session_id}-summary.csv"')
    assert read_csv(response) == [
        [
            "number",
            "question",
            "type",
            "prompt",
            "answers",
            "right",
            "correct_percent",
            "wrong_answers",
        ],
        ["1", "genre", "single_choice", "Le genre est-il biologique ?", "3", "1", "33", "Oui: 2"],
        [
            "2",
            "odd",
            "short_answer",
            "Quel ODD porte sur l'égalité femmes-hommes ?",
            "3",
            "1",
            "33",
            "3: 1 | =3: 1",  # in a cell of its own the second would be neutralised
        ],
        [
            "3",
            "vrai",
            "true_false",
            "Les données ventilées par sexe sont utiles.",
            "2",
            "1",
            "50",
            "Faux: 1",
        ],
        ["4", "avis", "open", "Qu'en pensez-vous ?", "2", "", "", ""],
    ]


def test_answers_csv_one_row_per_participant_and_question(
    reports: Flask, admin: FlaskClient
) -> None:
    session_id, _secret = run_session(reports, DEMO_ANSWERS)
    rows = read_csv(admin.get(f"/live/s/{session_id}/answers.csv"))
    assert rows == [
        ["nickname", "question_number", "question", "answer", "correct", "score"],
        ["'" + HOSTILE, "1", "genre", "A. Oui", "0", "0.0"],
        ["Awa", "1", "genre", "B. Non", "1", "1.0"],
        ["bruno", "1", "genre", "A. Oui", "0", "0.0"],
        ["'" + HOSTILE, "2", "odd", "'=3", "0", "0.0"],
        ["Awa", "2", "odd", "cinq", "1", "1.0"],
        ["bruno", "2", "odd", "3", "0", "0.0"],
        ["Awa", "3", "vrai", "Vrai", "1", "1.0"],
        ["bruno", "3", "vrai", "Faux", "0", "0.0"],
        ["Awa", "4", "avis", "Très utile", "", "0.0"],
        ["bruno", "4", "avis", "très utile", "", "0.0"],
    ]


def test_the_summary_page(reports: Flask, admin: FlaskClient) -> None:
    session_id, _secret = run_session(reports, DEMO_ANSWERS)
    response = admin.get(f"/live/s/{session_id}/summary")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert HOSTILE not in page and "=1+1 &lt;b&gt;x&lt;/b&gt;" in page
    assert "Quiz de démonstration" in page and "Terminée" in page
    assert "Erreurs les plus fréquentes" in page
    # Per participant, by nickname: answers, points of the 3 questions with a right answer.
    table = page[page.index('class="data live-participants"') :]
    names = ["=1+1 &lt;b&gt;x&lt;/b&gt;", "Awa", "bruno", "Zoé"]
    places = [table.index(f'<th scope="row">{name}</th>') for name in names]
    assert places == sorted(places)
    for name, answers, points, score in (
        ("Awa", 4, 3, 100),
        ("bruno", 4, 0, 0),
        ("Zoé", 0, 0, 0),
    ):
        assert (
            f'<th scope="row">{name}</th><td>{answers}</td><td>{points} / 3</td>'
            f'<td><span class="live-share">{score} %</span></td>'
        ) in table
    for link in ("summary.csv", "answers.csv", "summary.pdf"):
        assert f'href="/live/s/{session_id}/{link}"' in page


def test_survey_bands_on_the_summary(reports: Flask, admin: FlaskClient) -> None:
    survey = {
        "Awa": {"analyse": {"q-analyse": "c"}, "objectif": {"q-objectif": "c"}},  # 4: G2
        "bruno": {"analyse": {"q-analyse": "a"}, "objectif": {"q-objectif": "b"}},  # 1: G0
        "Chloé": {"analyse": {"q-analyse": "b"}, "objectif": {"q-objectif": "a"}},  # 1: G0
    }
    session_id, _secret = run_session(reports, survey, quiz_id="diagnostic")
    page = admin.get(f"/live/s/{session_id}/summary").get_data(as_text=True)
    assert "Profils obtenus" in page
    assert (
        '<th scope="row" lang="fr">Votre projet relève du marqueur G0</th><td>2</td>'
        '<td><span class="live-share">67 %</span></td>'
    ) in page
    assert (
        '<th scope="row" lang="fr">Votre projet relève du marqueur G2</th><td>1</td>'
        '<td><span class="live-share">33 %</span></td>'
    ) in page
    assert (
        '<th scope="row">Awa</th><td>2</td><td lang="fr">Votre projet relève du marqueur G2</td>'
        in page
    )
    rows = read_csv(admin.get(f"/live/s/{session_id}/summary.csv"))
    assert rows[1] == [
        "1",
        "analyse",
        "single_choice",
        "Une analyse de genre a-t-elle été faite ?",
        "3",
        "",
        "",
        "",
    ]


def test_the_pdf(reports: Flask, admin: FlaskClient, tmp_path: Any) -> None:
    session_id, _secret = run_session(reports, DEMO_ANSWERS)
    response = admin.get(f"/live/s/{session_id}/summary.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF")
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert lines[0] == "Quiz de démonstration"
    assert "État Terminée" in lines
    assert "1 Le genre est-il biologique ? 3 1 (33 %) • Oui (2)" in lines
    assert "3 Les données ventilées par sexe sont utiles. 2 1 (50 %) • Faux (1)" in lines
    assert "4 Qu'en pensez-vous ? 2 – –" in lines
    people = [line for line in lines if line.startswith(("=1+1", "Awa ", "Zoé "))]
    assert [line.split(" 0/3")[0].split(" 3/3")[0] for line in people] == [
        "=1+1 <b>x</b> 2",  # the nickname as typed, as text
        "Awa 4",
        "Zoé 0",
    ]


def test_the_list_of_sessions(
    reports: Flask,
    admin: FlaskClient,
    facilitator: FlaskClient,
    make_user: Callable[..., Any],
) -> None:
    chloe = user_id(reports, "chloe@example.org")
    make_user("hugo@example.org", "Hugo", "facilitator")
    hugo = user_id(reports, "hugo@example.org")
    first, _secret = run_session(reports, {"Awa": {}}, created_by=chloe)
    second, _secret = run_session(reports, {}, created_by=hugo, end=False)
    third, _secret = run_session(reports, {"A": {}, "B": {}}, created_by=None, end=False)
    listed = admin.get("/live/sessions").get_data(as_text=True)
    links = [f'href="/live/s/{n}/summary"' for n in (third, second, first)]
    positions = [listed.index(link) for link in links]
    assert positions == sorted(positions)  # newest first
    row = '<td>Cours de démonstration</td><td>{}</td><td class="live-state">{}</td>'
    assert row.format(2, "En cours") in listed and row.format(1, "Terminée") in listed
    # A facilitator sees the sessions they started and those of `liane workshop`.
    own = facilitator.get("/live/sessions").get_data(as_text=True)
    assert links[0] in own and links[2] in own and links[1] not in own


def test_others_may_not_read_a_session(
    reports: Flask,
    learner: FlaskClient,
    facilitator: FlaskClient,
    make_user: Callable[..., Any],
) -> None:
    make_user("hugo@example.org", "Hugo", "facilitator")
    session_id, secret = run_session(
        reports, DEMO_ANSWERS, created_by=user_id(reports, "hugo@example.org")
    )
    urls = [f"/live/s/{session_id}/{page}" for page in ("summary", "summary.csv", "answers.csv")]
    urls.append(f"/live/s/{session_id}/summary.pdf")
    for url in urls:
        assert facilitator.get(url).status_code == 404  # another facilitator's session
        assert learner.get(url).status_code == 404
        assert reports.test_client().get(url).status_code == 404
    assert learner.get("/live/sessions").status_code == 403
    assert reports.test_client().get("/live/sessions").status_code == 302  # to sign in
    assert facilitator.get("/live/s/999999/summary").status_code == 404
    # The secret of `liane workshop` opens the summary (its cookie, set by the screen).
    holder = reports.test_client()
    assert holder.get(f"/live/s/{session_id}/screen?key={secret}").status_code == 302
    assert holder.get(f"/live/s/{session_id}/summary").status_code == 200


def test_a_changed_course_shows_the_summary_kept(reports: Flask, admin: FlaskClient) -> None:
    kept_id, _secret = run_session(reports, DEMO_ANSWERS)
    lost_id, _secret = run_session(reports, DEMO_ANSWERS, end=False)
    before = read_csv(admin.get(f"/live/s/{kept_id}/answers.csv"))
    with reports.app_context():
        db = session()
        for item in db.scalars(select(LiveSession)):
            item.course_version = "1.0"  # as if the course had moved on since
        db.commit()
    page = admin.get(f"/live/s/{kept_id}/summary").get_data(as_text=True)
    assert "voici le bilan gardé à sa fin" in page
    assert read_csv(admin.get(f"/live/s/{kept_id}/answers.csv")) == before
    page = admin.get(f"/live/s/{lost_id}/summary").get_data(as_text=True)
    assert "aucun bilan n'a été gardé avec elle" in page
    assert admin.get(f"/live/s/{lost_id}/summary.csv").status_code == 404
    assert admin.get(f"/live/s/{lost_id}/summary.pdf").status_code == 404


# --- what the projected screen draws (live/_distribution.html) ------------------------------


def drawn(app: Flask, question: dict[str, Any], *responses: Any, **options: Any) -> str:
    """A question (runtime shape) answered by participants 1, 2..., drawn as the screen
    draws it; `hidden`: the participants whose answers the facilitator hid."""
    from flask import get_template_attribute

    from engine.grading import grade
    from engine.model import question_from_runtime
    from engine.player.live_tally import Given, distribution

    hidden = options.pop("hidden", ())
    reveal = options.get("reveal", False)
    q = question_from_runtime(question)
    given = [
        Given(i, r, grade(q, r).to_dict(), r if isinstance(r, str) else None, i in hidden)
        for i, r in enumerate(responses, start=1)
    ]
    with app.test_request_context():
        macro = get_template_attribute("live/_distribution.html", "distribution")
        html = str(
            macro(distribution(q, given, language="fr", **options), reveal=reveal, lang="fr")
        )
    assert "style=" not in html  # the CSP refuses inline styles
    return " ".join(html.split())


CHOICE = {
    "type": "single_choice",
    "id": "c",
    "options": [
        {"id": "a", "text": "Oui", "correct": False},
        {"id": "b", "text": "<em>Non</em>", "correct": True},
    ],
}


def test_options_drawn_with_counts_and_the_right_one_named(reports: Flask) -> None:
    before = drawn(reports, CHOICE, "a", "b", "b")
    assert '<p class="live-results-total">3 réponses</p>' in before
    assert '<li class="live-bar"> <span class="live-bar-label" lang="fr">Oui</span>' in before
    assert (
        '<span class="live-bar-count">1 <span class="live-bar-share">(33 %)</span></span>' in before
    )
    assert '<rect class="live-track-fill" x="0" y="0" width="50.0" height="10"' in before
    assert "is-right" not in before and "Bonne réponse" not in before
    after = drawn(reports, CHOICE, "a", "b", "b", reveal=True)
    assert (
        '<li class="live-bar is-right"> <span class="live-bar-label" lang="fr"><em>Non</em></span>'
        in after
    )
    assert (
        '<span class="live-right"><span aria-hidden="true">✓</span> Bonne réponse</span>' in after
    )
    assert after.count("live-right") == 1


def test_typed_answers_drawn_escaped_hidden_ones_counted(reports: Flask) -> None:
    short = {"type": "short_answer", "id": "s", "answers": ["Paris"]}
    html = drawn(
        reports, short, "Paris", "paris", "<img src=x>", "secret", reveal=True, hidden=(4,)
    )
    assert "<img" not in html and "&lt;img src=x&gt;" in html
    assert "secret" not in html
    assert '<p class="live-results-note">1 réponse masquée à l\'écran</p>' in html
    assert html.count("Bonne réponse") == 1  # "Paris", 2 answers


def test_parts_scale_and_words(reports: Flask) -> None:
    ordering = {
        "type": "ordering",
        "id": "o",
        "items": [{"id": "a", "text": "Un"}, {"id": "b", "text": "Deux"}],
        "solution": ["a", "b"],
    }
    parts = drawn(reports, ordering, ["a", "b"], ["b", "a"])
    assert (
        '<span class="live-bar-label" lang="fr">Position 1</span>' in parts
        and "1 sur 2 justes" in parts
    )
    likert = {
        "type": "likert",
        "id": "l",
        "statements": [{"id": "1", "text": "Clair"}],
        "scale": ["Non", "Oui"],
    }
    scale = drawn(reports, likert, {"1": 2}, {"1": 2}, {"1": 1})
    assert (
        '<span lang="fr">Non</span> <strong>1</strong> · <span lang="fr">Oui</span> '
        "<strong>2</strong>"
    ) in scale
    words = drawn(reports, {"type": "open", "id": "w"}, "Utile", "utile ", "Long", "Bof")
    assert (
        '<li class="live-word live-word-5">Utile <span class="live-word-count">×2</span></li>'
        in words
    )
    assert (
        '<li class="live-word live-word-1">Bof <span class="live-word-count">×1</span></li>'
        in words
    )

"""What a facilitator reads in a course's dashboard (issue 13): item analysis with prompts,
option texts and the wrong answers typed, a survey's outcome bands and likert scales, the
learners who have not attempted a quiz, translated statuses in CSV files, the SCORM
downloads. Exact figures from a seeded database: five learners, one of them never
attempting, and a facilitator whose own attempts must not count. She leads a group of the
five (issue 14: a facilitator counts the learners of the groups she leads)."""

from __future__ import annotations

import csv
import html as markup
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.model import Quiz
from engine.player import analytics
from tests.helpers.courses import LIBRARY
from tests.helpers.player import PASSWORD, make_app, post_form, sign_in

LONG_PROMPT = (
    "Selon l'enquête nationale sur l'emploi du temps menée auprès des ménages, quelle part "
    "du travail domestique non rémunéré, en pourcentage, est assurée par les femmes ?"
)
CALCUL = f"""title: Calculs
max_attempts: 0
questions:
  - id: taux
    type: numeric
    prompt: "{LONG_PROMPT}"
    answer: 42
  - id: capitale
    type: short_answer
    prompt: Quelle est la capitale de la France ?
    answers: [Paris]
  - id: couleurs
    type: multiple_choice
    prompt: Quelles couleurs sont sur le drapeau ?
    options:
      - {{text: Rouge, correct: true}}
      - {{text: Vert}}
      - {{text: Bleu, correct: true}}
"""
LIKERT = """  - id: ressenti
    type: likert
    prompt: Votre avis sur le module
    statements: [Le module est clair, Le module est utile]
    scale: [Pas d'accord, Neutre, D'accord]
"""
# learner -> the answers of each submitted attempt, oldest first (grader's shapes)
ATTEMPTS: dict[str, dict[str, list[dict[str, Any]]]] = {
    "awa": {
        "calcul": [
            {"taux": "42", "capitale": "Paris", "couleurs": ["a", "c"]},
            {"taux": "7", "capitale": "Rome", "couleurs": ["b"]},  # a retry: not counted
        ],
        "diagnostic": [
            {"analyse": "c", "objectif": "c"},  # 4, G2: replaced by the retake
            {"analyse": "a", "objectif": "b", "ressenti": {"1": 1, "2": 3}},  # 1: G0
        ],
    },
    "bea": {
        "calcul": [{"taux": "41,5", "capitale": "Lyon", "couleurs": ["a"]}],
        "diagnostic": [{"analyse": "b", "objectif": "b", "ressenti": {"1": 3, "2": 2}}],
    },
    "cyril": {
        "calcul": [{"taux": " 41.50 ", "capitale": "lyon ", "couleurs": ["b"]}],
        "diagnostic": [{"analyse": "c", "objectif": "b", "ressenti": {"1": 3}}],
    },
    "dora": {"calcul": [{"taux": "quarante", "capitale": "Lyon", "couleurs": ["a", "b"]}]},
    "emile": {},
    # staff: none of this may count
    "chloe": {
        "calcul": [{"taux": "41.5", "capitale": "Lyon", "couleurs": ["b"]}],
        "diagnostic": [{"analyse": "c", "objectif": "c"}],
    },
}
NAMES = {
    "awa": "Awa Diallo",
    "bea": "Béa Nguyen",
    "cyril": "Cyril Petit",
    "dora": "Dora Sow",
    "emile": "Émile Roux",
    "chloe": "Chloé Martin",
}


@pytest.fixture
def seeded(tmp_path: Path, database_url: str) -> Flask:
    """The demo library plus a graded quiz of typed answers (calcul.yml) and a likert
    statement in the survey, with the attempts of ATTEMPTS submitted through the player's
    own functions (graded as learners' submissions are). Chloé leads the group "Atelier"
    of the five learners, so her dashboard counts them."""
    from engine.player.accounts import create_user
    from engine.player.courses import library
    from engine.player.db import session, upgrade
    from engine.player.models import Group, GroupLeader, GroupMember
    from engine.player.progress import open_attempt, submit

    courses = tmp_path / "courses"
    shutil.copytree(LIBRARY, courses)
    demo = courses / "demo"
    (demo / "calcul.yml").write_text(CALCUL, encoding="utf-8")
    with (demo / "diagnostic.yml").open("a", encoding="utf-8") as survey:
        survey.write(LIKERT)
    course_yml = demo / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8").replace(
            "      - quiz.yml\n", "      - quiz.yml\n      - calcul.yml\n"
        ),
        encoding="utf-8",
    )
    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(courses))
    with app.app_context():
        db = session()
        course = library().course("demo")
        assert course is not None
        group = Group(name="Atelier", join_code="ATELIER2")
        db.add(group)
        db.flush()
        for key, quizzes in ATTEMPTS.items():
            role = "facilitator" if key == "chloe" else "learner"
            user = create_user(f"{key}@example.org", NAMES[key], PASSWORD, role)
            link = GroupLeader if key == "chloe" else GroupMember
            db.add(link(group_id=group.id, user_id=user.id))
            db.commit()
            for quiz_id, attempts in quizzes.items():
                quiz = course.item(quiz_id)
                assert isinstance(quiz, Quiz)
                for responses in attempts:
                    assert submit(db, quiz, open_attempt(db, user.id, course, quiz), responses)
    return app


def staff(app: Flask, language: str = "fr") -> FlaskClient:
    client = app.test_client()
    sign_in(client, "chloe@example.org")
    if language != "fr":
        post_form(client, "/language", {"language": language, "next": "/"}, page="/")
    return client


def read_csv(client: FlaskClient, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def cells(html: str) -> list[str]:
    """The page's table cells and headers as text, tags removed, spaces folded."""
    found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", html, flags=re.S)
    return [text(cell) for cell in found]


def text(html: str) -> str:
    """What a reader sees of some HTML: tags removed, entities read, spaces folded."""
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, title: str) -> str:
    """The dashboard's section of one quiz, by its title."""
    start = html.index(f">{title}</h2>")
    end = html.find('<section class="card"', start)
    return html[start : end if end != -1 else len(html)]


def test_item_analysis_shows_prompts_option_texts_and_wrong_answers(seeded: Flask) -> None:
    page = staff(seeded).get("/admin/courses/demo").get_data(as_text=True)
    calcul = section(page, "Calculs")
    assert "4 apprenant·es l'ont envoyé. 1 apprenant·e ne l'a pas encore tenté." in text(calcul)
    rows = cells(calcul)
    # Cut at the last word that ends within 120 characters, ellipsis included.
    short = (
        "Selon l'enquête nationale sur l'emploi du temps menée auprès des ménages, quelle "
        "part du travail domestique non…"
    )
    assert len(short) == 112 and LONG_PROMPT.startswith(short[:-1] + " rémunéré")
    assert [text(s) for s in re.findall("<summary>(.*?)</summary>", calcul)] == [short]
    assert rows[rows.index("Question") :] == [
        "Question",
        "Réponses",
        "Bonne réponse",
        "Indice de discrimination",
        "Options choisies",
        "Réponses fausses les plus fréquentes",
        f"{short} {LONG_PROMPT} taux",
        "4",
        "25 %",
        "1.00",
        "–",
        "2 41,5 1 quarante",  # 41,5 and 41.50 are one number; on a tie, "," < "."
        "Quelle est la capitale de la France ? capitale",
        "4",
        "25 %",
        "1.00",
        "–",
        "3 Lyon",  # Lyon twice, lyon once
        "Quelles couleurs sont sur le drapeau ? couleurs",
        "4",
        "25 %",
        "1.00",
        "3 (75 %) Rouge ✓ (bonne réponse) 2 (50 %) Vert 1 (25 %) Bleu ✓ (bonne réponse)",
        "–",
    ]


def test_survey_bands_and_likert_scales(seeded: Flask) -> None:
    page = staff(seeded).get("/admin/courses/demo").get_data(as_text=True)
    survey = section(page, "Mon projet")
    assert "3 apprenant·es l'ont envoyé. 2 apprenant·es ne l'ont pas encore tenté." in text(survey)
    rows = cells(survey)
    at = rows.index("Points")
    assert rows[at : at + 16] == [
        "Points",
        "Profil",
        "Apprenant·es",
        "Part",
        "0–1",
        "Votre projet relève du marqueur G0",
        "1",
        "33 %",
        "2–3",
        "Votre projet relève du marqueur G1",
        "2",
        "67 %",
        "4",
        "Votre projet relève du marqueur G2",
        "0",
        "0 %",
    ]
    at = rows.index("Affirmation")
    assert rows[at : at + 12] == [
        "Affirmation",
        "Pas d'accord",
        "Neutre",
        "D'accord",
        "Le module est clair",
        "1 (33 %)",
        "0 (0 %)",
        "2 (67 %)",
        "Le module est utile",
        "0 (0 %)",
        "1 (50 %)",
        "1 (50 %)",
    ]
    # The chart of the bands: one bar per band, its count on top, its points below.
    chart = survey[survey.index("<svg") : survey.index("</svg>")]
    assert re.findall(r'font-size="13"[^>]*>(\d+)</text>', chart) == ["1", "2", "0"]
    assert re.findall(r'font-size="12"[^>]*>([^<]+)</text>', chart) == ["0–1", "2–3", "4"]
    # The stacked bars: each statement's segments as shares of 100, then the legend.
    bars = re.findall(r'<svg class="stacked".*?</svg>', survey, flags=re.S)
    widths = [re.findall(r'width="([\d.]+)" height="10"', bar) for bar in bars]
    assert widths == [["33.333", "66.667"], ["50.0", "50.0"]]
    assert survey.count('<svg class="swatch"') == 3


def test_scores_leave_out_learners_who_never_attempted(seeded: Flask) -> None:
    client = staff(seeded)
    page = client.get("/admin/courses/demo").get_data(as_text=True)
    assert "1 apprenant·e n'a encore tenté aucun quiz noté : hors des scores." in text(page)
    scores = page[page.index(">Scores obtenus au cours</h2>") : page.index(">Apprenant·es</h2>")]
    # Course score = best scores weighted by points: the demo quiz (3 points) taken by
    # nobody, calcul (3 points): Awa 3/3 -> 50 %; Béa 0.5/3 (one of the two colours, no
    # wrong one) -> 8 %; Cyril and Dora 0 -> 0 %. Émile, who attempted nothing, is out.
    assert cells(scores)[10:] == ["3", "0", "0", "0", "0", "1", "0", "0", "0", "0"]
    learners = read_csv(client, "/admin/courses/demo/learners.csv")
    by_name = {row[0]: row for row in learners[1:]}
    assert by_name["Émile Roux"][6] == ""  # no score, not 0
    assert by_name["Cyril Petit"][6] == "0"
    assert by_name["Awa Diallo"][6] == "50"
    assert "Chloé Martin" not in by_name
    summary = read_csv(client, "/admin/courses/demo/summary.csv")
    assert summary[-11:] == [
        ["score_band", "0-9", "3"],
        ["score_band", "10-19", "0"],
        ["score_band", "20-29", "0"],
        ["score_band", "30-39", "0"],
        ["score_band", "40-49", "0"],
        ["score_band", "50-59", "1"],
        ["score_band", "60-69", "0"],
        ["score_band", "70-79", "0"],
        ["score_band", "80-89", "0"],
        ["score_band", "90-100", "0"],
        ["score_band", "not_attempted", "1"],
    ]


@pytest.mark.parametrize(
    ("language", "labels"),
    [("fr", ("En cours", "Non commencé")), ("en", ("In progress", "Not started"))],
)
def test_csv_statuses_have_a_translated_label(
    seeded: Flask, language: str, labels: tuple[str, str]
) -> None:
    client = staff(seeded, language)
    learners = read_csv(client, "/admin/courses/demo/learners.csv")
    assert learners[0] == [
        "name",
        "email",
        "status",
        "status_label",
        "lessons_done",
        "lessons_total",
        "score_percent",
        "active_minutes",
        "late",
        "late_label",
        "due_on",
    ]
    # Nothing assigned: no due date, nobody late (tests/player/test_dashboard_groups.py).
    assert learners[1:] == [
        ["Awa Diallo", "awa@example.org", "in_progress", labels[0], "0", "2", "50", "0"]
        + ["", "", ""],
        ["Béa Nguyen", "bea@example.org", "in_progress", labels[0], "0", "2", "8", "0"]
        + ["", "", ""],
        ["Cyril Petit", "cyril@example.org", "in_progress", labels[0], "0", "2", "0", "0"]
        + ["", "", ""],
        ["Dora Sow", "dora@example.org", "in_progress", labels[0], "0", "2", "0", "0"]
        + ["", "", ""],
        ["Émile Roux", "emile@example.org", "not_started", labels[1], "0", "2", "", "0"]
        + ["", "", ""],
    ]
    report = read_csv(client, "/admin/report.csv")
    assert report[0][4:6] == ["status", "status_label"]
    assert [row[4:6] for row in report[1:] if row[0] == "Émile Roux"] == [
        ["not_started", labels[1]]
    ]


def test_items_and_distributions_csv(seeded: Flask) -> None:
    client = staff(seeded)
    items = read_csv(client, "/admin/courses/demo/items.csv")
    assert items[0] == [
        "quiz",
        "question",
        "prompt",
        "answers",
        "correct_percent",
        "discrimination",
        "picks",
        "wrong_answers",
    ]
    assert [row for row in items if row[0] == "calcul"] == [
        ["calcul", "taux", LONG_PROMPT, "4", "25", "1.0", "", "41,5: 2 | quarante: 1"],
        [
            "calcul",
            "capitale",
            "Quelle est la capitale de la France ?",
            "4",
            "25",
            "1.0",
            "",
            "Lyon: 3",
        ],
        [
            "calcul",
            "couleurs",
            "Quelles couleurs sont sur le drapeau ?",
            "4",
            "25",
            "1.0",
            "Rouge: 3 (75 %) | Vert: 2 (50 %) | Bleu: 1 (25 %)",
            "",
        ],
    ]
    rows = read_csv(client, "/admin/courses/demo/diagnostic/distributions.csv")
    assert rows == [
        ["table", "question", "statement", "answer", "learners", "percent"],
        ["band", "", "", "Votre projet relève du marqueur G0", "1", "33"],
        ["band", "", "", "Votre projet relève du marqueur G1", "2", "67"],
        ["band", "", "", "Votre projet relève du marqueur G2", "0", "0"],
        ["scale", "ressenti", "Le module est clair", "Pas d'accord", "1", "33"],
        ["scale", "ressenti", "Le module est clair", "Neutre", "0", "0"],
        ["scale", "ressenti", "Le module est clair", "D'accord", "2", "67"],
        ["scale", "ressenti", "Le module est utile", "Pas d'accord", "0", "0"],
        ["scale", "ressenti", "Le module est utile", "Neutre", "1", "50"],
        ["scale", "ressenti", "Le module est utile", "D'accord", "1", "50"],
    ]
    assert client.get("/admin/courses/demo/intro/distributions.csv").status_code == 404
    assert client.get("/admin/courses/demo/nope/distributions.csv").status_code == 404


def test_a_group_is_counted_alone(seeded: Flask) -> None:
    """Issue 14 will filter the dashboard by group: the figures of a subset of learners
    are those of its members only."""
    from engine.player.courses import library
    from engine.player.db import session
    from engine.player.models import User

    with seeded.app_context():
        db = session()
        course = library().course("demo")
        assert course is not None
        group = [u for u in analytics.learners(db) if u.name in ("Béa Nguyen", "Émile Roux")]
        assert [u.email for u in group] == ["bea@example.org", "emile@example.org"]
        reports = {r.quiz.id: r for r in analytics.quiz_reports(db, course, group)}
        calcul = reports["calcul"]
        assert (calcul.attempted, calcul.not_attempted) == (1, 1)
        assert [(i.question_id, i.wrong) for i in calcul.items] == [
            ("taux", [("41,5", 1)]),
            ("capitale", [("Lyon", 1)]),
            ("couleurs", []),
        ]
        survey = reports["diagnostic"]
        assert [b.count for b in survey.bands] == [0, 1, 0]
        rows = analytics.course_rows(db, course, group)
        assert [(r.user.name, r.score) for r in rows] == [
            ("Béa Nguyen", 0.5 / 6),
            ("Émile Roux", None),
        ]
        assert analytics.histogram(rows)[0] == 1 and sum(analytics.histogram(rows)) == 1
        assert db.query(User).count() == 6


def test_scorm_packages_on_the_dashboard(seeded: Flask) -> None:
    page = staff(seeded).get("/admin/courses/demo").get_data(as_text=True)
    for kind in ("scorm2004", "scorm12", "moodle"):
        assert f'href="/admin/courses/demo/{kind}.zip"' in page
    assert 'href="/admin/courses/demo/kit.zip"' in page


def test_learners_get_403(seeded: Flask) -> None:
    client = seeded.test_client()
    sign_in(client, "bea@example.org")
    for url in (
        "/admin/courses/demo",
        "/admin/courses/demo/items.csv",
        "/admin/courses/demo/learners.csv",
        "/admin/courses/demo/diagnostic/distributions.csv",
        "/admin/courses/demo/scorm12.zip",
    ):
        assert client.get(url).status_code == 403, url

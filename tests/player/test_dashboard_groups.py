"""The dashboards by group (issue 14): who counts for whom, the group filter on every view
and CSV file, the self-diagnosis survey's bands per group and between two dates, and the
learners late on an assignment. Exact figures from one seeded database:

- Atelier ECSI Lille: Awa, Béa, Cyril; Salarié·es 2027: Cyril, Dora; Émile in no group.
- Chloé leads the Atelier, Hugo both groups, Nina none; Ada administers.
- The Atelier must finish the path holding the demo course by 15 January 2020 (past); the
  Salarié·es the course itself by 31 December 2999. Awa completed it.
- Survey answers (dates in UTC), bands G0 0-1, G1 2-3, G2 4: SURVEY below.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.model import Quiz
from tests.helpers.player import PASSWORD, make_app, sign_in
from tests.player import test_dashboard_group as dashboard_group
from tests.player.test_dashboard_group import cells, text

ATELIER, SALARIES = "Atelier ECSI Lille", "Salarié·es 2027"
NAMES = {key: name for key, name in dashboard_group.NAMES.items() if key != "chloe"}
MEMBERS = {ATELIER: ["awa", "bea", "cyril"], SALARIES: ["cyril", "dora"]}
STAFF = {
    "chloe": ("Chloé Martin", "facilitator", [ATELIER]),
    "hugo": ("Hugo Bernard", "facilitator", [ATELIER, SALARIES]),
    "nina": ("Nina Faure", "facilitator", []),
    "ada": ("Ada Admin", "admin", []),
}
# learner -> (submitted at, the option picked for both questions: a 0, b 1, c 2 points)
SURVEY: dict[str, list[tuple[datetime, str]]] = {
    "awa": [(datetime(2027, 1, 10, 9), "a"), (datetime(2027, 6, 10, 9), "c")],  # G0 -> G2
    "bea": [(datetime(2027, 1, 31, 23, 30), "b")],  # G1, late on the first date: counted
    "cyril": [(datetime(2027, 6, 5, 9), "b")],  # G1 between the dates
    "dora": [(datetime(2027, 1, 20, 9), "a"), (datetime(2027, 6, 20, 9), "b")],  # G0 -> G1
    "emile": [(datetime(2027, 1, 5, 9), "c")],  # G2, in no group
}
RIGHT = {"genre": "b", "odd": "cinq", "vrai": True, "avis": "Utile"}
DATES = "from=2027-01-31&to=2027-06-30"


@pytest.fixture
def seeded(database_url: str) -> Flask:
    from engine.player.db import upgrade

    upgrade(database_url)
    app = make_app(database_url)
    seed(app)
    return app


def seed(app: Flask, password: str = PASSWORD) -> None:
    """The accounts, groups, assignments and answers of the module's docstring, in `app`
    (the test library's demo course); everyone's password is `password`."""
    from engine.player.accounts import create_user
    from engine.player.courses import library
    from engine.player.db import session
    from engine.player.models import (
        Assignment,
        Attempt,
        Group,
        GroupLeader,
        GroupMember,
        ItemProgress,
    )
    from engine.player.progress import open_attempt, submit

    with app.app_context():
        db = session()
        course = library().course("demo")
        assert course is not None
        survey, quiz = course.item("diagnostic"), course.item("quiz")
        assert isinstance(survey, Quiz) and isinstance(quiz, Quiz)
        users = {key: create_user(f"{key}@example.org", n, password) for key, n in NAMES.items()}
        for key, (name, role, _led) in STAFF.items():
            users[key] = create_user(f"{key}@example.org", name, password, role)
        groups = {name: Group(name=name, join_code=f"GROUP{n}AB") for n, name in enumerate(MEMBERS)}
        db.add_all(groups.values())
        db.flush()
        for name, keys in MEMBERS.items():
            db.add_all(GroupMember(group_id=groups[name].id, user_id=users[k].id) for k in keys)
        for key, (_name, _role, led) in STAFF.items():
            db.add_all(GroupLeader(group_id=groups[g].id, user_id=users[key].id) for g in led)
        db.add(Assignment(group_id=groups[ATELIER].id, kind="path", target_id="parcours-test"))
        db.add(Assignment(group_id=groups[SALARIES].id, kind="course", target_id="demo"))
        db.flush()
        first, second = db.query(Assignment).order_by(Assignment.id)
        first.due_on, second.due_on = date(2020, 1, 15), date(2999, 12, 31)
        db.commit()
        for lesson in course.lessons:  # Awa completes the course
            db.add(
                ItemProgress(
                    user_id=users["awa"].id,
                    course_id="demo",
                    course_version="2.0",
                    item_id=lesson.id,
                    seconds=60,
                )
            )
        db.commit()
        assert submit(db, quiz, open_attempt(db, users["awa"].id, course, quiz), RIGHT)
        for key, answers in SURVEY.items():
            for moment, pick in answers:
                opened = open_attempt(db, users[key].id, course, survey)
                assert submit(db, survey, opened, {"analyse": pick, "objectif": pick})
                db.query(Attempt).filter(Attempt.id == opened.attempt.id).update(
                    {Attempt.submitted_at: moment}
                )
                db.commit()


def client_of(app: Flask, key: str) -> FlaskClient:
    client = app.test_client()
    sign_in(client, f"{key}@example.org")
    return client


def group_id(app: Flask, name: str) -> int:
    from engine.player.db import session
    from engine.player.models import Group

    with app.app_context():
        found = session().query(Group).filter(Group.name == name).one()
        return found.id


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def filename(response: Any) -> str:
    return str(response.headers["Content-Disposition"].split('filename="')[1].rstrip('"'))


def learners_listed(page: str) -> list[str]:
    """The learners' names in the course page's learners table, in order."""
    table = page.split(">Apprenant·es</h2>")[1].split("</table>")[0]
    return [text(row.split("</th>")[0]) for row in table.split('<tr><th scope="row">')[1:]]


def funnel(page: str) -> list[str]:
    """The funnel's table: enrolled, started, read all, completed, passed."""
    table = page.split(">Entonnoir de progression</h2>")[1].split("</table>")[0]
    return cells(table)[5:]


def test_admin_sees_every_learner_and_filters_by_group(seeded: Flask) -> None:
    ada = client_of(seeded, "ada")
    index = ada.get("/admin/").get_data(as_text=True)
    assert all(name in index for name in NAMES.values())
    assert '<option value="">Tous les apprenant·es</option>' in index
    atelier, salaries = group_id(seeded, ATELIER), group_id(seeded, SALARIES)
    assert f'<option value="{atelier}">{ATELIER}</option>' in index
    assert f'<option value="{salaries}">{SALARIES}</option>' in index
    page = ada.get("/admin/courses/demo").get_data(as_text=True)
    assert learners_listed(page) == list(NAMES.values())
    assert funnel(page) == ["5", "5", "1", "1", "1"]  # all answered the survey
    page = ada.get(f"/admin/courses/demo?group={atelier}").get_data(as_text=True)
    assert f'<option value="{atelier}" selected>{ATELIER}</option>' in page
    assert learners_listed(page) == ["Awa Diallo", "Béa Nguyen", "Cyril Petit"]
    assert funnel(page) == ["3", "3", "1", "1", "1"]
    assert f'href="/admin/courses/demo/learners.csv?group={atelier}"' in page
    index = ada.get(f"/admin/?group={salaries}").get_data(as_text=True)
    assert "Dora Sow" in index and "Awa Diallo" not in index
    assert f'href="/admin/report.csv?group={salaries}"' in index
    response = ada.get(f"/admin/courses/demo/learners.csv?group={salaries}")
    assert filename(response) == "liane-demo-salariees-2027-learners.csv"
    assert [row[0] for row in read_csv(response)[1:]] == ["Cyril Petit", "Dora Sow"]
    summary = read_csv(ada.get(f"/admin/courses/demo/summary.csv?group={salaries}"))
    assert ["funnel", "enrolled", "2"] in summary and ["funnel", "completed", "0"] in summary
    items = ada.get(f"/admin/courses/demo/items.csv?group={atelier}")
    assert filename(items) == "liane-demo-atelier-ecsi-lille-items.csv"
    assert [r[3] for r in read_csv(items)[1:] if r[0] == "quiz"] == ["1", "1", "1", "1"]
    report = ada.get(f"/admin/report.csv?group={atelier}")
    assert filename(report) == "liane-atelier-ecsi-lille-report.csv"
    assert [r[0] for r in read_csv(report)[1:]] == ["Awa Diallo", "Béa Nguyen", "Cyril Petit"]
    assert len(read_csv(ada.get("/admin/report.csv"))) == 6  # header and five learners
    assert ada.get("/admin/courses/demo?group=999999").status_code == 404


def test_a_facilitator_sees_the_groups_they_lead(seeded: Flask) -> None:
    chloe = client_of(seeded, "chloe")
    atelier, salaries = group_id(seeded, ATELIER), group_id(seeded, SALARIES)
    page = chloe.get("/admin/courses/demo").get_data(as_text=True)
    assert learners_listed(page) == ["Awa Diallo", "Béa Nguyen", "Cyril Petit"]
    assert '<option value="">Tous mes groupes</option>' in page
    assert ATELIER in page and SALARIES not in page
    index = chloe.get("/admin/").get_data(as_text=True)
    assert "Dora Sow" not in index and "Émile Roux" not in index and "Cyril Petit" in index
    learners = read_csv(chloe.get("/admin/courses/demo/learners.csv"))
    assert [row[0] for row in learners[1:]] == ["Awa Diallo", "Béa Nguyen", "Cyril Petit"]
    # Hugo leads both groups: their union, Cyril once.
    hugo = client_of(seeded, "hugo")
    page = hugo.get("/admin/courses/demo").get_data(as_text=True)
    assert learners_listed(page) == ["Awa Diallo", "Béa Nguyen", "Cyril Petit", "Dora Sow"]
    assert funnel(page) == ["4", "4", "1", "1", "1"]
    page = hugo.get(f"/admin/courses/demo?group={salaries}").get_data(as_text=True)
    assert learners_listed(page) == ["Cyril Petit", "Dora Sow"]
    assert chloe.get(f"/admin/courses/demo?group={atelier}").status_code == 200


def test_another_groups_filter_is_refused(seeded: Flask) -> None:
    from engine.player.db import session
    from engine.player.models import Attempt, GroupLeader, GroupMember, User

    def counts() -> list[int]:
        with seeded.app_context():
            db = session()
            return [db.query(t).count() for t in (User, GroupMember, GroupLeader, Attempt)]

    before = counts()
    chloe = client_of(seeded, "chloe")
    salaries = group_id(seeded, SALARIES)
    for query in (f"group={salaries}", "group=999999", f"group={salaries}&{DATES}"):
        for url in (
            "/admin/",
            "/admin/report.csv",
            "/admin/courses/demo",
            "/admin/courses/demo/learners.csv",
            "/admin/courses/demo/items.csv",
            "/admin/courses/demo/summary.csv",
            "/admin/courses/demo/diagnostic/distributions.csv",
            "/admin/courses/demo/diagnostic/change.csv",
            "/admin/courses/demo/quiz/open.csv",
        ):
            response = chloe.get(f"{url}?{query}")
            assert response.status_code == 403, (url, query)
            assert "Dora Sow" not in response.get_data(as_text=True)
    assert chloe.get("/admin/courses/demo?group=abc").status_code == 403
    assert counts() == before


def test_a_facilitator_leading_no_group_sees_an_empty_dashboard(seeded: Flask) -> None:
    nina = client_of(seeded, "nina")
    sentence = (
        "Vous n'animez encore aucun groupe : ce tableau de bord ne compte personne. "
        "Un·e administrateur·rice peut vous nommer animateur·rice d'un groupe."
    )
    for url in ("/admin/", "/admin/courses/demo"):
        page = nina.get(url).get_data(as_text=True)
        assert sentence in text(page), url
        assert not any(name in page for name in NAMES.values()), url
        assert "<select" not in page
    assert funnel(nina.get("/admin/courses/demo").get_data(as_text=True)) == ["0"] * 5
    assert read_csv(nina.get("/admin/courses/demo/learners.csv"))[1:] == []


def band_table(page: str) -> list[str]:
    """The cells of the survey's table of bands at two dates."""
    return cells(page.split('<table class="data change">')[1].split("</table>")[0])


HEADER = ["Profil", "31 janv. 2027", "30 juin 2027", "Écart"]


def test_survey_bands_per_group_and_between_two_dates(seeded: Flask) -> None:
    ada = client_of(seeded, "ada")
    atelier, salaries = group_id(seeded, ATELIER), group_id(seeded, SALARIES)
    page = ada.get(f"/admin/courses/demo?group={atelier}&{DATES}").get_data(as_text=True)
    assert text(page).count("Votre projet relève du marqueur") == 6  # bands now, at two dates
    assert band_table(page) == [
        *HEADER,
        *["Votre projet relève du marqueur G0", "1 (50 %)", "0 (0 %)", "-1"],
        *["Votre projet relève du marqueur G1", "1 (50 %)", "2 (67 %)", "+1"],
        *["Votre projet relève du marqueur G2", "0 (0 %)", "1 (33 %)", "+1"],
        *["Pas encore répondu", "1", "0", "-1"],
    ]
    # The bands now (each member's latest answer): G0 0, G1 2, G2 1.
    now = page.split(">Profils obtenus</h3>")[1].split("</table>")[0]
    assert [c for c in cells(now) if c in ("0", "1", "2", "3")] == ["0", "2", "1"]
    assert 'href="/admin/courses/demo/diagnostic/change.csv?group=' in page
    assert f'<input type="hidden" name="group" value="{atelier}">' in page
    page = ada.get(f"/admin/courses/demo?group={salaries}&{DATES}").get_data(as_text=True)
    assert band_table(page)[4:] == [
        *["Votre projet relève du marqueur G0", "1 (100 %)", "0 (0 %)", "-1"],
        *["Votre projet relève du marqueur G1", "0 (0 %)", "2 (100 %)", "+2"],
        *["Votre projet relève du marqueur G2", "0 (0 %)", "0 (0 %)", "0"],
        *["Pas encore répondu", "1", "0", "-1"],
    ]
    response = ada.get(f"/admin/courses/demo/diagnostic/change.csv?{DATES}")
    assert filename(response) == "liane-demo-diagnostic-2027-01-31-2027-06-30-change.csv"
    assert read_csv(response) == [
        [
            "band",
            "points",
            "learners_2027-01-31",
            "percent_2027-01-31",
            "learners_2027-06-30",
            "percent_2027-06-30",
            "difference",
        ],
        ["Votre projet relève du marqueur G0", "0-1", "2", "50", "0", "0", "-2"],
        ["Votre projet relève du marqueur G1", "2-3", "1", "25", "3", "60", "2"],
        ["Votre projet relève du marqueur G2", "4", "1", "25", "2", "40", "1"],
        ["no_band", "", "0", "", "0", "", "0"],
        ["not_answered", "", "1", "", "0", "", "-1"],
    ]
    response = ada.get(f"/admin/courses/demo/diagnostic/change.csv?group={atelier}&{DATES}")
    assert filename(response) == (
        "liane-demo-diagnostic-atelier-ecsi-lille-2027-01-31-2027-06-30-change.csv"
    )
    assert [row[2::2] for row in read_csv(response)[1:4]] == [
        ["1", "0", "-1"],
        ["1", "2", "1"],
        ["0", "1", "1"],
    ]
    bands = read_csv(ada.get(f"/admin/courses/demo/diagnostic/distributions.csv?group={atelier}"))
    assert [row[4] for row in bands[1:]] == ["0", "2", "1"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "from=2027-02-30&to=2027-06-30",
            "`2027-02-30` n'est pas une date (année-mois-jour, par exemple 2027-03-15).",
        ),
        (
            "from=31/01/2027&to=2027-06-30",
            "`31/01/2027` n'est pas une date (année-mois-jour, par exemple 2027-03-15).",
        ),
        ("from=2027-01-31&to=", "Choisissez les deux dates pour comparer les profils."),
        ("from=2027-06-30&to=2027-01-31", "La seconde date précède la première : inversez-les."),
    ],
)
def test_bad_dates_get_a_message_on_the_page(seeded: Flask, query: str, message: str) -> None:
    ada = client_of(seeded, "ada")
    response = ada.get(f"/admin/courses/demo?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in text(page)
    assert 'role="alert"' in page and '<table class="data change">' not in page
    refused = ada.get(f"/admin/courses/demo/diagnostic/change.csv?{query}")
    assert refused.status_code == 400 and message in refused.get_data(as_text=True)


def test_late_learners_are_flagged(seeded: Flask) -> None:
    hugo = client_of(seeded, "hugo")
    page = hugo.get("/admin/courses/demo").get_data(as_text=True)
    table = page.split(">Apprenant·es</h2>")[1].split("</table>")[0]
    rows = [text(row) for row in table.split('<tr><th scope="row">')[1:]]
    assert rows == [
        "Awa Diallo Réussi 2 / 2 100 % 2 min",
        "Béa Nguyen En cours En retard échéance le 15 janvier 2020 0 / 2 – 0 min",
        "Cyril Petit En cours En retard échéance le 15 janvier 2020 0 / 2 – 0 min",
        "Dora Sow En cours 0 / 2 – 0 min",
    ]
    learners = read_csv(hugo.get("/admin/courses/demo/learners.csv"))
    assert learners[0][2:4] == ["status", "status_label"]
    assert learners[0][8:] == ["late", "late_label", "due_on"]
    assert [row[:1] + row[8:] for row in learners[1:]] == [
        ["Awa Diallo", "", "", "2020-01-15"],
        ["Béa Nguyen", "late", "En retard", "2020-01-15"],
        ["Cyril Petit", "late", "En retard", "2020-01-15"],  # the earliest of two groups
        ["Dora Sow", "", "", "2999-12-31"],
    ]


def test_a_group_name_is_escaped_and_slugged(seeded: Flask) -> None:
    from engine.player.db import session
    from engine.player.models import Group

    with seeded.app_context():
        db = session()
        hostile = Group(name='<script>alert("x")</script> Équipe & co', join_code="HOSTILE2")
        db.add(hostile)
        db.commit()
        hostile_id = hostile.id
    ada = client_of(seeded, "ada")
    for url in (
        "/admin/",
        f"/admin/?group={hostile_id}",
        f"/admin/courses/demo?group={hostile_id}",
    ):
        page = ada.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Équipe &amp; co" in page
    response = ada.get(f"/admin/courses/demo/learners.csv?group={hostile_id}")
    assert filename(response) == "liane-demo-script-alert-x-script-equipe-co-learners.csv"
    assert read_csv(response)[1:] == []

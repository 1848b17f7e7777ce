"""The facilitators' dashboard and accounts administration. The figures are read by an
administrator, who counts every learner; a facilitator counts the groups they lead
(tests/player/test_dashboard_groups.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.player import csrf_token
from tests.helpers.quiz import RIGHT, WRONG, act


def test_dashboard_needs_the_role(learner: FlaskClient) -> None:
    for url in ("/admin/", "/admin/report.csv", "/admin/courses/demo", "/admin/users"):
        assert learner.get(url).status_code == 403, url


def test_matrix_funnel_histogram_and_items(
    app: Flask, learner: FlaskClient, admin: FlaskClient, make_user: Callable[..., Any]
) -> None:
    learner.get("/learn/demo/intro.html")
    learner.get("/learn/demo/suite.html")
    act(learner, "start")
    act(learner, "submit", WRONG)
    act(learner, "start")
    act(learner, "submit", {**RIGHT, "q-avis": "Un <script>avis</script> ouvert"})
    make_user("bea@example.org", "Béa Nguyen")
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Awa Diallo" in page and "Béa Nguyen" in page
    assert "badge-passed" in page and "badge-not_started" in page
    page = admin.get("/admin/courses/demo").get_data(as_text=True)
    assert page.count("<svg") == 3  # funnel, scores and the survey's outcome bands
    # Funnel: 2 enrolled, 1 started, 1 read all, 1 completed, 1 passed.
    assert "<td>2</td><td>1</td><td>1</td><td>1</td><td>1</td>" in page
    assert "Un &lt;script&gt;avis&lt;/script&gt; ouvert" in page
    assert "<script>avis" not in page


def test_report_csv(learner: FlaskClient, admin: FlaskClient) -> None:
    learner.get("/learn/demo/intro.html")
    response = admin.get("/admin/report.csv")
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == (
        "name;email;course;version;status;status_label;lessons_done;lessons_total;"
        "quizzes_passed;score_percent;active_minutes;first_seen;last_seen;"
        "certificate"
    )
    # No graded quiz submitted: no score (empty), not 0 %.
    assert lines[1].startswith("Awa Diallo;awa@example.org;demo;2.0;in_progress;En cours;1;2;0;;0;")


def test_items_csv(learner: FlaskClient, admin: FlaskClient) -> None:
    act(learner, "start")
    act(learner, "submit", RIGHT)
    text = admin.get("/admin/courses/demo/items.csv").data.decode("utf-8-sig")
    assert "quiz;genre;Le genre est-il biologique ?;1;100;;Oui: 0 (0 %) | Non: 1 (100 %);" in text
    # true/false has bars too, labelled in the course's language as its options are
    assert (
        "quiz;vrai;Les données ventilées par sexe sont utiles.;1;100;;"
        "Vrai: 1 (100 %) | Faux: 0 (0 %);" in text
    )


def test_import_members_from_csv(app: Flask, facilitator: FlaskClient) -> None:
    token = csrf_token(facilitator.get("/admin/users").get_data(as_text=True))
    data = (
        "email;nom;rôle\nbea@example.org;Béa Nguyen;\nbad-line\n"
        "chloe@example.org;Chloé Again;\nzoe@example.org;Zoé;chef\n"
    ).encode()
    response = facilitator.post(
        "/admin/users",
        data={"csrf_token": token, "action": "import", "file": (io.BytesIO(data), "membres.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200  # the report is on the page (test_accounts.py)
    page = response.get_data(as_text=True)
    assert "Béa Nguyen" in page and "Zoé" not in page
    assert "line 3" in page or "ligne 3" in page
    assert "line 5" in page or "ligne 5" in page


def test_reset_password_lets_the_learner_in(
    app: Flask, facilitator: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("bea@example.org", "Béa")
    token = csrf_token(facilitator.get("/admin/users").get_data(as_text=True))
    facilitator.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "action": "reset",
            "email": "bea@example.org",
            "password": "nouveau-mot-de-passe",
        },
    )
    other = app.test_client()
    html = other.get("/login").get_data(as_text=True)
    response = other.post(
        "/login",
        data={
            "csrf_token": csrf_token(html),
            "email": "bea@example.org",
            "password": "nouveau-mot-de-passe",
        },
    )
    assert response.status_code == 302


def test_summary_csv(learner: FlaskClient, admin: FlaskClient) -> None:
    act(learner, "start")
    act(learner, "submit", RIGHT)
    text = admin.get("/admin/courses/demo/summary.csv").data.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "table;step;learners"
    assert "funnel;enrolled;1" in lines and "funnel;started;1" in lines
    assert "score_band;90-100;1" in lines


def test_facilitators_download_scorm_packages(
    learner: FlaskClient, facilitator: FlaskClient
) -> None:
    import io
    import zipfile

    outline = facilitator.get("/learn/demo/").get_data(as_text=True)
    assert 'href="/admin/courses/demo/scorm12.zip"' in outline
    assert "scorm12.zip" not in learner.get("/learn/demo/").get_data(as_text=True)
    for kind, version in (("scorm12", "1.2"), ("scorm2004", "2004 4th Edition"), ("moodle", "1.2")):
        response = facilitator.get(f"/admin/courses/demo/{kind}.zip")
        assert response.mimetype == "application/zip"
        manifest = zipfile.ZipFile(io.BytesIO(response.data)).read("imsmanifest.xml")
        assert f"<schemaversion>{version}</schemaversion>".encode() in manifest
    assert learner.get("/admin/courses/demo/scorm12.zip").status_code == 403

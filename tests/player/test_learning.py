"""Reading a course: catalog, outline, lessons, media, resume, time on task."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from engine.model import Quiz
from engine.player.db import upgrade
from tests.helpers.courses import bundled_dir
from tests.helpers.player import PASSWORD, csrf_token, make_app, sign_in


def test_catalog_lists_paths_and_courses(learner: FlaskClient) -> None:
    page = learner.get("/").get_data(as_text=True)
    assert "Parcours de test" in page
    assert '<a href="/learn/demo/">Cours de démonstration</a>' in page
    assert '<progress value="0" max="2"' in page


def test_lesson_hides_facilitator_notes_from_learners(
    learner: FlaskClient, facilitator: FlaskClient
) -> None:
    page = learner.get("/learn/demo/intro.html").get_data(as_text=True)
    assert '<h1 lang="fr">Introduction</h1>' in page
    assert "SECRET-ANIMATION" not in page
    assert '<img src="media/cycle.svg" alt="Schéma du cycle" />' in page
    assert '<a href="suite.html">suite</a>' in page
    staff_page = facilitator.get("/learn/demo/intro.html").get_data(as_text=True)
    assert "SECRET-ANIMATION" in staff_page


def test_media_are_served_from_inside_the_course_only(learner: FlaskClient) -> None:
    with learner.get("/learn/demo/media/cycle.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
    for path in (
        "/learn/demo/course.yml",
        "/learn/demo/quiz.yml",
        "/learn/demo/intro.md",
        "/learn/demo/../demo/course.yml",
        "/learn/demo/media/../course.yml",
        "/learn/demo/%2e%2e/paths.yml",
        "/learn/demo/..%2fpaths.yml",
        "/learn/nope/intro.html",
        "/learn/demo/nope.html",
    ):
        assert learner.get(path).status_code == 404, path


def test_pages_need_sign_in(client: FlaskClient) -> None:
    for path in ("/", "/learn/demo/", "/learn/demo/intro.html", "/learn/demo/media/cycle.svg"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_outline_and_resume(learner: FlaskClient) -> None:
    page = learner.get("/learn/demo/").get_data(as_text=True)
    assert ">Commencer</a>" in page
    learner.get("/learn/demo/intro.html")
    learner.get("/learn/demo/suite.html")
    page = learner.get("/learn/demo/").get_data(as_text=True)
    assert ">Reprendre</a>" in page
    response = learner.get("/learn/demo/resume")
    assert response.headers["Location"] == "/learn/demo/suite.html"
    assert "badge-in_progress" in page


def test_previous_and_next(learner: FlaskClient) -> None:
    page = learner.get("/learn/demo/suite.html").get_data(as_text=True)
    assert 'rel="prev" href="/learn/demo/intro.html"' in page
    assert 'rel="next" href="/learn/demo/quiz.html"' in page


def test_active_time_is_capped_by_elapsed_time(app: Flask, learner: FlaskClient) -> None:
    page = learner.get("/learn/demo/intro.html").get_data(as_text=True)
    token = csrf_token(page)
    # Just after opening the page, a report of 50 s is capped to what really elapsed.
    response = learner.post(
        "/learn/demo/time", data={"item": "intro", "seconds": "50"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert response.get_json()["added"] <= 3
    bad = learner.post(
        "/learn/demo/time", data={"item": "../x", "seconds": "5"}, headers={"X-CSRFToken": token}
    )
    assert bad.status_code == 400
    no_csrf = learner.post("/learn/demo/time", data={"item": "intro", "seconds": "5"})
    assert no_csrf.status_code == 400


def test_lesson_page_weight_is_under_60_kb(learner: FlaskClient) -> None:
    total = 0
    for url in (
        "/learn/demo/intro.html",
        "/static/liane.css",
        "/static/player.css",
        "/static/liane.js",
    ):
        with learner.get(url) as response:
            assert response.status_code == 200
            total += len(response.data)
    assert total < 60 * 1024, total


def test_every_bundled_lesson_page_weighs_under_60_kb(tmp_path: Path) -> None:
    """The heaviest bundled lesson (politique-genre's legal framework, 9.6 KB of HTML) with
    the CSS and the script: about 20 KB."""
    url = f"sqlite:///{tmp_path / 'weight.sqlite3'}"
    upgrade(url)
    app = make_app(url, COURSES_DIR=str(bundled_dir()))
    with app.app_context():
        from engine.player.accounts import create_user

        create_user("awa@example.org", "Awa Diallo", PASSWORD)
    client = app.test_client()
    sign_in(client, "awa@example.org")
    assets = 0
    for asset in ("/static/liane.css", "/static/player.css", "/static/liane.js"):
        with client.get(asset) as response:
            assets += len(response.data)
    pages = {}
    for course in app.extensions["liane.library"].courses:
        for item in course.items():
            if not isinstance(item, Quiz):
                response = client.get(f"/learn/{course.id}/{item.id}.html")
                assert response.status_code == 200
                pages[f"{course.id}/{item.id}"] = len(response.data)
    assert len(pages) >= 15
    heaviest = max(pages, key=lambda k: pages[k])
    assert pages[heaviest] + assets < 60 * 1024, (heaviest, pages[heaviest], assets)


def test_pages_link_versioned_static_files_that_browsers_keep(learner: FlaskClient) -> None:
    import hashlib
    import re

    from tests.helpers.courses import ROOT

    page = learner.get("/learn/demo/intro.html").get_data(as_text=True)
    links = dict(re.findall(r'/static/([\w.-]+)\?v=([0-9a-f]{12})"', page))
    assert set(links) == {"favicon.svg", "liane.css", "player.css", "liane.js"}
    for name, version in links.items():
        assert version == hashlib.sha256((ROOT / "static" / name).read_bytes()).hexdigest()[:12]
        with learner.get(f"/static/{name}?v={version}") as response:
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Without the version (or with an old one) the browser asks again each time.
    for url in ("/static/liane.css", "/static/liane.css?v=000000000000"):
        with learner.get(url) as response:
            assert response.headers["Cache-Control"] == "no-cache"


def test_learner_names_are_escaped(client: FlaskClient) -> None:
    from tests.helpers.player import post_form

    post_form(
        client,
        "/register",
        {
            "name": "<script>alert(1)</script>",
            "email": "x@example.org",
            "password": "assez-long-ok",
            "confirm": "assez-long-ok",
        },
    )
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_every_page_has_an_icon_and_favicon_ico_is_no_404(learner: FlaskClient) -> None:
    for url in ("/", "/learn/demo/", "/learn/demo/intro.html", "/account"):
        page = learner.get(url).get_data(as_text=True)
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
        assert icon is not None, url
        with learner.get(icon.group(1)) as response:
            assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    with learner.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data

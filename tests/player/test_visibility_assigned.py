"""`visibility: assigned` in course.yml (issue 14): the course is seen only by the learners it
is assigned to, directly or through a path assigned to one of their groups; for everyone
else it is nowhere (catalogue, paths) and each of its addresses is a 404, as for a course
that does not exist; facilitators and admins see it with a "Sur attribution" badge. The
rule reads the learner's assignments once per request. On SQLite, and PostgreSQL when
LIANE_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from engine.player import groups
from engine.player.db import session, upgrade
from engine.player.models import Attempt
from tests.helpers.assigned import RESERVED, assign, assignment_library, complete
from tests.helpers.groups import make_group, stored_group, user_id
from tests.helpers.player import make_app, post_form, sign_in

PAGES = (
    "/learn/reserve/",
    "/learn/reserve/intro.html",
    "/learn/reserve/suite.html",
    "/learn/reserve/quiz.html",
    "/learn/reserve/diagnostic.html",
    "/learn/reserve/media/cycle.svg",
    "/learn/reserve/resume",
)
BADGE = '<span class="badge badge-assigned">Sur attribution</span>'


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Flask:
    upgrade(database_url)
    return make_app(database_url, COURSES_DIR=str(assignment_library(tmp_path / "courses")))


def signed_in(app: Flask, make_user: Callable[..., Any], email: str, name: str) -> FlaskClient:
    make_user(email, name)
    client = app.test_client()
    sign_in(client, email)
    return client


def statuses(client: FlaskClient, urls: tuple[str, ...]) -> dict[str, int]:
    found = {}
    for url in urls:
        response = client.get(url, follow_redirects=True)
        response.close()  # the media file is sent as a stream
        found[url] = response.status_code
    return found


def path_courses(page: str, path_id: str) -> list[str]:
    section = page.split(f'id="path-{path_id}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/learn/([^/]+)/">', section)


def test_only_assigned_learners_see_it(app: Flask, make_user: Callable[..., Any]) -> None:
    awa = signed_in(app, make_user, "awa@example.org", "Awa Diallo")  # through a path
    cleo = signed_in(app, make_user, "cleo@example.org", "Cléo Petit")  # the course itself
    bea = signed_in(app, make_user, "bea@example.org", "Béa Martin")  # in a group, not it
    salaries = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, salaries, "path:parcours-avance", date(2027, 3, 15))
    lille = make_group(app, "Atelier ECSI Lille", members=("cleo@example.org",))
    assign(app, lille, "course:reserve", None)
    benevoles = make_group(app, "Bénévoles", members=("bea@example.org",))
    assign(app, benevoles, "course:second", None)

    for client in (awa, cleo):
        assert set(statuses(client, PAGES).values()) == {200}
        catalogue = client.get("/").get_data(as_text=True)
        assert "/learn/reserve/" in catalogue and BADGE not in catalogue  # learners: no badge
    assert set(statuses(bea, PAGES).values()) == {404}
    catalogue = bea.get("/").get_data(as_text=True)
    assert RESERVED not in catalogue and "/learn/reserve/" not in catalogue
    assert path_courses(catalogue, "parcours-avance") == ["second"]  # the path without it


def test_leaving_the_group_closes_every_route(app: Flask, make_user: Callable[..., Any]) -> None:
    awa = signed_in(app, make_user, "awa@example.org", "Awa Diallo")
    group = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, group, "path:parcours-avance", None)
    complete(awa, "reserve")
    with app.app_context():
        attempt = session().scalars(select(Attempt.id).where(Attempt.course_id == "reserve")).one()
    owned = (*PAGES, "/certificates/reserve.pdf", f"/attempts/{attempt}")
    assert set(statuses(awa, owned).values()) == {200}

    with app.app_context():
        groups.remove_member(stored_group(group), user_id(app, "awa@example.org"))
    assert statuses(awa, owned) == dict.fromkeys(owned, 404)
    for url in ("/learn/reserve/quiz.html", "/learn/reserve/time"):
        data = {"action": "start", "item": "intro", "seconds": "5"}
        assert post_form(awa, url, data, "/").status_code == 404, url


def test_staff_see_it_with_a_badge(facilitator: FlaskClient) -> None:
    catalogue = facilitator.get("/").get_data(as_text=True)
    assert f'<a href="/learn/reserve/" lang="fr">{RESERVED}</a> {BADGE}' in catalogue
    assert f'<a href="/learn/reserve/">{RESERVED}</a> {BADGE}' in catalogue  # in its path
    english = facilitator.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<span class="badge badge-assigned">Assigned only</span>' in english
    assert set(statuses(facilitator, PAGES).values()) == {200}
    assert BADGE not in facilitator.get("/learn/second/").get_data(as_text=True)


@contextmanager
def assignment_queries(app: Flask) -> Iterator[list[str]]:
    """The SQL statements that read the assignments, while the block runs."""
    engine = app.extensions["liane.db"].kw["bind"]
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "assignments" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_one_query_per_request(app: Flask, make_user: Callable[..., Any]) -> None:
    awa = signed_in(app, make_user, "awa@example.org", "Awa Diallo")
    group = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, group, "path:parcours-avance", date(2027, 3, 15))
    for url in ("/", "/learn/reserve/", "/learn/reserve/intro.html", "/learn/second/"):
        with assignment_queries(app) as seen:
            assert awa.get(url).status_code == 200, url
        assert len(seen) == (1 if url != "/learn/second/" else 0), (url, seen)

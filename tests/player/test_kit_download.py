"""Facilitators and admins download a course's workshop kit from the player (issue 11): from
the course dashboard and from the course's page, built once per course version like the SCORM
packages; learners see no link and get 403 (the kit's guide holds the facilitator notes)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.player import sign_in

KIT = "/admin/courses/demo/kit.zip"
LINK = f'href="{KIT}"'


def test_facilitators_download_the_kit_from_the_dashboard_and_the_course_page(
    app: Flask, facilitator: FlaskClient, monkeypatch: Any
) -> None:
    assert LINK in facilitator.get("/admin/courses/demo").get_data(as_text=True)
    outline = facilitator.get("/learn/demo/").get_data(as_text=True)
    assert LINK in outline
    assert "Télécharger le kit d'atelier (ZIP)" in outline  # the player speaks French by default

    response = facilitator.get(KIT)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == 'attachment; filename="demo-2.0-kit.zip"'
    names = set(zipfile.ZipFile(io.BytesIO(response.data)).namelist())
    assert {"index.html", "projection.html", "LISEZMOI.txt", "guide-animateur.pdf"} <= names
    assert {"livret-participant.pdf", "corrige.pdf", "liane/index.data.js"} <= names

    # Built once per course version: the second download builds nothing.
    import engine.player.packages as packages

    def build_again(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("the kit was built twice")

    monkeypatch.setattr(packages, "export_kit", build_again)
    assert facilitator.get(KIT).data == response.data
    assert ("demo", "2.0", "kit") in app.extensions["liane.packages"]


def test_admins_download_it_too(app: Flask, make_user: Callable[..., Any]) -> None:
    make_user("ines@example.org", "Inès Admin", "admin")
    admin = app.test_client()
    sign_in(admin, "ines@example.org")
    assert LINK in admin.get("/learn/demo/").get_data(as_text=True)
    response = admin.get(KIT)
    assert response.status_code == 200
    assert response.data.startswith(b"PK")


def test_learners_get_no_link_and_403(learner: FlaskClient) -> None:
    assert "kit.zip" not in learner.get("/learn/demo/").get_data(as_text=True)
    assert learner.get(KIT).status_code == 403


def test_no_kit_of_a_course_that_does_not_exist(facilitator: FlaskClient) -> None:
    assert facilitator.get("/admin/courses/nope/kit.zip").status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get(KIT)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]

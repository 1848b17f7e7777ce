"""The catalogue lists paths and courses by their `order` key, then by title as a reader sorts
it (accents and case aside), never by folder name (issue 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.loader import load_library
from engine.player.catalog import catalogue_order
from engine.player.db import upgrade
from tests.helpers.player import make_app

# folder -> (title, order line or "")
COURSES = {
    "a-zebre": ("Zèbres et genre", "order: 2\n"),
    "b-ecologie": ("écologie et genre", ""),
    "c-abeilles": ("Abeilles et genre", ""),
    "d-education": ("Éducation et genre", "order: 1\n"),
    "e-banane": ("banane et genre", ""),
    "f-ecole": ("École et genre", ""),
}
PATHS = """\
- id: p-sans-ordre-b
  title: Bien démarrer
  courses: [c-abeilles]
- id: p-second
  title: Aller plus loin
  order: 20
  courses: [a-zebre, b-ecologie]
- id: p-sans-ordre-a
  title: avant tout
  courses: [e-banane]
- id: p-premier
  title: Zéro pour commencer
  order: -1
  courses: [d-education]
"""


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    for folder, (title, order) in COURSES.items():
        course = root / folder
        course.mkdir(parents=True)
        (course / "course.yml").write_text(
            f'title: "{title}"\n{order}modules:\n  - title: Un\n    items: [intro.md]\n',
            encoding="utf-8",
        )
        (course / "intro.md").write_text("# Introduction\n\nTexte.\n", encoding="utf-8")
    (root / "paths.yml").write_text(PATHS, encoding="utf-8")
    return root


@pytest.fixture
def app(database_url: str, courses: Path) -> Flask:
    upgrade(database_url)
    return make_app(database_url, COURSES_DIR=str(courses))


def test_order_then_title_without_accents_nor_case(courses: Path) -> None:
    library, problems = load_library(courses)
    assert library is not None and problems == []
    assert [c.title for c in catalogue_order(library.courses)] == [
        "Éducation et genre",
        "Zèbres et genre",
        "Abeilles et genre",
        "banane et genre",
        "École et genre",
        "écologie et genre",
    ]
    assert [p.title for p in catalogue_order(library.paths)] == [
        "Zéro pour commencer",
        "Aller plus loin",
        "avant tout",
        "Bien démarrer",
    ]


def test_the_catalogue_page_follows_that_order(learner: FlaskClient) -> None:
    page = learner.get("/").get_data(as_text=True)
    paths = re.findall(r'<h3 id="path-[^"]+">(.*?)</h3>', page)
    assert paths == ["Zéro pour commencer", "Aller plus loin", "avant tout", "Bien démarrer"]
    listed = re.findall(r'<li class="card course">\s*<h3><a href="/learn/([^/]+)/"', page)
    assert listed == ["d-education", "a-zebre", "c-abeilles", "e-banane", "f-ecole", "b-ecologie"]
    # Inside a path, its courses keep the author's order.
    second = page.split('id="path-p-second"')[1].split("</ol>")[0]
    assert re.findall(r'href="/learn/([^/]+)/"', second) == ["a-zebre", "b-ecologie"]

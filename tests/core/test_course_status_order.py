"""course.yml's `status` (draft or published) and the `order` of courses and paths: read into
the model, checked with exact messages in English and French, written by `liane new`, and in
the JSON Schemas editors use (issue 13)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.errors import Problem
from engine.loader import load_course, load_library

ROOT = Path(__file__).resolve().parent.parent.parent
COURSE = "title: Demo\n{extra}modules:\n  - title: Un\n    items: [intro.md]\n"
INTRO = "# Intro\n\nTexte.\n"


def lines(problems: list[Problem], root: Path) -> list[str]:
    return [p.format(root) for p in problems]


def test_status_and_order_reach_the_model(make_course: Callable[..., Path]) -> None:
    draft = make_course(
        {"course.yml": COURSE.format(extra="status: draft\norder: 3\n"), "intro.md": INTRO}
    )
    course, problems = load_course(draft)
    assert problems == [] and course is not None
    assert (course.status, course.is_draft, course.order) == ("draft", True, 3)
    plain = make_course({"course.yml": COURSE.format(extra=""), "intro.md": INTRO}, "plain")
    course, problems = load_course(plain)
    assert problems == [] and course is not None
    assert (course.status, course.is_draft, course.order) == ("published", False, None)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                'course.yml:2:8: error: expected a whole number, found the text "premier" '
                "(write a whole number with digits, e.g. `8`)",
                "course.yml:3:9: error: `brouillon` is not one of: draft, published",
            ],
        ),
        (
            "fr",
            [
                "course.yml:2:8: error: on attend un nombre entier, mais on trouve le texte "
                "« premier » (écrivez un nombre entier en chiffres, par exemple `8`)",
                "course.yml:3:9: error: `brouillon` ne fait pas partie des valeurs possibles : "
                "draft, published",
            ],
        ),
    ],
)
def test_wrong_order_and_status(
    make_course: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    expected: list[str],
) -> None:
    monkeypatch.setenv("LIANE_LANG", language)
    root = make_course(
        {
            "course.yml": COURSE.format(extra="order: premier\nstatus: brouillon\n"),
            "intro.md": INTRO,
        }
    )
    course, problems = load_course(root)
    assert course is None
    assert lines(problems, root) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "paths.yml:3:10: error: expected a whole number, found the number 1.5 "
            "(use a whole number, without decimals)",
        ),
        (
            "fr",
            "paths.yml:3:10: error: on attend un nombre entier, mais on trouve le nombre 1.5 "
            "(utilisez un nombre entier, sans décimales)",
        ),
    ],
)
def test_a_path_order_with_decimals(
    make_course: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    monkeypatch.setenv("LIANE_LANG", language)
    course = make_course({"course.yml": COURSE.format(extra=""), "intro.md": INTRO})
    (course.parent / "paths.yml").write_text(
        "- id: p\n  title: P\n  order: 1.5\n  courses: [demo]\n", encoding="utf-8"
    )
    _library, problems = load_library(course.parent)
    assert lines(problems, course.parent) == [expected]


def test_paths_keep_their_order(make_course: Callable[..., Path]) -> None:
    course = make_course({"course.yml": COURSE.format(extra=""), "intro.md": INTRO})
    (course.parent / "paths.yml").write_text(
        "- id: p\n  title: P\n  order: -4\n  courses: [demo]\n", encoding="utf-8"
    )
    library, problems = load_library(course.parent)
    assert problems == [] and library is not None
    assert [(p.id, p.order) for p in library.paths] == [("p", -4)]


@pytest.mark.parametrize(
    ("language", "comment"),
    [
        (
            "fr",
            "les apprenant·es ne voient pas encore le cours : supprimez cette ligne pour le "
            "publier",
        ),
        ("en", "learners do not see the course yet: remove this line to publish it"),
    ],
)
def test_liane_new_writes_a_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, comment: str
) -> None:
    monkeypatch.setenv("LIANE_LANG", language)
    result = CliRunner().invoke(main, ["new", "essai", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "essai" / "course.yml").read_text(encoding="utf-8")
    assert f"status: draft  # {comment}\n" in text.splitlines(keepends=True)
    course, problems = load_course(tmp_path / "essai")
    assert problems == [] and course is not None and course.is_draft


def test_the_json_schemas_know_the_keys() -> None:
    course = json.loads((ROOT / "docs/schemas/course.schema.json").read_text(encoding="utf-8"))
    assert course["properties"]["status"] == {
        "enum": ["draft", "published"],
        "description": "draft: only facilitators and admins see the course; published: everyone",
        "default": "published",
    }
    order = {"type": "integer", "description": "Place in the catalogue: smaller numbers come first"}
    assert course["properties"]["order"] == order
    paths = json.loads((ROOT / "docs/schemas/paths.schema.json").read_text(encoding="utf-8"))
    assert paths["items"]["properties"]["order"] == order

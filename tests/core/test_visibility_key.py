"""course.yml's `visibility` (all or assigned, issue 14): read into the model, checked with
exact messages in English and French, in the JSON Schema editors use, and in both guides'
table of course.yml keys."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.loader import load_course

ROOT = Path(__file__).resolve().parent.parent.parent
COURSE = "title: Demo\n{extra}modules:\n  - title: Un\n    items: [intro.md]\n"
INTRO = "# Intro\n\nTexte.\n"


@pytest.mark.parametrize(
    ("extra", "visibility", "assigned_only"),
    [
        ("", "all", False),
        ("visibility: all\n", "all", False),
        ("visibility: assigned\n", "assigned", True),
    ],
)
def test_visibility_reaches_the_model(
    make_course: Callable[..., Path], extra: str, visibility: str, assigned_only: bool
) -> None:
    root = make_course({"course.yml": COURSE.format(extra=extra), "intro.md": INTRO})
    course, problems = load_course(root)
    assert problems == [] and course is not None
    assert (course.visibility, course.assigned_only, course.is_draft) == (
        visibility,
        assigned_only,
        False,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "course.yml:2:13: error: `groupes` is not one of: all, assigned"),
        (
            "fr",
            "course.yml:2:13: error: `groupes` ne fait pas partie des valeurs possibles : "
            "all, assigned",
        ),
    ],
)
def test_a_wrong_visibility(
    make_course: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    expected: str,
) -> None:
    monkeypatch.setenv("LIANE_LANG", language)
    root = make_course(
        {"course.yml": COURSE.format(extra="visibility: groupes\n"), "intro.md": INTRO}
    )
    course, problems = load_course(root)
    assert course is None
    assert [p.format(root) for p in problems] == [expected]


def test_the_json_schema_and_the_guides_know_it() -> None:
    course = json.loads((ROOT / "docs/schemas/course.schema.json").read_text(encoding="utf-8"))
    assert course["properties"]["visibility"] == {
        "enum": ["all", "assigned"],
        "description": "all: every learner sees the course; assigned: only the learners it is "
        "assigned to (directly, or through a training path assigned to one of their groups)",
        "default": "all",
    }
    french = (ROOT / "docs/authoring.fr.md").read_text(encoding="utf-8")
    assert "| `visibility` | `all` ou `assigned` | `all` |" in french
    english = (ROOT / "docs/authoring.en.md").read_text(encoding="utf-8")
    assert "| `visibility` | `all` or `assigned` | `all` |" in english

"""The workshop keys (issue 11): a course's group size and materials, a quiz's duration and a
lesson's activity sheet load into the model, rendered like the rest, and wrong values get
their exact message. The broken corpus (tests/data/broken/) holds the whole-file cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from engine.jsonschema import all_json_schemas
from engine.loader import load_course
from engine.model import ActivitySheet, Course, Lesson, Quiz

COURSE_YML = """
title: Atelier
group_size: {group_size}
materials:
  - Vidéoprojecteur
  - Post-it de deux couleurs
modules:
  - title: Un
    items:
      - photos.md
      - plain.md
      - quiz.yml
      - estimate.yml
"""

PHOTOS = """
---
duration: 45
method: Photolangage en sous-groupes
materials: [Trente photos, Grandes feuilles]
preparation: |
  Imprimer **trente photos** de scènes de la vie quotidienne.

  Les étaler sur une table.
instructions: Choisissez *deux* photos qui vous parlent.
debrief:
  - Qui fait le travail *non rémunéré* sur vos photos ?
  - Qu'est-ce qui vous a surpris ?
  - 2030
vigilance: Laisser chacun et chacune parler <b>sans</b> juger.
variants: En grand groupe, avec dix photos.
---
# Photolangage

Chaque groupe choisit deux photos.
"""

QUIZ = """
title: Vérifier
duration: 10
questions:
  - type: true_false
    prompt: Le genre est une construction sociale.
    answer: true
"""

ESTIMATE = """
title: Sans durée
questions:
  - type: true_false
    prompt: L'ODD 5 porte sur l'égalité des sexes.
    answer: true
"""


def build(make_course: Callable[..., Path], group_size: str = "[8, 20]", **files: str) -> Path:
    return make_course(
        {
            "course.yml": COURSE_YML.format(group_size=group_size),
            "photos.md": PHOTOS,
            "plain.md": "# Sans fiche\n\nTexte.\n",
            "quiz.yml": QUIZ,
            "estimate.yml": ESTIMATE,
            **files,
        },
        course_id="atelier",
    )


def loaded(root: Path) -> Course:
    course, problems = load_course(root)
    assert problems == []
    assert course is not None
    return course


def lesson(course: Course, item_id: str) -> Lesson:
    item = course.item(item_id)
    assert isinstance(item, Lesson)
    return item


def test_course_keys_map_to_the_model(make_course: Callable[..., Path]) -> None:
    course = loaded(build(make_course))
    assert course.group_size == (8, 20)
    assert course.materials == ("Vidéoprojecteur", "Post-it de deux couleurs")


@pytest.mark.parametrize(
    "written,expected", [("12", (12, 12)), ("[1, 1]", (1, 1)), ("'15'", (15, 15))]
)
def test_one_number_is_a_group_of_that_size(
    make_course: Callable[..., Path], written: str, expected: tuple[int, int]
) -> None:
    assert loaded(build(make_course, group_size=written)).group_size == expected


def test_the_keys_are_optional(make_course: Callable[..., Path]) -> None:
    course = loaded(make_course({"intro.md": "# Intro\n\nTexte.\n", "q.yml": ESTIMATE}))
    assert course.group_size is None
    assert course.materials == ()
    assert lesson(course, "intro").sheet is None
    quiz = course.item("q")
    assert isinstance(quiz, Quiz) and quiz.duration is None


def test_quiz_duration(make_course: Callable[..., Path]) -> None:
    course = loaded(build(make_course))
    durations = {q.id: q.duration for q in course.quizzes}
    assert durations == {"quiz": 10, "estimate": None}


def test_quiz_duration_stays_out_of_the_browser_data(make_course: Callable[..., Path]) -> None:
    quiz = loaded(build(make_course)).item("quiz")
    assert isinstance(quiz, Quiz)
    assert "duration" not in quiz.to_public_dict()
    assert "duration" not in quiz.to_runtime_dict()


def test_activity_sheet_is_rendered(make_course: Callable[..., Path]) -> None:
    course = loaded(build(make_course))
    photos = lesson(course, "photos")
    assert photos.duration == 45
    assert photos.sheet == ActivitySheet(
        method="Photolangage en sous-groupes",
        materials=("Trente photos", "Grandes feuilles"),
        preparation=(
            "<p>Imprimer <strong>trente photos</strong> de scènes de la vie quotidienne.</p>\n"
            "<p>Les étaler sur une table.</p>\n"
        ),
        instructions="<p>Choisissez <em>deux</em> photos qui vous parlent.</p>\n",
        debrief=(
            "Qui fait le travail <em>non rémunéré</em> sur vos photos ?",
            "Qu'est-ce qui vous a surpris ?",
            "2030",
        ),
        vigilance="<p>Laisser chacun et chacune parler &lt;b&gt;sans&lt;/b&gt; juger.</p>\n",
        variants="<p>En grand groupe, avec dix photos.</p>\n",
    )
    assert lesson(course, "plain").sheet is None


def test_activity_sheet_respects_allow_html(make_course: Callable[..., Path]) -> None:
    root = build(make_course)
    course_yml = root / "course.yml"
    course_yml.write_text(
        course_yml.read_text(encoding="utf-8") + "allow_html: true\n", encoding="utf-8"
    )
    sheet = lesson(loaded(root), "photos").sheet
    assert sheet is not None
    assert sheet.vigilance == "<p>Laisser chacun et chacune parler <b>sans</b> juger.</p>\n"


def test_one_sheet_key_is_enough_and_the_rest_default(make_course: Callable[..., Path]) -> None:
    course = loaded(
        make_course({"debat.md": "---\ndebrief: [Qui a parlé ?]\n---\n# Débat\n\nTexte.\n"})
    )
    assert lesson(course, "debat").sheet == ActivitySheet(debrief=("Qui a parlé ?",))


def test_empty_sheet_keys_give_no_sheet(make_course: Callable[..., Path]) -> None:
    course = loaded(
        make_course({"debat.md": "---\nmethod:\ndebrief: []\n---\n# Débat\n\nTexte.\n"})
    )
    assert lesson(course, "debat").sheet is None


def test_sheet_texts_are_not_in_the_lesson_page(make_course: Callable[..., Path]) -> None:
    photos = lesson(loaded(build(make_course)), "photos")
    assert photos.html == "<p>Chaque groupe choisit deux photos.</p>\n"
    assert photos.facilitator_html == photos.html
    assert photos.facilitator_notes == ()


def test_sheet_images_are_checked_but_not_packaged(make_course: Callable[..., Path]) -> None:
    photo = "<svg xmlns='http://www.w3.org/2000/svg'/>"
    root = make_course(
        {
            "jeu.md": (
                "---\npreparation: |\n  Afficher ![le plan](media/plan.svg).\n---\n"
                "# Jeu\n\nTexte.\n"
            ),
            "media/plan.svg": photo,
        }
    )
    course = loaded(root)
    sheet = lesson(course, "jeu").sheet
    assert sheet is not None
    assert sheet.preparation == '<p>Afficher <img src="media/plan.svg" alt="le plan" />.</p>\n'
    assert course.files == ()


def problems_of(root: Path) -> list[str]:
    course, problems = load_course(root)
    assert course is None
    return [p.format(root) for p in problems]


@pytest.mark.parametrize(
    "written,expected",
    [
        (
            "[20, 8]",
            "course.yml:2:13: error: the minimum (20) is greater than the maximum (8) "
            "(write the smallest number first: `[8, 20]`)",
        ),
        (
            "0",
            "course.yml:2:13: error: 0 is too small: it must be at least 1 (write one number, "
            "e.g. `group_size: 12`, or the smallest and the largest group between brackets, "
            "e.g. `group_size: [8, 20]`)",
        ),
        (
            "[0, 5]",
            "course.yml:2:14: error: 0 is too small: it must be at least 1 (write one number, "
            "e.g. `group_size: 12`, or the smallest and the largest group between brackets, "
            "e.g. `group_size: [8, 20]`)",
        ),
        (
            "[8, 12, 20]",
            "course.yml:2:13: error: expected two numbers, the smallest and the largest, "
            "found 3 (write one number, e.g. `group_size: 12`, or the smallest and the largest "
            "group between brackets, e.g. `group_size: [8, 20]`)",
        ),
        (
            "12.5",
            "course.yml:2:13: error: expected a whole number or a list of two, found the "
            "number 12.5 (write one number, e.g. `group_size: 12`, or the smallest and the "
            "largest group between brackets, e.g. `group_size: [8, 20]`)",
        ),
        (
            "[8, douze]",
            'course.yml:2:17: error: expected a whole number, found the text "douze" '
            "(write a whole number with digits, e.g. `8`)",
        ),
    ],
)
def test_wrong_group_sizes(make_course: Callable[..., Path], written: str, expected: str) -> None:
    assert problems_of(build(make_course, group_size=written)) == [expected]


def test_wrong_sheet_values(make_course: Callable[..., Path]) -> None:
    root = make_course(
        {
            "jeu.md": (
                "---\nmethod: [Débat, mouvant]\nmaterials: Des chaises\n"
                "debrief:\n  - Qui a parlé ?\n  -\nvariants: 3\n---\n# Jeu\n\nTexte.\n"
            )
        }
    )
    assert problems_of(root) == [
        "jeu.md:2:9: error: expected a text, found a list",
        'jeu.md:3:12: error: expected a list, found the text "Des chaises" (list the '
        "materials under `materials:`, one per line starting with `- `, e.g. "
        "`- Sticky notes of two colours`)",
        "jeu.md:6:4: error: empty item in the list (write the item after `- `, or remove the line)",
    ]


SCHEMAS = all_json_schemas()
MODULES = [{"title": "Un", "items": ["intro.md"]}]


@pytest.mark.parametrize("value", [12, [8, 20], [1, 1]])
def test_editor_schema_accepts_group_sizes(value: object) -> None:
    course = {
        "title": "T",
        "group_size": value,
        "materials": ["Vidéoprojecteur"],
        "modules": MODULES,
    }
    jsonschema.Draft7Validator(SCHEMAS["course.schema.json"]).validate(course)


@pytest.mark.parametrize("value", [0, [8], [8, 12, 20], [0, 4], "douze", 2.5])
def test_editor_schema_rejects_wrong_group_sizes(value: object) -> None:
    course = {"title": "T", "group_size": value, "modules": MODULES}
    assert list(jsonschema.Draft7Validator(SCHEMAS["course.schema.json"]).iter_errors(course))


def test_editor_schema_knows_quiz_duration() -> None:
    validator = jsonschema.Draft7Validator(SCHEMAS["quiz.schema.json"])
    quiz = {"title": "Q", "duration": 10, "questions": [{"type": "open", "prompt": "P"}]}
    assert not list(validator.iter_errors(quiz))
    assert list(validator.iter_errors({**quiz, "duration": 0}))


# --- the bundled courses: ready for a workshop kit ----------------------------------------

SHEETS_AT_LEAST = {"genre-bases": 3, "gender-basics-en": 1, "politique-genre": 1}


@pytest.mark.parametrize("course_id", sorted(SHEETS_AT_LEAST))
def test_bundled_courses_carry_workshop_data(course_id: str) -> None:
    from tests.helpers.courses import bundled_course

    course = bundled_course(course_id)
    assert course.group_size is not None
    assert 1 <= course.group_size[0] <= course.group_size[1]
    assert len(course.materials) >= 3
    sheets = [lesson.sheet for lesson in course.lessons if lesson.sheet is not None]
    assert len(sheets) >= SHEETS_AT_LEAST[course_id]
    for sheet in sheets:  # whole sheets, as facilitators plan them
        assert sheet.method and sheet.preparation and sheet.instructions
        assert sheet.vigilance and sheet.variants and len(sheet.materials) >= 2
        assert 3 <= len(sheet.debrief) <= 5
    durations = [quiz.duration for quiz in course.quizzes]
    assert any(d is not None for d in durations)
    if len(durations) > 1:  # some quizzes leave their duration to the guide's estimate
        assert None in durations

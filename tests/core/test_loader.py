"""Loading a course builds the model the player and exporters read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from engine.loader import load_course, load_library
from engine.model import (
    FillBlanks,
    Lesson,
    Matching,
    Ordering,
    Quiz,
    SingleChoice,
    question_from_runtime,
)

QUIZ = """
title: Quiz
shuffle_options: true
questions:
  - type: single_choice
    prompt: Le *genre* est-il biologique ?
    options:
      - text: Non
        correct: true
        feedback: Exact, c'est une construction sociale.
      - text: Oui
  - id: pairs
    type: matching
    prompt: Associez.
    pairs:
      - {left: Sexe, right: biologique}
      - {left: Genre, right: social}
    distractors: [astral]
  - type: ordering
    prompt: Remettez dans l'ordre.
    items: [Diagnostic, Conception, Mise en œuvre, Évaluation]
  - type: fill_blanks
    prompt: Complétez.
    text: L'ODD [[5|cinq]] vise l'[[égalité]] des sexes.
"""


def build(make_course: Callable[..., Path]) -> Path:
    return make_course(
        {
            "intro.md": """
            ---
            duration: 10
            ---
            # Sexe et genre

            Voir la [suite](next.md) et ![un schéma](media/cycle.svg).

            ::: facilitator
            Commencer par un tour de table.
            :::
        """,
            "next.md": "# Suite\n\nTexte.\n",
            "quiz.yml": QUIZ,
            "media/cycle.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        }
    )


def test_a_course_loads_into_the_model(make_course: Callable[..., Path]) -> None:
    course, problems = load_course(build(make_course))
    assert problems == []
    assert course is not None
    assert course.id == "demo"
    assert [i.id for i in course.items()] == ["intro", "next", "quiz"]
    lesson = course.item("intro")
    assert isinstance(lesson, Lesson)
    assert lesson.title == "Sexe et genre"
    assert lesson.duration == 10
    assert lesson.html == (
        '<p>Voir la <a href="next.html">suite</a> et '
        '<img src="media/cycle.svg" alt="un schéma" />.</p>\n'
    )
    assert "tour de table" in lesson.facilitator_html
    assert course.files == ("media/cycle.svg",)


def test_quiz_model_values(make_course: Callable[..., Path]) -> None:
    course, _ = load_course(build(make_course))
    assert course is not None
    quiz = course.item("quiz")
    assert isinstance(quiz, Quiz)
    assert [q.id for q in quiz.questions] == ["q1", "pairs", "q3", "q4"]
    single = quiz.questions[0]
    assert isinstance(single, SingleChoice)
    assert single.prompt == "<p>Le <em>genre</em> est-il biologique ?</p>\n"
    # YAML 1.2 scalars: `Non` stays a text, it is not the boolean false.
    assert [(o.id, o.text, o.correct) for o in single.options] == [
        ("a", "Non", True),
        ("b", "Oui", False),
    ]
    matching = quiz.questions[1]
    assert isinstance(matching, Matching)
    # Rights are lettered in alphabetical order, so their ids say nothing of the pairs.
    assert [(c.id, c.text) for c in matching.rights] == [
        ("a", "astral"),
        ("b", "biologique"),
        ("c", "social"),
    ]
    assert matching.solution == (("1", "b"), ("2", "c"))
    ordering = quiz.questions[2]
    assert isinstance(ordering, Ordering)
    assert [c.text for c in ordering.items] == [
        "Conception",
        "Diagnostic",
        "Évaluation",
        "Mise en œuvre",
    ]
    assert ordering.solution == ("b", "a", "d", "c")
    blanks = quiz.questions[3]
    assert isinstance(blanks, FillBlanks)
    assert blanks.segments == ("<p>L'ODD ", " vise l'", " des sexes.</p>\n")
    assert [b.answers for b in blanks.blanks] == [("5", "cinq"), ("égalité",)]


def test_public_dict_carries_no_answer_key(make_course: Callable[..., Path]) -> None:
    course, _ = load_course(build(make_course))
    assert course is not None
    quiz = course.item("quiz")
    assert isinstance(quiz, Quiz)
    public = json.dumps(quiz.to_public_dict(), ensure_ascii=False)
    for secret in ('"correct"', '"solution"', '"answers"', "construction sociale", "cinq"):
        assert secret not in public
    runtime = quiz.to_runtime_dict()
    assert runtime["questions"][1]["solution"] == [["1", "b"], ["2", "c"]]


def test_runtime_dict_round_trips(make_course: Callable[..., Path]) -> None:
    course, _ = load_course(build(make_course))
    assert course is not None
    quiz = course.item("quiz")
    assert isinstance(quiz, Quiz)
    for question in quiz.questions:
        data = json.loads(json.dumps(question.to_runtime_dict()))
        assert question_from_runtime(data) == question


def test_single_course_folder_or_library(make_course: Callable[..., Path]) -> None:
    root = build(make_course)
    library, problems = load_library(root)
    assert problems == [] and library is not None
    assert [c.id for c in library.courses] == ["demo"]
    library, problems = load_library(root.parent)
    assert problems == [] and library is not None
    assert [c.id for c in library.courses] == ["demo"]


def test_unlisted_lesson_is_a_warning(make_course: Callable[..., Path]) -> None:
    root = make_course(
        {
            "a.md": "# A\n",
            "course.yml": """
        title: T
        modules:
          - title: M
            items: [a.md]
    """,
            "forgotten.md": "# F\n",
        }
    )
    course, problems = load_course(root)
    assert course is not None
    assert [p.format(root) for p in problems] == [
        "forgotten.md:1:1: warning: `forgotten.md` is in no module (add it to a module's "
        "`items` in course.yml, or delete it)"
    ]


def test_lesson_title_falls_back_to_file_name_with_a_warning(
    make_course: Callable[..., Path],
) -> None:
    root = make_course({"mon-texte.md": "Pas de titre.\n"})
    course, problems = load_course(root)
    assert course is not None
    assert course.lessons[0].title == "Mon texte"
    assert [p.format(root) for p in problems] == [
        "mon-texte.md:1:1: warning: the lesson has no title (start it with a `# Title` line "
        "or add `title:` in its front matter)"
    ]


def test_bundled_courses_load_without_problems(tmp_path: Path) -> None:
    from tests.helpers.courses import BUNDLED, copy_bundled

    root = copy_bundled(tmp_path / "courses")
    library, problems = load_library(root)
    assert [p.format(root) for p in problems] == []
    assert library is not None
    assert [c.id for c in library.courses] == sorted(BUNDLED)
    assert library.paths  # paths.yml is bundled too

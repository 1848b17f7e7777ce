"""`liane new`: a starting course that passes `liane check`, to copy from."""

from __future__ import annotations

from pathlib import Path

import click

from engine.i18n import _
from engine.schema import SLUG

# The comments are for the author: in their language (LIANE_LANG, LANG), like the command's
# messages; the course's own texts below follow --language.
COURSE_YML = """\
# {about}
# {guide}
title: {title}
language: {language}
version: "1.0"
status: draft  # {draft}
description: {description}
duration: 30
objectives:
  - {objective}
completion:
  lessons: all
  quizzes: passed
modules:
  - title: {module}
    items:
      - 01-introduction.md
      - quiz-1.yml
"""

LESSON_FR = """\
# Introduction

Écrivez ici votre première leçon en Markdown.

::: note À retenir
Un bloc `note` met une idée en valeur.
:::

::: facilitator
Ce bloc n'est visible que des animateurs et animatrices.
:::
"""

LESSON_EN = """\
# Introduction

Write your first lesson here, in Markdown.

::: note Key point
A `note` block highlights an idea.
:::

::: facilitator
Only facilitators see this block.
:::
"""

QUIZ_FR = """\
title: Quiz de la leçon 1
pass_mark: 0.8
questions:
  - type: single_choice
    prompt: Quelle est la bonne réponse ?
    options:
      - text: Celle-ci
        correct: true
      - text: Pas celle-là
    explanation: Chaque question peut avoir une explication.
  - type: true_false
    prompt: Un quiz peut mélanger plusieurs types de questions.
    answer: true
"""

QUIZ_EN = """\
title: Lesson 1 quiz
pass_mark: 0.8
questions:
  - type: single_choice
    prompt: Which answer is right?
    options:
      - text: This one
        correct: true
      - text: Not that one
    explanation: Every question may have an explanation.
  - type: true_false
    prompt: A quiz can mix several question types.
    answer: true
"""


def scaffold_course(
    parent: Path, course_id: str, *, title: str | None = None, language: str = "fr"
) -> Path:
    if not SLUG.match(course_id):
        raise click.ClickException(
            _(
                "`{id}` cannot be a course id: use lower-case letters, digits and dashes, "
                "e.g. genre-bases"
            ).format(id=course_id)
        )
    target = parent / course_id
    if target.exists():
        raise click.ClickException(_("{path} already exists").format(path=target))
    french = language.split("-")[0] == "fr"
    (target / "media").mkdir(parents=True)
    (target / "course.yml").write_text(
        COURSE_YML.format(
            title=_yaml_text(title or course_id.replace("-", " ").capitalize()),
            language=language,
            about=_("Description of the course; every key is explained in the author guide"),
            guide=_("(docs/authoring.fr.md in French, docs/authoring.en.md in English)."),
            draft=_("learners do not see the course yet: remove this line to publish it"),
            description="Une courte description du cours."
            if french
            else "A short description of the course.",
            objective="Ce que la personne saura faire à la fin."
            if french
            else "What the learner will be able to do at the end.",
            module="Premier module" if french else "First module",
        ),
        encoding="utf-8",
    )
    (target / "01-introduction.md").write_text(LESSON_FR if french else LESSON_EN, encoding="utf-8")
    (target / "quiz-1.yml").write_text(QUIZ_FR if french else QUIZ_EN, encoding="utf-8")
    (target / "media" / ".gitkeep").write_text("", encoding="utf-8")
    return target


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

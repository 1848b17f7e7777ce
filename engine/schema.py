"""The declared shape of course.yml, quiz files, lessons' front matter and paths.yml.

One declaration serves twice: `engine.validation.check_mapping` validates an author's YAML
against it (unknown keys with "did you mean", wrong types, out-of-range numbers) and
`engine.jsonschema` exports it for editors (yaml-language-server), so the editor and
`liane check` never disagree. Each question type declares its own keys beside its code
(`engine/questions/<type>.py`); they are gathered here from the registry.
"""

from __future__ import annotations

import re

from engine.fields import Field, Shape, strings, texts
from engine.questions import TYPES

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

COMPLETION = Shape(
    {
        "lessons": Field(
            "enum", "Lessons to read: all of them, or none", default="all", choices=("all", "none")
        ),
        "quizzes": Field(
            "enum",
            "Graded quizzes: passed, attempted, or none",
            default="passed",
            choices=("passed", "attempted", "none"),
        ),
    },
    name="completion",
)

MODULE = Shape(
    {
        "title": Field("string", "Title of the module", required=True),
        "items": strings(
            "Lessons (.md) and quizzes (.yml) of the module, relative to the course "
            "folder, in order",
            required=True,
            min_items=1,
            hint="list the module's lessons (.md) and quizzes (.yml) under `items:`,"
            " one per line starting with `- `, or remove the module",
        ),
    },
    name="module",
)

COURSE = Shape(
    {
        "title": Field("string", "Title of the course", required=True),
        "language": Field(
            "string",
            "Language of the content (BCP 47, e.g. fr, en, fr-BE)",
            default="fr",
            pattern=LANGUAGE_TAG.pattern,
        ),
        "version": Field("string", "Version of the course, e.g. 1.0", default="1.0"),
        "description": Field("text", "A short description (Markdown)", default=""),
        "objectives": strings("Learning objectives", default=()),
        "audience": strings("Who the course is for", default=()),
        "duration": Field("integer", "Expected duration in minutes", minimum=1),
        "authors": strings("Authors", default=()),
        "license": Field("string", "Licence of the content, e.g. CC-BY-SA-4.0", default=""),
        "tags": strings("Keywords", default=()),
        "sdg": Field(
            "list",
            "UN Sustainable Development Goals addressed (1 to 17)",
            default=(),
            items=Field("integer", minimum=1, maximum=17),
        ),
        "group_size": Field(
            "range",
            "Number of participants of a workshop: a number, or [min, max], e.g. [8, 20]",
            minimum=1,
            hint="write one number, e.g. `group_size: 12`, or the smallest and the largest "
            "group between brackets, e.g. `group_size: [8, 20]`",
        ),
        "materials": strings(
            "Materials a workshop needs (plain text), e.g. Video projector",
            default=(),
            hint="list the materials under `materials:`, one per line starting with `- `, "
            "e.g. `- Video projector`",
        ),
        "allow_html": Field(
            "boolean", "Render raw HTML in lessons (otherwise shown as text)", default=False
        ),
        "status": Field(
            "enum",
            "draft: only facilitators and admins see the course; published: everyone",
            default="published",
            choices=("draft", "published"),
        ),
        "visibility": Field(
            "enum",
            "all: every learner sees the course; assigned: only the learners it is assigned "
            "to (directly, or through a training path assigned to one of their groups)",
            default="all",
            choices=("all", "assigned"),
        ),
        "order": Field("integer", "Place in the catalogue: smaller numbers come first"),
        "completion": Field("mapping", "When the course counts as completed", items=COMPLETION),
        "modules": Field(
            "list", "Modules of the course, in order", required=True, min_items=1, items=MODULE
        ),
    },
    doc="Liane course description (course.yml)",
    name="course",
    hint="course.yml starts with `title:`, then `modules:` listing the lessons and quizzes",
)

TRAINING_PATH = Shape(
    {
        "id": Field(
            "string",
            "Identifier of the path (lower-case letters, digits, dashes)",
            required=True,
            pattern=SLUG.pattern,
        ),
        "title": Field("string", "Title of the path", required=True),
        "description": Field("text", "Description (Markdown)", default=""),
        "courses": strings(
            "Course identifiers (folder names), in order", required=True, min_items=1
        ),
        "order": Field("integer", "Place in the catalogue: smaller numbers come first"),
    },
    name="path",
)

OUTCOME = Shape(
    {
        "min": Field("number", "Lowest total score of this band (included)", required=True),
        "max": Field("number", "Highest total score of this band (included)", required=True),
        "title": Field("string", "Title shown to the learner", required=True),
        "text": Field("text", "Explanation shown to the learner (Markdown)", default=""),
    },
    name="outcome",
)

# --- questions: the keys every question has, then each type's own --------------------------

COMMON_QUESTION_FIELDS: dict[str, Field] = {
    "type": Field("enum", "Question type", required=True),  # choices filled below
    "prompt": Field("text", "The question (Markdown)", required=True),
    "id": Field(
        "string",
        "Identifier, unique in the quiz (default q1, q2... by position)",
        pattern=r"^[A-Za-z0-9_-]+$",
    ),
    "points": Field("number", "Weight of the question", default=1, minimum=0),
    "explanation": Field("text", "Shown after answering (Markdown)", default=""),
    "feedback_correct": Field("text", "Shown when the answer is right", default=""),
    "feedback_wrong": Field("text", "Shown when the answer is wrong", default=""),
}

QUESTION_FIELDS: dict[str, dict[str, Field]] = {
    name: dict(question_type.keys) for name, question_type in TYPES.items()
}
QUESTION_TYPES = tuple(QUESTION_FIELDS)


def question_shape(qtype: str) -> Shape:
    fields = dict(COMMON_QUESTION_FIELDS)
    fields["type"] = Field("enum", "Question type", required=True, choices=QUESTION_TYPES)
    fields.update(QUESTION_FIELDS[qtype])
    return Shape(fields, name=qtype)


QUESTION_SHAPES = {qtype: question_shape(qtype) for qtype in QUESTION_TYPES}

QUIZ = Shape(
    {
        "title": Field("string", "Title of the quiz", required=True),
        "kind": Field(
            "enum",
            "graded (counts for passing) or survey (self-assessment)",
            default="graded",
            choices=("graded", "survey"),
        ),
        "pass_mark": Field(
            "number",
            "Share of points needed to pass, from 0 to 1",
            default=0.8,
            minimum=0,
            maximum=1,
            hint="`pass_mark` is the share of the points needed to pass: 0.8 means 80 %",
        ),
        "max_attempts": Field("integer", "Attempts allowed (0 = unlimited)", default=0, minimum=0),
        "shuffle_questions": Field("boolean", "Shuffle the questions per attempt", default=False),
        "shuffle_options": Field("boolean", "Shuffle the options per attempt", default=False),
        "draw": Field("integer", "Draw this many questions at random per attempt", minimum=1),
        "duration": Field(
            "integer",
            "Expected duration in minutes in a workshop (otherwise the facilitator guide "
            "estimates it from the questions)",
            minimum=1,
            hint="give the minutes the quiz takes in a workshop, e.g. `duration: 10`, or remove "
            "the line: the facilitator guide then estimates it",
        ),
        "feedback": Field(
            "enum",
            "When feedback is shown",
            default="after_submit",
            choices=("immediate", "after_submit", "none"),
        ),
        "outcomes": Field(
            "list", "Survey: bands of the summed option scores", default=(), items=OUTCOME
        ),
        "questions": Field("list", "The questions", required=True, min_items=1),
    },
    doc="Liane quiz",
    name="quiz",
    hint="a quiz file starts with `title:`, then `questions:` with the questions listed under it",
)

# A lesson's activity sheet ("fiche d'animation"): how a facilitator runs it with a group.
# Facilitator material: the workshop kit's guide prints it, learners never see it.
ACTIVITY_SHEET: dict[str, Field] = {
    "method": Field(
        "string", "Activity sheet: the method (plain text), e.g. Photolanguage in small groups"
    ),
    "materials": strings(
        "Activity sheet: materials for this activity (plain text)",
        default=(),
        hint="list the materials under `materials:`, one per line starting with `- `, "
        "e.g. `- Sticky notes of two colours`",
    ),
    "preparation": Field(
        "text", "Activity sheet: what to prepare before the session (Markdown)", default=""
    ),
    "instructions": Field(
        "text", "Activity sheet: the instructions to read out to the group (Markdown)", default=""
    ),
    "debrief": texts(
        "Activity sheet: debrief questions, one per item (Markdown)",
        default=(),
        hint="write each question on its own line under `debrief:`, starting with `- `, "
        "e.g. `- What surprised you?`",
    ),
    "vigilance": Field(
        "text", "Activity sheet: points of vigilance for the facilitator (Markdown)", default=""
    ),
    "variants": Field(
        "text",
        "Activity sheet: variants (other group sizes, durations, places) (Markdown)",
        default="",
    ),
}

LESSON_FRONT_MATTER = Shape(
    {
        "title": Field("string", "Title of the lesson (default: its first # heading)"),
        "duration": Field("integer", "Expected duration in minutes", minimum=1),
        "objectives": strings("Learning objectives of the lesson", default=()),
        **ACTIVITY_SHEET,
    },
    name="lesson",
)

"""The declared shape of course.yml, quiz files and paths.yml.

One declaration serves twice: `check_mapping` validates an author's YAML against it (unknown
keys with "did you mean", wrong types, out-of-range numbers) and `json_schema` exports it for
editors (yaml-language-server), so the editor and `liane check` never disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.errors import Problem, error
from engine.i18n import _
from engine.sources import KeyPath, YamlDoc

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, default and limits."""

    kind: str  # string | text | integer | number | boolean | enum | list | mapping
    doc: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    items: Field | Shape | None = None
    min_items: int = 0
    pattern: str | None = None
    hint: str | None = None  # said when the value is wrong, instead of a generic hint


@dataclass(frozen=True)
class Shape:
    """A mapping with declared keys."""

    fields: Mapping[str, Field]
    doc: str = ""
    name: str = ""
    hint: str | None = None  # said when the value is not a mapping at all


def _strings(doc: str, **kw: Any) -> Field:
    return Field("list", doc, items=Field("string"), **kw)


def _texts(doc: str, **kw: Any) -> Field:
    return Field("list", doc, items=Field("text"), **kw)


COMPLETION = Shape({
    "lessons": Field("enum", "Lessons to read: all of them, or none", default="all",
                     choices=("all", "none")),
    "quizzes": Field("enum", "Graded quizzes: passed, attempted, or none", default="passed",
                     choices=("passed", "attempted", "none")),
}, name="completion")

MODULE = Shape({
    "title": Field("string", "Title of the module", required=True),
    "items": _strings("Lessons (.md) and quizzes (.yml) of the module, relative to the course "
                      "folder, in order", required=True, min_items=1,
                      hint="list the module's lessons (.md) and quizzes (.yml) under `items:`,"
                           " one per line starting with `- `, or remove the module"),
}, name="module")

COURSE = Shape({
    "title": Field("string", "Title of the course", required=True),
    "language": Field("string", "Language of the content (BCP 47, e.g. fr, en, fr-BE)",
                      default="fr", pattern=LANGUAGE_TAG.pattern),
    "version": Field("string", "Version of the course, e.g. 1.0", default="1.0"),
    "description": Field("text", "A short description (Markdown)", default=""),
    "objectives": _strings("Learning objectives", default=()),
    "audience": _strings("Who the course is for", default=()),
    "duration": Field("integer", "Expected duration in minutes", minimum=1),
    "authors": _strings("Authors", default=()),
    "license": Field("string", "Licence of the content, e.g. CC-BY-SA-4.0", default=""),
    "tags": _strings("Keywords", default=()),
    "sdg": Field("list", "UN Sustainable Development Goals addressed (1 to 17)", default=(),
                 items=Field("integer", minimum=1, maximum=17)),
    "allow_html": Field("boolean", "Render raw HTML in lessons (otherwise shown as text)",
                        default=False),
    "completion": Field("mapping", "When the course counts as completed", items=COMPLETION),
    "modules": Field("list", "Modules of the course, in order", required=True, min_items=1,
                     items=MODULE),
}, doc="Liane course description (course.yml)", name="course",
    hint="course.yml starts with `title:`, then `modules:` listing the lessons and quizzes")

TRAINING_PATH = Shape({
    "id": Field("string", "Identifier of the path (lower-case letters, digits, dashes)",
                required=True, pattern=SLUG.pattern),
    "title": Field("string", "Title of the path", required=True),
    "description": Field("text", "Description (Markdown)", default=""),
    "courses": _strings("Course identifiers (folder names), in order", required=True,
                        min_items=1),
}, name="path")

OUTCOME = Shape({
    "min": Field("number", "Lowest total score of this band (included)", required=True),
    "max": Field("number", "Highest total score of this band (included)", required=True),
    "title": Field("string", "Title shown to the learner", required=True),
    "text": Field("text", "Explanation shown to the learner (Markdown)", default=""),
}, name="outcome")

OPTION = Shape({
    "text": Field("text", "Text of the option (Markdown)", required=True),
    "correct": Field("boolean", "Whether this option is right", default=False),
    "feedback": Field("text", "Shown when the learner picks this option", default=""),
    "score": Field("number", "Points this option adds in a survey quiz"),
}, name="option")

PAIR = Shape({
    "left": Field("text", "Left-hand item", required=True),
    "right": Field("text", "Matching right-hand item", required=True),
}, name="pair")

COMMON_QUESTION_FIELDS: dict[str, Field] = {
    "type": Field("enum", "Question type", required=True),  # choices filled below
    "prompt": Field("text", "The question (Markdown)", required=True),
    "id": Field("string", "Identifier, unique in the quiz (default q1, q2... by position)",
                pattern=r"^[A-Za-z0-9_-]+$"),
    "points": Field("number", "Weight of the question", default=1, minimum=0),
    "explanation": Field("text", "Shown after answering (Markdown)", default=""),
    "feedback_correct": Field("text", "Shown when the answer is right", default=""),
    "feedback_wrong": Field("text", "Shown when the answer is wrong", default=""),
}

OPTIONS_HINT = ("write at least 2 options, each on its own line starting with `- text:`")

SCORING_PARTIAL = Field("enum", "partial credit, or all_or_nothing", default="partial",
                        choices=("partial", "all_or_nothing"))

QUESTION_FIELDS: dict[str, dict[str, Field]] = {
    "single_choice": {
        "options": Field("list", "Options; exactly one is correct", required=True,
                         min_items=2, items=OPTION, hint=OPTIONS_HINT),
    },
    "multiple_choice": {
        "options": Field("list", "Options; at least one is correct", required=True,
                         min_items=2, items=OPTION, hint=OPTIONS_HINT),
        "scoring": SCORING_PARTIAL,
    },
    "true_false": {
        "answer": Field("boolean", "The right answer: true or false"),
        "feedback_true": Field("text", "Shown when the learner answers true", default=""),
        "feedback_false": Field("text", "Shown when the learner answers false", default=""),
    },
    "short_answer": {
        "answers": _strings("Accepted answers", default=()),
        "patterns": _strings("Accepted regular expressions (the whole answer must match)",
                             default=()),
        "case_sensitive": Field("boolean", "Whether case matters", default=False),
        "ignore_accents": Field("boolean", "Whether accents are ignored", default=False),
    },
    "numeric": {
        "answer": Field("number", "The right number", required=True),
        "tolerance": Field("number", "Accepted distance from the answer", default=0,
                           minimum=0),
    },
    "matching": {
        "pairs": Field("list", "Pairs to match", required=True, min_items=2, items=PAIR),
        "distractors": _texts("Extra right-hand choices that match nothing", default=()),
        "scoring": SCORING_PARTIAL,
    },
    "ordering": {
        "items": _texts("Items in the right order", required=True, min_items=2),
        "scoring": Field("enum", "all_or_nothing, or partial credit",
                         default="all_or_nothing", choices=("all_or_nothing", "partial")),
    },
    "fill_blanks": {
        "text": Field("text", "Text with blanks written [[answer|other accepted answer]]",
                      required=True),
    },
    "likert": {
        "statements": _texts("Statements to rate", required=True, min_items=1),
        "scale": _strings("Labels of the scale, from one end to the other", required=True,
                          min_items=2),
    },
    "open": {
        "min_words": Field("integer", "Fewest words accepted", default=0, minimum=0),
    },
}
QUESTION_TYPES = tuple(QUESTION_FIELDS)


def question_shape(qtype: str) -> Shape:
    fields = dict(COMMON_QUESTION_FIELDS)
    fields["type"] = Field("enum", "Question type", required=True, choices=QUESTION_TYPES)
    fields.update(QUESTION_FIELDS[qtype])
    return Shape(fields, name=qtype)


QUESTION_SHAPES = {qtype: question_shape(qtype) for qtype in QUESTION_TYPES}

QUIZ = Shape({
    "title": Field("string", "Title of the quiz", required=True),
    "kind": Field("enum", "graded (counts for passing) or survey (self-assessment)",
                  default="graded", choices=("graded", "survey")),
    "pass_mark": Field("number", "Share of points needed to pass, from 0 to 1", default=0.8,
                       minimum=0, maximum=1,
                       hint="`pass_mark` is the share of the points needed to pass: 0.8 means "
                            "80 %"),
    "max_attempts": Field("integer", "Attempts allowed (0 = unlimited)", default=0, minimum=0),
    "shuffle_questions": Field("boolean", "Shuffle the questions per attempt", default=False),
    "shuffle_options": Field("boolean", "Shuffle the options per attempt", default=False),
    "draw": Field("integer", "Draw this many questions at random per attempt", minimum=1),
    "feedback": Field("enum", "When feedback is shown", default="after_submit",
                      choices=("immediate", "after_submit", "none")),
    "outcomes": Field("list", "Survey: bands of the summed option scores", default=(),
                      items=OUTCOME),
    "questions": Field("list", "The questions", required=True, min_items=1),
}, doc="Liane quiz", name="quiz",
    hint="a quiz file starts with `title:`, then `questions:` with the questions listed "
         "under it")


# --- validation -------------------------------------------------------------------------

TRUE_WORDS = {"oui", "vrai", "yes", "y", "on", "o", "juste", "correct"}
FALSE_WORDS = {"non", "faux", "no", "n", "off", "false."}


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A "did you mean" hint for a misspelt key or value, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("did you mean `{word}`?").format(word=close[0]) if close else None


def kind_name(kind: str) -> str:
    return {
        "string": _("a text"), "text": _("a text"), "integer": _("a whole number"),
        "number": _("a number"), "boolean": _("true or false"), "list": _("a list"),
        "mapping": _("a set of `key: value` lines"), "enum": _("a text"),
    }[kind]


def check_mapping(doc: YamlDoc, path: KeyPath, value: Any, shape: Shape
                  ) -> tuple[dict[str, Any], list[Problem]]:
    """Check a mapping against its shape; return it with defaults filled, and the problems.

    A value that is wrong is replaced by its default, so later checks can go on and report
    more problems in the same run.
    """
    if not isinstance(value, dict):
        return {}, [error(doc.pos(path), _("expected {kind}, found {found}").format(
            kind=kind_name("mapping"), found=describe(value)),
            _(shape.hint) if shape.hint else None)]
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key in value:
        if str(key) not in shape.fields:
            problems.append(error(doc.pos((*path, str(key)), key=True),
                                  _("unknown key `{key}`").format(key=key),
                                  suggest(str(key), tuple(shape.fields))
                                  or _("known keys: {keys}").format(
                                      keys=", ".join(shape.fields))))
    for name, spec in shape.fields.items():
        if name in value and value[name] is None and spec.required:
            problems.append(_empty_value(doc, (*path, name), name))
            out[name] = spec.default
            continue
        if name not in value or value[name] is None:
            if spec.required:
                where = doc.pos(path)
                meaning = _(spec.doc)
                hint = _(spec.hint) if spec.hint else _("add `{key}:`: {doc}").format(
                    key=name, doc=meaning[:1].lower() + meaning[1:])
                problems.append(error(where, _("missing key `{key}`").format(key=name), hint))
            out[name] = spec.default
            continue
        checked, found = check_value(doc, (*path, name), value[name], spec)
        problems += found
        out[name] = spec.default if checked is None else checked
    return out, problems


def _empty_value(doc: YamlDoc, path: KeyPath, name: str) -> Problem:
    """`text:` with nothing after it, often because `#` started a YAML comment."""
    where = doc.pos(path, key=True)
    lines = doc.text.splitlines()
    index = where.line - 1 - doc.line_offset
    line = lines[index] if 0 <= index < len(lines) else ""
    if " #" in line or ":#" in line:
        hint = _("a text that starts with # must be between quotes, e.g. \"#MeToo\": "
                 "otherwise # starts a comment")
    else:
        hint = _("write the value after `{key}:`").format(key=name)
    return error(where, _("`{key}` is empty").format(key=name), hint)


_TEXT_KINDS = frozenset({"string", "text"})


def check_value(doc: YamlDoc, path: KeyPath, value: Any, spec: Field | Shape
                ) -> tuple[Any, list[Problem]]:
    if isinstance(spec, Shape):
        return check_mapping(doc, path, value, spec)
    kind = spec.kind
    # The common case first: a plain text where a text is expected (most of a quiz file).
    if type(value) is str and kind in _TEXT_KINDS and spec.pattern is None:
        return value, []
    if kind == "mapping":
        assert isinstance(spec.items, Shape)
        return check_mapping(doc, path, value, spec.items)
    if kind == "list":
        return _check_list(doc, path, value, spec)
    if kind in ("string", "text"):
        if isinstance(value, str):
            if spec.pattern and not re.match(spec.pattern, value):
                return None, [error(doc.pos(path), _("`{value}` is not allowed here").format(
                    value=value), _pattern_hint(spec))]
            return value, []
        if isinstance(value, int | float) and not isinstance(value, bool):
            return getattr(value, "text", str(value)), []  # `1.10` stays "1.10"
        return None, [_wrong_kind(doc, path, value, kind)]
    if kind == "enum":
        if isinstance(value, str) and value in spec.choices:
            return value, []
        return None, [error(doc.pos(path), _("`{value}` is not one of: {choices}").format(
            value=value, choices=", ".join(spec.choices)),
            suggest(str(value), spec.choices) if isinstance(value, str) else None)]
    if kind == "boolean":
        if isinstance(value, bool):
            return value, []
        hint = _("write `true` or `false`")
        return None, [error(doc.pos(path), _("expected true or false, found {found}").format(
            found=describe(value)), hint)]
    if kind in ("integer", "number"):
        number = _as_number(value, integer=kind == "integer")
        if number is None:
            return None, [_wrong_kind(doc, path, value, kind)]
        if (spec.minimum is not None and number < spec.minimum) or (
                spec.maximum is not None and number > spec.maximum):
            return None, [error(doc.pos(path), _range_message(number, spec),
                                _(spec.hint) if spec.hint else None)]
        return number, []
    raise AssertionError(f"unknown kind {kind}")


def _check_list(doc: YamlDoc, path: KeyPath, value: Any, spec: Field
                ) -> tuple[Any, list[Problem]]:
    if not isinstance(value, list):
        return None, [error(doc.pos(path), _("expected a list, found {found}").format(
            found=describe(value)), _("write each item on its own line, starting with `- `"))]
    if len(value) < spec.min_items:
        return None, [error(doc.pos(path), _("the list is empty") if not value else
                            _("the list needs at least {n} items").format(n=spec.min_items),
                            _(spec.hint) if spec.hint else None)]
    items: list[Any] = []
    problems: list[Problem] = []
    for index, item in enumerate(value):
        if spec.items is None:
            items.append(item)
            continue
        checked, found = check_value(doc, (*path, index), item, spec.items)
        problems += found
        items.append(checked)
    return tuple(items), problems


def _as_number(value: Any, *, integer: bool) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+(?:,\d+)?", value.strip()):
        value = float(value.strip().replace(",", ".")) if "," in value else int(value)
    if integer:
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return None
    return value if isinstance(value, int | float) else None


def _wrong_kind(doc: YamlDoc, path: KeyPath, value: Any, kind: str) -> Problem:
    hint = None
    if kind == "integer" and isinstance(value, float):
        hint = _("use a whole number, without decimals")
    elif kind in ("integer", "number"):
        hint = _("write the number with digits, e.g. `8` or `2.5`")
    return error(doc.pos(path), _("expected {kind}, found {found}").format(
        kind=kind_name(kind), found=describe(value)), hint)


def _range_message(number: float, spec: Field) -> str:
    if spec.minimum is not None and spec.maximum is not None:
        return _("{value} is out of range: it must be between {low} and {high}").format(
            value=number, low=_num(spec.minimum), high=_num(spec.maximum))
    if spec.minimum is not None:
        return _("{value} is too small: it must be at least {low}").format(
            value=number, low=_num(spec.minimum))
    return _("{value} is too large: it must be at most {high}").format(
        value=number, high=_num(spec.maximum or 0))


def _pattern_hint(spec: Field) -> str:
    if spec.pattern == SLUG.pattern:
        return _("use lower-case letters, digits and dashes, e.g. `genre-bases`")
    if spec.pattern == LANGUAGE_TAG.pattern:
        return _("use a language tag such as `fr`, `en` or `fr-BE`")
    return _("use letters, digits, `-` and `_` only")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def describe(value: Any) -> str:
    """How an author would name what they wrote."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("`{value}`").format(value=str(value).lower())
    if isinstance(value, dict):
        return _("a set of `key: value` lines")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, int | float):
        return _("the number {value}").format(value=value)
    text = str(value)
    return _("the text \"{text}\"").format(text=text if len(text) <= 40 else text[:37] + "...")


# --- JSON Schema export ----------------------------------------------------------------

def json_schema(shape: Shape, *, title: str, root_list: bool = False) -> dict[str, Any]:
    body = _json_field(Field("list", items=shape)) if root_list else _json_shape(shape)
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **body}


def _json_shape(shape: Shape) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: _json_field(spec) for name, spec in shape.fields.items()},
        "additionalProperties": False,
    }
    required = [name for name, spec in shape.fields.items() if spec.required]
    if required:
        schema["required"] = required
    if shape.doc:
        schema["description"] = shape.doc
    if shape is QUIZ:
        schema["properties"]["questions"]["items"] = {
            "oneOf": [_json_shape(QUESTION_SHAPES[qtype]) | {
                "properties": {**_json_shape(QUESTION_SHAPES[qtype])["properties"],
                               "type": {"const": qtype}}} for qtype in QUESTION_TYPES]}
    return schema


def _json_field(spec: Field | Shape) -> dict[str, Any]:
    if isinstance(spec, Shape):
        return _json_shape(spec)
    out: dict[str, Any] = {}
    if spec.kind in ("string", "text"):
        out["type"] = ["string", "number"]
        if spec.pattern:
            out = {"type": "string", "pattern": spec.pattern}
    elif spec.kind == "enum":
        out["enum"] = list(spec.choices)
    elif spec.kind == "boolean":
        out["type"] = "boolean"
    elif spec.kind == "integer":
        out["type"] = "integer"
    elif spec.kind == "number":
        # `0,8` is accepted as a number, as `liane check` does.
        out["anyOf"] = [{"type": "number"},
                        {"type": "string", "pattern": r"^[+-]?\d+,\d+$"}]
    elif spec.kind == "mapping":
        assert isinstance(spec.items, Shape)
        out = _json_shape(spec.items)
    elif spec.kind == "list":
        out["type"] = "array"
        if spec.items is not None:
            out["items"] = _json_field(spec.items)
        if spec.min_items:
            out["minItems"] = spec.min_items
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.doc:
        out["description"] = spec.doc
    if spec.default is not None and spec.default != ():
        out["default"] = spec.default
    return out


def all_json_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, for `liane schema` and the editors' settings."""
    return {
        "course.schema.json": json_schema(COURSE, title="Liane course (course.yml)"),
        "quiz.schema.json": json_schema(QUIZ, title="Liane quiz"),
        "paths.schema.json": json_schema(TRAINING_PATH, title="Liane training paths (paths.yml)",
                                         root_list=True),
    }

LESSON_FRONT_MATTER = Shape({
    "title": Field("string", "Title of the lesson (default: its first # heading)"),
    "duration": Field("integer", "Expected duration in minutes", minimum=1),
    "objectives": _strings("Learning objectives of the lesson", default=()),
}, name="lesson")

"""Validation of an author's YAML against its declared shape (`engine.schema`).

`check_mapping` reports every unknown key (with "did you mean"), wrong type and out-of-range
number, and fills defaults, so one run of `liane check` lists every problem of a file.
`answers_given_away` warns of a feedback_wrong that states a typed answer in a quiz of several
attempts.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from engine.comparison import normalize_text
from engine.errors import Problem, SourcePos, error, warning
from engine.fields import Field, Shape
from engine.i18n import _
from engine.keys import suggest, unknown_key
from engine.model import Question, Quiz
from engine.questions.base import Blank
from engine.schema import LANGUAGE_TAG, SLUG
from engine.sources import KeyPath, YamlDoc, load_yaml


def kind_name(kind: str) -> str:
    return {
        "string": _("a text"),
        "text": _("a text"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "list": _("a list"),
        "mapping": _("a set of `key: value` lines"),
        "enum": _("a text"),
        "range": _("a whole number or a list of two"),
    }[kind]


def check_mapping(
    doc: YamlDoc, path: KeyPath, value: Any, shape: Shape, parent: Shape | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Check a mapping against its shape; return it with defaults filled, and the problems.

    A value that is wrong is replaced by its default, so later checks can go on and report
    more problems in the same run. `parent` is the mapping one level up (the question of an
    option): a key of it written here was indented too far.
    """
    if value is None and not path:
        return {}, [
            error(
                doc.pos(path),
                _("the file is empty"),
                _(shape.hint) if shape.hint else _("start it with `title:`"),
            )
        ]
    if not isinstance(value, dict):
        return {}, [
            error(
                doc.pos(path),
                _("expected {kind}, found {found}").format(
                    kind=kind_name("mapping"), found=describe(value)
                ),
                _(shape.hint) if shape.hint else None,
            )
        ]
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key in value:
        if str(key) not in shape.fields:
            problems.append(unknown_key(doc, (*path, str(key)), str(key), shape, parent))
    for name, spec in shape.fields.items():
        if name in value and value[name] is None and spec.required:
            problems.append(_empty_value(doc, (*path, name), name))
            out[name] = spec.default
            continue
        if name not in value or value[name] is None:
            if spec.required:
                where = doc.pos(path)
                meaning = _(spec.doc)
                hint = (
                    _(spec.hint)
                    if spec.hint
                    else _("add `{key}:`: {doc}").format(
                        key=name, doc=meaning[:1].lower() + meaning[1:]
                    )
                )
                problems.append(error(where, _("missing key `{key}`").format(key=name), hint))
            out[name] = spec.default
            continue
        checked, found = check_value(doc, (*path, name), value[name], spec, shape)
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
        hint = _(
            'a text that starts with # must be between quotes, e.g. "#MeToo": '
            "otherwise # starts a comment"
        )
    else:
        hint = _("write the value after `{key}:`").format(key=name)
    return error(where, _("`{key}` is empty").format(key=name), hint)


_TEXT_KINDS = frozenset({"string", "text"})


def check_value(
    doc: YamlDoc, path: KeyPath, value: Any, spec: Field | Shape, parent: Shape | None = None
) -> tuple[Any, list[Problem]]:
    if isinstance(spec, Shape):
        return check_mapping(doc, path, value, spec, parent)
    kind = spec.kind
    # The common case first: a plain text where a text is expected (most of a quiz file).
    if type(value) is str and kind in _TEXT_KINDS and spec.pattern is None:
        return value, []
    if kind == "mapping":
        assert isinstance(spec.items, Shape)
        return check_mapping(doc, path, value, spec.items, parent)
    if kind == "list":
        return _check_list(doc, path, value, spec, parent)
    if kind == "range":
        return _check_range(doc, path, value, spec)
    if kind in ("string", "text"):
        if isinstance(value, str):
            if spec.pattern and not re.match(spec.pattern, value):
                return None, [
                    error(
                        doc.pos(path),
                        _("`{value}` is not allowed here").format(value=value),
                        _pattern_hint(spec),
                    )
                ]
            return value, []
        if isinstance(value, int | float) and not isinstance(value, bool):
            return getattr(value, "text", str(value)), []  # `1.10` stays "1.10"
        return None, [_wrong_kind(doc, path, value, kind)]
    if kind == "enum":
        if isinstance(value, str) and value in spec.choices:
            return value, []
        return None, [
            error(
                doc.pos(path),
                _("`{value}` is not one of: {choices}").format(
                    value=value, choices=", ".join(spec.choices)
                ),
                suggest(str(value), spec.choices) if isinstance(value, str) else None,
            )
        ]
    if kind == "boolean":
        if isinstance(value, bool):
            return value, []
        hint = _("write `true` or `false`")
        return None, [
            error(
                doc.pos(path),
                _("expected true or false, found {found}").format(found=describe(value)),
                hint,
            )
        ]
    if kind in ("integer", "number"):
        number = _as_number(value, integer=kind == "integer")
        if number is None:
            return None, [_wrong_kind(doc, path, value, kind)]
        if (spec.minimum is not None and number < spec.minimum) or (
            spec.maximum is not None and number > spec.maximum
        ):
            return None, [
                error(
                    doc.pos(path), _range_message(number, spec), _(spec.hint) if spec.hint else None
                )
            ]
        return number, []
    raise AssertionError(f"unknown kind {kind}")


def _check_list(
    doc: YamlDoc, path: KeyPath, value: Any, spec: Field, parent: Shape | None = None
) -> tuple[Any, list[Problem]]:
    if not isinstance(value, list):
        # A text where a list is expected is the usual slip (`debrief: What did you feel?`):
        # a field's own hint shows its list form.
        hint = (
            _(spec.hint)
            if spec.hint and isinstance(value, str)
            else _("write each item on its own line, starting with `- `")
        )
        return None, [
            error(
                doc.pos(path),
                _("expected a list, found {found}").format(found=describe(value)),
                hint,
            )
        ]
    if len(value) < spec.min_items:
        return None, [
            error(
                doc.pos(path),
                _("the list is empty")
                if not value
                else _("the list needs at least {n} items").format(n=spec.min_items),
                _(spec.hint) if spec.hint else None,
            )
        ]
    items: list[Any] = []
    problems: list[Problem] = []
    for index, item in enumerate(value):
        if item is None:  # a `-` with nothing after it
            problems.append(
                error(
                    doc.pos((*path, index)),
                    _("empty item in the list"),
                    _("write the item after `- `, or remove the line"),
                )
            )
            items.append({} if isinstance(spec.items, Shape) else None)
            continue
        if spec.items is None:
            items.append(item)
            continue
        checked, found = check_value(doc, (*path, index), item, spec.items, parent)
        problems += found
        items.append(checked)
    return tuple(items), problems


def _check_range(
    doc: YamlDoc, path: KeyPath, value: Any, spec: Field
) -> tuple[tuple[int, int] | None, list[Problem]]:
    """A whole number n, read as (n, n), or a list [min, max] of two with min <= max."""
    hint = _(spec.hint) if spec.hint else None
    bound = Field("integer", minimum=spec.minimum, maximum=spec.maximum, hint=spec.hint)
    if not isinstance(value, list):
        if _as_number(value, integer=True) is None:
            return None, [
                error(
                    doc.pos(path),
                    _("expected {kind}, found {found}").format(
                        kind=kind_name("range"), found=describe(value)
                    ),
                    hint,
                )
            ]
        number, found = check_value(doc, path, value, bound)
        return (None, found) if number is None else ((number, number), found)
    if len(value) != 2:
        return None, [
            error(
                doc.pos(path),
                _("expected two numbers, the smallest and the largest, found {n}").format(
                    n=len(value)
                ),
                hint,
            )
        ]
    bounds, problems = _check_list(doc, path, value, Field("list", items=bound))
    if problems:
        return None, problems
    low, high = bounds
    if low > high:
        return None, [
            error(
                doc.pos(path),
                _("the minimum ({low}) is greater than the maximum ({high})").format(
                    low=low, high=high
                ),
                _("write the smallest number first: `[{high}, {low}]`").format(low=low, high=high),
            )
        ]
    return (low, high), []


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
    elif kind == "integer":  # `2.5` would be refused too: the example is a whole number
        hint = _("write a whole number with digits, e.g. `8`")
    elif kind == "number":
        hint = _("write the number with digits, e.g. `8` or `2.5`")
    return error(
        doc.pos(path),
        _("expected {kind}, found {found}").format(kind=kind_name(kind), found=describe(value)),
        hint,
    )


def _range_message(number: float, spec: Field) -> str:
    if spec.minimum is not None and spec.maximum is not None:
        return _("{value} is out of range: it must be between {low} and {high}").format(
            value=number, low=_num(spec.minimum), high=_num(spec.maximum)
        )
    if spec.minimum is not None:
        return _("{value} is too small: it must be at least {low}").format(
            value=number, low=_num(spec.minimum)
        )
    return _("{value} is too large: it must be at most {high}").format(
        value=number, high=_num(spec.maximum or 0)
    )


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
    return _('the text "{text}"').format(text=text if len(text) <= 40 else text[:37] + "...")


# --- texts that give the answer away ------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")


def accepted_answers(question: Question) -> tuple[str, ...]:
    """The texts a learner types to be right: a question's `answers` (short_answer) and
    its blanks' (fill_blanks). Read by field, not by type, so that a new typed type is
    covered by naming its fields alike; a choice's right option is in the page anyway."""
    own: tuple[str, ...] = getattr(question, "answers", ())
    blanks: tuple[Blank, ...] = getattr(question, "blanks", ())
    return own + tuple(answer for blank in blanks for answer in blank.answers)


def answers_given_away(quiz: Quiz, path: Path) -> list[Problem]:
    """Warnings for a question's `feedback_wrong` that contains one of its accepted answers
    (whole words, both sides through `normalize_text`), in a graded quiz whose `max_attempts`
    is not 1: it shows at once after a wrong answer, so a learner could read it and type it
    in the next attempt. An explanation or an option's own feedback is not checked: the
    player and the packages hold them back until the right answers may be shown, or show
    them to a learner who answered right (engine/rules.py `may_explain`). The quiz is loaded
    (no error): its questions are the file's `questions`, in order; `path` is read again for
    the positions, only when there is something to say."""
    if not quiz.graded or quiz.max_attempts == 1:
        return []
    found: list[tuple[KeyPath, str]] = []
    for index, question in enumerate(quiz.questions):
        answers = [a for a in (normalize_text(a) for a in accepted_answers(question)) if a]
        shown = normalize_text(html.unescape(_TAG.sub(" ", question.feedback_wrong)))
        given = next(
            (a for a in answers if re.search(rf"(?<!\w){re.escape(a)}(?!\w)", shown)), None
        )
        if given is not None:
            found.append((("questions", index, "feedback_wrong"), given))
    if not found:
        return []
    doc, _problems = load_yaml(path, path.read_text(encoding="utf-8"))
    return [
        warning(
            doc.pos(keypath) if doc else SourcePos(path),
            _("`feedback_wrong` states the accepted answer “{answer}”").format(answer=answer),
            _(
                "it shows after a wrong answer, before the next attempt: "
                "give a clue instead, or set `max_attempts: 1`"
            ),
        )
        for keypath, answer in found
    ]

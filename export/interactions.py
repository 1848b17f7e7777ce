"""The static part of the SCORM interactions a package reports, computed at export time.

After each graded attempt, the runtime (static/liane-runtime.js) writes one interaction per
answered question (one per statement of a likert question). Only the learner's response is
known in the browser; the rest is fixed for a package and computed here, in the package's
standard's format, into each question's `scorm` dict of the course data: the interaction
type, the correct-response pattern, the weighting, the description (2004) and the id (to which
the runtime appends the attempt number). docs/runtime.md tells how the runtime uses them.

Formats: lists are joined with "," in SCORM 1.2 and "[,]" in 2004, matching pairs with "." and
"[.]", a numeric range (2004) is "min[:]max". Texts are made one line (LMSs check them with
"." regexes), cut to the standard's length (255 in 1.2, 250 per string in 2004) without
splitting a UTF-16 surrogate pair, and cannot contain 2004's delimiters nor start with "{"
(read as a {lang=} or {case_matters=} tag). Lengths count UTF-16 units, as LMSs written in
JavaScript do. Identifiers in responses and patterns (options, items, pairs, scale points) are
letters and digits, which both standards and Moodle's `^[\\w.]{1,250}$` accept; numbers have 5
digits at most before the point (Moodle's 2004 CMIDecimal).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from html.parser import HTMLParser
from typing import Any

from engine.model import (
    FillBlanks,
    Likert,
    Matching,
    Numeric,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.questions.numeric_range import NumericRange

# JavaScript's \s (and String.trim's set): Python's str.split() has others (\x1c-\x1f, \x85).
_SPACES = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_DELIMITER = re.compile(r"\[([,.:])\]")
_NUMBER = re.compile(r"-?[0-9]{1,5}(\.[0-9]{1,18})?")  # a CMIDecimal Moodle's 2004 accepts


def _units(text: str) -> int:
    """Length in UTF-16 code units, as JavaScript counts it."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units, never half a surrogate pair."""
    out, used = [], 0
    for char in text:
        used += _units(char)
        if used > limit:
            break
        out.append(char)
    return "".join(out)


def cmi_text(text: str, limit: int) -> str:
    """One line, no 2004 delimiter ("[,]" becomes "(,)"), no leading "{", at most `limit`."""
    one_line = _DELIMITER.sub(r"(\1)", _SPACES.sub(" ", text).strip(" "))
    return cut("(" + one_line[1:] if one_line.startswith("{") else one_line, limit)


def decimal(x: float, places: int) -> str:
    """A plain decimal ("0.5", never "5e-7" nor "-0"), as JavaScript's toFixed(places) rounds
    (half away from zero on the exact binary value), trailing zeros dropped."""
    exact = Decimal(x).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, Context(prec=60))
    text = f"{exact:f}"
    if "." in text:
        text = text.rstrip("0").removesuffix(".")
    return "0" if text == "-0" else text


def number(x: float | None) -> str | None:
    """A CMIDecimal of 5 digits at most before the point (Moodle's SCORM 2004 refuses more) and
    10 after it; None where the LMSs would refuse it."""
    if x is None or not math.isfinite(x) or abs(x) >= 1e21:
        return None
    text = decimal(x, 10)
    return text if _NUMBER.fullmatch(text) else None


def interaction_id(quiz_id: str, question_id: str) -> str:
    """The id without the attempt number, which the runtime appends: letters, digits, "_" and
    "-" only (a CMIIdentifier), 120 + 1 + 115 + 1 characters at most, leaving 13 within 2004's
    250 (1.2 allows 255) for the attempt (5 digits) and a likert statement's "-s<id>"."""

    def clean(text: str, limit: int) -> str:
        # One "_" per UTF-16 unit, as the runtime did: ids stay the same as before.
        return "".join(
            c if c.isascii() and (c.isalnum() or c in "_-") else "_" * _units(c) for c in text
        )[:limit]

    return f"{clean(quiz_id, 120)}-{clean(question_id, 115)}-"


class _TextContent(HTMLParser):
    """An HTML fragment's text, as the DOM's textContent gives it, scripts and styles aside
    (the engine's prompts have none)."""

    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def description(prompt_html: str) -> str:
    """The prompt's text, for SCORM 2004's cmi.interactions.n.description."""
    parser = _TextContent()
    parser.feed(prompt_html)
    parser.close()
    return cmi_text("".join(parser.parts), 250)


@dataclass(frozen=True)
class Format:
    """A standard's way of writing lists, pairs and texts in a pattern."""

    standard: str

    @property
    def v12(self) -> bool:
        return self.standard == "scorm12"

    def join(self, items: list[str]) -> str:
        return ("," if self.v12 else "[,]").join(items)

    def pair(self, left: str, right: str) -> str:
        return f"{left}{'.' if self.v12 else '[.]'}{right}"

    def text(self, value: str) -> str:
        return cmi_text(value, 255 if self.v12 else 250)


def _choices(question: SingleChoice, fmt: Format) -> str:  # and MultipleChoice
    return fmt.join([o.id for o in question.options if o.correct])


def _true_false(question: TrueFalse, fmt: Format) -> str | None:
    if question.answer is None:
        return None
    return str(question.answer).lower()[: 1 if fmt.v12 else None]


def _short_answer(question: ShortAnswer, fmt: Format) -> str | None:
    return fmt.text(question.answers[0]) if question.answers else None


def _numeric(question: Numeric, fmt: Format) -> str | None:
    exact = number(question.answer)
    if fmt.v12 or not question.tolerance or exact is None:
        return exact
    low, high = (
        number(question.answer - question.tolerance),  # a range
        number(question.answer + question.tolerance),
    )
    return f"{low}[:]{high}" if low is not None and high is not None else None


def _numeric_range(question: NumericRange, fmt: Format) -> str | None:
    # SCORM 1.2's numeric pattern is one number (no range): no pattern there, the runtime
    # still reports the result. 2004 writes the range "min[:]max".
    if fmt.v12:
        return None
    low, high = (number(bound) for bound in question.answer)
    return f"{low}[:]{high}" if low is not None and high is not None else None


def _matching(question: Matching, fmt: Format) -> str:
    return fmt.join([fmt.pair(left, right) for left, right in question.solution])


def _ordering(question: Ordering, fmt: Format) -> str:
    return fmt.join(list(question.solution))


def _fill_blanks(question: FillBlanks, fmt: Format) -> str:
    return blanks([b.answers[0] if b.answers else "" for b in question.blanks], fmt.standard)


def _no_pattern(_question: Question, _fmt: Format) -> str | None:
    return None  # nothing right to report: surveys, open answers


def _statements(question: Likert, v2004: bool) -> list[list[str]]:
    """A likert question is one interaction per statement: SCORM's likert is one statement
    rated on one scale, its response one identifier (Moodle refuses more)."""
    return [[s.id, description(s.text)] if v2004 else [s.id] for s in question.statements]


@dataclass(frozen=True)
class Kind:
    """How one question type is reported to an LMS: its interaction type in each standard,
    the pattern of its right response, and its parts when each is an interaction of its
    own. One per type of engine.questions.TYPES (a test checks they agree)."""

    scorm12: str
    scorm2004: str
    pattern: Callable[[Any, Format], str | None] = _no_pattern
    parts: Callable[[Any, bool], list[list[str]]] | None = None


KINDS: dict[str, Kind] = {
    "single_choice": Kind("choice", "choice", _choices),
    "multiple_choice": Kind("choice", "choice", _choices),
    "true_false": Kind("true-false", "true-false", _true_false),
    "short_answer": Kind("fill-in", "fill-in", _short_answer),
    "numeric": Kind("numeric", "numeric", _numeric),
    "numeric_range": Kind("numeric", "numeric", _numeric_range),
    "matching": Kind("matching", "matching", _matching),
    "ordering": Kind("sequencing", "sequencing", _ordering),
    "fill_blanks": Kind("fill-in", "fill-in", _fill_blanks),
    "likert": Kind("likert", "likert", parts=_statements),
    "open": Kind("fill-in", "long-fill-in"),
}


def kind(question: Question) -> Kind:
    """The question's mapping; an unknown type is a bug of ours, said as such."""
    try:
        return KINDS[question.type]
    except KeyError:
        raise KeyError(
            f"no SCORM mapping for question type {question.type!r}: add it to "
            "export/interactions.py KINDS"
        ) from None


def interaction_type(question: Question, standard: str) -> str:
    """cmi.interactions.n.type."""
    mapping = kind(question)
    return mapping.scorm12 if standard == "scorm12" else mapping.scorm2004


def correct_pattern(question: Question, standard: str) -> str | None:
    """cmi.interactions.n.correct_responses.0.pattern, None where there is none to write
    (surveys, open answers, a short answer known by its patterns only...)."""
    return kind(question).pattern(question, Format(standard)) or None


def blanks(texts: list[str], standard: str) -> str:
    """Fill-in texts: one in 1.2 (joined with ","); one per blank in 2004, 10 at most (SPM), so
    more blanks are one text joined with " | ". The runtime formats responses the same way."""
    if standard == "scorm12":
        return cut(",".join(cmi_text(t, 255) for t in texts), 255)
    if len(texts) > 10:
        return cmi_text(" | ".join(texts), 250)
    return "[,]".join(cmi_text(t, 250) for t in texts)


def interaction(quiz: Quiz, question: Question, standard: str) -> dict[str, Any]:
    """A question's `scorm` dict in the course data: what the runtime writes of its interaction
    besides the learner's response, the result and the time. Empty values are left out.

    A likert question is one interaction per statement (`_statements`): `parts` lists each
    statement's id, which the runtime appends to the interaction id as "-s<id>", and in 2004
    its description, the statement's text."""
    weighting = min(100, question.points) if quiz.graded and question.has_key else 0
    v2004 = standard == "scorm2004"
    fields: dict[str, Any] = {
        "id": interaction_id(quiz.id, question.id),
        "type": interaction_type(question, standard),
        "weighting": decimal(weighting, 4),
        "correct": correct_pattern(question, standard),
        "description": description(question.prompt) if v2004 else None,
    }
    parts = kind(question).parts
    if parts is not None:
        fields["parts"] = parts(question, v2004)
        fields["description"] = None  # each part has its own
    return {key: value for key, value in fields.items() if value}

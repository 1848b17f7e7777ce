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

TYPES = {
    "single_choice": "choice", "multiple_choice": "choice", "true_false": "true-false",
    "short_answer": "fill-in", "numeric": "numeric", "matching": "matching",
    "ordering": "sequencing", "fill_blanks": "fill-in", "likert": "likert",
}
# JavaScript's \s (and String.trim's set): Python's str.split() has others (\x1c-\x1f, \x85).
_SPACES = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
                     "\ufeff]+")
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
        return "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "_" * _units(c)
                       for c in text)[:limit]
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


def interaction_type(question: Question, standard: str) -> str:
    """cmi.interactions.n.type."""
    if question.type in TYPES:
        return TYPES[question.type]
    return "fill-in" if standard == "scorm12" else "long-fill-in"  # open answers


def correct_pattern(question: Question, standard: str) -> str | None:
    """cmi.interactions.n.correct_responses.0.pattern, None where there is none to write
    (surveys, open answers, a short answer known by its patterns only...)."""
    v12 = standard == "scorm12"

    def join(items: list[str]) -> str:
        return ("," if v12 else "[,]").join(items)

    def text(value: str) -> str:
        return cmi_text(value, 255 if v12 else 250)

    pattern: str | None = None
    if isinstance(question, SingleChoice):  # and MultipleChoice
        pattern = join([o.id for o in question.options if o.correct])
    elif isinstance(question, TrueFalse):
        if question.answer is not None:
            pattern = str(question.answer).lower()[: 1 if v12 else None]
    elif isinstance(question, ShortAnswer):
        pattern = text(question.answers[0]) if question.answers else None
    elif isinstance(question, Numeric):
        exact = number(question.answer)
        if v12 or not question.tolerance or exact is None:
            pattern = exact
        else:  # a range
            low, high = (number(question.answer - question.tolerance),
                         number(question.answer + question.tolerance))
            pattern = f"{low}[:]{high}" if low is not None and high is not None else None
    elif isinstance(question, Matching):
        pattern = join([("." if v12 else "[.]").join(pair) for pair in question.solution])
    elif isinstance(question, Ordering):
        pattern = join(list(question.solution))
    elif isinstance(question, FillBlanks):
        pattern = blanks([b.answers[0] if b.answers else "" for b in question.blanks], standard)
    return pattern or None


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

    A likert question is one interaction per statement (SCORM's likert is one statement rated
    on one scale, its response one identifier: Moodle refuses more): `parts` lists each
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
    if isinstance(question, Likert):
        fields["parts"] = [[s.id, description(s.text)] if v2004 else [s.id]
                           for s in question.statements]
        fields["description"] = None  # each statement has its own
    return {key: value for key, value in fields.items() if value}

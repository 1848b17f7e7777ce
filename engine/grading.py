"""Grading: one pure function per question type, free of Flask, databases and randomness.

Each type's grader lives with the type (`engine/questions/<type>.py`, registered in
`engine.questions.TYPES`); `grade()` dispatches to it. `static/liane-grading.js` mirrors
them for packages that grade in the browser; both pass `tests/vectors/grading.json`. Rules
both follow so they never disagree:
- a response names option/item ids, never display positions (shuffling cannot break it);
- whitespace is the explicit class `WHITESPACE` in both languages (Python's and JavaScript's
  `\\s` differ); numbers parse with one regex, never float()/Number();
- case folds with lower()/toLowerCase() (then NFC again); accents drop after NFD, category
  Mn only; typographic apostrophes become '; whitespace folds last (`engine.comparison`);
- scores are compared to 1e-9.

Response shapes: single_choice "b"; multiple_choice ["a", "c"]; true_false true;
short_answer / numeric / open "text"; matching {"1": "b"}; ordering ["c", "a", "b"];
fill_blanks ["word", ...]; likert {"1": 3}. None or a missing response is unanswered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.comparison import (
    APOSTROPHES,
    NUMBER,
    WHITESPACE,
    normalize_text,
    parse_number,
    strip_accents,
)
from engine.i18n import N_, translator
from engine.questions import TYPES
from engine.questions.base import EPSILON, Grade, Question

GRADERS: dict[str, Callable[[Any, Any], Grade]] = {
    name: question_type.grade for name, question_type in TYPES.items()
}


def grade(question: Question, response: Any) -> Grade:
    """Grade one response to one question."""
    return GRADERS[question.type](question, response)


def answer_key(question: Question, language: str) -> list[str]:
    """The right answers of a question as short lines of safe HTML, plain words in
    `language` (printed answer keys, the facilitator's guide, projection mode).

    [] when there is nothing to give: a type without right answers (open, likert) or a
    question whose author gave none (a survey's choices, a true_false without `answer`).
    """
    hook = TYPES[question.type].answer_key
    if hook is None or not question.has_key:
        return []
    return hook(question, language)


def feedback_texts(
    question: Question, language: str, *, option_text: bool
) -> list[tuple[str, str]]:
    """Every feedback of a question, as (what triggers it, feedback HTML), for people who read
    them all at once (the facilitator's guide, projection mode): per option, labelled by its
    authored letter ("B.", with its text after it when `option_text`: a slide shows the
    options above, a printed key does not), per answer of a true/false, then for a right and
    a wrong answer. Read from the model's fields whatever the type, so a new type with options
    gets its feedback shown."""
    tr = translator(language).gettext
    found: list[tuple[str, str]] = []
    for option in getattr(question, "options", ()):  # ids are the letters shown: "B."
        if option.feedback:
            label = f"{option.id.upper()}."
            found.append((f"{label} {option.text}" if option_text else label, option.feedback))
    for attribute, answer in (("feedback_true", N_("True")), ("feedback_false", N_("False"))):
        if text := getattr(question, attribute, ""):
            found.append((tr(answer), text))
    if question.feedback_correct:
        found.append((tr(N_("If the answer is right")), question.feedback_correct))
    if question.feedback_wrong:
        found.append((tr(N_("If the answer is wrong")), question.feedback_wrong))
    return found


__all__ = [
    "APOSTROPHES",
    "EPSILON",
    "GRADERS",
    "NUMBER",
    "WHITESPACE",
    "Grade",
    "answer_key",
    "feedback_texts",
    "grade",
    "normalize_text",
    "parse_number",
    "strip_accents",
]

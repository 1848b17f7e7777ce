"""Grading: one pure function per question type, free of Flask, databases and randomness.

`static/liane-grading.js` mirrors this file for packages that grade in the browser; both pass
`tests/vectors/grading.json`. Rules both follow so they never disagree:
- a response names option/item ids, never display positions (shuffling cannot break it);
- whitespace is the explicit class `WHITESPACE` in both languages (Python's and JavaScript's
  `\\s` differ); numbers parse with one regex, never float()/Number();
- case folds with lower()/toLowerCase() (then NFC again); accents drop after NFD, category
  Mn only; typographic apostrophes become '; whitespace folds last;
- scores are compared to 1e-9.

Response shapes: single_choice "b"; multiple_choice ["a", "c"]; true_false true;
short_answer / numeric / open "text"; matching {"1": "b"}; ordering ["c", "a", "b"];
fill_blanks ["word", ...]; likert {"1": 3}. None or a missing response is unanswered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.model import (
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

EPSILON = 1e-9
WHITESPACE = ("[ \\t\\n\\r\\f\\v\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f"
              "\\u3000\\ufeff]")
_SPACES = re.compile(WHITESPACE + "+")
NUMBER = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?$")


@dataclass(frozen=True)
class Grade:
    """The result of one answer.

    `score` is the share (0..1) of the question's points earned; `correct` is None when the
    question has no right answer (likert, open, survey choices); `parts` tells, per option,
    pair, item or blank, whether the learner got that part right; `feedback` lists the HTML
    texts to show, in order; `survey_score` sums the `score` of the options picked.
    """

    score: float
    correct: bool | None
    answered: bool
    parts: tuple[bool, ...] = ()
    feedback: tuple[str, ...] = ()
    survey_score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "correct": self.correct, "answered": self.answered,
                "parts": list(self.parts), "feedback": list(self.feedback),
                "survey_score": self.survey_score}


APOSTROPHES = re.compile("[\u2019\u2018\u02bc\u2032]")  # ’ ‘ ʼ ′ as typed by phones


def normalize_text(text: str, *, case_sensitive: bool = False,
                   ignore_accents: bool = False) -> str:
    """The form in which typed answers are compared.

    Order matters: lower() can undo NFC, and removing an accent can leave spaces to fold,
    so whitespace is folded last (the result is then stable: normalizing twice changes
    nothing). Typographic apostrophes count as the plain one: French phones type ’.
    """
    text = APOSTROPHES.sub("'", unicodedata.normalize("NFC", text))
    if not case_sensitive:
        text = unicodedata.normalize("NFC", text.lower())
    if ignore_accents:
        text = strip_accents(text)
    return _SPACES.sub(" ", text).strip(" ")


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def parse_number(text: str) -> float | None:
    """`3,5` and `3.5` are 3.5; anything else (empty, `1e3`, `inf`, `1_000`) is not a number."""
    text = _SPACES.sub(" ", text).strip(" ")
    if not NUMBER.match(text):
        return None
    return float(text.replace(",", "."))


def _text(response: Any) -> str:
    return response if isinstance(response, str) else ""


def _ids(response: Any) -> list[str]:
    """The distinct string ids of a list response, in order."""
    if not isinstance(response, list):
        return []
    seen: list[str] = []
    for item in response:
        if isinstance(item, str) and item not in seen:
            seen.append(item)
    return seen


def _verdict(question: Question, score: float, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    right = score >= 1 - EPSILON
    general = question.feedback_correct if right else question.feedback_wrong
    return tuple(f for f in (*extra, general) if f)


def grade_single(question: SingleChoice, response: Any) -> Grade:
    picked = next((o for o in question.options if o.id == response), None)
    if picked is None:
        return Grade(0.0, False if question.has_key else None, False,
                     feedback=_verdict(question, 0.0) if question.has_key else ())
    survey = picked.score or 0.0
    if not question.has_key:
        return Grade(0.0, None, True, feedback=(picked.feedback,) if picked.feedback else (),
                     survey_score=survey)
    score = 1.0 if picked.correct else 0.0
    extra = (picked.feedback,) if picked.feedback else ()
    return Grade(score, picked.correct, True, (picked.correct,),
                 _verdict(question, score, extra), survey)


def grade_multiple(question: MultipleChoice, response: Any) -> Grade:
    known = {o.id for o in question.options}
    picked = {i for i in _ids(response) if i in known}
    chosen = [o for o in question.options if o.id in picked]
    survey = sum(o.score or 0.0 for o in chosen)
    extra = tuple(o.feedback for o in chosen if o.feedback)
    answered = bool(picked)
    if not question.has_key:
        return Grade(0.0, None, answered, feedback=extra, survey_score=survey)
    correct_ids = {o.id for o in question.options if o.correct}
    parts = tuple((o.id in picked) == o.correct for o in question.options)
    if question.scoring == "all_or_nothing":
        score = 1.0 if picked == correct_ids else 0.0
    else:
        right = len(picked & correct_ids)
        wrong = len(picked - correct_ids)
        score = max(0.0, (right - wrong) / len(correct_ids))
    return Grade(score, score >= 1 - EPSILON, answered, parts,
                 _verdict(question, score, extra) if answered else _verdict(question, score),
                 survey)


def grade_true_false(question: TrueFalse, response: Any) -> Grade:
    if not isinstance(response, bool):
        return Grade(0.0, False if question.has_key else None, False,
                     feedback=_verdict(question, 0.0) if question.has_key else ())
    own = question.feedback_true if response else question.feedback_false
    extra = (own,) if own else ()
    if not question.has_key:
        return Grade(0.0, None, True, feedback=extra)
    right = response == question.answer
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), _verdict(question, score, extra))


def grade_short(question: ShortAnswer, response: Any) -> Grade:
    options = {"case_sensitive": question.case_sensitive,
               "ignore_accents": question.ignore_accents}
    given = normalize_text(_text(response), **options)
    if not given:
        return Grade(0.0, False, False, (False,), _verdict(question, 0.0))
    right = any(given == normalize_text(a, **options) for a in question.answers) or any(
        _pattern_matches(p, given, question) for p in question.patterns)
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), _verdict(question, score))


def _pattern_matches(pattern: str, given: str, question: ShortAnswer) -> bool:
    pattern = APOSTROPHES.sub("'", pattern)  # as in typed answers
    if question.ignore_accents:
        pattern = strip_accents(pattern)
    flags = 0 if question.case_sensitive else re.IGNORECASE
    try:
        return re.fullmatch(pattern, given, flags) is not None
    except re.error:  # the validator refuses such patterns; never crash a learner
        return False


def grade_numeric(question: Numeric, response: Any) -> Grade:
    value = parse_number(_text(response))
    if value is None:
        answered = bool(_SPACES.sub(" ", _text(response)).strip(" "))
        return Grade(0.0, False, answered, (False,), _verdict(question, 0.0))
    right = abs(value - question.answer) <= question.tolerance + EPSILON
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), _verdict(question, score))


def grade_matching(question: Matching, response: Any) -> Grade:
    given = response if isinstance(response, dict) else {}
    parts = tuple(given.get(left) == right for left, right in question.solution)
    rights = {c.id for c in question.rights}
    answered = any(v in rights for v in given.values() if isinstance(v, str))
    if question.scoring == "all_or_nothing":
        score = 1.0 if all(parts) else 0.0
    else:
        score = sum(parts) / len(parts) if parts else 0.0
    return Grade(score, score >= 1 - EPSILON, answered, parts, _verdict(question, score))


def grade_ordering(question: Ordering, response: Any) -> Grade:
    given = response if isinstance(response, list) else []
    parts = tuple(i < len(given) and given[i] == item
                  for i, item in enumerate(question.solution))
    answered = bool(given)
    if question.scoring == "partial":
        score = sum(parts) / len(parts) if parts else 0.0
    else:
        score = 1.0 if all(parts) and len(given) == len(question.solution) else 0.0
    return Grade(score, score >= 1 - EPSILON, answered, parts, _verdict(question, score))


def grade_fill_blanks(question: FillBlanks, response: Any) -> Grade:
    given = response if isinstance(response, list) else []
    parts = tuple(
        i < len(given) and bool(normalize_text(_text(given[i])))
        and normalize_text(_text(given[i])) in {normalize_text(a) for a in blank.answers}
        for i, blank in enumerate(question.blanks))
    answered = any(normalize_text(_text(g)) for g in given)
    score = sum(parts) / len(parts) if parts else 0.0
    return Grade(score, score >= 1 - EPSILON, answered, parts, _verdict(question, score))


def grade_likert(question: Likert, response: Any) -> Grade:
    given = response if isinstance(response, dict) else {}
    # 3.0 counts as 3: JavaScript cannot tell them apart.
    answered = any(isinstance(v, int | float) and not isinstance(v, bool)
                   and float(v).is_integer() for v in given.values())
    return Grade(0.0, None, answered)


def grade_open(question: Open, response: Any) -> Grade:
    return Grade(0.0, None, bool(normalize_text(_text(response))))


GRADERS: dict[str, Callable[[Any, Any], Grade]] = {
    "single_choice": grade_single,
    "multiple_choice": grade_multiple,
    "true_false": grade_true_false,
    "short_answer": grade_short,
    "numeric": grade_numeric,
    "matching": grade_matching,
    "ordering": grade_ordering,
    "fill_blanks": grade_fill_blanks,
    "likert": grade_likert,
    "open": grade_open,
}


def grade(question: Question, response: Any) -> Grade:
    """Grade one response to one question."""
    return GRADERS[question.type](question, response)

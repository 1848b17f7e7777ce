"""The end of a live session: each question's summary, the participants' scores, a survey's
outcome bands, the answers as a report reads them, and `report()`, all of it as plain data.

Pure (no Flask, no database), on the tallies of engine/player/live_tally.py: the summary
page, its CSV and PDF files and the summary kept with an ended session are one `report()`
each, so they never disagree.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from engine.comparison import fold_spaces
from engine.model import Outcome, Question, Quiz
from engine.player.live_tally import (
    Asked,
    Given,
    compared_groups,
    kind_of,
    part_rights,
    reading,
    tally_of,
)
from engine.rules import counts

TOP_WRONG = 3  # most common wrong answers per question


@dataclass(frozen=True)
class QuestionSummary:
    """A question at the end: the answers, those right (None for a question without a
    right answer) and the most common wrong answers, each with how many gave it."""

    question: Question
    answered: int
    right: int | None
    wrong: tuple[tuple[Markup, int], ...] = ()

    @property
    def share_right(self) -> float | None:
        return None if self.right is None or not self.answered else self.right / self.answered


def summary(
    questions: Sequence[Question],
    given_by_question: Mapping[str, Sequence[Given]],
    *,
    language: str | None = None,
    orders: Mapping[str, Sequence[str]] | None = None,
) -> list[QuestionSummary]:
    """Each question's summary, in the order given (the session's plan). The wrong answers
    are the wrong options most picked for choices, the parts most missed for ordering,
    matching and blanks, the wrong texts most typed for typed answers; answers kept off the
    screen are counted but their texts are not listed."""
    found = []
    for question in questions:
        given = given_by_question.get(question.id, ())
        order = (orders or {}).get(question.id)
        with reading(question, given, True, language, order) as asked:
            if not question.has_key:
                found.append(QuestionSummary(question, len(asked.answered), None))
                continue
            right = sum(1 for g in asked.answered if g.correct is True)
            wrong = _WRONG.get(kind_of(question), _no_wrong)(asked)
            found.append(
                QuestionSummary(question, len(asked.answered), right, tuple(wrong[:TOP_WRONG]))
            )
    return found


def _wrong_options(asked: Asked) -> list[tuple[Markup, int]]:
    """The wrong options picked, most picked first (on a tie, in the order shown)."""
    picked = [(Markup(text), n) for _key, text, n, right in tally_of(asked) if n and not right]
    return sorted(picked, key=lambda entry: -entry[1])


def _wrong_parts(asked: Asked) -> list[tuple[Markup, int]]:
    """The parts missed, most missed first (on a tie, in the question's order)."""
    total = len(asked.answered)
    missed = [(bar.label, total - bar.count) for bar in part_rights(asked) if bar.count < total]
    return sorted(missed, key=lambda entry: -entry[1])


def _wrong_typed(asked: Asked) -> list[tuple[Markup, int]]:
    wrong = [g for g in asked.shown if g.correct is False]
    return [(escape(text), len(members)) for text, members in compared_groups(asked, wrong)]


def _no_wrong(asked: Asked) -> list[tuple[Markup, int]]:
    return []


_WRONG: dict[str, Callable[[Asked], list[tuple[Markup, int]]]] = {
    "options": _wrong_options,
    "parts": _wrong_parts,
    "frequent": _wrong_typed,
}


@dataclass(frozen=True)
class Score:
    """A participant's points on the questions that count (engine.rules.counts: a graded
    quiz's questions with a right answer), out of those possible."""

    participant: int
    points: float
    possible: float
    answered: int

    @property
    def share(self) -> float | None:
        return self.points / self.possible if self.possible else None


def scores(
    quiz: Quiz,
    questions: Sequence[Question],
    given_by_question: Mapping[str, Sequence[Given]],
    participants: Iterable[int] = (),
) -> dict[int, Score]:
    """Each participant's score: the sum of grade score x points over the questions that
    count, out of their points. `participants` are listed first, in their order (those who
    answered nothing score 0); anyone else who answered follows."""
    counted = {q.id: float(q.points) for q in questions if counts(quiz, q)}
    asked = {q.id for q in questions}
    points: dict[int, float] = dict.fromkeys(participants, 0.0)
    answered: Counter[int] = Counter()
    for question_id, given in given_by_question.items():
        if question_id not in asked:  # a question the course no longer has
            continue
        for g in given:
            points.setdefault(g.participant, 0.0)
            answered[g.participant] += g.answered
            if question_id in counted:
                score = float(g.grade.get("score") or 0.0)
                points[g.participant] += score * counted[question_id]
    possible = sum(counted.values())
    return {p: Score(p, points[p], possible, answered[p]) for p in points}


def survey_totals(given_by_question: Mapping[str, Sequence[Given]]) -> dict[int, float]:
    """Each participant's survey total (the sum of the `score` of the options picked), for
    those who answered something."""
    totals: dict[int, float] = defaultdict(float)
    for given in given_by_question.values():
        for g in given:
            totals[g.participant] += float(g.grade.get("survey_score") or 0.0)
    return dict(totals)


@dataclass(frozen=True)
class BandCount:
    outcome: Outcome
    count: int


@dataclass(frozen=True)
class SurveyBands:
    """A survey's outcome bands with the participants in each, in the quiz's order, and
    those whose total falls in none (a gap the author left)."""

    bands: tuple[BandCount, ...]
    no_band: int

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bands) + self.no_band


def survey_bands(quiz: Quiz, totals: Mapping[int, float]) -> SurveyBands | None:
    """Where the room's totals fall in a survey's bands (`quiz.outcome_for`, as the player
    places one learner); None for a graded quiz or a survey without bands."""
    if quiz.graded or not quiz.outcomes:
        return None
    placed: Counter[int] = Counter()
    for total in totals.values():
        band = quiz.outcome_for(total)
        placed[-1 if band is None else quiz.outcomes.index(band)] += 1
    return SurveyBands(
        tuple(BandCount(o, placed[i]) for i, o in enumerate(quiz.outcomes)), placed[-1]
    )


# --- an answer as text ----------------------------------------------------------------------


def plain(html: str) -> str:
    """Safe HTML (an option, an item, an escaped answer) as one line of plain text."""
    return str(Markup(html).striptags())


def answer_text(question: Question, given: Given, language: str | None = None) -> str:
    """One answer as a reader reads it in a report: the options picked with their letters
    ("B. Non"), each part and what was given for it, the text typed, the point of the scale
    chosen for each statement."""
    with reading(question, [given], True, language) as asked:
        if not asked.answered:
            return ""
        return _TEXT[kind_of(question)](asked)


def _options_text(asked: Asked) -> str:
    letters = {o.id for o in getattr(asked.question, "options", ())}  # authored: "B."
    return " | ".join(
        f"{key.upper()}. {plain(text)}" if key in letters else plain(text)
        for key, text, n, _right in tally_of(asked)
        if n
    )


def _parts_text(asked: Asked) -> str:
    kind, question = asked.kind, asked.question
    assert kind.part_labels is not None and kind.part_answers is not None
    labels = kind.part_labels(question, asked.language)
    given = kind.part_answers(question, asked.answered[0].value)
    return " | ".join(
        f"{plain(label)}: {plain(part) or '–'}" for label, part in zip(labels, given, strict=False)
    )


def _typed_text(asked: Asked) -> str:
    return fold_spaces(asked.answered[0].typed)


def _scale_text(asked: Asked) -> str:
    assert asked.kind.scale_tally is not None
    tally = asked.kind.scale_tally(asked.question, [asked.answered[0].value])
    return " | ".join(
        f"{plain(text)}: {tally.scale[n.index(1)]}" for _key, text, n in tally.parts if any(n)
    )


def _value_text(asked: Asked) -> str:
    return json.dumps(asked.answered[0].value, ensure_ascii=False, sort_keys=True)


_TEXT: dict[str, Callable[[Asked], str]] = {
    "options": _options_text,
    "parts": _parts_text,
    "frequent": _typed_text,
    "scale": _scale_text,
    "words": _typed_text,
    "count": _value_text,
}


# --- the report: what the summary page, its files and the kept summary hold ---------------

REPORT_FORMAT = 1  # bumped if the shape below changes: a kept summary says which it has


def report(
    quiz: Quiz,
    questions: Sequence[Question],
    given_by_question: Mapping[str, Sequence[Given]],
    nicknames: Mapping[int, str],
    *,
    language: str,
    orders: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """A session's summary as JSON-ready data: per question (numbered in the session's
    order), the answers, those right and the most common wrong answers; per participant
    (`nicknames`: id -> nickname, in the order they joined), the score and a survey's band;
    the survey's bands; every answer as text. Texts are plain (templates escape them): it
    is kept with the session when it ends (LiveSession.summary) and read back as it was,
    whatever becomes of the course."""
    by_id = {q.id: q for q in questions}
    per_question = summary(questions, given_by_question, language=language, orders=orders)
    points = scores(quiz, questions, given_by_question, nicknames)
    totals = survey_totals({qid: g for qid, g in given_by_question.items() if qid in by_id})
    bands = survey_bands(quiz, totals)
    number = {q.id: n for n, q in enumerate(questions, start=1)}
    return {
        "format": REPORT_FORMAT,
        "quiz": {"id": quiz.id, "title": quiz.title, "graded": quiz.graded},
        "questions": [
            {
                "number": number[s.question.id],
                "id": s.question.id,
                "type": s.question.type,
                "prompt": plain(s.question.prompt),
                "points": s.question.points if counts(quiz, s.question) else 0,
                "answers": s.answered,
                "right": s.right,
                "wrong": [[plain(text), n] for text, n in s.wrong],
            }
            for s in per_question
        ],
        "participants": [
            {
                "id": score.participant,
                "nickname": nicknames.get(score.participant, ""),
                "answers": score.answered,
                "points": round(score.points, 4),
                "possible": score.possible,
                "band": _band_title(quiz, totals, score.participant),
            }
            for score in sorted(points.values(), key=lambda s: _by_name(nicknames, s.participant))
        ],
        "bands": None
        if bands is None
        else {
            "bands": [
                {
                    "title": b.outcome.title,
                    "min": b.outcome.min,
                    "max": b.outcome.max,
                    "count": b.count,
                }
                for b in bands.bands
            ],
            "no_band": bands.no_band,
        },
        "answers": [
            {
                "participant": g.participant,
                "nickname": nicknames.get(g.participant, ""),
                "number": number[question.id],
                "question": question.id,
                "answer": answer_text(question, g, language),
                "correct": g.correct,
                "score": round(float(g.grade.get("score") or 0.0), 4),
            }
            for question in questions
            for g in sorted(
                given_by_question.get(question.id, ()),
                key=lambda g: _by_name(nicknames, g.participant),
            )
            if g.answered
        ],
    }


def _band_title(quiz: Quiz, totals: Mapping[int, float], participant: int) -> str | None:
    """A survey's band for one participant's total; None for a graded quiz, or for one who
    answered nothing."""
    if quiz.graded or not quiz.outcomes or participant not in totals:
        return None
    band = quiz.outcome_for(totals[participant])
    return band.title if band is not None else ""


def _by_name(nicknames: Mapping[int, str], participant: int) -> tuple[str, int]:
    """Participants listed by nickname (case left aside), then in the order they joined."""
    return nicknames.get(participant, "").casefold(), participant

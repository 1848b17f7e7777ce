"""What a room sees of its answers: one question's distribution, and the end's summary.

Pure (no Flask, no database): the live pages turn their LiveAnswer rows into `Given`s and
draw what these functions return (templates/live/_distribution.html); the reports build the
summary from the same functions, so the screen, the summary page and the CSV files count
alike. What a question shows is chosen by the hooks its type registers
(engine/questions/base.py `QuestionType`), never by its name:

- `tally` (choices, true/false): a bar per option, the right ones marked once revealed;
- `part_labels` (ordering, matching, blanks): the share right of each part the grade scores;
- `compared_text` (short answers, numbers): the most frequent answers, grouped as the
  grader compares them ("Paris" and " paris" are one answer when case does not matter);
- `scale_tally` (likert): a stacked bar per statement;
- `free_text` (open): the answers as a list or a cloud, grouped by their text.

Every label is `Markup`: authored texts are the course's safe HTML, and whatever a
participant typed is escaped here, so a template never has to know which is which. The right
answers are left out (`right` None) unless the caller reveals them: the data drawn before the
reveal does not hold the answer key.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from markupsafe import Markup, escape

from engine.comparison import fold_spaces
from engine.i18n import current_language, in_language
from engine.model import Outcome, Question, Quiz
from engine.questions import question_type
from engine.questions.base import QuestionType
from engine.rules import counts

FREQUENT = 8  # typed answers shown in a `frequent` distribution; the rest are counted
WORDS = 40  # groups of an open question's cloud
TOP_WRONG = 3  # most common wrong answers per question in the summary

T = TypeVar("T")


@dataclass(frozen=True)
class Given:
    """One participant's answer to one question: the response (`value`, in the grader's
    shape), its grade (`Grade.to_dict()`), the text typed if any, and whether the
    facilitator keeps it off the screen."""

    participant: int
    value: Any
    grade: Mapping[str, Any]
    text: str | None = None
    hidden: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.grade.get("answered"))

    @property
    def correct(self) -> bool | None:
        right = self.grade.get("correct")
        return None if right is None else bool(right)

    @property
    def typed(self) -> str:
        return self.value if isinstance(self.value, str) else self.text or ""


@dataclass(frozen=True)
class Bar:
    """One bar, or one word of a cloud: `count` out of `total` answers. `right` is None
    when not told (before the reveal, or for an answer that is neither); `members` are the
    participants of a group of typed answers (the remote hides a group by them)."""

    key: str
    label: Markup
    count: int
    total: int
    right: bool | None = None
    members: tuple[int, ...] = ()

    @property
    def share(self) -> float | None:
        return self.count / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else round(share * 100)


@dataclass(frozen=True)
class ScaleRow:
    """A statement of a scale: the answers at each point, from the first label."""

    key: str
    label: Markup
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Distribution:
    """What a question's answers look like. `kind`: options | parts | frequent | scale |
    words | count (a type without any of the hooks: the number of answers only).
    `answered`: the participants who answered; `hidden`: answers kept off the screen;
    `others`: answers in groups beyond those listed (`frequent`, `words`)."""

    kind: str
    answered: int
    bars: tuple[Bar, ...] = ()
    scale: tuple[str, ...] = ()
    rows: tuple[ScaleRow, ...] = ()
    hidden: int = 0
    others: int = 0
    revealed: bool = False

    @property
    def top(self) -> int:
        """The largest count: bars are drawn as a share of it."""
        return max((b.count for b in self.bars), default=0)


def kind_of(question: Question) -> str:
    """Which distribution a question gets, from the hooks its type registers."""
    kind = question_type(question)
    hooks: tuple[tuple[str, object], ...] = (
        ("options", kind.tally),
        ("parts", kind.part_labels),
        ("frequent", kind.compared_text),
        ("scale", kind.scale_tally),
        ("words", kind.free_text or None),
    )
    return next((name for name, hook in hooks if hook), "count")


@dataclass(frozen=True)
class _Asked:
    """A question and its answers, as every drawing below reads them."""

    question: Question
    kind: QuestionType
    answered: list[Given]  # the answers that answer something: empty ones are left out
    reveal: bool
    language: str
    order: Sequence[str] | None

    @property
    def shown(self) -> list[Given]:
        return [g for g in self.answered if not g.hidden]


@contextmanager
def _asked(
    question: Question,
    given: Sequence[Given],
    reveal: bool = False,
    language: str | None = None,
    order: Sequence[str] | None = None,
) -> Iterator[_Asked]:
    """The question's answers, read in the course's language: the labels the engine writes
    itself (true/false) follow it (engine.i18n.in_language)."""
    language = language or current_language()
    with in_language(language):
        yield _Asked(
            question,
            question_type(question),
            [g for g in given if g.answered],
            reveal,
            language,
            order,
        )


def distribution(
    question: Question,
    given: Sequence[Given],
    *,
    reveal: bool = False,
    language: str | None = None,
    order: Sequence[str] | None = None,
) -> Distribution:
    """The distribution of the answers to `question`. `reveal` marks the right options and
    answers; `language` is the course's (labels such as "Position 1"; the engine's language
    when None); `order` the session plan's order of the options, as the room saw them."""
    with _asked(question, given, reveal, language, order) as asked:
        return _DRAW[kind_of(question)](asked)


def _tally(asked: _Asked) -> list[tuple[str, str, int, bool]]:
    """The type's tally of the answers, in the order the room saw the options."""
    assert asked.kind.tally is not None
    entries = asked.kind.tally(asked.question, [g.value for g in asked.answered])
    if not asked.order:
        return entries
    place = {key: i for i, key in enumerate(asked.order)}
    return sorted(entries, key=lambda e: place.get(e[0], len(place)))


def _options(asked: _Asked) -> Distribution:
    keyed = asked.reveal and asked.question.has_key
    total = len(asked.answered)
    bars = tuple(
        Bar(key, Markup(text), count, total, right if keyed else None)
        for key, text, count, right in _tally(asked)
    )
    return Distribution("options", total, bars, revealed=asked.reveal)


def _part_rights(asked: _Asked) -> list[Bar]:
    """Each part the grade scores, with the answers that got it right."""
    assert asked.kind.part_labels is not None
    labels = asked.kind.part_labels(asked.question, asked.language)
    right = [0] * len(labels)
    for g in asked.answered:
        for i, ok in enumerate(list(g.grade.get("parts") or [])[: len(labels)]):
            right[i] += bool(ok)
    total = len(asked.answered)
    return [Bar(str(i + 1), Markup(label), right[i], total) for i, label in enumerate(labels)]


def _parts(asked: _Asked) -> Distribution:
    bars = tuple(_part_rights(asked))
    return Distribution("parts", len(asked.answered), bars, revealed=asked.reveal)


def text_groups(typed: Iterable[tuple[str | None, Any, T]]) -> list[tuple[str, list[T]]]:
    """Typed answers grouped by the form they are compared in: (compared form, the value
    typed, an item). Each group is shown as the spelling typed most often (spaces folded;
    on a tie the first in code point order, so nothing depends on the order answers come
    in) with its items, the largest groups first. A compared form of None, or a value that
    is not a text, is left out. Shared with the dashboard's wrong answers (analytics.py)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    items: dict[str, list[T]] = defaultdict(list)
    for compared, value, item in typed:
        if compared is not None and isinstance(value, str):
            spellings[compared][" ".join(value.split())] += 1
            items[compared].append(item)
    groups = [
        (min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0], items[key])
        for key, c in spellings.items()
    ]
    return sorted(groups, key=lambda g: (-len(g[1]), g[0]))


def _compared(asked: _Asked, answers: Iterable[Given]) -> list[tuple[str, list[Given]]]:
    """Typed answers grouped as the grader compares them."""
    compare = asked.kind.compared_text
    assert compare is not None
    return text_groups((compare(asked.question, g.value), g.typed, g) for g in answers)


def words_key(text: str) -> str:
    """How open answers are grouped: lower case, spaces folded (as the remote hides them)."""
    return fold_spaces(text.lower())


def _grouped(
    asked: _Asked, kind: str, groups: list[tuple[str, list[Given]]], limit: int, keyed: bool
) -> Distribution:
    """Groups of typed answers, the first `limit` as bars (the participant's text escaped),
    the answers of the others counted."""
    total = len(asked.answered)
    bars = tuple(
        Bar(
            text,
            escape(text),
            len(members),
            total,
            all(g.correct is True for g in members) if keyed else None,
            tuple(g.participant for g in members),
        )
        for text, members in groups[:limit]
    )
    return Distribution(
        kind,
        total,
        bars,
        hidden=total - len(asked.shown),
        others=sum(len(members) for _text, members in groups[limit:]),
        revealed=asked.reveal,
    )


def _frequent(asked: _Asked) -> Distribution:
    keyed = asked.reveal and asked.question.has_key
    return _grouped(asked, "frequent", _compared(asked, asked.shown), FREQUENT, keyed)


def _words(asked: _Asked) -> Distribution:
    groups = text_groups((words_key(g.typed) or None, g.typed, g) for g in asked.shown)
    return _grouped(asked, "words", groups, WORDS, False)


def _scale(asked: _Asked) -> Distribution:
    assert asked.kind.scale_tally is not None
    tally = asked.kind.scale_tally(asked.question, [g.value for g in asked.answered])
    rows = tuple(ScaleRow(key, Markup(text), tuple(n)) for key, text, n in tally.parts)
    return Distribution(
        "scale", len(asked.answered), scale=tuple(tally.scale), rows=rows, revealed=asked.reveal
    )


def _count(asked: _Asked) -> Distribution:
    return Distribution("count", len(asked.answered), revealed=asked.reveal)


_DRAW: dict[str, Callable[[_Asked], Distribution]] = {
    "options": _options,
    "parts": _parts,
    "frequent": _frequent,
    "scale": _scale,
    "words": _words,
    "count": _count,
}


# --- the end of a session -------------------------------------------------------------------


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
        with _asked(question, given, True, language, order) as asked:
            if not question.has_key:
                found.append(QuestionSummary(question, len(asked.answered), None))
                continue
            right = sum(1 for g in asked.answered if g.correct is True)
            wrong = _WRONG.get(kind_of(question), _no_wrong)(asked)
            found.append(
                QuestionSummary(question, len(asked.answered), right, tuple(wrong[:TOP_WRONG]))
            )
    return found


def _wrong_options(asked: _Asked) -> list[tuple[Markup, int]]:
    """The wrong options picked, most picked first (on a tie, in the order shown)."""
    picked = [(Markup(text), n) for _key, text, n, right in _tally(asked) if n and not right]
    return sorted(picked, key=lambda entry: -entry[1])


def _wrong_parts(asked: _Asked) -> list[tuple[Markup, int]]:
    """The parts missed, most missed first (on a tie, in the question's order)."""
    total = len(asked.answered)
    missed = [(bar.label, total - bar.count) for bar in _part_rights(asked) if bar.count < total]
    return sorted(missed, key=lambda entry: -entry[1])


def _wrong_typed(asked: _Asked) -> list[tuple[Markup, int]]:
    wrong = [g for g in asked.shown if g.correct is False]
    return [(escape(text), len(members)) for text, members in _compared(asked, wrong)]


def _no_wrong(asked: _Asked) -> list[tuple[Markup, int]]:
    return []


_WRONG: dict[str, Callable[[_Asked], list[tuple[Markup, int]]]] = {
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
    with _asked(question, [given], True, language) as asked:
        if not asked.answered:
            return ""
        return _TEXT[kind_of(question)](asked)


def _options_text(asked: _Asked) -> str:
    letters = {o.id for o in getattr(asked.question, "options", ())}  # authored: "B."
    return " | ".join(
        f"{key.upper()}. {plain(text)}" if key in letters else plain(text)
        for key, text, n, _right in _tally(asked)
        if n
    )


def _parts_text(asked: _Asked) -> str:
    kind, question = asked.kind, asked.question
    assert kind.part_labels is not None and kind.part_answers is not None
    labels = kind.part_labels(question, asked.language)
    given = kind.part_answers(question, asked.answered[0].value)
    return " | ".join(
        f"{plain(label)}: {plain(part) or '–'}" for label, part in zip(labels, given, strict=False)
    )


def _typed_text(asked: _Asked) -> str:
    return fold_spaces(asked.answered[0].typed)


def _scale_text(asked: _Asked) -> str:
    assert asked.kind.scale_tally is not None
    tally = asked.kind.scale_tally(asked.question, [asked.answered[0].value])
    return " | ".join(
        f"{plain(text)}: {tally.scale[n.index(1)]}" for _key, text, n in tally.parts if any(n)
    )


def _value_text(asked: _Asked) -> str:
    return json.dumps(asked.answered[0].value, ensure_ascii=False, sort_keys=True)


_TEXT: dict[str, Callable[[_Asked], str]] = {
    "options": _options_text,
    "parts": _parts_text,
    "frequent": _typed_text,
    "scale": _scale_text,
    "words": _typed_text,
    "count": _value_text,
}

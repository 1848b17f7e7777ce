"""What a room sees of its answers: one question's distribution.

Pure (no Flask, no database): the live pages turn their LiveAnswer rows into `Given`s and
draw what `distribution()` returns (templates/live/_distribution.html); the end's summary
(engine/player/live_summary.py) reads the answers through the same functions, so the
screen, the summary page and the CSV files count alike. What a question shows is chosen by
the hooks its type registers (engine/questions/base.py `QuestionType`), never by its name:

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

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from markupsafe import Markup, escape

from engine.comparison import fold_spaces
from engine.i18n import current_language, in_language
from engine.model import Question
from engine.questions import question_type
from engine.questions.base import QuestionType

FREQUENT = 8  # typed answers shown in a `frequent` distribution; the rest are counted
WORDS = 40  # groups of an open question's cloud

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
class Asked:
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
def reading(
    question: Question,
    given: Sequence[Given],
    reveal: bool = False,
    language: str | None = None,
    order: Sequence[str] | None = None,
) -> Iterator[Asked]:
    """The question's answers, read in the course's language: the labels the engine writes
    itself (true/false) follow it (engine.i18n.in_language)."""
    language = language or current_language()
    with in_language(language):
        yield Asked(
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
    with reading(question, given, reveal, language, order) as asked:
        return _DRAW[kind_of(question)](asked)


def tally_of(asked: Asked) -> list[tuple[str, str, int, bool]]:
    """The type's tally of the answers, in the order the room saw the options."""
    assert asked.kind.tally is not None
    entries = asked.kind.tally(asked.question, [g.value for g in asked.answered])
    if not asked.order:
        return entries
    place = {key: i for i, key in enumerate(asked.order)}
    return sorted(entries, key=lambda e: place.get(e[0], len(place)))


def _options(asked: Asked) -> Distribution:
    keyed = asked.reveal and asked.question.has_key
    total = len(asked.answered)
    bars = tuple(
        Bar(key, Markup(text), count, total, right if keyed else None)
        for key, text, count, right in tally_of(asked)
    )
    return Distribution("options", total, bars, revealed=asked.reveal)


def part_rights(asked: Asked) -> list[Bar]:
    """Each part the grade scores, with the answers that got it right."""
    assert asked.kind.part_labels is not None
    labels = asked.kind.part_labels(asked.question, asked.language)
    right = [0] * len(labels)
    for g in asked.answered:
        for i, ok in enumerate(list(g.grade.get("parts") or [])[: len(labels)]):
            right[i] += bool(ok)
    total = len(asked.answered)
    return [Bar(str(i + 1), Markup(label), right[i], total) for i, label in enumerate(labels)]


def _parts(asked: Asked) -> Distribution:
    bars = tuple(part_rights(asked))
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


def compared_groups(asked: Asked, answers: Iterable[Given]) -> list[tuple[str, list[Given]]]:
    """Typed answers grouped as the grader compares them."""
    compare = asked.kind.compared_text
    assert compare is not None
    return text_groups((compare(asked.question, g.value), g.typed, g) for g in answers)


def words_key(text: str) -> str:
    """How open answers are grouped: lower case, spaces folded (as the remote hides them)."""
    return fold_spaces(text.lower())


def _grouped(
    asked: Asked, kind: str, groups: list[tuple[str, list[Given]]], limit: int, keyed: bool
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


def _frequent(asked: Asked) -> Distribution:
    keyed = asked.reveal and asked.question.has_key
    return _grouped(asked, "frequent", compared_groups(asked, asked.shown), FREQUENT, keyed)


def _words(asked: Asked) -> Distribution:
    groups = text_groups((words_key(g.typed) or None, g.typed, g) for g in asked.shown)
    return _grouped(asked, "words", groups, WORDS, False)


def _scale(asked: Asked) -> Distribution:
    assert asked.kind.scale_tally is not None
    tally = asked.kind.scale_tally(asked.question, [g.value for g in asked.answered])
    rows = tuple(ScaleRow(key, Markup(text), tuple(n)) for key, text, n in tally.parts)
    return Distribution(
        "scale", len(asked.answered), scale=tuple(tally.scale), rows=rows, revealed=asked.reveal
    )


def _count(asked: Asked) -> Distribution:
    return Distribution("count", len(asked.answered), revealed=asked.reveal)


_DRAW: dict[str, Callable[[Asked], Distribution]] = {
    "options": _options,
    "parts": _parts,
    "frequent": _frequent,
    "scale": _scale,
    "words": _words,
    "count": _count,
}

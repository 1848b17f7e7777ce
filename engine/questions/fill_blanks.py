"""fill_blanks: a text with blanks written [[answer|other accepted answer]]."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar

from engine.comparison import normalize_text
from engine.errors import error, warning
from engine.fields import Field
from engine.i18n import _, translator
from engine.questions.base import (
    EPSILON,
    Blank,
    Dataclass,
    Grade,
    Question,
    QuestionType,
    text_of,
    verdict,
)
from engine.questions.building import QuizContext
from engine.questions.reading import MAX_SHORT_TEXT, Form, cut_text, field_name
from engine.sources import KeyPath

BLANK = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
PLACEHOLDER = "\ue000{}\ue001"
PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")

KEYS = {
    "text": Field(
        "text", "Text with blanks written [[answer|other accepted answer]]", required=True
    ),
}


@dataclass(frozen=True, kw_only=True)
class FillBlanks(Question):
    """`segments` are HTML pieces; blank i stands between segments i and i+1."""

    type: ClassVar[str] = "fill_blanks"
    NESTED: ClassVar[dict[str, Dataclass]] = {"blanks": Blank}
    segments: tuple[str, ...] = ()
    blanks: tuple[Blank, ...] = ()


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    text: str = data["text"]
    where = (*path, "text")
    problems = blank_problems(text)
    for offset, message, hint in problems:
        ctx.problems.append(error(ctx.offset_pos(where, text, offset), message, hint))
    for match in single_brackets(text):
        ctx.problems.append(
            warning(
                ctx.offset_pos(where, text, match.start()),
                _("`{text}` is not a blank: a blank takes two brackets").format(
                    text=match.group(0)
                ),
                _("write [[{inner}]] for a blank, or \\[{inner}\\] to show the brackets").format(
                    inner=match.group(1)
                ),
            )
        )
    if problems:
        return None
    blanks: list[Blank] = []

    def to_placeholder(match: re.Match[str]) -> str:
        blanks.append(
            Blank(
                id=str(len(blanks) + 1), answers=tuple(a.strip() for a in match.group(1).split("|"))
            )
        )
        return PLACEHOLDER.format(len(blanks) - 1)

    # Blanks become placeholders that Markdown leaves alone, then split the HTML.
    html = ctx.render(where, BLANK.sub(to_placeholder, text))
    segments = tuple(PLACEHOLDER_RE.split(html)[::2])
    return FillBlanks(segments=segments, blanks=tuple(blanks), **common)


# `[word]` alone: not an image `![`, an escaped `\\[`, a footnote `[^1]`, a link `[a](...)`,
# a reference `[a][b]` or its definition `[a]: ...`.
SINGLE_BRACKETS = re.compile(r"(?<![!\\\[\]])\[([^\[\]\n^][^\[\]\n]*)\](?![(\[:\]])")


def single_brackets(text: str) -> list[re.Match[str]]:
    """`[objectif]` in the text outside blanks: it looks like a blank but is one bracket short."""
    hidden = BLANK.sub(lambda m: " " * len(m.group(0)), text)
    return list(SINGLE_BRACKETS.finditer(hidden))


def blank_problems(text: str) -> list[tuple[int, str, str]]:
    """(offset, message, hint) of every badly written blank: all of them, so the author
    fixes a text in one go."""
    found: list[tuple[int, str, str]] = []
    depth_open = -1
    i = 0
    while i < len(text):
        if text.startswith("[[", i):
            if depth_open >= 0:
                found.append(
                    (
                        depth_open,
                        _("a blank is opened with [[ but not closed with ]]"),
                        _("close it with ]] before opening the next one"),
                    )
                )
            depth_open = i
            i += 2
            continue
        if text.startswith("]]", i):
            if depth_open < 0:
                found.append((i, _("]] closes no blank"), _("open the blank with [[")))
                i += 2
                continue
            inner = text[depth_open + 2 : i]
            if not inner.strip():
                found.append(
                    (depth_open, _("empty blank [[]]"), _("write the answer inside: [[answer]]"))
                )
            elif any(not alt.strip() for alt in inner.split("|")):
                found.append(
                    (
                        depth_open,
                        _("empty alternative in [[{inner}]]").format(inner=inner),
                        _("remove the extra | or write the answer"),
                    )
                )
            depth_open = -1
            i += 2
            continue
        i += 1
    if depth_open >= 0:
        found.append(
            (
                depth_open,
                _("a blank is opened with [[ but not closed with ]]"),
                _("close it with ]]"),
            )
        )
    if "[[" not in text and not found:  # a stray ]] is the cause to report
        found.append(
            (
                0,
                _("no blank in the text"),
                _("write each blank as [[answer]] or [[answer|other accepted answer]]"),
            )
        )
    return found


def read(question: FillBlanks, form: Form) -> list[str]:
    return [
        cut_text(form.get(field_name(question, blank.id)), MAX_SHORT_TEXT)
        for blank in question.blanks
    ]


def grade(question: FillBlanks, response: Any) -> Grade:
    given = response if isinstance(response, list) else []
    parts = tuple(
        i < len(given)
        and bool(normalize_text(text_of(given[i])))
        and normalize_text(text_of(given[i])) in {normalize_text(a) for a in blank.answers}
        for i, blank in enumerate(question.blanks)
    )
    answered = any(normalize_text(text_of(g)) for g in given)
    score = sum(parts) / len(parts) if parts else 0.0
    return Grade(score, score >= 1 - EPSILON, answered, parts, verdict(question, score))


def form_parts(question: FillBlanks) -> list[tuple[int | str, str]]:
    return [(i, field_name(question, blank.id)) for i, blank in enumerate(question.blanks)]


def answer_key(question: FillBlanks, language: str) -> list[str]:
    """One line per blank, numbered as the blanks of the text: "1. Paris / paris"."""
    return [
        f"{blank.id}. " + " / ".join(escape(a) for a in blank.answers) for blank in question.blanks
    ]


def part_labels(question: FillBlanks, language: str) -> list[str]:
    """The blanks, numbered as the text shows them: "Blank 1", "Blank 2"..."""
    tr = translator(language).gettext
    return [escape(tr("Blank %(n)s") % {"n": blank.id}) for blank in question.blanks]


def part_answers(question: FillBlanks, response: Any) -> list[str]:
    """The text typed in each blank (escaped: a participant's), "" where none is."""
    given = response if isinstance(response, list) else []
    return [
        escape(text_of(given[i]).strip()) if i < len(given) else ""
        for i in range(len(question.blanks))
    ]


TYPE = QuestionType(
    order=80,
    model=FillBlanks,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    form_parts=form_parts,
    answer_key=answer_key,
    part_labels=part_labels,
    part_answers=part_answers,
)

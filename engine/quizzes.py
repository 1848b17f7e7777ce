"""Loading one quiz file: its settings, then each question, built into the model.

Every problem is collected (never raised) so the author sees them all; a question with a
problem is left out of the model but the next one is still checked.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import Problem, SourcePos, error, warning
from engine.grading import strip_accents
from engine.i18n import N_, _
from engine.model import (
    Blank,
    Choice,
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Option,
    Ordering,
    Outcome,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.rendering import RenderContext, plain_text, render_block, render_inline
from engine.schema import QUESTION_SHAPES, QUESTION_TYPES, QUIZ, check_mapping, describe, suggest
from engine.sources import KeyPath, YamlDoc, load_yaml, read_text

LETTERS = string.ascii_lowercase
# Regex syntax that Python and JavaScript read differently (or only one of them reads).
UNPORTABLE_REGEX = [
    (re.compile(r"\(\?P"), "(?P<name>...)"),
    (re.compile(r"\(\?[aiLmsux-]+[:)]"), N_("(?i) inline flags")),
    (re.compile(r"\(\?[>#]"), "(?>...) / (?#...)"),
    (re.compile(r"\\[AZzGwWbB]"), "\\A \\Z \\w \\W \\b \\B"),
    (re.compile(r"[*+?}]\+"), N_("possessive quantifiers")),
]
# JavaScript's `u` mode allows escapes of syntax characters and a few known letters only;
# Python quietly reads `\'` or `\é` as the character itself.
_UNPORTABLE_ESCAPE = re.compile(r"\\(?![\^$\\.*+?()\[\]{}|/dDsSnrtfv0-9]|x[0-9a-fA-F]{2}"
                                r"|u[0-9a-fA-F]{4}|-(?=[^\[]*\]))(.)")
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
_LONE_BRACKET = re.compile(r"(?<!\\)[{}\]]")
BLANK = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
PLACEHOLDER = "\ue000{}\ue001"
PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")


@dataclass
class QuizContext:
    """What building a question needs: the file, the course, and where problems go."""

    doc: YamlDoc
    course_root: Path
    allow_html: bool
    graded: bool
    problems: list[Problem]
    language: str = "fr"

    def pos(self, path: KeyPath, *, key: bool = False) -> SourcePos:
        return self.doc.pos(path, key=key)

    def error(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.problems.append(error(self.pos(path), message, hint))

    def render(self, path: KeyPath, text: str, *, inline: bool = False) -> str:
        """Render a Markdown field, checking its images relative to the quiz file."""
        render = render_inline if inline else render_block
        if "](" not in text and "<" not in text:  # nothing to check: no link, no image
            return render(text, None, allow_html=self.allow_html, language=self.language)
        ctx = RenderContext(self.doc.path, self.course_root, lambda _line: self.pos(path))
        html = render(text, ctx, allow_html=self.allow_html, language=self.language)
        self.problems.extend(ctx.problems)
        return html


def load_quiz(path: Path, course_root: Path, item_id: str, *, allow_html: bool = False,
              language: str = "fr") -> tuple[Quiz | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    doc, found = load_yaml(path, text)
    if doc is None:
        return None, found
    settings, found = check_mapping(doc, (), doc.data, QUIZ)
    problems += found
    if not isinstance(doc.data, dict):
        return None, problems
    ctx = QuizContext(doc, course_root, allow_html, settings["kind"] != "survey", problems,
                      language)
    questions = _build_questions(ctx, doc.data.get("questions"))
    outcomes = _build_outcomes(ctx, settings)
    draw = settings["draw"]
    if draw is not None and isinstance(doc.data.get("questions"), list) \
            and draw > len(doc.data["questions"]):
        ctx.error(("draw",), _("cannot draw {n} questions out of {total}").format(
            n=draw, total=len(doc.data["questions"])), _("lower `draw` or add questions"))
    if any(p.is_error for p in problems):
        return None, problems
    quiz = Quiz(
        id=item_id,
        source=path.relative_to(course_root).as_posix(),
        title=settings["title"],
        kind=settings["kind"],
        pass_mark=float(settings["pass_mark"]),
        max_attempts=settings["max_attempts"],
        shuffle_questions=settings["shuffle_questions"],
        shuffle_options=settings["shuffle_options"],
        draw=draw,
        feedback=settings["feedback"],
        outcomes=outcomes,
        questions=tuple(questions),
    )
    return quiz, problems


def _build_questions(ctx: QuizContext, raw: Any) -> list[Question]:
    if not isinstance(raw, list):
        return []
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        path: KeyPath = ("questions", index)
        if not isinstance(item, dict):
            ctx.error(path, _("expected a question (`type:`, `prompt:`...), found {found}")
                      .format(found=describe(item)))
            continue
        qtype = item.get("type")
        if qtype not in QUESTION_TYPES:
            if qtype is None:
                ctx.error(path, _("the question has no `type`"),
                          _("add `type:` with one of: {types}").format(
                              types=", ".join(QUESTION_TYPES)))
            else:
                ctx.error((*path, "type"), _("unknown question type `{type}`").format(
                    type=qtype), suggest(str(qtype), QUESTION_TYPES) or _(
                        "known types: {types}").format(types=", ".join(QUESTION_TYPES)))
            continue
        data, found = check_mapping(ctx.doc, path, item, QUESTION_SHAPES[qtype])
        ctx.problems.extend(found)
        qid = data["id"] or f"q{index + 1}"
        if qid in seen:
            ctx.error((*path, "id") if data["id"] else path,
                      _("duplicate question id `{id}`").format(id=qid),
                      _("question ids must be unique in a quiz; `{id}` is also question "
                        "{n}").format(id=qid, n=seen[qid] + 1))
        seen.setdefault(qid, index)
        if found:
            continue
        question = BUILDERS[qtype](ctx, path, data, _common(ctx, path, qid, data))
        if question is not None:
            questions.append(question)
    return questions


def _common(ctx: QuizContext, path: KeyPath, qid: str, data: dict[str, Any]) -> dict[str, Any]:
    def block(key: str) -> str:
        return ctx.render((*path, key), data[key]) if data[key] else ""

    return {
        "id": qid,
        "prompt": block("prompt"),
        "points": data["points"],
        "explanation": block("explanation"),
        "feedback_correct": block("feedback_correct"),
        "feedback_wrong": block("feedback_wrong"),
    }


def _options(ctx: QuizContext, path: KeyPath, data: dict[str, Any]) -> tuple[Option, ...]:
    raw = data["options"]
    if len(raw) > len(LETTERS):
        ctx.error((*path, "options"), _("too many options ({n}); at most {max}").format(
            n=len(raw), max=len(LETTERS)))
    options = []
    for i, option in enumerate(raw[: len(LETTERS)]):
        where = (*path, "options", i)
        if option["score"] is not None and ctx.graded:
            ctx.problems.append(warning(ctx.pos((*where, "score"), key=True),
                                        _("`score` only counts in survey quizzes"),
                                        _("remove it, or set `kind: survey` on the quiz")))
        options.append(Option(
            id=LETTERS[i],
            text=ctx.render((*where, "text"), option["text"], inline=True),
            correct=option["correct"],
            feedback=ctx.render((*where, "feedback"), option["feedback"])
            if option["feedback"] else "",
            score=option["score"],
        ))
    return tuple(options)


def _single(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
            ) -> Question | None:
    options = _options(ctx, path, data)
    right = [i for i, o in enumerate(options) if o.correct]
    if len(right) > 1:
        ctx.error((*path, "options", right[1], "correct"),
                  _("a single_choice question needs exactly one correct option, found {n}")
                  .format(n=len(right)),
                  _("keep `correct: true` on one option only, or use `type: "
                    "multiple_choice`"))
        return None
    if not right and ctx.graded:
        ctx.error((*path, "options"), _("no option is marked `correct: true`"),
                  _("add `correct: true` under the right option"))
        return None
    return SingleChoice(options=options, **common)


def _multiple(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
              ) -> Question | None:
    options = _options(ctx, path, data)
    if ctx.graded and not any(o.correct for o in options):
        ctx.error((*path, "options"), _("no option is marked `correct: true`"),
                  _("mark at least one right option with `correct: true`"))
        return None
    return MultipleChoice(options=options, scoring=data["scoring"], **common)


def _true_false(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
                ) -> Question | None:
    if data["answer"] is None and ctx.graded:
        ctx.error(path, _("missing key `answer`"), _("add `answer: true` or `answer: false`"))
        return None
    return TrueFalse(answer=data["answer"],
                     feedback_true=ctx.render((*path, "feedback_true"), data["feedback_true"])
                     if data["feedback_true"] else "",
                     feedback_false=ctx.render((*path, "feedback_false"),
                                               data["feedback_false"])
                     if data["feedback_false"] else "", **common)


def _short(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
           ) -> Question | None:
    if not data["answers"] and not data["patterns"]:
        ctx.error(path, _("a short_answer question needs `answers` or `patterns`"),
                  _("list the accepted answers under `answers:`"))
        return None
    ok = True
    for i, pattern in enumerate(data["patterns"]):
        message = regex_problem(pattern)
        if message:
            ctx.error((*path, "patterns", i), *message)
            ok = False
    if not ok:
        return None
    return ShortAnswer(answers=data["answers"], patterns=data["patterns"],
                       case_sensitive=data["case_sensitive"],
                       ignore_accents=data["ignore_accents"], **common)


def regex_problem(pattern: str) -> tuple[str, str] | None:
    """(message, hint) saying why an author's pattern cannot be used, or None."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return (_("invalid regular expression: {reason}").format(reason=exc),
                _("check the brackets: every ( needs its ) and every [ its ]; write \\( "
                  "for a bracket meant as text"))
    if re.search(r"\(\?[a-zA-Z-]*i[a-zA-Z-]*[:)]", pattern):
        return (_("this regular expression uses {what}, which browsers read "
                  "differently").format(what="(?i)"),
                _("remove (?i): patterns already ignore case unless the question sets "
                  "`case_sensitive: true`"))
    escape = _UNPORTABLE_ESCAPE.search(pattern)
    if escape:
        return (_("the escape `{escape}` is read differently by browsers").format(
            escape=escape.group(0)),
            _("write the character without a backslash; a backslash is only needed before "
              ". * + ? ( ) [ ] { } | ^ $ \\ /"))
    if _LONE_BRACKET.search(_QUANTIFIER.sub("", _CLASS.sub("", pattern))):
        return (_("a lone `{`, `}` or `]` is read differently by browsers"),
                _("write it with a backslash: \\{ \\} \\]"))
    for bad, label in UNPORTABLE_REGEX:
        if bad.search(pattern):
            return (_("this regular expression uses {what}, which browsers read "
                      "differently").format(what=_(label)),
                    _("patterns must read the same in Python and JavaScript: use groups, "
                      "classes like [a-zà-ÿ] and quantifiers"))
    return None


def _numeric(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
             ) -> Question | None:
    return Numeric(answer=float(data["answer"]), tolerance=float(data["tolerance"]), **common)


def _sorted_choices(ctx: QuizContext, path: KeyPath, texts: list[tuple[KeyPath, str]]
                    ) -> dict[str, Choice]:
    """Choices lettered in the alphabetical order of their text, keyed by source text."""
    unique: dict[str, KeyPath] = {}
    for where, text in texts:
        unique.setdefault(text, where)
    ordered = sorted(unique, key=lambda t: (strip_accents(plain_text(t)).casefold(), t))
    return {text: Choice(id=LETTERS[i], text=ctx.render(unique[text], text, inline=True))
            for i, text in enumerate(ordered[: len(LETTERS)])}


def _matching(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
              ) -> Question | None:
    pairs = data["pairs"]
    if len(pairs) > 9:
        ctx.error((*path, "pairs"), _("too many pairs ({n}); at most 9").format(n=len(pairs)),
                  _("split the question in two"))
        return None
    rights = [((*path, "pairs", i, "right"), p["right"]) for i, p in enumerate(pairs)]
    rights += [((*path, "distractors", i), d) for i, d in enumerate(data["distractors"])]
    if len({text for _w, text in rights}) > len(LETTERS):
        ctx.error((*path, "distractors"), _("too many right-hand choices; at most 26"))
        return None
    choices = _sorted_choices(ctx, path, rights)
    lefts = tuple(Choice(id=str(i + 1), text=ctx.render((*path, "pairs", i, "left"), p["left"],
                                                        inline=True))
                  for i, p in enumerate(pairs))
    solution = tuple((str(i + 1), choices[p["right"]].id) for i, p in enumerate(pairs))
    return Matching(lefts=lefts, rights=tuple(sorted(choices.values(), key=lambda c: c.id)),
                    solution=solution, scoring=data["scoring"], **common)


def _ordering(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
              ) -> Question | None:
    items = data["items"]
    if len(items) > len(LETTERS):
        ctx.error((*path, "items"), _("too many items ({n}); at most {max}").format(
            n=len(items), max=len(LETTERS)))
        return None
    for i, item in enumerate(items):
        if item in items[:i]:
            ctx.error((*path, "items", i), _("the same item is listed twice"),
                      _("each item must be different, or the right order is ambiguous"))
            return None
    choices = _sorted_choices(ctx, path, [((*path, "items", i), t) for i, t in enumerate(items)])
    return Ordering(items=tuple(sorted(choices.values(), key=lambda c: c.id)),
                    solution=tuple(choices[t].id for t in items), scoring=data["scoring"],
                    **common)


def _fill_blanks(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
                 ) -> Question | None:
    text: str = data["text"]
    where = (*path, "text")
    problem = blank_problem(text)
    if problem:
        offset, message, hint = problem
        ctx.problems.append(error(_offset_pos(ctx, where, text, offset), message, hint))
        return None
    blanks: list[Blank] = []

    def to_placeholder(match: re.Match[str]) -> str:
        blanks.append(Blank(id=str(len(blanks) + 1),
                            answers=tuple(a.strip() for a in match.group(1).split("|"))))
        return PLACEHOLDER.format(len(blanks) - 1)

    html = ctx.render(where, BLANK.sub(to_placeholder, text))
    segments = tuple(PLACEHOLDER_RE.split(html)[::2])
    return FillBlanks(segments=segments, blanks=tuple(blanks), **common)


def _offset_pos(ctx: QuizContext, where: KeyPath, text: str, offset: int) -> SourcePos:
    """The place in the file of character `offset` of a YAML text value.

    Exact for one-line values and block texts (`text: |`); folded or multi-line quoted texts
    get the right line and the column where that line starts.
    """
    base = ctx.pos(where)
    lines = ctx.doc.text.splitlines()
    source = lines[base.line - 1 - ctx.doc.line_offset][base.column - 1:]
    before = text[:offset]
    in_line = len(before) - (before.rfind("\n") + 1)
    if source[:1] in ("|", ">"):
        line = base.line + 1 + before.count("\n")
        content = lines[line - 1 - ctx.doc.line_offset] if line - 1 < len(lines) else ""
        indent = len(content) - len(content.lstrip(" "))
        return SourcePos(base.path, line, indent + in_line + 1)
    if "\n" in before:
        return SourcePos(base.path, base.line + before.count("\n"), 1)
    quoted = int(source[:1] in ("'", '"'))
    return SourcePos(base.path, base.line, base.column + quoted + in_line)


def blank_problem(text: str) -> tuple[int, str, str] | None:
    """(offset, message, hint) of the first badly written blank, or None."""
    depth_open = -1
    i = 0
    while i < len(text):
        if text.startswith("[[", i):
            if depth_open >= 0:
                return depth_open, _("a blank is opened with [[ but not closed with ]]"), _(
                    "close it with ]] before opening the next one")
            depth_open = i
            i += 2
            continue
        if text.startswith("]]", i):
            if depth_open < 0:
                return i, _("]] closes no blank"), _("open the blank with [[")
            inner = text[depth_open + 2: i]
            if not inner.strip():
                return depth_open, _("empty blank [[]]"), _("write the answer inside: "
                                                             "[[answer]]")
            if any(not alt.strip() for alt in inner.split("|")):
                return depth_open, _("empty alternative in [[{inner}]]").format(
                    inner=inner), _("remove the extra | or write the answer")
            depth_open = -1
            i += 2
            continue
        i += 1
    if depth_open >= 0:
        return depth_open, _("a blank is opened with [[ but not closed with ]]"), _(
            "close it with ]]")
    if "[[" not in text:
        return 0, _("no blank in the text"), _("write each blank as [[answer]] or "
                                               "[[answer|other accepted answer]]")
    return None


def _likert(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
            ) -> Question | None:
    statements = tuple(Choice(id=str(i + 1), text=ctx.render((*path, "statements", i), s,
                                                             inline=True))
                       for i, s in enumerate(data["statements"]))
    return Likert(statements=statements, scale=data["scale"], **common)


def _open(ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
          ) -> Question | None:
    return Open(min_words=data["min_words"], **common)


BUILDERS: dict[str, Callable[[QuizContext, KeyPath, dict[str, Any], dict[str, Any]],
                             Question | None]] = {
    "single_choice": _single,
    "multiple_choice": _multiple,
    "true_false": _true_false,
    "short_answer": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "fill_blanks": _fill_blanks,
    "likert": _likert,
    "open": _open,
}


def _build_outcomes(ctx: QuizContext, settings: dict[str, Any]) -> tuple[Outcome, ...]:
    raw = settings["outcomes"] or ()
    if raw and ctx.graded:
        ctx.problems.append(warning(ctx.pos(("outcomes",), key=True),
                                    _("`outcomes` only count in survey quizzes"),
                                    _("set `kind: survey` on the quiz, or remove them")))
        return ()
    outcomes: list[Outcome] = []
    for i, band in enumerate(raw):
        if band["min"] is None or band["max"] is None:
            continue
        if band["min"] > band["max"]:
            ctx.error(("outcomes", i, "max"), _("`max` ({max}) is below `min` ({min})").format(
                max=band["max"], min=band["min"]), _("swap the two numbers"))
            continue
        for j, other in enumerate(outcomes):
            if band["min"] <= other.max and other.min <= band["max"]:
                ctx.error(("outcomes", i), _("this band overlaps band {n}").format(n=j + 1),
                          _("a total must fall in one band only"))
        outcomes.append(Outcome(min=band["min"], max=band["max"], title=band["title"],
                                text=ctx.render(("outcomes", i, "text"), band["text"])
                                if band["text"] else ""))
    return tuple(outcomes)


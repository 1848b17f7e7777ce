"""Loading one quiz file: its settings, then each question, built into the model.

Every problem is collected (never raised) so the author sees them all; a question with a
problem is left out of the model but the next one is still checked. Each question is checked
against its type's declared keys, then built by its type (`engine/questions/<type>.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.errors import Problem, warning
from engine.i18n import _
from engine.model import Outcome, Question, Quiz
from engine.questions import TYPES
from engine.questions.building import QuizContext, common_fields
from engine.schema import QUESTION_SHAPES, QUESTION_TYPES, QUIZ
from engine.sources import KeyPath, load_yaml, read_text
from engine.validation import check_mapping, describe, suggest


def load_quiz(
    path: Path, course_root: Path, item_id: str, *, allow_html: bool = False, language: str = "fr"
) -> tuple[Quiz | None, list[Problem]]:
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
    ctx = QuizContext(
        doc, course_root, allow_html, settings["kind"] != "survey", problems, language
    )
    questions = _build_questions(ctx, doc.data.get("questions"))
    outcomes = _build_outcomes(ctx, settings)
    draw = settings["draw"]
    if (
        draw is not None
        and isinstance(doc.data.get("questions"), list)
        and draw > len(doc.data["questions"])
    ):
        ctx.error(
            ("draw",),
            _("cannot draw {n} questions out of {total}").format(
                n=draw, total=len(doc.data["questions"])
            ),
            _("lower `draw` or add questions"),
        )
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
        duration=settings["duration"],
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
            ctx.error(
                path,
                _("expected a question (`type:`, `prompt:`...), found {found}").format(
                    found=describe(item)
                ),
            )
            continue
        qtype = item.get("type")
        if qtype not in QUESTION_TYPES:
            if qtype is None:
                ctx.error(
                    path,
                    _("the question has no `type`"),
                    _("add `type:` with one of: {types}").format(types=", ".join(QUESTION_TYPES)),
                )
            else:
                ctx.error(
                    (*path, "type"),
                    _("unknown question type `{type}`").format(type=qtype),
                    suggest(str(qtype), QUESTION_TYPES)
                    or _("known types: {types}").format(types=", ".join(QUESTION_TYPES)),
                )
            continue
        data, found = check_mapping(ctx.doc, path, item, QUESTION_SHAPES[qtype])
        ctx.problems.extend(found)
        qid = data["id"] or f"q{index + 1}"
        if qid in seen:
            ctx.error(
                (*path, "id") if data["id"] else path,
                _("duplicate question id `{id}`").format(id=qid),
                _("question ids must be unique in a quiz; `{id}` is also question {n}").format(
                    id=qid, n=seen[qid] + 1
                ),
            )
        seen.setdefault(qid, index)
        if found:
            continue
        question = TYPES[qtype].build(ctx, path, data, common_fields(ctx, path, qid, data))
        if question is not None:
            questions.append(question)
    return questions


def _build_outcomes(ctx: QuizContext, settings: dict[str, Any]) -> tuple[Outcome, ...]:
    raw = settings["outcomes"] or ()
    if raw and ctx.graded:
        ctx.problems.append(
            warning(
                ctx.pos(("outcomes",), key=True),
                _("`outcomes` only count in survey quizzes"),
                _("set `kind: survey` on the quiz, or remove them"),
            )
        )
        return ()
    outcomes: list[Outcome] = []
    for i, band in enumerate(raw):
        if band["min"] is None or band["max"] is None:
            continue
        if band["min"] > band["max"]:
            ctx.error(
                ("outcomes", i, "max"),
                _("`max` ({max}) is below `min` ({min})").format(max=band["max"], min=band["min"]),
                _("swap the two numbers"),
            )
            continue
        for j, other in enumerate(outcomes):
            if band["min"] <= other.max and other.min <= band["max"]:
                ctx.error(
                    ("outcomes", i),
                    _("this band overlaps band {n}").format(n=j + 1),
                    _("a total must fall in one band only"),
                )
        outcomes.append(
            Outcome(
                min=band["min"],
                max=band["max"],
                title=band["title"],
                text=ctx.render(("outcomes", i, "text"), band["text"]) if band["text"] else "",
            )
        )
    return tuple(outcomes)

"""Loading one quiz file: its settings, then each question, built into the model.

Every problem is collected (never raised) so the author sees them all; a question with a
problem is left out of the model but the next one is still checked. Each question is checked
against its type's declared keys, then built by its type (`engine/questions/<type>.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.cache import cached_load
from engine.errors import Problem, warning
from engine.i18n import _
from engine.keys import suggest
from engine.model import Outcome, Question, Quiz
from engine.questions import TYPES
from engine.questions.building import QuizContext, common_fields
from engine.schema import QUESTION_SHAPES, QUESTION_TYPES, QUIZ
from engine.sources import CURLY_QUOTES, KeyPath, load_yaml
from engine.validation import accepted_answers, check_mapping, describe


def load_quiz(
    path: Path, course_root: Path, item_id: str, *, allow_html: bool = False, language: str = "fr"
) -> tuple[Quiz | None, list[Problem]]:
    """The quiz and the problems found in it; an unchanged quiz comes from the user's cache
    (engine/cache.py) instead of being built again, each command being a new process."""
    return cached_load(
        "quiz", path, course_root, item_id, _load, allow_html=allow_html, language=language
    )


def _load(
    path: Path,
    course_root: Path,
    item_id: str,
    text: str,
    targets: set[str],
    allow_html: bool,
    language: str,
) -> tuple[Quiz | None, list[Problem]]:
    """Parse the quiz and build its questions; `targets` receives the local paths its links
    and images name, whose state on disk the result depends on."""
    problems: list[Problem] = []
    doc, found = load_yaml(path, text)
    if doc is None:
        return None, found
    problems += found
    settings, found = check_mapping(doc, (), doc.data, QUIZ)
    problems += found
    if not isinstance(doc.data, dict):
        return None, problems
    ctx = QuizContext(
        doc, course_root, allow_html, settings["kind"] != "survey", problems, language, targets
    )
    questions = _build_questions(ctx, doc.data.get("questions"))
    outcomes = _build_outcomes(ctx, settings)
    if outcomes and not any(p.is_error for p in problems):
        problems += uncovered_totals(ctx, questions, outcomes)
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
        data, found = check_mapping(ctx.doc, path, item, QUESTION_SHAPES[qtype], QUIZ)
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
            _curly_answers(ctx, path, data, question)
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
        if band.get("min") is None or band.get("max") is None:  # {}: not a mapping
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


# Quotes that normalize_text does not fold (it folds ‘ ’ into ', as phones type them).
_UNFOLDED_QUOTES = ("\u201c", "\u201d", "\u00ab", "\u00bb")


def _curly_answers(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], question: Question
) -> None:
    """Warn of an accepted answer or a pattern holding “ ” or « »: typed answers keep them,
    so only a learner typing the very same quotes would match."""
    listed = [
        ((*path, key, j), text)
        for key in ("answers", "patterns")
        for j, text in enumerate(data.get(key) or ())
        if isinstance(text, str)
    ]
    listed += [((*path, "text"), text) for text in accepted_answers(question) if "text" in data]
    for where, text in listed:
        bare = text.strip()
        if bare[:1] and CURLY_QUOTES.get(bare[0]) == bare[-1]:
            continue  # all of it between curly quotes: load_yaml warned already
        if any(quote in text for quote in _UNFOLDED_QUOTES):
            ctx.problems.append(
                warning(
                    ctx.pos(where),
                    _("the accepted answer “{text}” holds curly quotes").format(text=text),
                    _(
                        "learners type straight quotes: remove the quotes, or accept both "
                        "forms (‘ and ’ already count as ')"
                    ),
                )
            )


MAX_TOTALS = 10_000  # distinct totals followed at most; past it, the bands are not checked
MAX_PICKS = 12  # options of a question tried in every combination at most (4,096 picks)


def reachable_totals(questions: list[Question]) -> set[float] | None:
    """Every survey total a learner who answers every question can reach, or None when
    there are too many to follow. Each question's possible scores come from its type's own
    grader, given every single pick and every set of picks of its options, so no type is
    named here; the totals are then summed question by question."""
    totals = {0.0}
    for question in questions:
        options = getattr(question, "options", ())
        if len(options) > MAX_PICKS:
            return None
        ids = [option.id for option in options]
        responses: list[Any] = [*ids]
        responses += [
            [ids[i] for i in range(len(ids)) if mask >> i & 1] for mask in range(1, 1 << len(ids))
        ]
        grade = TYPES[question.type].grade
        scores = {round(g.survey_score, 9) for r in responses if (g := grade(question, r)).answered}
        totals = {round(t + s, 9) for t in totals for s in scores or {0.0}}
        if len(totals) > MAX_TOTALS:
            return None
    return totals


def uncovered_totals(
    ctx: QuizContext, questions: list[Question], outcomes: tuple[Outcome, ...]
) -> list[Problem]:
    """A warning for each run of reachable totals that no band holds: a learner who scores
    one of them sees no profile."""
    where = ctx.pos(("outcomes",), key=True)
    totals = reachable_totals(questions)
    if totals is None:
        return [
            warning(
                where,
                _("too many possible totals to check that each falls in a band"),
                _("check by hand that the bands leave no gap"),
            )
        ]
    runs: list[list[float]] = []
    previous_uncovered = False
    for total in sorted(totals):
        uncovered = not any(band.contains(total) for band in outcomes)
        if uncovered:
            if previous_uncovered:
                runs[-1].append(total)
            else:
                runs.append([total])
        previous_uncovered = uncovered
    return [
        warning(
            where,
            _("a learner who scores {low} falls in no band").format(low=_num(run[0]))
            if len(run) == 1
            else _("a learner who scores from {low} to {high} falls in no band").format(
                low=_num(run[0]), high=_num(run[-1])
            ),
            _("add a band for it, or widen a neighbouring band's `min` or `max`"),
        )
        for run in runs
    ]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)

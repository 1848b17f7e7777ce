"""Reference values for the browser port of the engine (static/liane-grading.js).

The grading vectors (tests/vectors/grading.json) pin single answers; what only the engine
computes is pinned here, in tests/vectors/plans.json: the seeded generator, attempt plans
(draw, question and option shuffles), attempt results, quiz weights and course status.
tests/js/grading.test.js checks the JavaScript port against that file.

The file is generated from the engine, never edited by hand. When the engine changes on
purpose, rewrite it with

    .venv/bin/python tests/core/test_js_fixtures.py

and make the same change in static/liane-grading.js (`node --test tests/js/` tells).
Numbers are chosen exactly representable (halves, quarters), so the sums do not depend on
the Python version.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.model import (
    Blank,
    Choice,
    Completion,
    Course,
    FillBlanks,
    Lesson,
    Likert,
    Matching,
    Module,
    MultipleChoice,
    Numeric,
    Open,
    Option,
    Ordering,
    Outcome,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.numbers import format_percent, format_points
from engine.rules import (
    AttemptPlan,
    AttemptResult,
    QuizRecord,
    SeededRandom,
    attempts_left,
    course_status,
    grade_attempt,
    may_reveal,
    plan_attempt,
    quiz_weight,
)

# Points and scores as learners read them (engine/numbers.py): ties, binary near-ties,
# trailing zeros, negative zero.
NUMBERS = [
    7.333333,
    7.666666,
    8.0,
    0,
    0.125,
    2.5,
    1.005,
    12.1,
    -0.001,
    100,
    0.1 + 0.2,
    33.335,
    0.995,
    1234.5678,
]

FRACTIONS = [0.925, 0.125, 0.005, 0.915, 1.0, 0.0, 2 / 3, 0.4449999, 0.745, 0.335]

PLANS = Path(__file__).resolve().parent.parent / "vectors" / "plans.json"
REGENERATE = ".venv/bin/python tests/core/test_js_fixtures.py"
SEEDS = [0, 1, 42, 2**31 - 1, 123456789]
# Seeds outside 0..2**32-1 too: both languages keep the low 32 bits.
RANDOM_SEEDS = [*SEEDS, 2**32 - 1, 2**32 + 5, -1]


def _choices(*texts: str) -> tuple[Choice, ...]:
    return tuple(Choice(id=chr(ord("a") + i), text=t) for i, t in enumerate(texts))


def _options(*specs: tuple[str, bool, str, float | None]) -> tuple[Option, ...]:
    return tuple(
        Option(id=chr(ord("a") + i), text=text, correct=correct, feedback=feedback, score=score)
        for i, (text, correct, feedback, score) in enumerate(specs)
    )


FEEDBACK: dict[str, Any] = {
    "feedback_correct": "<p>Bravo.</p>",
    "feedback_wrong": "<p>Relisez la leçon.</p>",
}

MIXED = Quiz(
    id="module-1/quiz-mixed",
    source="module-1/quiz-mixed.yml",
    title="Mixed, drawn",
    pass_mark=0.6,
    max_attempts=3,
    shuffle_questions=True,
    shuffle_options=True,
    draw=5,
    questions=(
        SingleChoice(
            id="q1",
            points=2,
            **FEEDBACK,
            options=_options(
                ("Égalité", True, "<p>Oui : égalité.</p>", None),
                ("Équité", False, "<p>Non, c'est l'équité.</p>", None),
                ("Parité", False, "", None),
            ),
        ),
        MultipleChoice(
            id="q2",
            points=1.5,
            **FEEDBACK,
            options=_options(
                ("A", True, "<p>A est juste.</p>", None),
                ("B", True, "", None),
                ("C", False, "<p>C est faux.</p>", None),
                ("D", False, "", None),
            ),
        ),
        TrueFalse(
            id="q3",
            answer=False,
            feedback_true="<p>Non.</p>",
            feedback_false="<p>Exact.</p>",
            **FEEDBACK,
        ),
        ShortAnswer(
            id="q4",
            points=0.5,
            answers=("l'égalité", "aujourd’hui"),
            patterns=("(l')?[ée]galit[ée] (femmes?|hommes?)",),
            ignore_accents=True,
            **FEEDBACK,
        ),
        Numeric(id="q5", points=3, answer=12.5, tolerance=0.25, **FEEDBACK),
        FillBlanks(
            id="q6",
            segments=("<p>", " et ", "</p>"),
            blanks=(Blank(id="1", answers=("genre",)), Blank(id="2", answers=("sexe", "le sexe"))),
            **FEEDBACK,
        ),
        Open(id="q7", min_words=5),
    ),
)

ARRANGE = Quiz(
    id="quiz-arrange",
    source="quiz-arrange.yml",
    title="Orders and pairs",
    pass_mark=0.75,
    shuffle_questions=True,
    shuffle_options=True,
    questions=(
        Ordering(
            id="o1",
            items=_choices("Analyse", "Conception", "Mise en œuvre", "Suivi"),
            solution=("a", "b", "c", "d"),
            **FEEDBACK,
        ),
        Ordering(
            id="o2",
            points=2,
            items=_choices("Un", "Deux", "Trois"),
            solution=("c", "a", "b"),
            scoring="partial",
        ),
        Ordering(id="o3", items=_choices("Avant", "Après"), solution=("a", "b")),
        Matching(
            id="m1",
            lefts=tuple(Choice(id=str(i + 1), text=t) for i, t in enumerate(("G0", "G1", "G2"))),
            rights=_choices("Aucun", "Principal", "Significatif", "Distracteur"),
            solution=(("1", "a"), ("2", "c"), ("3", "b")),
            **FEEDBACK,
        ),
        Matching(
            id="7",
            points=0.5,
            lefts=(Choice(id="1", text="x"), Choice(id="2", text="y")),
            rights=_choices("un", "deux"),
            solution=(("1", "b"), ("2", "a")),
            scoring="all_or_nothing",
        ),
        MultipleChoice(
            id="mc",
            scoring="all_or_nothing",
            options=_options(("A", True, "", None), ("B", False, "", None), ("C", True, "", None)),
        ),
    ),
)

PLAIN = Quiz(
    id="quiz-plain",
    source="quiz-plain.yml",
    title="No shuffle",
    pass_mark=1.0,
    questions=(
        SingleChoice(id="s1", options=_options(("Oui", True, "", None), ("Non", False, "", None))),
        Matching(
            id="m1",
            lefts=(Choice(id="1", text="x"), Choice(id="2", text="y")),
            rights=_choices("un", "deux", "trois"),
            solution=(("1", "b"), ("2", "c")),
        ),
        Ordering(id="o1", items=_choices("A", "B", "C"), solution=("b", "c", "a")),
        Likert(id="l1", statements=_choices("Clair", "Utile"), scale=("1", "2", "3")),
        Numeric(id="n1", points=2, answer=-3, tolerance=0),
    ),
)

SURVEY = Quiz(
    id="self-diagnosis",
    source="self-diagnosis.yml",
    title="G0/G1/G2",
    kind="survey",
    shuffle_options=True,
    # Totals 1.5, 2.5 and 3.5 fall between the bands: no outcome.
    outcomes=(
        Outcome(min=0, max=1, title="G0", text="<p>Pas encore.</p>"),
        Outcome(min=2, max=3, title="G1", text="<p>Objectif significatif.</p>"),
        Outcome(min=4, max=5, title="G2"),
    ),
    questions=(
        SingleChoice(
            id="s1",
            options=_options(
                ("Jamais", False, "<p>Commencez par là.</p>", 0),
                ("Parfois", False, "", 1),
                ("Toujours", False, "<p>Très bien.</p>", 2.5),
            ),
        ),
        MultipleChoice(
            id="s2",
            options=_options(
                ("Budget", False, "", 1),
                ("Indicateurs", False, "<p>Oui.</p>", 1.5),
                ("Aucun", False, "", 0),
            ),
        ),
        Likert(id="s3", statements=_choices("Clair", "Utile"), scale=("1", "2", "3", "4")),
        TrueFalse(id="s4", feedback_true="<p>Noté.</p>"),
        Open(id="s5"),
    ),
)

QUIZZES = [MIXED, ARRANGE, PLAIN, SURVEY]

RESPONSES: dict[str, dict[str, dict[str, Any]]] = {
    MIXED.id: {
        "right": {
            "q1": "a",
            "q2": ["b", "a"],
            "q3": False,
            "q4": "L’ÉGALITÉ",
            "q5": " 12,5 ",
            "q6": ["Genre", "le  sexe"],
            "q7": "Une réponse libre assez longue.",
        },
        "mixed": {
            "q1": "b",
            "q2": ["a", "c", "a"],
            "q3": True,
            "q4": "egalite femmes",
            "q5": "12.8",
            "q6": ["genre", ""],
            "q7": "",
        },
        "junk": {
            "q1": ["a"],
            "q2": "a",
            "q3": "false",
            "q4": 7,
            "q5": "1e1",
            "q6": "genre",
            "q7": None,
            "unknown": "a",
        },
        "empty": {},
    },
    ARRANGE.id: {
        "right": {
            "o1": ["a", "b", "c", "d"],
            "o2": ["c", "a", "b"],
            "o3": ["a", "b"],
            "m1": {"1": "a", "2": "c", "3": "b"},
            "7": {"1": "b", "2": "a"},
            "mc": ["c", "a"],
        },
        "mixed": {
            "o1": ["a", "b", "d", "c"],
            "o2": ["c", "b"],
            "o3": ["b", "a"],
            "m1": {"1": "a", "2": "d", "3": "z"},
            "7": {"1": "b"},
            "mc": ["a"],
        },
        "junk": {
            "o1": "abcd",
            "o2": {"0": "c"},
            "o3": [],
            "m1": ["a", "c", "b"],
            "7": {"1": 1},
            "mc": ["a", 3, "c", "zz"],
        },
        "empty": {},
    },
    PLAIN.id: {
        "right": {
            "s1": "a",
            "m1": {"1": "b", "2": "c"},
            "o1": ["b", "c", "a"],
            "l1": {"a": 3, "b": 1},
            "n1": "-3",
        },
        "mixed": {
            "s1": "b",
            "m1": {"1": "b", "2": "a"},
            "o1": ["b", "a", "c"],
            "l1": {"a": True},
            "n1": "-3,0001",
        },
        "empty": {},
    },
    SURVEY.id: {
        "low": {"s1": "a", "s2": ["c"], "s3": {"a": 1}, "s4": False, "s5": "Rien"},
        "middle": {"s1": "b", "s2": ["a"], "s4": True},
        "between": {"s1": "a", "s2": ["b", "b"], "s3": {"a": 2.5}},
        "high": {"s1": "c", "s2": ["a", "b", "c"], "s3": {"a": 4, "b": 4.0}, "s4": True},
        "empty": {},
    },
}


def _lesson(lesson_id: str) -> Lesson:
    return Lesson(
        id=lesson_id, source=f"{lesson_id}.md", title=lesson_id, html="", facilitator_html=""
    )


def _course(lessons: list[str], quizzes: list[Quiz], completion: Completion) -> Course:
    return Course(
        id="course",
        root=Path("."),
        title="Course",
        completion=completion,
        modules=(Module(title="M", items=(*map(_lesson, lessons), *quizzes)),),
    )


R = QuizRecord
# (name, lessons, quizzes, completion (lessons, quizzes), lessons seen, records)
COURSE_CASES: list[
    tuple[str, list[str], list[Quiz], tuple[str, str], list[str], dict[str, QuizRecord]]
] = [
    ("nothing-done", ["l1", "l2"], [MIXED, SURVEY], ("all", "passed"), [], {}),
    ("one-lesson-seen", ["l1", "l2"], [MIXED, SURVEY], ("all", "passed"), ["l1", "zz"], {}),
    (
        "survey-only-taken",
        ["l1"],
        [MIXED, SURVEY],
        ("all", "passed"),
        [],
        {SURVEY.id: R(1, None, False)},
    ),
    (
        "passed-all",
        ["l1", "l2"],
        [MIXED, ARRANGE, SURVEY],
        ("all", "passed"),
        ["l2", "l1"],
        {MIXED.id: R(1, 0.75, True), ARRANGE.id: R(2, 1.0, True)},
    ),
    (
        "one-quiz-failing",
        ["l1", "l2"],
        [MIXED, ARRANGE],
        ("all", "passed"),
        ["l1", "l2"],
        {MIXED.id: R(1, 0.5, False), ARRANGE.id: R(1, 1.0, True)},
    ),
    (
        "out-of-attempts",
        ["l1"],
        [MIXED, ARRANGE],
        ("all", "passed"),
        ["l1"],
        {MIXED.id: R(3, 0.5, False), ARRANGE.id: R(1, 1.0, True)},
    ),
    (
        "attempted-is-enough",
        ["l1"],
        [MIXED, PLAIN],
        ("all", "attempted"),
        ["l1"],
        {MIXED.id: R(1, 0.25, False), PLAIN.id: R(1, 0.5, False)},
    ),
    (
        "attempted-all-passed",
        ["l1"],
        [PLAIN],
        ("all", "attempted"),
        ["l1"],
        {PLAIN.id: R(4, 1.0, True)},
    ),
    (
        "lessons-not-needed",
        ["l1", "l2"],
        [ARRANGE],
        ("none", "passed"),
        [],
        {ARRANGE.id: R(1, 0.75, True)},
    ),
    ("quizzes-not-needed", ["l1"], [MIXED], ("all", "none"), ["l1"], {}),
    ("no-graded-quiz", ["l1"], [SURVEY], ("all", "passed"), ["l1"], {}),
    ("empty-course", [], [], ("all", "passed"), [], {}),
]


def _plan(plan: AttemptPlan) -> dict[str, Any]:
    return {
        "seed": plan.seed,
        "questions": list(plan.questions),
        "orders": {qid: list(order) for qid, order in plan.orders.items()},
    }


def _result(result: AttemptResult) -> dict[str, Any]:
    outcome = result.outcome
    return {
        "grades": {qid: g.to_dict() for qid, g in result.grades.items()},
        "points_earned": result.points_earned,
        "points_possible": result.points_possible,
        "score": result.score,
        "passed": result.passed,
        "survey_total": result.survey_total,
        "outcome": None
        if outcome is None
        else {"min": outcome.min, "max": outcome.max, "title": outcome.title, "text": outcome.text},
    }


def build() -> dict[str, Any]:
    """Everything plans.json holds, computed by the engine now."""
    random = []
    for seed in RANDOM_SEEDS:
        rng = SeededRandom(seed)
        floats = [rng.next_float() for _ in range(5)]
        random.append(
            {
                "seed": seed,
                "floats": floats,
                "shuffle": SeededRandom(seed).shuffle(list("abcdefgh")),
            }
        )
    attempts = []
    for quiz in QUIZZES:
        for seed in SEEDS:
            plan = plan_attempt(quiz, seed)
            attempts.append(
                {
                    "quiz": quiz.id,
                    "seed": seed,
                    "plan": _plan(plan),
                    "results": {
                        name: _result(grade_attempt(quiz, plan, responses))
                        for name, responses in RESPONSES[quiz.id].items()
                    },
                }
            )
    courses = []
    for name, lessons, quizzes, (need_lessons, need_quizzes), seen, records in COURSE_CASES:
        course = _course(lessons, quizzes, Completion(lessons=need_lessons, quizzes=need_quizzes))
        status = course_status(course, set(seen), records)
        courses.append(
            {
                "id": name,
                "course": {
                    "lessons": lessons,
                    "quizzes": [q.id for q in quizzes],
                    "completion": {"lessons": need_lessons, "quizzes": need_quizzes},
                },
                "lessons_seen": seen,
                "records": {
                    qid: {"attempts": r.attempts, "best_score": r.best_score, "passed": r.passed}
                    for qid, r in records.items()
                },
                "expected": {
                    "state": status.state,
                    "completed": status.completed,
                    "score": status.score,
                    "lessons_done": status.lessons_done,
                    "lessons_total": status.lessons_total,
                },
            }
        )
    reveal = [
        {
            "quiz": quiz.id,
            "used": used,
            "passed": passed,
            "left": attempts_left(quiz, used),
            "reveal": may_reveal(quiz, used=used, passed=passed),
        }
        for quiz in QUIZZES
        for used in range(5)
        for passed in (False, True)
    ]
    return {
        "description": (
            "Reference values of engine/rules.py for the JavaScript port "
            "(static/liane-grading.js): SeededRandom floats and shuffles, plan_attempt and "
            "grade_attempt for each quiz, seed and response set, quiz_weight, course_status, "
            "attempts_left and may_reveal (when right answers may be shown), points as "
            "learners read them (engine/numbers.py). "
            "`quizzes` are Quiz.to_runtime_dict(); a course lists quiz ids. Generated, do not "
            f"edit: `{REGENERATE}` rewrites it; tests/core/test_js_fixtures.py checks it is "
            "current."
        ),
        "seeds": SEEDS,
        "random": random,
        "quizzes": [quiz.to_runtime_dict() for quiz in QUIZZES],
        "responses": RESPONSES,
        "weights": {quiz.id: quiz_weight(quiz) for quiz in QUIZZES},
        "attempts": attempts,
        "courses": courses,
        "reveal": reveal,
        "numbers": [
            {"value": value, "fr": format_points(value, "fr"), "en": format_points(value, "en")}
            for value in NUMBERS
        ],
        "percents": [
            {"fraction": fraction, "text": format_percent(fraction)} for fraction in FRACTIONS
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_plans_json_is_what_the_engine_computes() -> None:
    expected = json.loads(dump(build()))
    assert PLANS.exists(), f"tests/vectors/plans.json is missing: run `{REGENERATE}`"
    committed = json.loads(PLANS.read_text(encoding="utf-8"))
    assert committed == expected, (
        f"tests/vectors/plans.json no longer matches the engine: run `{REGENERATE}` to "
        "rewrite it, then `node --test tests/js/` to check the JavaScript port"
    )


def test_fixtures_cover_what_the_port_must_reproduce() -> None:
    data = build()
    assert {r["seed"] for r in data["random"]} >= set(SEEDS)
    plans = [a["plan"] for a in data["attempts"]]
    mixed = [p for a, p in zip(data["attempts"], plans, strict=True) if a["quiz"] == MIXED.id]
    assert all(len(p["questions"]) == MIXED.draw for p in mixed)
    assert len({tuple(p["questions"]) for p in mixed}) > 1  # draws differ by seed
    types = {q["type"] for quiz in data["quizzes"] for q in quiz["questions"]}
    assert types == {
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
        "numeric",
        "matching",
        "ordering",
        "fill_blanks",
        "likert",
        "open",
    }
    outcomes = {
        r["outcome"]["title"]
        for a in data["attempts"]
        for r in a["results"].values()
        if r["outcome"]
    }
    assert outcomes == {"G0", "G1", "G2"}
    assert any(
        r["outcome"] is None
        for a in data["attempts"]
        if a["quiz"] == SURVEY.id
        for r in a["results"].values()
    )
    states = {c["expected"]["state"] for c in data["courses"]}
    assert states == {"not_started", "in_progress", "completed", "passed", "failed"}


if __name__ == "__main__":
    PLANS.write_text(dump(build()), encoding="utf-8")
    print(f"wrote {PLANS}")

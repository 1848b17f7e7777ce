"""The live tallies (engine/player/live_tally.py): what the room sees of its answers, for a
question of every type, with exact counts; and the end (live_summary.py): the summary,
scores and survey bands, an answer as a report reads it."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from engine.grading import grade
from engine.loader import load_course
from engine.model import Course, Question, Quiz
from engine.player import live_summary, live_tally
from engine.player.live_summary import (
    answer_text,
    scores,
    summary,
    survey_bands,
    survey_totals,
)
from engine.player.live_tally import Bar, Given, ScaleRow, distribution, kind_of
from engine.questions import TYPES

QUIZ = """\
title: Tout
questions:
  - id: choix
    type: single_choice
    prompt: Le genre est-il biologique ?
    options:
      - text: Oui
      - text: Non
        correct: true
      - text: "*Parfois*"
  - id: plusieurs
    type: multiple_choice
    prompt: Lesquelles ?
    points: 2
    options:
      - {text: Rouge, correct: true}
      - {text: Vert}
      - {text: Bleu, correct: true}
  - id: vrai
    type: true_false
    prompt: Les données ventilées sont utiles.
    answer: true
  - id: ordre
    type: ordering
    prompt: Dans l'ordre
    items: [Un, Deux, Trois]
  - id: paires
    type: matching
    prompt: Associez
    pairs:
      - {left: Chat, right: Miaou}
      - {left: Chien, right: Ouaf}
  - id: trous
    type: fill_blanks
    prompt: Complétez
    text: La capitale est [[Paris]] et le fleuve la [[Seine|seine]].
  - id: ville
    type: short_answer
    prompt: La capitale ?
    answers: [Paris]
  - id: nombre
    type: numeric
    prompt: Combien ?
    answer: 42
  - id: part
    type: numeric_range
    prompt: Quelle part ?
    answer: [40, 50]
    unit: "%"
  - id: avis
    type: likert
    prompt: Votre avis
    statements: [Clair, Utile]
    scale: [Non, Bof, Oui]
  - id: libre
    type: open
    prompt: Un mot ?
"""
SURVEY = """\
title: Diagnostic
kind: survey
outcomes:
  - {min: 0, max: 1, title: G0}
  - {min: 2, max: 3, title: G1}
  - {min: 4, max: 4, title: G2}
questions:
  - id: analyse
    type: single_choice
    prompt: Une analyse ?
    options:
      - {text: Non, score: 0}
      - {text: En partie, score: 1}
      - {text: Oui, score: 2}
  - id: objectif
    type: single_choice
    prompt: Un objectif ?
    options:
      - {text: Non, score: 0}
      - {text: Un parmi d'autres, score: 1}
      - {text: Le principal, score: 3}
"""


@pytest.fixture
def course(make_course: Callable[..., Path]) -> Course:
    loaded, problems = load_course(make_course({"tout.yml": QUIZ, "diagnostic.yml": SURVEY}))
    assert loaded is not None, problems
    return loaded


def quiz_of(course: Course, quiz_id: str) -> Quiz:
    quiz = course.item(quiz_id)
    assert isinstance(quiz, Quiz)
    return quiz


def question(course: Course, question_id: str) -> Question:
    found = quiz_of(course, "tout").question(question_id)
    assert found is not None
    return found


def given(q: Question, *responses: Any, hidden: tuple[int, ...] = ()) -> list[Given]:
    """The responses as answers of participants 1, 2..., graded by the engine."""
    return [
        Given(
            participant=i,
            value=response,
            grade=grade(q, response).to_dict(),
            text=response if isinstance(response, str) else None,
            hidden=i in hidden,
        )
        for i, response in enumerate(responses, start=1)
    ]


def bars(d: live_tally.Distribution) -> list[tuple[str, str, int, int, bool | None]]:
    return [(b.key, str(b.label), b.count, b.total, b.right) for b in d.bars]


def test_each_type_gets_its_kind_from_its_hooks() -> None:
    from engine.model import QUESTION_CLASSES

    kinds = {name: kind_of(QUESTION_CLASSES[name](id="x")) for name in TYPES}
    assert kinds == {
        "single_choice": "options",
        "multiple_choice": "options",
        "true_false": "options",
        "short_answer": "frequent",
        "numeric": "frequent",
        "numeric_range": "frequent",
        "matching": "parts",
        "ordering": "parts",
        "fill_blanks": "parts",
        "likert": "scale",
        "open": "words",
    }


def test_single_choice_bars_in_the_rooms_order_right_marked_only_when_revealed(
    course: Course,
) -> None:
    q = question(course, "choix")
    answers = given(q, "a", "b", "b", None)  # the 4th sent nothing: not counted
    d = distribution(q, answers)
    assert (d.kind, d.answered, d.revealed) == ("options", 3, False)
    assert bars(d) == [
        ("a", "Oui", 1, 3, None),
        ("b", "Non", 2, 3, None),
        ("c", "<em>Parfois</em>", 0, 3, None),
    ]
    assert d.top == 2
    shown = distribution(q, answers, reveal=True, order=["c", "a", "b"])
    assert bars(shown) == [
        ("c", "<em>Parfois</em>", 0, 3, False),
        ("a", "Oui", 1, 3, False),
        ("b", "Non", 2, 3, True),
    ]
    assert [b.percent for b in shown.bars] == [0, 33, 67]
    assert isinstance(shown.bars[0].label, Markup)  # the course's HTML, drawn as is


def test_multiple_choice_counts_each_pick(course: Course) -> None:
    q = question(course, "plusieurs")
    d = distribution(q, given(q, ["a", "c"], ["a"], ["b", "c"]), reveal=True)
    assert bars(d) == [
        ("a", "Rouge", 2, 3, True),
        ("b", "Vert", 1, 3, False),
        ("c", "Bleu", 2, 3, True),
    ]


def test_true_false_in_the_courses_language(course: Course) -> None:
    q = question(course, "vrai")
    answers = given(q, True, True, False)
    assert bars(distribution(q, answers, reveal=True, language="fr")) == [
        ("true", "Vrai", 2, 3, True),
        ("false", "Faux", 1, 3, False),
    ]
    assert bars(distribution(q, answers, language="en")) == [
        ("true", "True", 2, 3, None),
        ("false", "False", 1, 3, None),
    ]


def test_ordering_share_right_per_position(course: Course) -> None:
    q = question(course, "ordre")
    solution = list(q.solution)  # type: ignore[attr-defined]
    swapped = [solution[1], solution[0], solution[2]]
    d = distribution(q, given(q, solution, swapped, ["", "", ""]), language="fr")
    assert d.kind == "parts" and d.answered == 2  # three blanks answer nothing
    assert bars(d) == [
        ("1", "Position 1", 1, 2, None),
        ("2", "Position 2", 1, 2, None),
        ("3", "Position 3", 2, 2, None),
    ]


def test_matching_share_right_per_left_item(course: Course) -> None:
    q = question(course, "paires")
    right = dict(q.solution)  # type: ignore[attr-defined]
    wrong = {"1": right["2"], "2": right["1"]}
    d = distribution(q, given(q, right, wrong, {"1": right["1"]}))
    assert bars(d) == [("1", "Chat", 2, 3, None), ("2", "Chien", 1, 3, None)]


def test_fill_blanks_share_right_per_blank(course: Course) -> None:
    q = question(course, "trous")
    d = distribution(
        q, given(q, ["Paris", "seine"], ["Lyon", "Seine"], ["paris", ""]), language="fr"
    )
    assert bars(d) == [
        ("1", "Champ à compléter 1", 2, 3, None),
        ("2", "Champ à compléter 2", 2, 3, None),
    ]
    assert [b.label for b in distribution(q, [], language="en").bars] == ["Blank 1", "Blank 2"]


def test_short_answers_grouped_as_the_grader_compares_them(course: Course) -> None:
    q = question(course, "ville")
    answers = given(
        q, "Paris", " paris ", "Lyon", "PARIS", "lyon", "<b>Nice</b>", "Marseille", hidden=(7,)
    )
    d = distribution(q, answers, reveal=True)
    assert (d.kind, d.answered, d.hidden, d.others) == ("frequent", 7, 1, 0)
    # Ties between spellings: the first in code point order ("PARIS" < "Paris" < "paris").
    assert bars(d) == [
        ("PARIS", "PARIS", 3, 7, True),
        ("Lyon", "Lyon", 2, 7, False),
        ("<b>Nice</b>", "&lt;b&gt;Nice&lt;/b&gt;", 1, 7, False),  # a participant's: escaped
    ]
    assert [b.members for b in d.bars] == [(1, 2, 4), (3, 5), (6,)]
    assert [b.right for b in distribution(q, answers).bars] == [None, None, None]


def test_short_answers_beyond_the_most_frequent_are_counted(course: Course) -> None:
    q = question(course, "ville")
    typed = [f"ville {n}" for n in range(live_tally.FREQUENT + 2)]
    d = distribution(q, given(q, *typed))
    assert (len(d.bars), d.others) == (live_tally.FREQUENT, 2)


def test_numbers_grouped_by_the_number_read(course: Course) -> None:
    q = question(course, "nombre")
    d = distribution(q, given(q, "42", "42,0", "41.5", " 41,5", "quarante"), reveal=True)
    assert bars(d) == [
        ("41,5", "41,5", 2, 5, False),
        ("42", "42", 2, 5, True),
        ("quarante", "quarante", 1, 5, False),
    ]


def test_numeric_range(course: Course) -> None:
    q = question(course, "part")
    d = distribution(q, given(q, "45", "45,0", "60", "  ", "environ 45"), reveal=True)
    assert (d.kind, d.answered) == ("frequent", 4)  # spaces alone answer nothing
    assert bars(d) == [
        ("45", "45", 2, 4, True),
        ("60", "60", 1, 4, False),
        ("environ 45", "environ 45", 1, 4, False),
    ]


def test_likert_rows_per_statement(course: Course) -> None:
    q = question(course, "avis")
    d = distribution(q, given(q, {"1": 1, "2": 3}, {"1": 3}, {"1": 3, "2": 3}, {}))
    assert (d.kind, d.answered, d.scale) == ("scale", 3, ("Non", "Bof", "Oui"))
    assert d.rows == (
        ScaleRow("1", Markup("Clair"), (1, 0, 2)),
        ScaleRow("2", Markup("Utile"), (0, 0, 2)),
    )
    assert [r.total for r in d.rows] == [3, 2]


def test_open_answers_as_words_hidden_ones_left_out(course: Course) -> None:
    q = question(course, "libre")
    answers = given(q, "Utile", " utile  ", "Trop  long", "insulte", "", hidden=(4,))
    d = distribution(q, answers, reveal=True)
    assert (d.kind, d.answered, d.hidden) == ("words", 4, 1)
    assert bars(d) == [("Utile", "Utile", 2, 4, None), ("Trop long", "Trop long", 1, 4, None)]
    assert d.bars[0] == Bar("Utile", Markup("Utile"), 2, 4, None, (1, 2))


def test_summary_share_right_and_most_common_wrong_answers(course: Course) -> None:
    quiz = quiz_of(course, "tout")
    by_id = {q.id: q for q in quiz.questions}
    solution = list(by_id["ordre"].solution)  # type: ignore[attr-defined]
    responses = {
        "choix": ["a", "b", "c", "a"],
        "plusieurs": [["a", "c"], ["a", "b"], ["b"]],
        "vrai": [True, False],
        "ordre": [solution, [solution[1], solution[0], solution[2]]],
        "ville": ["Paris", "Lyon", "lyon", "Nice", "Rome", "Marseille"],
        "libre": ["Utile"],
        "avis": [{"1": 2}],
    }
    answers = {qid: given(by_id[qid], *values) for qid, values in responses.items()}
    found = {s.question.id: s for s in summary(quiz.questions, answers, language="fr")}
    assert [s.question.id for s in summary(quiz.questions, answers)] == [
        q.id for q in quiz.questions
    ]
    table = {
        qid: (s.answered, s.right, [(str(text), n) for text, n in s.wrong])
        for qid, s in found.items()
    }
    assert table == {
        "choix": (4, 1, [("Oui", 2), ("<em>Parfois</em>", 1)]),
        "plusieurs": (3, 1, [("Vert", 2)]),
        "vrai": (2, 1, [("Faux", 1)]),
        "ordre": (2, 1, [("Position 1", 1), ("Position 2", 1)]),
        "paires": (0, 0, []),
        "trous": (0, 0, []),
        "ville": (6, 1, [("Lyon", 2), ("Marseille", 1), ("Nice", 1)]),
        "nombre": (0, 0, []),
        "part": (0, 0, []),
        "avis": (1, None, []),
        "libre": (1, None, []),
    }
    assert found["choix"].share_right == 0.25
    assert found["avis"].share_right is None and found["paires"].share_right is None


def test_scores_sum_points_of_the_questions_that_count(course: Course) -> None:
    quiz = quiz_of(course, "tout")
    by_id = {q.id: q for q in quiz.questions}
    answers = {
        "choix": given(by_id["choix"], "b", "a"),
        "plusieurs": given(by_id["plusieurs"], ["a"], ["a", "c"]),  # 2 points, partial: 0.5
        "libre": given(by_id["libre"], "Utile", "Bof"),  # never scored
        "gone": given(by_id["choix"], "b", "b"),  # no longer in the course: not counted
    }
    found = scores(quiz, quiz.questions, answers, participants=[3, 1, 2])
    # 9 questions with a right answer: 8 of 1 point, one of 2.
    assert [(s.participant, s.points, s.possible, s.answered) for s in found.values()] == [
        (3, 0.0, 10.0, 0),
        (1, 2.0, 10.0, 3),
        (2, 2.0, 10.0, 3),
    ]
    assert found[1].share == 0.2


def test_survey_bands_of_the_room(course: Course) -> None:
    survey = quiz_of(course, "diagnostic")
    analyse, objectif = survey.questions
    answers = {
        "analyse": given(analyse, "a", "b", "c", "c"),
        "objectif": given(objectif, "b", "b", "c", "b"),
    }
    totals = survey_totals(answers)
    assert totals == {1: 1.0, 2: 2.0, 3: 5.0, 4: 3.0}
    bands = survey_bands(survey, totals)
    assert bands is not None
    assert [(b.outcome.title, b.count) for b in bands.bands] == [("G0", 1), ("G1", 2), ("G2", 0)]
    assert (bands.no_band, bands.total) == (1, 4)  # 5 falls in no band
    assert survey_bands(quiz_of(course, "tout"), totals) is None  # a graded quiz


def test_answers_as_text(course: Course) -> None:
    quiz = quiz_of(course, "tout")
    by_id = {q.id: q for q in quiz.questions}
    solution = list(by_id["ordre"].solution)  # type: ignore[attr-defined]
    items = {c.id: c.text for c in by_id["ordre"].items}  # type: ignore[attr-defined]
    rights = dict(by_id["paires"].solution)  # type: ignore[attr-defined]

    def text(qid: str, value: Any, language: str = "fr") -> str:
        return answer_text(by_id[qid], given(by_id[qid], value)[0], language)

    assert text("choix", "c") == "C. Parfois"
    assert text("plusieurs", ["c", "a"]) == "A. Rouge | C. Bleu"
    assert text("vrai", False) == "Faux"
    assert text("vrai", True, "en") == "True"
    assert text("ordre", [solution[2], "", solution[0]]) == (
        f"Position 1: {items[solution[2]]} | Position 2: – | Position 3: {items[solution[0]]}"
    )
    assert text("paires", {"2": rights["2"]}) == "Chat: – | Chien: Ouaf"
    assert text("trous", ["<Paris>", ""]) == "Champ à compléter 1: <Paris> | Champ à compléter 2: –"
    assert text("ville", "  Saint  Denis ") == "Saint Denis"
    assert text("part", "45") == "45"
    assert text("avis", {"2": 3}) == "Utile: Oui"
    assert text("libre", "Trop long") == "Trop long"
    assert text("choix", None) == ""


@pytest.mark.parametrize("module", [live_tally, live_summary])
def test_the_tallies_import_no_web_or_database_code(module: Any) -> None:
    """Pure: the live pages, the reports and any future caller draw the same figures."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in node.names]
        )
    }
    assert not {
        name
        for name in imported
        if name.split(".")[0] in {"flask", "flask_babel", "sqlalchemy", "werkzeug"}
        or (name.startswith("engine.player") and name != "engine.player.live_tally")
    }

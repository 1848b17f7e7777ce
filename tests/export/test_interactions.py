"""The static part of the SCORM interactions, computed at export (export/interactions.py): types,
correct-response patterns, weightings, descriptions and ids, in each standard's format.

The runtime formats the learner's responses the same way (tests/js/runtime.test.js); the
browser tests check that a right answer's response equals its pattern in a real LMS harness.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest

from engine.loader import load_library
from engine.model import (
    Blank,
    Choice,
    FillBlanks,
    Likert,
    Matching,
    Numeric,
    Open,
    Option,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
    question_from_runtime,
)
from engine.questions import TYPES
from engine.questions.numeric_range import NumericRange
from export.interactions import (
    KINDS,
    cmi_text,
    correct_pattern,
    cut,
    decimal,
    description,
    interaction,
    interaction_id,
    interaction_type,
    number,
)
from export.scorm import ScormOptions, export_scorm
from export.site import Page, course_data
from tests.helpers.courses import ROOT, bundled_dir

STANDARDS = ("scorm12", "scorm2004")
QUIZ = Quiz(id="quiz-1", source="quiz-1.yml", title="Quiz")
SURVEY = Quiz(id="survey", source="survey.yml", title="Survey", kind="survey")

# The spec of each type's interaction, shared with tests/js/runtime.test.js: a question of
# every type in runtime shape, its interaction type and pattern in each standard, and the
# runtime's responses. A new type adds its question there, not here.
SPEC: dict[str, Any] = json.loads(
    (ROOT / "tests" / "vectors" / "interactions.json").read_text(encoding="utf-8")
)
ENTRIES: dict[str, dict[str, Any]] = {entry["name"]: entry for entry in SPEC["questions"]}
Q: dict[str, Question] = {
    name: question_from_runtime(entry["question"]) for name, entry in ENTRIES.items()
}


def options(*ids: str, correct: str = "") -> tuple[Option, ...]:
    return tuple(Option(id=i, text=i.upper(), correct=i in correct) for i in ids)


def test_the_spec_file_has_its_shape() -> None:
    assert set(SPEC) == {"description", "questions"} and SPEC["description"]
    assert len(ENTRIES) == len(SPEC["questions"]), "duplicate names"
    for name, entry in ENTRIES.items():
        assert set(entry) == {"name", "note", "question", *STANDARDS, "responses"}, name
        assert entry["note"], name
        for standard in STANDARDS:
            assert set(entry[standard]) == {"type", "pattern"}, name
        for case in entry["responses"]:
            assert set(case) == {"response", *STANDARDS}, name


@pytest.mark.parametrize("name", list(ENTRIES))
def test_the_spec_questions_are_in_runtime_shape(name: str) -> None:
    """The runtime's tests read the same dicts as the packages carry."""
    assert Q[name].to_runtime_dict() == ENTRIES[name]["question"]


@pytest.mark.parametrize("name", list(ENTRIES))
def test_type_and_pattern_of_every_question_type(name: str) -> None:
    for standard in STANDARDS:
        expected = ENTRIES[name][standard]
        assert interaction_type(Q[name], standard) == expected["type"], standard
        assert correct_pattern(Q[name], standard) == expected["pattern"], standard


def test_every_question_type_is_covered() -> None:
    assert {entry["question"]["type"] for entry in ENTRIES.values()} == set(TYPES)


@pytest.mark.parametrize("type_name", list(TYPES))
def test_every_question_type_has_a_response_written_in_each_standard(type_name: str) -> None:
    """So that the runtime's tests pass a response of every type to the strict checker."""
    cases = [
        case
        for entry in ENTRIES.values()
        if entry["question"]["type"] == type_name
        for case in entry["responses"]
    ]
    for standard in STANDARDS:
        assert any(case[standard] for case in cases), f"{type_name}: none in {standard}"


@pytest.mark.parametrize("standard", STANDARDS)
def test_no_pattern_where_there_is_no_answer_to_give(standard: str) -> None:
    assert correct_pattern(SingleChoice(id="s", options=options("a", "b")), standard) is None
    assert correct_pattern(TrueFalse(id="t"), standard) is None
    assert correct_pattern(ShortAnswer(id="s", patterns=("a+",)), standard) is None
    assert correct_pattern(ShortAnswer(id="s", answers=(" \n ",)), standard) is None
    assert correct_pattern(Matching(id="m"), standard) is None
    assert correct_pattern(Ordering(id="o"), standard) is None
    # More than 5 digits is no CMIDecimal for Moodle's SCORM 2004: nothing rather than a value
    # the LMS refuses.
    assert correct_pattern(Numeric(id="n", answer=123456), standard) is None
    assert correct_pattern(Numeric(id="n", answer=1e25), standard) is None


def test_a_range_needs_both_bounds() -> None:
    assert correct_pattern(NumericRange(id="r", answer=(-0.5, 123456)), "scorm2004") is None
    assert correct_pattern(NumericRange(id="r", answer=(-1.25, -1.25)), "scorm2004") == (
        "-1.25[:]-1.25"
    )
    high = Numeric(id="n", answer=9999999999.5, tolerance=0.5)
    assert correct_pattern(high, "scorm2004") is None
    assert correct_pattern(Numeric(id="n", answer=-1, tolerance=0.25), "scorm2004") == (
        "-1.25[:]-0.75"
    )
    assert correct_pattern(Numeric(id="n", answer=0.1, tolerance=0.2), "scorm2004") == (
        "-0.1[:]0.3"
    )  # 0.1 + 0.2 is 0.30000000000000004, written to 10 places


def test_scorm12_texts_fit_255_characters() -> None:
    short = ShortAnswer(id="s", answers=("é" * 300,))
    assert correct_pattern(short, "scorm12") == "é" * 255
    # 255 UTF-16 units: a character outside the BMP counts two and is never split.
    emoji = ShortAnswer(id="s", answers=("x" * 254 + "😀",))
    assert correct_pattern(emoji, "scorm12") == "x" * 254
    blanks = FillBlanks(
        id="f", blanks=tuple(Blank(id=str(i), answers=("mot" * 30,)) for i in range(4))
    )
    pattern = correct_pattern(blanks, "scorm12")
    assert pattern is not None and len(pattern) == 255
    assert pattern.startswith("mot" * 30 + ",")
    assert correct_pattern(Open(id="o"), "scorm12") is None


def test_scorm2004_texts_escape_delimiters_and_leading_braces() -> None:
    short = ShortAnswer(id="s", answers=("{lang=fr} a[,]b [.] c[:]d",))
    assert correct_pattern(short, "scorm2004") == "(lang=fr} a(,)b (.) c(:)d"
    # One line: LMSs check texts with "." regexes. JavaScript's whitespace, not Python's.
    lines = ShortAnswer(id="s", answers=("  un\r\ndeux\u2028trois\u00a0\ufeff ",))
    assert correct_pattern(lines, "scorm2004") == "un deux trois"
    assert cmi_text("a\x85b\x1c", 250) == "a\x85b\x1c"
    assert correct_pattern(ShortAnswer(id="s", answers=("x" * 400,)), "scorm2004") == "x" * 250


def test_scorm2004_blanks_are_one_string_each_ten_at_most() -> None:
    ten = FillBlanks(id="f", blanks=tuple(Blank(id=str(i), answers=(f"w{i}",)) for i in range(10)))
    assert correct_pattern(ten, "scorm2004") == "[,]".join(f"w{i}" for i in range(10))
    # The first blank has no answer: an empty text, trimmed like the rest.
    eleven = FillBlanks(
        id="f", blanks=tuple(Blank(id=str(i), answers=(f"w{i}",) if i else ()) for i in range(11))
    )
    assert correct_pattern(eleven, "scorm2004") == "| " + " | ".join(f"w{i}" for i in range(1, 11))
    long = FillBlanks(
        id="f", blanks=(Blank(id="1", answers=("y" * 300,)), Blank(id="2", answers=("[,]z",)))
    )
    assert correct_pattern(long, "scorm2004") == "y" * 250 + "[,](,)z"


def test_decimals_are_plain_and_round_as_javascript() -> None:
    assert decimal(100, 2) == "100"
    assert decimal(66.666666, 2) == "66.67"
    assert decimal(0.1 + 0.2, 4) == "0.3"
    assert decimal(1e-9, 4) == "0"
    assert decimal(-0.00001, 2) == "0"
    assert decimal(0.03125, 4) == "0.0313"  # toFixed: half away from zero, Python's: to even
    assert decimal(2.5, 0) == "3"
    assert decimal(1e20, 2) == "100000000000000000000"
    assert number(-1e-11) == "0"
    assert number(float("nan")) is None and number(None) is None


def test_weighting_counts_scored_questions_only() -> None:
    assert interaction(QUIZ, Q["single"], "scorm12")["weighting"] == "1"
    assert interaction(QUIZ, Numeric(id="n", points=2.5), "scorm12")["weighting"] == "2.5"
    assert interaction(QUIZ, Numeric(id="n", points=250), "scorm12")["weighting"] == "100"
    assert interaction(QUIZ, Q["likert"], "scorm12")["weighting"] == "0"
    assert interaction(QUIZ, Q["open"], "scorm12")["weighting"] == "0"
    assert interaction(QUIZ, TrueFalse(id="t"), "scorm12")["weighting"] == "0"
    assert interaction(SURVEY, Q["single"], "scorm2004")["weighting"] == "0"


def test_ids_are_identifiers_without_the_attempt() -> None:
    assert interaction_id("quiz-1", "q.2") == "quiz-1-q_2-"
    assert interaction_id("module 2/quiz", "é") == "module_2_quiz-_-"
    assert interaction_id("q", "😀") == "q-__-"  # one "_" per UTF-16 unit, as ever
    long = interaction_id("q" * 300, "x" * 300)
    assert len(long) == 237 and len(long + "65535") <= 250
    assert re.fullmatch(r"[A-Za-z0-9_-]+", long)


def test_description_is_the_prompt_text_in_scorm2004_only() -> None:
    prompt = "<p>Quel <strong>mot</strong> &amp; quel\n<em>sens</em> [,] ?</p><p>Un seul.</p>"
    assert description(prompt) == "Quel mot & quel sens (,) ?Un seul."
    assert description("<p>x</p><script>alert(1)</script>") == "x"
    question = SingleChoice(id="s", prompt=prompt, options=options("a", correct="a"))
    assert interaction(QUIZ, question, "scorm2004")["description"].startswith("Quel mot")
    assert "description" not in interaction(QUIZ, question, "scorm12")
    assert "description" not in interaction(QUIZ, SingleChoice(id="s"), "scorm2004")
    assert len(description("<p>" + "z" * 400 + "</p>")) == 250


def test_empty_values_are_left_out() -> None:
    assert interaction(QUIZ, Q["tf"], "scorm12") == {
        "id": "quiz-1-t-",
        "type": "true-false",
        "weighting": "1",
        "correct": "f",
    }
    assert interaction(SURVEY, Q["likert"], "scorm12") == {
        "id": "survey-l-",
        "type": "likert",
        "weighting": "0",
        "parts": [["1"], ["2"]],
    }


def test_a_likert_question_is_one_interaction_per_statement() -> None:
    """SCORM's likert rates one statement, its response one identifier (Moodle refuses
    "1/4"): the runtime writes one interaction per statement, "<id><attempt>-s<statement>",
    described in 2004 by the statement's text instead of the prompt."""
    question = Likert(
        id="l",
        prompt="<p>Votre avis</p>",
        scale=("non", "oui"),
        statements=(
            Choice(id="1", text="Le <em>genre</em> compte"),
            Choice(id="2", text="{x} [,] y"),
        ),
    )
    assert interaction(SURVEY, question, "scorm2004") == {
        "id": "survey-l-",
        "type": "likert",
        "weighting": "0",
        "parts": [["1", "Le genre compte"], ["2", "(x} (,) y"]],
    }


def test_cut_never_splits_a_surrogate_pair() -> None:
    assert cut("ab😀", 3) == "ab"
    assert cut("ab😀", 4) == "ab😀"
    assert cut("", 5) == ""


LIBRARY = load_library(bundled_dir())[0]
assert LIBRARY is not None


def course_json(standard: str) -> dict[str, Any]:
    """The LIANE_COURSE of genre-bases's package."""
    course = LIBRARY.course("genre-bases")
    assert course is not None
    with zipfile.ZipFile(io.BytesIO(export_scorm(course, ScormOptions(standard)))) as package:
        text = package.read("liane/index.data.js").decode()
    data: dict[str, Any] = json.loads(
        text.removeprefix("window.LIANE_COURSE = ").removesuffix(";\n")
    )
    return data


@pytest.mark.parametrize("standard", STANDARDS)
def test_the_course_data_carries_what_the_runtime_reports(standard: str) -> None:
    data = course_json(standard)
    course = LIBRARY.course("genre-bases")
    assert course is not None
    for quiz, entry in zip(course.quizzes, data["quizzes"], strict=True):
        for question, q in zip(quiz.questions, entry["questions"], strict=True):
            assert q["scorm"] == interaction(quiz, question, standard)
    assert data["cmi"]["api"] == ("API" if standard == "scorm12" else "API_1484_11")
    assert data["store_key"] == f"liane:genre-bases@{course.version}:{course.lessons[0].id}"


def test_the_course_data_marks_right_options_and_names_fields() -> None:
    data = course_json("scorm12")
    questions = {q["id"]: q for quiz in data["quizzes"] for q in quiz["questions"]}
    assert questions["genre-change"]["right_options"] == ["false"]
    assert questions["sexe-ou-genre"]["right_options"] == ["b"]
    assert questions["crenshaw"]["right_options"] == []
    assert "parts" not in questions["crenshaw"]
    assert questions["trois-roles"]["parts"] == [
        ["1", "q-trois-roles-1"],
        ["2", "q-trois-roles-2"],
        ["3", "q-trois-roles-3"],
    ]
    assert questions["cycle"]["parts"][:2] == [[0, "q-cycle-1"], [1, "q-cycle-2"]]


def test_labels_have_the_colon_of_their_language() -> None:
    for course_id, colon in (("genre-bases", " : "), ("gender-basics-en", ": ")):
        course = LIBRARY.course(course_id)
        assert course is not None
        page = Page("index.html", course.title, tuple(course.items()))
        text = course_data(course, page, standard="scorm12", failed_as="failed")
        assert re.search(r'"score":"[^"]+' + re.escape(colon) + '"', text), course_id


def test_every_question_type_has_its_scorm_mapping() -> None:
    assert list(KINDS) == list(TYPES)


def test_a_type_without_a_mapping_is_said_to_be_ours_to_fix() -> None:
    class Hotspot(Open):
        type = "hotspot"

    with pytest.raises(KeyError, match="no SCORM mapping for question type 'hotspot'"):
        interaction_type(Hotspot(id="h"), "scorm2004")

"""Reading answers from a form: each response is bounded by its question, so a forged form
costs no more to store than an honest one and holds nothing a database refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

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
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.responses import MAX_SHORT_TEXT, MAX_TEXT, parse_count, response_from_form

OPTIONS = (Option(id="a", text="A"), Option(id="b", text="B", correct=True))
ITEMS = (Choice(id="c", text="C"), Choice(id="d", text="D"), Choice(id="e", text="E"))


def read(question: Any, pairs: list[tuple[str, str]]) -> Any:
    return response_from_form(question, MultiDict(pairs))


def test_a_huge_forged_ordering_answer_is_stored_at_the_size_of_an_honest_one() -> None:
    question = Ordering(id="o", items=ITEMS, solution=("c", "d", "e"))
    forged = [(f"q-o-{n}", "x" * 1000) for n in range(1, 2000)] + [("q-o-1", "d")]
    response = read(question, forged)
    assert response == ["", "", ""]
    assert read(question, [("q-o-1", "e"), ("q-o-2", "c"), ("q-o-3", "d"), ("q-o-4", "d")]) == [
        "e",
        "c",
        "d",
    ]
    assert len(json.dumps(response)) < 20


def test_choices_keep_only_the_options_the_question_has_once_each() -> None:
    multiple = MultipleChoice(id="m", options=OPTIONS)
    assert read(
        multiple,
        [("q-m", "b"), ("q-m", "zz"), ("q-m", "b"), ("q-m", "a")]
        + [("q-m", str(n)) for n in range(5000)],
    ) == ["b", "a"]
    single = SingleChoice(id="s", options=OPTIONS)
    assert read(single, [("q-s", "a")]) == "a"
    assert read(single, [("q-s", "a" * 10_000)]) is None
    assert read(TrueFalse(id="t", answer=True), [("q-t", "vrai")]) is None


def test_matching_keeps_known_lefts_and_rights() -> None:
    question = Matching(
        id="p",
        lefts=(Choice(id="a", text="A"), Choice(id="b", text="B")),
        rights=ITEMS,
        solution=(("a", "c"), ("b", "d")),
    )
    assert read(question, [("q-p-a", "d"), ("q-p-b", "nope"), ("q-p-z", "c")]) == {"a": "d"}


@pytest.mark.parametrize(
    "value,expected",
    [
        ("1", 1),
        ("4", 4),
        ("5", None),
        ("0", None),
        ("²", None),
        ("１", None),
        ("", None),
        ("9" * 5000, None),
        ("-1", None),
    ],
)
def test_likert_values_are_places_on_the_scale(value: str, expected: int | None) -> None:
    question = Likert(id="l", statements=(Choice(id="s1", text="S"),), scale=("--", "-", "+", "++"))
    assert read(question, [("q-l-s1", value)]) == ({} if expected is None else {"s1": expected})


def test_typed_texts_are_capped_and_rid_of_control_characters() -> None:
    assert (
        read(Open(id="t"), [("q-t", "Très\x00 utile\x07\n\tvraiment")]) == "Très utile\n\tvraiment"
    )
    assert len(read(Open(id="t"), [("q-t", "x" * 50_000)])) == MAX_TEXT
    assert len(read(ShortAnswer(id="c"), [("q-c", "x" * 50_000)])) == MAX_SHORT_TEXT
    assert len(read(Numeric(id="n"), [("q-n", "1" * 50_000)])) == MAX_SHORT_TEXT
    blanks = FillBlanks(
        id="f",
        segments=("", " et ", ""),
        blanks=(Blank(id="b1", answers=("x",)), Blank(id="b2", answers=("y",))),
    )
    assert read(blanks, [("q-f-b1", "x\x00"), ("q-f-b2", "y" * 9000), ("q-f-b3", "z")]) == [
        "x",
        "y" * MAX_SHORT_TEXT,
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("0", 0),
        ("42", 42),
        ("999999999", 999999999),
        ("1000000000", None),
        ("²", None),
        ("٣", None),
        (" 7", None),
        ("1_0", None),
        ("+1", None),
        ("", None),
        (None, None),
        (7, None),
    ],
)
def test_numbers_from_forms_are_ascii_digits(text: Any, expected: int | None) -> None:
    assert parse_count(text) == expected

"""Answer keys (`engine.grading.answer_key`): each type's right answers as short lines of safe
HTML, the plain words in the course's language, as printed keys and the guide show them."""

from __future__ import annotations

import pytest

from engine.grading import answer_key, feedback_texts
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
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.questions import TYPES
from engine.questions.numeric_range import NumericRange

OPTIONS = (
    Option(id="a", text="Le <em>sexe</em>"),
    Option(id="b", text="Le genre", correct=True),
    Option(id="c", text="L&#x27;âge", correct=True),
)


def test_every_type_has_a_key_or_is_declared_keyless() -> None:
    """A new type must say what its right answers look like, or declare it has none
    (`SCORED = False`), so printed keys never silently leave a question out."""
    missing = [
        name for name, kind in TYPES.items() if (kind.answer_key is None) == kind.model.SCORED
    ]
    assert missing == []
    assert sorted(name for name, kind in TYPES.items() if kind.answer_key is None) == [
        "likert",
        "open",
    ]


def test_single_choice_gives_the_authored_letter_and_the_option_html() -> None:
    question = SingleChoice(id="q", options=(OPTIONS[0], OPTIONS[1], Option(id="c", text="x")))
    assert answer_key(question, "fr") == ["B. Le genre"]


def test_multiple_choice_gives_one_line_per_right_option() -> None:
    question = MultipleChoice(id="q", options=OPTIONS)
    assert answer_key(question, "en") == ["B. Le genre", "C. L&#x27;âge"]


def test_a_survey_choice_has_no_key() -> None:
    question = SingleChoice(
        id="q", options=(Option(id="a", text="Oui", score=2), Option(id="b", text="Non"))
    )
    assert answer_key(question, "fr") == []


@pytest.mark.parametrize(
    ("answer", "language", "expected"),
    [(True, "fr", ["Vrai"]), (False, "fr", ["Faux"]), (True, "en", ["True"]), (None, "fr", [])],
)
def test_true_false_in_the_course_language(
    answer: bool | None, language: str, expected: list[str]
) -> None:
    assert answer_key(TrueFalse(id="q", answer=answer), language) == expected


def test_short_answer_lists_the_answers_escaped_then_each_pattern() -> None:
    question = ShortAnswer(id="q", answers=("Paris", "paris", "<b>"), patterns=("par[ií]s?", "a&b"))
    assert answer_key(question, "fr") == [
        "Paris / paris / &lt;b&gt;",
        "Toute réponse correspondant à <code>par[ií]s?</code>",
        "Toute réponse correspondant à <code>a&amp;b</code>",
    ]
    assert answer_key(question, "en")[1] == "Any answer matching <code>par[ií]s?</code>"


@pytest.mark.parametrize(
    ("answer", "tolerance", "language", "expected"),
    [
        (42, 0.5, "fr", "42 (± 0,5)"),
        (42, 0.5, "en", "42 (± 0.5)"),
        (3.14159, 0, "fr", "3,14159"),
        (-0.0, 0, "en", "0"),
        (1500, 100, "en", "1500 (± 100)"),
    ],
)
def test_numeric_keeps_every_digit_with_the_language_separator(
    answer: float, tolerance: float, language: str, expected: str
) -> None:
    question = Numeric(id="q", answer=answer, tolerance=tolerance)
    assert answer_key(question, language) == [expected]


def test_numeric_range_in_words_with_its_unit() -> None:
    question = NumericRange(id="q", answer=(10.0, 20.5), unit="%")
    assert answer_key(question, "fr") == ["entre 10 et 20,5 %"]
    assert answer_key(question, "en") == ["from 10 to 20.5 %"]
    assert answer_key(NumericRange(id="q", answer=(1.0, 2.0)), "en") == ["from 1 to 2"]


def test_matching_gives_each_pair_in_the_lefts_order() -> None:
    question = Matching(
        id="q",
        lefts=(Choice(id="1", text="ODD 5"), Choice(id="2", text="ODD <em>10</em>")),
        rights=(
            Choice(id="a", text="Égalité"),
            Choice(id="b", text="Inégalités"),
            Choice(id="c", text="Eau"),
        ),
        solution=(("1", "a"), ("2", "b")),
    )
    assert answer_key(question, "fr") == ["ODD 5 → Égalité", "ODD <em>10</em> → Inégalités"]


def test_ordering_numbers_the_items_in_the_right_order() -> None:
    question = Ordering(
        id="q",
        items=(
            Choice(id="a", text="Diagnostic"),
            Choice(id="b", text="Évaluation"),
            Choice(id="c", text="Mise en œuvre"),
        ),
        solution=("a", "c", "b"),
    )
    assert answer_key(question, "en") == ["1. Diagnostic", "2. Mise en œuvre", "3. Évaluation"]


def test_fill_blanks_gives_each_blank_its_accepted_answers() -> None:
    question = FillBlanks(
        id="q",
        segments=("<p>La capitale est ", " et ", "</p>"),
        blanks=(Blank(id="1", answers=("Paris", "paris")), Blank(id="2", answers=("R&D",))),
    )
    assert answer_key(question, "fr") == ["1. Paris / paris", "2. R&amp;D"]


@pytest.mark.parametrize(
    "question",
    [
        Open(id="q"),
        Likert(id="q", statements=(Choice(id="1", text="Je sais"),), scale=("Non", "Oui")),
    ],
)
def test_types_without_right_answers_give_nothing(question: Question) -> None:
    assert answer_key(question, "fr") == []


def test_feedback_texts_label_options_by_letter_with_or_without_their_text() -> None:
    """One rule for the guide (options with their text) and projection (letters alone)."""
    question = SingleChoice(
        id="q",
        options=(
            Option(id="a", text="Le <em>sexe</em>", feedback="<p>Biologique.</p>"),
            Option(id="b", text="Le genre", correct=True),
            Option(id="c", text="L&#x27;âge", feedback="<p>Non.</p>"),
        ),
        feedback_correct="<p>Bravo.</p>",
        feedback_wrong="<p>Relisez.</p>",
    )
    assert feedback_texts(question, "fr", option_text=True) == [
        ("A. Le <em>sexe</em>", "<p>Biologique.</p>"),
        ("C. L&#x27;âge", "<p>Non.</p>"),
        ("Si la réponse est juste", "<p>Bravo.</p>"),
        ("Si la réponse est fausse", "<p>Relisez.</p>"),
    ]
    assert feedback_texts(question, "en", option_text=False) == [
        ("A.", "<p>Biologique.</p>"),
        ("C.", "<p>Non.</p>"),
        ("If the answer is right", "<p>Bravo.</p>"),
        ("If the answer is wrong", "<p>Relisez.</p>"),
    ]


def test_feedback_texts_of_true_false_name_the_answer_in_the_course_language() -> None:
    question = TrueFalse(
        id="q", answer=False, feedback_true="<p>Non.</p>", feedback_false="<p>Oui.</p>"
    )
    assert feedback_texts(question, "fr", option_text=True) == [
        ("Vrai", "<p>Non.</p>"),
        ("Faux", "<p>Oui.</p>"),
    ]
    assert feedback_texts(TrueFalse(id="q", answer=True), "en", option_text=False) == []

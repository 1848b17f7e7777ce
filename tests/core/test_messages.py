"""Messages that find the real cause (issue 13): their French text, and the rules behind them
that the broken corpus does not reach (tests/data/broken/ holds one case per message, in
English)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loader import load_course, load_library
from engine.questions.fill_blanks import blank_problems, single_brackets
from engine.questions.single_choice import Option, SingleChoice
from engine.quizzes import MAX_TOTALS, reachable_totals

BROKEN = Path(__file__).resolve().parent.parent / "data" / "broken"


def french_lines(case: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("LIANE_LANG", "fr")
    _library, problems = load_library(BROKEN / case)
    return [p.format(BROKEN / case) for p in problems]


def test_french_keys_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    assert french_lines("course-french-keys", monkeypatch)[:3] == [
        "course.yml:2:1: error: clé inconnue `durée` (vouliez-vous dire `duration` ?)",
        "course.yml:3:1: error: clé inconnue `public` (vouliez-vous dire `audience` ?)",
        "course.yml:5:1: error: clé inconnue `licence` (vouliez-vous dire `license` ?)",
    ]


def test_a_key_indented_too_far_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    assert french_lines("key-indented-under-option", monkeypatch) == [
        "quiz.yml:9:9: error: clé inconnue `explanation` ici : c'est une clé du niveau "
        "au-dessus (une question) (vérifiez son indentation : alignez-la sur les clés du "
        "niveau au-dessus (une question), pas sur celles de ce niveau (une option))"
    ]


def test_outcome_gap_and_tab_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    assert french_lines("outcomes-gap", monkeypatch) == [
        "quiz.yml:16:1: warning: une personne qui obtient de 2 à 3 ne tombe dans aucun profil "
        "(ajoutez un profil pour ce total, ou élargissez le `min` ou le `max` d'un profil "
        "voisin)"
    ]
    assert french_lines("yaml-tab-after-dash", monkeypatch) == [
        "quiz.yml:6:4: error: erreur de syntaxe YAML : found character that cannot start any "
        "token (il y a ici une tabulation, invisible dans la plupart des éditeurs : "
        "remplacez-la par des espaces)"
    ]


def test_single_brackets_leave_links_images_footnotes_and_escapes_alone() -> None:
    text = "![vue](a.png) [lien](u) [^1] \\[vu\\] [ref][r] [def]: u [[genre]] et [objectif]."
    assert [m.group(0) for m in single_brackets(text)] == ["[objectif]"]


def test_every_blank_error_is_reported_and_a_stray_closing_alone() -> None:
    assert [(offset, message) for offset, message, _hint in blank_problems("]] [[]] [[a|]]")] == [
        (0, "]] closes no blank"),
        (3, "empty blank [[]]"),
        (8, "empty alternative in [[a|]]"),
    ]
    assert [m for _o, m, _h in blank_problems("blue]] today")] == ["]] closes no blank"]


def choice(qid: str, *scores: float) -> SingleChoice:
    options = tuple(
        Option(id=chr(97 + i), text=str(score), score=score) for i, score in enumerate(scores)
    )
    return SingleChoice(id=qid, options=options)


def test_reachable_totals_sum_each_answered_question() -> None:
    assert reachable_totals([choice("q1", 0, 1, 2), choice("q2", 0, 0.5)]) == {
        0.0,
        0.5,
        1.0,
        1.5,
        2.0,
        2.5,
    }


def test_reachable_totals_stop_past_the_cap() -> None:
    # 10 options 0, 1, 10, ... per question: 5 questions make 10**5 distinct totals
    questions = [choice(f"q{n}", *(10**n * k for k in range(10))) for n in range(5)]
    assert MAX_TOTALS < 10**5
    assert reachable_totals(questions) is None


def test_the_bundled_courses_have_no_message() -> None:
    courses = Path(__file__).resolve().parents[2] / "courses"
    for course_dir in sorted(p for p in courses.iterdir() if (p / "course.yml").is_file()):
        course, problems = load_course(course_dir)
        assert course is not None and problems == [], course_dir.name

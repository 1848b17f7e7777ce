"""Language of the parts (issue 12): with the English interface on a French course, only the
course's own texts carry `lang="fr"`; the interface's words (buttons, labels, headings,
verdicts) are in English and must not sit inside a French element, where a screen reader
would read them with a French voice.

Test client, no browser: each page is fetched twice, in English and in French, by the same
person at the same point of the course. A text (or accessible name: aria-label, title) that
changes with the interface's language is the interface's; counted when it sits, on the
English page, inside an element whose nearest `lang` is the course's. Pages: catalog, outline,
dashboard, a lesson, a quiz under way (every question type, one answer checked in place, with
and without script) and its results with every answer's review."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from lxml import html as lxml_html

from tests.helpers.courses import bundled_dir, copy_bundled
from tests.helpers.player import PASSWORD, csrf_token, make_app, post_form, sign_in

COURSE = "genre-bases"
LESSON = f"/learn/{COURSE}/01-sexe-et-genre.html"
# A quiz of every question type: those of the bundled courses (the questions of genre-bases'
# quizzes 1 and 2) and a numeric_range with its unit, immediate feedback, one attempt (so
# feedback, explanations and right answers all show).
QUIZ_ID = "quiz-tous-types"
QUIZ = f"/learn/{COURSE}/{QUIZ_ID}.html"
TYPES = {
    "single_choice",
    "multiple_choice",
    "true_false",
    "matching",
    "ordering",
    "short_answer",
    "numeric",
    "numeric_range",
    "fill_blanks",
    "likert",
    "open",
}
NAMED = ("aria-label", "title", "placeholder", "alt")


def in_course_language(page: str, language: str = "fr") -> Counter[str]:
    """The texts and accessible names of `page` whose nearest `lang` is `language`."""
    root = lxml_html.fromstring(page)
    found: Counter[str] = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "template"):
            continue
        if any(a.tag == "template" for a in element.iterancestors()):
            continue
        if element.get("name") == "language":  # "Français": a language's name in itself
            continue
        holder = (
            element
            if element.get("lang")
            else next((a for a in element.iterancestors() if a.get("lang")), None)
        )
        if holder is None or holder.get("lang") != language:
            continue
        pieces = [element.text, *(element.get(name) for name in NAMED)]
        pieces += [child.tail for child in element]
        for piece in pieces:
            if piece and piece.strip():
                found[" ".join(piece.split())] += 1
    return found


def interface_words_in_french(client: FlaskClient, path: str) -> list[str]:
    """Texts inside French elements that are not the same on the French page. Each page
    must be in the language asked for, or the comparison would find nothing (an app context
    pushed around the test, as pytest-flask does for a fixture named `app`, keeps the first
    request's language for all the others)."""
    pages = {}
    for language in ("fr", "en"):
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        pages[language] = client.get(path).get_data(as_text=True)
        assert f'<html lang="{language}">' in pages[language], (path, language)
    english, french = in_course_language(pages["en"]), in_course_language(pages["fr"])
    return sorted((english - french).elements())


@pytest.fixture
def player(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from engine.player.db import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('language') / 'language.sqlite3'}"
    upgrade(url)
    application = make_app(url, COURSES_DIR=str(bundled_dir()))
    with application.app_context():
        from engine.player.accounts import create_user

        create_user("chloe@example.org", "Chloé Martin", PASSWORD, "facilitator")
    yield application


def test_the_counter_finds_an_english_word_in_a_french_element() -> None:
    page = '<html lang="en"><body><p lang="fr">Bonjour <b>Start</b></p><p>Start</p></body></html>'
    assert in_course_language(page) == Counter({"Bonjour": 1, "Start": 1})


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/learn/{COURSE}/",
        f"/admin/courses/{COURSE}",
    ],
)
def test_no_interface_word_in_a_french_element(player: Flask, path: str) -> None:
    client = player.test_client()
    sign_in(client, "chloe@example.org")
    assert client.get(f"/learn/{COURSE}/01-sexe-et-genre.html").status_code == 200
    assert interface_words_in_french(client, path) == []


def nearest_lang(element: lxml_html.HtmlElement) -> str | None:
    """The language an element is read in: its own `lang`, else its nearest ancestor's."""
    for holder in (element, *element.iterancestors()):
        if holder.get("lang"):
            return str(holder.get("lang"))
    return None


def write_quiz_of_every_type(courses: Path) -> None:
    """genre-bases with one more quiz: the questions of its quizzes 1 and 2 and a
    numeric_range, placed after lesson 01."""
    folder = courses / COURSE
    questions = []
    for name in ("quiz-1-notions", "quiz-2-cycle-de-projet"):
        questions += yaml.safe_load((folder / f"{name}.yml").read_text("utf-8"))["questions"]
    questions.append(
        {
            "id": "part-agricultrices",
            "type": "numeric_range",
            "prompt": "Quelle part des agriculteurs du monde sont des femmes ?",
            "answer": [40, 50],
            "unit": "% des agriculteurs",
            "explanation": "Environ 43 % selon la FAO.",
            "feedback_wrong": "Pas tout à fait.",
        }
    )
    quiz = {
        "title": "Tous les types de questions",
        "kind": "graded",
        "max_attempts": 1,
        "feedback": "immediate",
        "questions": questions,
    }
    (folder / f"{QUIZ_ID}.yml").write_text(yaml.safe_dump(quiz, allow_unicode=True), "utf-8")
    course = yaml.safe_load((folder / "course.yml").read_text("utf-8"))
    course["modules"][0]["items"].insert(1, f"{QUIZ_ID}.yml")
    (folder / "course.yml").write_text(yaml.safe_dump(course, allow_unicode=True), "utf-8")


@pytest.fixture
def quiz_app(tmp_path: Path) -> Iterator[Flask]:
    from engine.player.accounts import create_user
    from engine.player.db import upgrade

    courses = copy_bundled(tmp_path / "courses")
    write_quiz_of_every_type(courses)
    url = f"sqlite:///{tmp_path / 'language.sqlite3'}"
    upgrade(url)
    application = make_app(url, COURSES_DIR=str(courses))
    with application.app_context():
        create_user("chloe@example.org", "Chloé Martin", PASSWORD, "facilitator")
    yield application


def test_no_interface_word_in_a_french_lesson(player: Flask) -> None:
    client = player.test_client()
    sign_in(client, "chloe@example.org")
    assert interface_words_in_french(client, LESSON) == []
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    root = lxml_html.fromstring(client.get(LESSON).get_data(as_text=True))
    [lesson] = root.xpath("//article[@class='lesson']")
    assert nearest_lang(lesson) == "en"
    assert [(e.tag, e.get("lang")) for e in lesson.iterchildren()] == [
        ("h1", "fr"),
        ("section", None),
        ("div", "fr"),
    ]
    assert lesson.findtext("h1") == "Sexe et genre : de quoi parle-t-on ?"
    [label] = lesson.find_class("objectives-title")
    assert (label.text, nearest_lang(label)) == ("Objectives", "en")
    objectives = lesson.findall(".//section/ul/li")
    assert len(objectives) == 2
    assert {nearest_lang(li) for li in objectives} == {"fr"}


def check_course_texts(page: str) -> None:
    """On the English page of the quiz, every course text is French and every type's
    interface words are English: the prompt, options, statements and scale, pairs, blanks,
    unit, feedback and explanation carry `lang="fr"`; True/False and the question's number
    do not."""
    root = lxml_html.fromstring(page)
    assert root.get("lang") == "en"
    [form] = root.xpath("//form[@id='quiz'] | //div[@class='quiz review']")
    assert nearest_lang(form) == "en"
    fieldsets = root.xpath("//fieldset[contains(@class, 'question ')]")
    assert {f.get("data-type") for f in fieldsets} == TYPES
    for fieldset in fieldsets:
        [prompt] = fieldset.find_class("question-prompt")
        assert prompt.get("lang") == "fr", fieldset.get("id")
        [number] = fieldset.find_class("question-number")
        assert nearest_lang(number) == "en"
    texts = {
        "single_choice": ".//span[@class='option-text']",
        "multiple_choice": ".//span[@class='option-text']",
        "likert": ".//legend[not(@class)] | .//label[@class='likert-choice']/span",
        "matching": ".//*[@class='pair-left']",
        "fill_blanks": ".//div[contains(@class, 'blanks')]",
        "numeric_range": ".//span[@class='answer-unit']",
    }
    for kind, path in texts.items():
        found = [e for f in fieldsets if f.get("data-type") == kind for e in f.xpath(path)]
        assert found, kind
        assert {e.get("lang") for e in found} == {"fr"}, kind
    [true_false, *_] = [f for f in fieldsets if f.get("data-type") == "true_false"]
    labels = true_false.find_class("option-text")
    assert [(e.text, nearest_lang(e)) for e in labels] == [("True", "en"), ("False", "en")]


def test_no_interface_word_in_a_french_quiz_nor_its_results(quiz_app: Flask) -> None:
    client = quiz_app.test_client()
    sign_in(client, "chloe@example.org")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert post_form(client, QUIZ, {"action": "start"}).status_code == 302
    page = client.get(QUIZ).get_data(as_text=True)
    attempt = lxml_html.fromstring(page).xpath("//input[@name='attempt']/@value")[0]
    answers = {"attempt": attempt, "q-genre-change": "true", "q-part-agricultrices": "12"}
    # Checked without script: the page again, with the verdict, feedback and explanation
    # (the only attempt: the right answers show).
    response = post_form(client, QUIZ, {**answers, "action": "check:genre-change"})
    assert response.status_code == 302
    assert interface_words_in_french(client, QUIZ) == []
    page = client.get(QUIZ).get_data(as_text=True)
    check_course_texts(page)
    root = lxml_html.fromstring(page)
    [verdict] = root.xpath("//*[@id='verdict-genre-change']")
    assert [(e.get("class"), e.get("lang")) for e in verdict.iterchildren()] == [
        ("verdict-title is-wrong", None),
        ("feedback-text", "fr"),
        ("explanation", None),
    ]
    assert verdict.findtext("p") == "Not right"
    [title] = verdict.find_class("explanation-title")
    assert (title.text, nearest_lang(title)) == ("Explanation", "en")
    [text] = verdict.find_class("explanation-text")
    assert text.get("lang") == "fr"
    assert text.text_content().strip() == (
        "C'est parce que le genre est une construction sociale, qui varie, "
        "qu'un projet peut agir dessus."
    )
    # Checked by the script: the question alone, drawn the same way.
    fragment = client.post(
        QUIZ,
        data={"csrf_token": csrf_token(page), **answers, "action": "check:part-agricultrices"},
        headers={"X-Liane-Check": "1"},
    ).get_data(as_text=True)
    question = lxml_html.fromstring(fragment)
    assert question.get("data-type") == "numeric_range"
    assert nearest_lang(question) is None  # the page's, which is the interface's
    assert in_course_language(fragment) == in_course_language(
        client.get(QUIZ, headers={"Accept-Language": "fr"})
        .get_data(as_text=True)
        .split('id="question-part-agricultrices"')[1]
        .split("</fieldset>")[0]
        .join(['<fieldset id="question-part-agricultrices"', "</fieldset>"])
    )
    response = post_form(client, QUIZ, {**answers, "action": "submit", "confirm": "1"})
    assert response.status_code == 302
    results = response.headers["Location"].removesuffix("#top")
    assert interface_words_in_french(client, results) == []
    check_course_texts(client.get(results).get_data(as_text=True))

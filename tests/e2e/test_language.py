"""Language of the parts (issue 12): with the English interface on a French course, only the
course's own texts carry `lang="fr"`; the interface's words (buttons, labels, headings,
verdicts) are in English and must not sit inside a French element, where a screen reader
would read them with a French voice.

Test client, no browser: each page is fetched twice, in English and in French, by the same
person at the same point of the course. A text (or accessible name: aria-label, title) that
changes with the interface's language is the interface's; counted when it sits, on the
English page, inside an element whose nearest `lang` is the course's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html as lxml_html

from tests.helpers.courses import bundled_dir
from tests.helpers.player import PASSWORD, make_app, sign_in

COURSE = "genre-bases"
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
    """Texts inside French elements that are not the same on the French page."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    french = in_course_language(client.get(path).get_data(as_text=True))
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = in_course_language(client.get(path).get_data(as_text=True))
    return sorted((english - french).elements())


@pytest.fixture
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from engine.player.db import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('language') / 'language.sqlite3'}"
    upgrade(url)
    application = make_app(url, COURSES_DIR=str(bundled_dir()))
    with application.app_context():
        from engine.player.auth import create_user

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
def test_no_interface_word_in_a_french_element(app: Flask, path: str) -> None:
    client = app.test_client()
    sign_in(client, "chloe@example.org")
    assert client.get(f"/learn/{COURSE}/01-sexe-et-genre.html").status_code == 200
    assert interface_words_in_french(client, path) == []

"""A live workshop in a real browser (issue 15's evidence): a facilitator and three
participants, each in a Chromium window of their own, one on a 360 px touch phone.

Two sessions on genre-bases, whose quizzes 1 and 2 hold every question type the bundled
quizzes use between them: quiz 1 (single choice, true/false, matching, short answer, likert,
open) started from the course by a signed-in facilitator; quiz 2 (ordering, numeric,
multiple choice, blanks) opened by the screen's secret address, as `liane workshop` prints
it. Participants type the code at /live and a nickname, answer through the real question
partials, the projected screen counts the answers as they come, then draws the distribution
(its exact counts, as text) and the right answer. The phone loses the network while a
question opens: its page says so, catches up when the network is back, keeps an answer
given offline and sends it once. At the end, the files of the summary hold the exact
answers. No page asks any other host than the room's server, and no participant's page
holds a right answer or an explanation before the reveal. The join screen, a phone's
question and its reveal, and a chart pass axe (WCAG 2.1 AA, moderate included).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from engine.player import live
from engine.player.courses import library
from engine.player.db import session
from engine.player.models import LiveAnswer, LiveParticipant
from tests.helpers.browser import PASSWORD, axe_violations, browser_player, screenshot
from tests.helpers.courses import copy_bundled
from tests.helpers.server import LiveServer, serve

pytestmark = pytest.mark.slow

LOCALE = "en-GB"
SCREEN = {"viewport": {"width": 1280, "height": 720}}
LAPTOP = {"viewport": {"width": 1024, "height": 700}}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
OFFLINE = "No connection. Your answer will be sent when the connection is back."
WAITING = "No connection: waiting for the network…"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


# --- who is in the room ---------------------------------------------------------------------


@dataclass
class Person:
    """A participant's browser window; `touch`: a phone, tapped rather than clicked."""

    nickname: str
    context: Any
    page: Any
    touch: bool = False

    def press(self, target: Any) -> None:
        if self.touch:
            target.tap()
        else:
            target.click()


@dataclass
class Room:
    server: LiveServer
    app: Flask
    screen: Any  # the facilitator's projected page
    people: list[Person] = field(default_factory=list)
    requests: int = 0  # every request of every window
    elsewhere: list[str] = field(default_factory=list)  # requests to any other host
    order: list[str] = field(default_factory=list)  # the options as the screen shows them
    verdicts: dict[tuple[str, str], str] = field(default_factory=dict)  # each phone's own

    def watch(self, context: Any) -> None:
        """Note every request of a window that goes anywhere but the room's server."""
        origin = self.server.url + "/"

        def seen(request: Any) -> None:
            self.requests += 1
            if not request.url.startswith(origin) and not request.url.startswith("data:"):
                self.elsewhere.append(request.url)

        context.on("request", seen)

    def window(self, browser: Any, **options: Any) -> tuple[Any, Any]:
        context = browser.new_context(locale=LOCALE, **options)
        self.watch(context)
        return context, context.new_page()


def tag_of(page: Any) -> str:
    return str(page.locator("#live").get_attribute("data-live-version"))


def step(room: Room, *, key: str | None = None, button: str | None = None) -> str:
    """The facilitator takes the next step on the projected screen, from the keyboard (a
    presenter remote sends the same keys) or a button; the screen draws it. Returns the
    state's version, which every phone reaches in turn."""
    before = tag_of(room.screen)
    if key:
        room.screen.keyboard.press(key)
    else:
        room.screen.get_by_role("button", name=button, exact=True).click()
    expect(room.screen.locator("#live")).not_to_have_attribute("data-live-version", before)
    return tag_of(room.screen)


def everyone_at(room: Room, tag: str, people: list[Person] | None = None) -> None:
    """The participants' pages have followed the screen by themselves (polling)."""
    for person in people if people is not None else room.people:
        expect(person.page.locator("#live")).to_have_attribute("data-live-version", tag)


def phase_of(room: Room) -> str:
    classes = str(room.screen.locator("#live").get_attribute("class"))
    return next(c.removeprefix("phase-") for c in classes.split() if c.startswith("phase-"))


# --- answering through the question partials ---------------------------------------------


Answer = Callable[[Person, Any], None]


def choice(*texts: str) -> Answer:
    """Radios or checkboxes, by the text of their label."""

    def fill(person: Person, question: Any) -> None:
        for text in texts:
            box = question.locator("label", has_text=text).locator("input")
            person.press(box)
            expect(box).to_be_checked()

    return fill


def pick(select: Any, text: str) -> None:
    """A select's option by the text it names (options read "A. <text>")."""
    value = select.locator("option", has_text=text).get_attribute("value")
    select.select_option(value=value)


def pairs(chosen: dict[str, str]) -> Answer:
    def fill(person: Person, question: Any) -> None:
        for left, right in chosen.items():
            pick(question.locator("li.pair", has_text=left).locator("select"), right)

    return fill


def order(*texts: str) -> Answer:
    def fill(person: Person, question: Any) -> None:
        selects = question.locator("ol.ordering select")
        for n, text in enumerate(texts):
            pick(selects.nth(n), text)

    return fill


def typed(text: str) -> Answer:
    def fill(person: Person, question: Any) -> None:
        question.locator("input.answer, textarea.answer").fill(text)

    return fill


def blanks(*texts: str) -> Answer:
    def fill(person: Person, question: Any) -> None:
        for n, text in enumerate(texts):
            question.locator("input.blank").nth(n).fill(text)

    return fill


def scale(*points: int) -> Answer:
    def fill(person: Person, question: Any) -> None:
        for row, point in zip(question.locator("fieldset.likert-row").all(), points, strict=True):
            person.press(row.locator(f'input[value="{point}"]'))

    return fill


def answer(person: Person, given: Answer, *, sent: bool = True) -> None:
    """Fill the open question's form and send it; `sent`: wait for "Answer recorded"."""
    form = person.page.locator("form[data-live-answer]")
    given(person, form.locator("fieldset.question"))
    if person.touch:  # the phone's page never scrolls sideways, long options included
        assert person.page.evaluate("document.documentElement.scrollWidth") <= 360
    person.press(form.get_by_role("button", name="Send my answer"))
    if sent:
        expect(person.page.locator(".live-stored")).to_have_text("✓ Answer recorded")


# --- what the screen shows ------------------------------------------------------------------


def bars(screen: Any) -> dict[str, str]:
    """Each bar of the projected distribution: its label -> its count as written."""
    found = {}
    for bar in screen.locator(".live-results li.live-bar").all():
        label = bar.locator(".live-bar-label").inner_text().strip()
        found[label] = bar.locator(".live-bar-count").inner_text().strip()
    return found


def right_bars(screen: Any) -> list[str]:
    return [
        b.locator(".live-bar-label").inner_text().strip()
        for b in screen.locator(".live-results li.live-bar.is-right").all()
    ]


def total(screen: Any) -> str:
    return str(screen.locator(".live-results-total").inner_text()).strip()


def check_bars(room: Room, expected: dict[str, str], *, in_room_order: bool = False) -> None:
    """The distribution's bars, counts as written; with `in_room_order`, the bars come in
    the order the options had on the screen (and on every phone: one plan per room)."""
    assert bars(room.screen) == expected
    if in_room_order:
        assert list(bars(room.screen)) == room.order


def check_scale(screen: Any) -> None:
    """A likert question: each statement's counts, point by point (Awa 3-2-1, Binta 3-3-2,
    Zoé 4-2-1)."""
    assert total(screen) == "3 answers"
    counts = ([0, 0, 2, 1], [0, 2, 1, 0], [2, 1, 0, 0])
    assert scale_rows(screen) == dict(zip(STATEMENTS, counts, strict=True))


def check_words(screen: Any) -> None:
    assert total(screen) == "3 answers"
    assert words(screen) == ["Les femmes vendent, les hommes décident. ×2"]
    assert screen.locator(".live-results .live-results-note").inner_text() == (
        "1 answer kept off the screen"
    )


def hide_on_the_remote(room: Room, text: str) -> None:
    """The facilitator's phone remote hides a typed answer before the room sees it; the
    screen follows by itself."""
    remote = room.screen.context.new_page()
    remote.goto(room.screen.url.removesuffix("/screen") + "/control")
    entry = remote.locator(".live-moderation li", has_text=text)
    entry.get_by_role("button", name="Hide").click()
    expect(remote.locator(".live-moderation li.is-hidden")).to_have_count(1)
    expect(room.screen.locator("#live")).to_have_attribute("data-live-version", tag_of(remote))
    remote.close()


ROLES = {
    "Vendre des légumes au marché": "Rôle productif",
    "Soigner un enfant malade": "Rôle reproductif",
    "Siéger au comité": "Rôle communautaire",
}


# --- the flow of one question ---------------------------------------------------------------


@dataclass
class Question:
    """One question as the room plays it: who answers what, the distribution the screen
    must draw, what the reveal names, a phrase of the explanation."""

    qid: str
    given: dict[str, Answer]
    shown: Callable[[Room], None]
    explanation: str
    revealed: list[str] = field(default_factory=list)
    hide: str | None = None  # a typed answer the facilitator keeps off the screen
    offline: str | None = None  # who loses the network as answers open
    typed_offline: str | None = None  # what they type while offline
    followed: bool = True  # the phones are watched (else only the screen: nobody answers)


def unrevealed(person: Person, question: Question) -> None:
    html = person.page.content()
    assert question.explanation not in html, (person.nickname, question.qid)
    assert "is-right" not in html and "live-key" not in html, (person.nickname, question.qid)


def play(room: Room, question: Question, *, keys: bool = True, careful: bool = False) -> None:
    """From the question shown to its right answer. `careful`: the screen's count is
    watched answer by answer, every phone is checked in every phase (else only where the
    room must have followed: answers open, the right answer shown), and the phone's pages
    and the screen's chart are checked with axe."""
    screen = room.screen
    assert phase_of(room) == "shown"
    shown = screen.locator(".screen-question fieldset.question")
    assert shown.get_attribute("data-question") == question.qid
    away = next((p for p in room.people if p.nickname == question.offline), None)
    if away is not None:  # the phone loses the Wi-Fi just before the question opens
        away.context.set_offline(True)
        expect(away.page.locator("[data-live-connection]")).to_have_text(WAITING)
    opened = step(room, key="ArrowRight") if keys else step(room, button="Open the answers")
    here = [p for p in room.people if p is not away and question.followed]
    everyone_at(room, opened, here)
    room.order = options_in_room_order(screen)
    for person in here:  # one plan for the room: the same order on every phone
        options = person.page.locator("form[data-live-answer] .option-text").all_inner_texts()
        assert [o.strip() for o in options] == room.order
        unrevealed(person, question)
    phone = room.people[-1].page
    if careful:  # WCAG 2.1 AA, moderate included, on the phone's form
        assert axe_violations(phone, least="moderate") == []
    answering = [p for p in here if p.nickname in question.given]
    for n, person in enumerate(answering, start=1):
        answer(person, question.given[person.nickname], sent=careful)
        if careful:
            expect(screen.locator("[data-live-answers]")).to_have_text(str(n))
    for person in answering:
        expect(person.page.locator(".live-stored")).to_have_text("✓ Answer recorded")
        unrevealed(person, question)
    expect(screen.locator("[data-live-answers]")).to_have_text(str(len(answering)))
    if away is not None:
        answer_offline(room, away, question, opened)
        expect(screen.locator("[data-live-answers]")).to_have_text(str(len(answering) + 1))
    step(room, key="PageDown") if keys else step(room, button="Close answers")
    assert phase_of(room) == "closed"
    if question.hide:
        hide_on_the_remote(room, question.hide)
    results = step(room, key="ArrowRight") if keys else step(room, button="Show the answers")
    assert phase_of(room) == "results"
    question.shown(room)
    answered = len(question.given)
    assert total(screen) == (f"{answered} answers" if answered != 1 else "1 answer")
    assert right_bars(screen) == []
    if careful:
        assert axe_violations(screen, least="moderate") == []
        results = keys_of_the_screen(room)
        everyone_at(room, results)
        for person in room.people:
            unrevealed(person, question)
    revealed = (
        step(room, key="ArrowRight") if keys else step(room, button="Reveal the right answer")
    )
    assert phase_of(room) == "answer"
    assert right_bars(screen) == question.revealed
    assert question.explanation in screen.locator(".explanation").inner_text()
    if question.followed:
        everyone_at(room, revealed)
        for person in room.people:
            assert question.explanation in person.page.locator("#live").inner_text()
            verdict = person.page.locator(".verdict-title")
            if person.nickname in question.given and verdict.count():
                room.verdicts[(question.qid, person.nickname)] = verdict.inner_text()
        if careful:
            assert axe_violations(phone, least="moderate") == []


def keys_of_the_screen(room: Room) -> str:
    """B blanks the projected screen (and Escape brings it back); ← steps back, PageDown
    forward again (a presenter remote's keys). The state's version then."""
    screen = room.screen
    blank = screen.locator("[data-live-blank]")
    screen.keyboard.press("b")
    expect(blank).to_be_visible()
    screen.keyboard.press("Escape")
    expect(blank).to_be_hidden()
    step(room, key="ArrowLeft")
    assert phase_of(room) == "closed"
    forward = step(room, key="PageDown")
    assert phase_of(room) == "results"
    return forward


def answer_offline(room: Room, person: Person, question: Question, opened: str) -> None:
    """Back on the network, the phone finds the question open (its page follows the room
    by itself); it loses the network again, answers: the page keeps the answer and says
    so; back once more, the answer is sent, and stored once."""
    person.context.set_offline(False)
    everyone_at(room, opened, [person])
    expect(person.page.locator("[data-live-connection]")).to_be_empty()
    person.context.set_offline(True)
    answer(person, question.given[person.nickname], sent=False)
    expect(person.page.locator("[data-live-connection]")).to_have_text(OFFLINE)
    assert stored_answers(room.app, person.nickname, question.qid) == []
    typed = person.page.locator("form[data-live-answer] input.answer")  # a numeric question
    expect(typed).to_have_value(str(question.typed_offline))
    person.context.set_offline(False)
    expect(person.page.locator(".live-stored")).to_have_text("✓ Answer recorded")
    expect(person.page.locator("[data-live-connection]")).to_be_empty()
    assert len(stored_answers(room.app, person.nickname, question.qid)) == 1


def stored_answers(app: Flask, nickname: str, question_id: str) -> list[Any]:
    with app.app_context():
        return list(
            session().scalars(
                select(LiveAnswer.response)
                .join(LiveParticipant, LiveParticipant.id == LiveAnswer.participant_id)
                .where(LiveParticipant.nickname == nickname, LiveAnswer.question_id == question_id)
            )
        )


# --- the test -------------------------------------------------------------------------------


@pytest.fixture
def player(tmp_path: Path) -> Iterator[tuple[Flask, LiveServer]]:
    app = browser_player(
        tmp_path,
        ("dan@example.org", "Dan Facilitateur", "facilitator"),
        COURSES_DIR=str(copy_bundled(tmp_path / "courses")),
    )
    with serve(app) as server:
        yield app, server


def sign_in(page: Any, url: str) -> None:
    page.goto(url)
    page.fill("#email", "dan@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def join(room: Room, person: Person, code: str) -> None:
    page = person.page
    page.goto(room.server.url + "/live")
    page.fill("#code", code)
    person.press(page.get_by_role("button", name="Continue"))
    page.fill("#nickname", person.nickname)
    person.press(page.get_by_role("button", name="Join"))
    expect(page.locator("h1")).to_have_text(f"You are in, {person.nickname}!")


def scale_rows(screen: Any) -> dict[str, list[int]]:
    """Each statement of a projected likert distribution: its counts, point by point."""
    return {
        row.locator(".live-bar-label").inner_text().strip(): [
            int(n) for n in row.locator(".live-scale-counts strong").all_inner_texts()
        ]
        for row in screen.locator(".live-results li.live-scale-row").all()
    }


def words(screen: Any) -> list[str]:
    return [w.strip() for w in screen.locator(".live-results li.live-word").all_inner_texts()]


def options_in_room_order(screen: Any) -> list[str]:
    return [t.strip() for t in screen.locator(".screen-question .option-text").all_inner_texts()]


NOTIONS = [
    Question(
        "sexe-ou-genre",
        {
            "Awa": choice("Les femmes peuvent allaiter."),
            "Binta": choice("Les femmes peuvent allaiter."),
            "Zoé": choice("Les hommes sont chefs de famille."),
        },
        lambda room: check_bars(
            room,
            {
                "Les femmes vont chercher l'eau.": "0 (0 %)",
                "Les femmes peuvent allaiter.": "2 (67 %)",
                "Les hommes sont chefs de famille.": "1 (33 %)",
                "Les filles réussissent moins bien en sciences.": "0 (0 %)",
            },
            in_room_order=True,
        ),
        "relèvent du sexe",
        ["Les femmes peuvent allaiter."],
    ),
    Question(
        "genre-change",
        {"Awa": choice("False"), "Binta": choice("False"), "Zoé": choice("True")},
        lambda room: check_bars(room, {"Vrai": "1 (33 %)", "Faux": "2 (67 %)"}),
        "peut agir dessus",
        ["Faux"],
    ),
    Question(
        "trois-roles",
        {
            "Awa": pairs(ROLES),
            "Binta": pairs(ROLES),
            "Zoé": pairs(
                {
                    "Vendre des légumes au marché": "Rôle reproductif",
                    "Soigner un enfant malade": "Rôle productif",
                    "Siéger au comité": "Rôle communautaire",
                }
            ),
        },
        lambda room: check_bars(
            room,
            {
                "Vendre des légumes au marché": "2 of 3 right (67 %)",
                "Soigner un enfant malade": "2 of 3 right (67 %)",
                "Siéger au comité de gestion du point d'eau": "3 of 3 right (100 %)",
            },
        ),
        "sert la collectivité",
    ),
    Question(
        "acces-controle",
        {
            "Awa": choice("Le contrôle du crédit"),
            "Binta": choice("accès au crédit"),
            "Zoé": choice("Le contrôle du crédit"),
        },
        lambda room: check_bars(
            room,
            {
                "L'accès au crédit": "1 (33 %)",
                "Le contrôle du crédit": "2 (67 %)",
                "Un besoin pratique de genre": "0 (0 %)",
            },
            in_room_order=True,
        ),
        "Un projet sensible au genre suit les deux",
        ["Le contrôle du crédit"],
    ),
    Question(
        "crenshaw",
        {
            "Awa": typed("intersectionnalité"),
            "Binta": typed("Intersectionnalite"),
            "Zoé": typed("parité"),
        },
        lambda room: check_bars(room, {"Intersectionnalite": "2 (67 %)", "parité": "1 (33 %)"}),
        "se combinent et produisent des situations spécifiques",
        ["Intersectionnalite"],
    ),
    Question(
        "strategique",
        {
            "Awa": choice("Des femmes élues"),
            "Binta": choice("moulin"),
            "Zoé": choice("Des femmes élues"),
        },
        lambda room: check_bars(
            room,
            {
                "Un moulin à grains installé au centre du village": "1 (33 %)",
                "Une borne-fontaine plus proche des habitations": "0 (0 %)",
                "Des femmes élues à la présidence et à la trésorerie du comité de gestion "
                "de l'eau": "2 (67 %)",
            },
            in_room_order=True,
        ),
        "partage des tâches, violences",
        ["Des femmes élues à la présidence et à la trésorerie du comité de gestion de l'eau"],
    ),
    Question(
        "mes-representations",
        {"Awa": scale(3, 2, 1), "Binta": scale(3, 3, 2), "Zoé": scale(4, 2, 1)},
        lambda room: check_scale(room.screen),
        "revenez-y à la fin du cours",
    ),
    Question(
        "exemple-projet",
        {
            "Awa": typed("Les femmes vendent, les hommes décident."),
            "Binta": typed("les femmes vendent,   les hommes décident."),
            "Zoé": typed("Un texte à garder hors de l’écran"),
        },
        lambda room: check_words(room.screen),
        "lors de la prochaine séance collective",
        hide="Un texte à garder hors de l’écran",
    ),
]


STEPS = ("Identification", "Conception", "Mise en œuvre", "Suivi", "Évaluation")
INDICATORS = (
    "Proportion de comités de gestion",
    "Temps quotidien moyen",
    "Proportion de femmes déclarant participer",
)
CYCLE = [
    Question(
        "cycle",
        {
            "Awa": order(*STEPS),
            "Binta": order(*STEPS),
            "Zoé": order("Identification", "Conception", "Mise en œuvre", "Évaluation", "Suivi"),
        },
        lambda room: check_bars(
            room,
            {
                "Position 1": "3 of 3 right (100 %)",
                "Position 2": "3 of 3 right (100 %)",
                "Position 3": "3 of 3 right (100 %)",
                "Position 4": "2 of 3 right (67 %)",
                "Position 5": "2 of 3 right (67 %)",
            },
        ),
        "trop tard pour changer le projet",
    ),
    Question(
        "donnees-ventilees",
        {},
        lambda room: check_bars(room, {}),
        "point de départ de toute analyse de genre",
    ),
    Question(
        "proportion-femmes",
        {"Awa": typed("32,5"), "Binta": typed("32.5"), "Zoé": typed("30")},
        lambda room: check_bars(room, {"32,5": "2 (67 %)", "30": "1 (33 %)"}),
        "Les arrondis entre 32 et 33 sont acceptés",
        ["32,5"],
        offline="Zoé",
        typed_offline="30",
    ),
    Question(
        "indicateurs-resultat",
        {
            "Awa": choice(*INDICATORS),
            "Binta": choice(*INDICATORS, "Nombre de personnes formées"),
            "Zoé": choice("Nombre de forages"),
        },
        lambda room: check_bars(
            room,
            {
                "Proportion de comités de gestion dont la présidence ou la trésorerie est occupée "
                "par une femme": "2 (67 %)",
                "Temps quotidien moyen consacré par les femmes et les filles à la collecte de "
                "l'eau": "2 (67 %)",
                "Nombre de forages réalisés": "1 (33 %)",
                "Nombre de personnes formées, dont femmes": "1 (33 %)",
                "Proportion de femmes déclarant participer aux décisions sur les tarifs de "
                "l'eau": "2 (67 %)",
            },
            in_room_order=True,
        ),
        "mais ne suffit pas",
        [
            "Proportion de comités de gestion dont la présidence ou la trésorerie est occupée "
            "par une femme",
            "Temps quotidien moyen consacré par les femmes et les filles à la collecte de l'eau",
            "Proportion de femmes déclarant participer aux décisions sur les tarifs de l'eau",
        ],
    ),
    Question(
        "diagnostic-trous",
        {
            "Awa": blanks("activités", "accès", "contrôle", "avant"),
            "Binta": blanks("activites", "acces", "maîtrise", "après"),
            "Zoé": blanks("tâches", "accès", "contrôle", "avant"),
        },
        lambda room: check_bars(
            room,
            {
                "Champ à compléter 1": "2 of 3 right (67 %)",
                "Champ à compléter 2": "3 of 3 right (100 %)",
                "Champ à compléter 3": "3 of 3 right (100 %)",
                "Champ à compléter 4": "2 of 3 right (67 %)",
            },
        ),
        "sinon il ne peut plus",
    ),
    Question(
        "formation-60",
        {},
        lambda room: check_bars(room, {"Vrai": "0", "Faux": "0"}),
        "Confondre participation et bénéfice",
        ["Faux"],
        followed=False,
    ),
    Question(
        "ne-pas-nuire",
        {},
        lambda room: check_bars(
            room,
            {
                "Arrêter l'activité, puisqu'elle crée des problèmes": "0",
                "Identifier les risques, associer les hommes et les autorités locales, et prévoir "
                "un lien avec des structures de prise en charge": "0",
                "Ne rien changer, ces tensions relèvent de la vie privée": "0",
            },
        ),
        "notamment les violences",
        [
            "Identifier les risques, associer les hommes et les autorités locales, et prévoir "
            "un lien avec des structures de prise en charge"
        ],
        followed=False,
    ),
]


def test_a_live_workshop_with_three_participants(
    browser: Any, player: tuple[Flask, LiveServer]
) -> None:
    app, server = player
    room = Room(server, app, None)
    facilitator, screen = room.window(browser, **SCREEN)
    room.screen = screen
    for nickname, options in (("Awa", LAPTOP), ("Binta", LAPTOP), ("Zoé", PHONE)):
        context, page = room.window(browser, **options)
        room.people.append(Person(nickname, context, page, touch=options is PHONE))

    # Session 1, quiz 1: started from the course by a signed-in facilitator, paced with
    # the keys of the laptop (a presenter remote sends the same).
    sign_in(screen, server.url + "/learn/genre-bases/")
    screen.get_by_role("link", name="Start a live session").click()
    assert screen.url == server.url + "/live/new/genre-bases"
    screen.select_option("#quiz", "quiz-1-notions")
    screen.get_by_role("button", name="Start the session").click()
    first, code = lobby(room)
    keep(screen, "live-join-screen")
    for n, question in enumerate(NOTIONS):
        shown = step(room, key="ArrowRight")
        if n == 0:
            everyone_at(room, shown)
            for person in room.people:
                unrevealed(person, question)
        play(room, question, careful=n == 0)
        if question.qid == "genre-change":  # the whole reveal fits a 1280x720 projector
            keep(screen, "live-distribution")
    scores = the_end(room)
    closed(room, code)
    assert csv_rows(room, first, "summary.csv") == NOTIONS_SUMMARY
    assert csv_rows(room, first, "answers.csv") == NOTIONS_ANSWERS
    pdf = facilitator.request.get(f"{server.url}/live/s/{first}/summary.pdf")
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )

    # Session 2, quiz 2: started as `liane workshop` does (no account), its screen opened
    # by the secret address it prints; paced with the screen's buttons.
    with app.app_context():
        course = library().course("genre-bases")
        assert course is not None
        quiz = course.item("quiz-2-cycle-de-projet")
        item, secret = live.start(session(), course, quiz, created_by=None)  # type: ignore[arg-type]
        second = item.id
    facilitator.close()
    facilitator, screen = room.window(browser, **SCREEN)
    room.screen = screen
    screen.goto(f"{server.url}/live/s/{second}/screen?key={secret}")
    assert screen.url == f"{server.url}/live/s/{second}/screen"  # the secret left the bar
    assert lobby(room)[0] == second
    for n, question in enumerate(CYCLE):
        step(room, button="Start: first question" if n == 0 else "Next")
        play(room, question, keys=False)
    scores |= {f"{k} (2)": v for k, v in the_end(room).items()}
    assert csv_rows(room, second, "summary.csv") == CYCLE_SUMMARY
    assert csv_rows(room, second, "answers.csv") == CYCLE_ANSWERS

    assert room.requests > 100 and room.elsewhere == []
    # Each phone saw its own result at the reveal, as the answers file has it.
    assert room.verdicts == verdicts(NOTIONS_ANSWERS[1:] + CYCLE_ANSWERS[1:])
    # Each phone's score at the end, as a share (quiz 1: 6 questions with a right answer,
    # Zoé's matching a third right; quiz 2: 7, Binta's and Zoé's blanks three quarters).
    assert scores == {
        "Awa": "Your score: 100 %",
        "Binta": "Your score: 67 %",
        "Zoé": "Your score: 39 %",
        "Awa (2)": "Your score: 57 %",
        "Binta (2)": "Your score: 39 %",
        "Zoé (2)": "Your score: 11 %",
    }


def lobby(room: Room) -> tuple[int, str]:
    """The join screen: participants type its code (as read: "123 456", or without the
    space) and a nickname; their names appear on the screen. The session's id and code."""
    screen = room.screen
    expect(screen.locator("h1")).to_have_text("Join with your phone")
    code = screen.locator(".screen-code").inner_text()
    assert screen.locator(".screen-qr svg").count() == 1
    for n, person in enumerate(room.people, start=1):
        join(room, person, code if person.touch else code.replace(" ", ""))
        names = [p.nickname for p in room.people[:n]]
        expect(screen.locator(".screen-names li")).to_have_text(names)
    assert axe_violations(screen, least="moderate") == []
    return int(screen.url.split("/live/s/")[1].split("/")[0]), code.replace(" ", "")


def the_end(room: Room) -> dict[str, str]:
    """The last step: the screen's summary, each phone's score (returned); then the
    facilitator closes the session."""
    step(room, key="ArrowRight")
    assert phase_of(room) == "end"
    everyone_at(room, tag_of(room.screen))
    scores = {p.nickname: p.page.locator(".live-score").inner_text() for p in room.people}
    step(room, button="Close the session")
    return scores


def closed(room: Room, code: str) -> None:
    """Once closed, the session's code lets nobody in; the phones of those who took part
    keep the end of the session (their score)."""
    for person in room.people:
        expect(person.page.locator("h1")).to_have_text("The session is over")
        expect(person.page.locator(".live-score")).to_have_count(1)
    typed = room.people[0].page
    typed.goto(room.server.url + "/live")
    typed.fill("#code", code)
    typed.get_by_role("button", name="Continue").click()
    expect(typed.locator(".flash-error")).to_have_text(
        "No session is open with this code. Check it on the screen."
    )


def csv_rows(room: Room, session_id: int, name: str) -> list[list[str]]:
    """A file of the session as the facilitator's browser downloads it (the cookie of the
    account or of the secret), semicolon-separated for French spreadsheets; the summary's
    prompt column left out (the course's text)."""
    response = room.screen.context.request.get(f"{room.server.url}/live/s/{session_id}/{name}")
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff")), delimiter=";"))
    if name == "summary.csv":
        return [row[:3] + row[4:] for row in rows]
    return rows


def keep(page: Any, name: str) -> None:
    """A screenshot of the projected screen as the room sees it (1280x720) in
    tests/artifacts/; with LIANE_DOC_IMAGES=1, also docs/images/ (the README's)."""
    screenshot(page, name)
    if os.environ.get("LIANE_DOC_IMAGES") == "1":
        page.screenshot(path=str(IMAGES / f"{name}.png"))


SUMMARY_HEADER = [
    "number",
    "question",
    "type",
    "answers",
    "right",
    "correct_percent",
    "wrong_answers",
]
ANSWERS_HEADER = ["nickname", "question_number", "question", "answer", "correct", "score"]
ELUES = "Des femmes élues à la présidence et à la trésorerie du comité de gestion de l'eau"
MOULIN = "Un moulin à grains installé au centre du village"
STATEMENTS = (
    "Je sais expliquer la différence entre sexe et genre à une personne de mon association.",
    "Je repère facilement les stéréotypes de genre dans nos supports de communication.",
    "Dans nos projets, nous savons qui contrôle les ressources apportées, pas seulement qui "
    "les reçoit.",
)
POINTS = ("Pas du tout d'accord", "Plutôt pas d'accord", "Plutôt d'accord", "Tout à fait d'accord")


def parts(labels: tuple[str, ...] | list[str], given: tuple[str, ...] | list[str]) -> str:
    """An answer in several parts, as the answers file writes it."""
    return " | ".join(f"{label}: {text}" for label, text in zip(labels, given, strict=True))


SELL = "Vendre des légumes au marché"
CARE = "Soigner un enfant malade"
WELLS = "Nombre de forages réalisés"
TRAINED = "Nombre de personnes formées, dont femmes"
BLANK = "Champ à compléter"  # a blank's name in the course's language


def matched(productive: str, reproductive: str) -> str:
    lefts = (SELL, CARE, "Siéger au comité de gestion du point d'eau")
    return parts(lefts, (productive, reproductive, "Rôle communautaire"))


def rated(*points: int) -> str:
    return parts(STATEMENTS, [POINTS[p - 1] for p in points])


NOTIONS_SUMMARY = [
    SUMMARY_HEADER,
    ["1", "sexe-ou-genre", "single_choice", "3", "2", "67", "Les hommes sont chefs de famille.: 1"],
    ["2", "genre-change", "true_false", "3", "2", "67", "Vrai: 1"],
    ["3", "trois-roles", "matching", "3", "2", "67", f"{SELL}: 1 | {CARE}: 1"],
    ["4", "acces-controle", "single_choice", "3", "2", "67", "L'accès au crédit: 1"],
    ["5", "crenshaw", "short_answer", "3", "2", "67", "parité: 1"],
    ["6", "strategique", "single_choice", "3", "2", "67", f"{MOULIN}: 1"],
    ["7", "mes-representations", "likert", "3", "", "", ""],
    ["8", "exemple-projet", "open", "3", "", "", ""],
]
ALLAITER = "Les femmes peuvent allaiter."
NOTIONS_ANSWERS = [
    ANSWERS_HEADER,
    ["Awa", "1", "sexe-ou-genre", f"B. {ALLAITER}", "1", "1.0"],
    ["Binta", "1", "sexe-ou-genre", f"B. {ALLAITER}", "1", "1.0"],
    ["Zoé", "1", "sexe-ou-genre", "C. Les hommes sont chefs de famille.", "0", "0.0"],
    ["Awa", "2", "genre-change", "Faux", "1", "1.0"],
    ["Binta", "2", "genre-change", "Faux", "1", "1.0"],
    ["Zoé", "2", "genre-change", "Vrai", "0", "0.0"],
    ["Awa", "3", "trois-roles", matched("Rôle productif", "Rôle reproductif"), "1", "1.0"],
    ["Binta", "3", "trois-roles", matched("Rôle productif", "Rôle reproductif"), "1", "1.0"],
    ["Zoé", "3", "trois-roles", matched("Rôle reproductif", "Rôle productif"), "0", "0.3333"],
    ["Awa", "4", "acces-controle", "B. Le contrôle du crédit", "1", "1.0"],
    ["Binta", "4", "acces-controle", "A. L'accès au crédit", "0", "0.0"],
    ["Zoé", "4", "acces-controle", "B. Le contrôle du crédit", "1", "1.0"],
    ["Awa", "5", "crenshaw", "intersectionnalité", "1", "1.0"],
    ["Binta", "5", "crenshaw", "Intersectionnalite", "1", "1.0"],
    ["Zoé", "5", "crenshaw", "parité", "0", "0.0"],
    ["Awa", "6", "strategique", f"C. {ELUES}", "1", "1.0"],
    ["Binta", "6", "strategique", f"A. {MOULIN}", "0", "0.0"],
    ["Zoé", "6", "strategique", f"C. {ELUES}", "1", "1.0"],
    ["Awa", "7", "mes-representations", rated(3, 2, 1), "", "0.0"],
    ["Binta", "7", "mes-representations", rated(3, 3, 2), "", "0.0"],
    ["Zoé", "7", "mes-representations", rated(4, 2, 1), "", "0.0"],
    ["Awa", "8", "exemple-projet", "Les femmes vendent, les hommes décident.", "", "0.0"],
    ["Binta", "8", "exemple-projet", "les femmes vendent, les hommes décident.", "", "0.0"],
    ["Zoé", "8", "exemple-projet", "Un texte à garder hors de l’écran", "", "0.0"],
]
CYCLE_SUMMARY = [
    SUMMARY_HEADER,
    ["1", "cycle", "ordering", "3", "2", "67", "Position 4: 1 | Position 5: 1"],
    ["2", "donnees-ventilees", "short_answer", "0", "0", "", ""],
    ["3", "proportion-femmes", "numeric", "3", "2", "67", "30: 1"],
    ["4", "indicateurs-resultat", "multiple_choice", "3", "1", "33", f"{WELLS}: 1 | {TRAINED}: 1"],
    ["5", "diagnostic-trous", "fill_blanks", "3", "1", "33", f"{BLANK} 1: 1 | {BLANK} 4: 1"],
    ["6", "formation-60", "true_false", "0", "0", "", ""],
    ["7", "ne-pas-nuire", "single_choice", "0", "0", "", ""],
]
STEP_TEXTS = (
    "Identification : diagnostic genre et données ventilées par sexe",
    "Conception : objectif d'égalité, indicateurs sensibles au genre, budget",
    "Mise en œuvre : horaires, lieux et équipe adaptés",
    "Suivi : qui participe, qui décide, qui bénéficie",
    "Évaluation : effets sur les rapports de pouvoir et capitalisation",
)
IN_ORDER = parts([f"Position {n}" for n in range(1, 6)], STEP_TEXTS)
SWAPPED = parts([f"Position {n}" for n in range(1, 6)], [*STEP_TEXTS[:3], *STEP_TEXTS[:2:-1]])
INDICATOR_TEXTS = {
    "A": "Proportion de comités de gestion dont la présidence ou la trésorerie est occupée par "
    "une femme",
    "B": "Temps quotidien moyen consacré par les femmes et les filles à la collecte de l'eau",
    "C": WELLS,
    "D": TRAINED,
    "E": "Proportion de femmes déclarant participer aux décisions sur les tarifs de l'eau",
}


def ticked(letters: str) -> str:
    return " | ".join(f"{letter}. {INDICATOR_TEXTS[letter]}" for letter in letters)


def filled(*texts: str) -> str:
    return parts([f"{BLANK} {n}" for n in range(1, 5)], texts)


CYCLE_ANSWERS = [
    ANSWERS_HEADER,
    ["Awa", "1", "cycle", IN_ORDER, "1", "1.0"],
    ["Binta", "1", "cycle", IN_ORDER, "1", "1.0"],
    ["Zoé", "1", "cycle", SWAPPED, "0", "0.0"],
    ["Awa", "3", "proportion-femmes", "32,5", "1", "1.0"],
    ["Binta", "3", "proportion-femmes", "32.5", "1", "1.0"],
    ["Zoé", "3", "proportion-femmes", "30", "0", "0.0"],  # sent once, when back online
    ["Awa", "4", "indicateurs-resultat", ticked("ABE"), "1", "1.0"],
    ["Binta", "4", "indicateurs-resultat", ticked("ABDE"), "0", "0.0"],
    ["Zoé", "4", "indicateurs-resultat", ticked("C"), "0", "0.0"],
    ["Awa", "5", "diagnostic-trous", filled("activités", "accès", "contrôle", "avant"), "1", "1.0"],
    [
        "Binta",
        "5",
        "diagnostic-trous",
        filled("activites", "acces", "maîtrise", "après"),
        "0",
        "0.75",
    ],
    ["Zoé", "5", "diagnostic-trous", filled("tâches", "accès", "contrôle", "avant"), "0", "0.75"],
]


def verdicts(rows: list[list[str]]) -> dict[tuple[str, str], str]:
    """The verdict a phone shows at the reveal, for each answer of the answers file that
    has a right answer: right, partly right (with its share), not right."""
    said = {}
    for nickname, _number, question, _answer, correct, score in rows:
        if correct == "1":
            said[(question, nickname)] = "Right"
        elif correct == "0" and float(score) > 0:
            said[(question, nickname)] = f"Partly right ({round(100 * float(score))} %)"
        elif correct == "0":
            said[(question, nickname)] = "Not right"
    return said

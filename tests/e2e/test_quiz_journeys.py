"""Quizzes that never trap (issue 12), in Chromium on a 360 px phone, keyboard only where a
key is the point: Enter in a field moves on (never checks nor submits), an attempt with
blank questions asks first, "Vérifier cette réponse" answers in place (or, without
JavaScript, reloads with focus on the verdict), and a dropped connection keeps the answers
on the device until they can be sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from engine.player.db import session
from engine.player.models import Attempt
from tests.helpers.browser import PASSWORD, axe_violations, browser_player, screenshot, signed_in
from tests.helpers.server import LiveServer, serve

pytestmark = pytest.mark.slow
PHONE = {"viewport": {"width": 360, "height": 740}}
NOTIONS = "/learn/genre-bases/quiz-1-notions.html"  # immediate feedback, 8 questions
CYCLE = "/learn/genre-bases/quiz-2-cycle-de-projet.html"  # after submission, 7 questions
OFFLINE = "Pas de connexion : vos réponses sont gardées sur cet appareil"
ONLINE = "Connexion rétablie : vos réponses sont enregistrées"


def autosave(response: Any) -> bool:
    return bool(
        response.request.method == "POST"
        and response.request.headers.get("x-liane-autosave") == "1"
    )


@pytest.fixture
def player(tmp_path: Path) -> Iterator[tuple[Flask, LiveServer]]:
    app = browser_player(
        tmp_path, ("awa@example.org", "Awa Diallo"), ("bea@example.org", "Béa Martin")
    )
    with serve(app) as server:
        yield app, server


def the_attempt(app: Flask) -> Attempt:
    with app.app_context():
        [attempt] = session().scalars(select(Attempt)).all()
        session().expunge(attempt)
        return attempt


def focused(page: Any) -> str:
    """The focused element, as `tag#id[name]`."""
    return str(
        page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.tagName.toLowerCase() + '#' + e.id + '[' + (e.name || '') + ']'; })()"
        )
    )


def start(page: Any, server: LiveServer, path: str) -> None:
    page.goto(server.url + path)
    page.locator('button[name="action"][value="start"]').click()
    page.get_by_role("button", name="Envoyer mes réponses").wait_for()


def test_enter_moves_on_and_a_check_answers_in_place(
    browser: Any, player: tuple[Flask, LiveServer]
) -> None:
    app, server = player
    context, page = signed_in(browser, server.url + NOTIONS, "awa@example.org", **PHONE)
    start(page, server, NOTIONS)
    page.evaluate("window.sameDocument = true")  # gone if the page is ever reloaded
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.post_data or "") if r.method == "POST" else None)

    # Enter (a phone's OK/Go key) in the blank answer field: focus moves on, nothing sent.
    field = page.locator('input[name="q-crenshaw"]')
    assert field.get_attribute("enterkeyhint") == "next"
    field.focus()
    page.keyboard.press("Enter")
    assert focused(page) == "input#[q-strategique]"  # the next question's first choice
    assert page.locator("#question-crenshaw .verdict").count() == 0
    page.wait_for_timeout(600)
    assert not any("check%3A" in body or "check:" in body for body in posts)
    assert the_attempt(app).responses.get("__checked__", []) == []

    # Typed, then checked with the keyboard: the verdict comes in place, in the live region.
    field.focus()
    page.keyboard.type("Intersectionnalite")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "check:crenshaw"
    with page.expect_response(lambda r: r.request.headers.get("x-liane-check") == "1") as check:
        page.keyboard.press("Enter")  # on "Vérifier cette réponse"
    assert check.value.status == 200
    region = page.locator("#feedback-crenshaw")
    region.locator(".verdict").wait_for()
    assert region.locator(".verdict-title").inner_text() == "Bonne réponse"
    assert region.locator(".feedback-text").inner_text() == "Exactement."
    assert region.get_attribute("aria-live") == "polite"
    assert focused(page) == "div#feedback-crenshaw[]"
    assert field.is_disabled() and field.input_value() == "Intersectionnalite"
    assert page.locator('button[value="check:crenshaw"]').count() == 0
    assert page.evaluate("window.sameDocument") is True
    page.keyboard.press("Tab")  # on to the next question
    assert focused(page).startswith("input#[q-strategique]")
    assert the_attempt(app).responses["__checked__"] == ["crenshaw"]
    screenshot(page, "quiz-checked-in-place")
    assert axe_violations(page) == []

    # The page reloaded later draws the same verdict (server-side, same partial).
    page.reload()
    assert page.locator("#question-crenshaw .verdict-title").inner_text() == "Bonne réponse"
    context.close()


def test_blank_questions_ask_before_sending(browser: Any, player: tuple[Flask, LiveServer]) -> None:
    app, server = player
    context, page = signed_in(browser, server.url + CYCLE, "awa@example.org", **PHONE)
    start(page, server, CYCLE)
    page.locator('input[name="q-proportion-femmes"]').fill("32,5")
    submit = page.get_by_role("button", name="Envoyer mes réponses")
    submit.focus()
    page.keyboard.press("Enter")
    panel = page.locator(".confirm-unanswered")
    panel.wait_for()
    assert panel.locator(".confirm-text").inner_text() == (
        "6 questions sans réponse sur 7 : envoyer quand même ?"
    )
    assert focused(page) == "section#[]"
    screenshot(page, "quiz-confirm-unanswered")
    assert axe_violations(page) == []
    assert the_attempt(app).submitted_at is None  # nothing recorded

    # "Revenir au quiz": the panel goes, focus back on the button, still nothing recorded.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Revenir au quiz"
    page.keyboard.press("Enter")
    assert panel.count() == 0
    assert page.evaluate("document.activeElement.textContent") == "Envoyer mes réponses"

    # Asked again; the link leads to the first blank question, its first field focused.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    link = page.locator(".first-blank")
    assert link.inner_text() == "Aller à la première question sans réponse (question 1)"
    assert focused(page) == "a#[]"
    page.keyboard.press("Enter")
    first = page.locator("fieldset.question").first
    assert page.evaluate("document.activeElement.closest('fieldset').id") == first.get_attribute(
        "id"
    )
    assert panel.count() == 0

    # Answered all but one: one question named; "Envoyer quand même" sends it.
    for control in page.locator("fieldset.question input[type=text]").all():
        if not control.input_value():
            control.fill("réponse")
    for name in ("q-formation-60", "q-outils"):
        boxes = page.locator(f'input[name="{name}"]')
        if boxes.count():
            boxes.first.check()
    submit.focus()
    page.keyboard.press("Enter")
    blanks = int(panel.locator(".confirm-text").inner_text().split()[0])
    assert blanks >= 1
    panel.get_by_role("button", name="Envoyer quand même").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/*")
    assert the_attempt(app).submitted_at is not None
    context.close()


def test_without_javascript_enter_saves_and_the_server_asks(
    browser: Any, player: tuple[Flask, LiveServer]
) -> None:
    app, server = player
    context, page = signed_in(
        browser, server.url + NOTIONS, "awa@example.org", java_script_enabled=False, **PHONE
    )
    start(page, server, NOTIONS)
    # Enter in the blank field sends the form with its first button: "save", not a check.
    page.locator('input[name="q-crenshaw"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(NOTIONS + "#quiz")
    assert page.locator(".flash").inner_text() == "Vos réponses sont enregistrées."
    assert the_attempt(app).responses.get("__checked__", []) == []
    assert page.locator('button[value="check:crenshaw"]').count() == 1

    # A check reloads the page at its question, focus on the verdict.
    page.locator('input[name="q-crenshaw"]').fill("intersectionnalité")
    page.locator('button[value="check:crenshaw"]').click()
    page.wait_for_url(lambda address: address.endswith("?checked=crenshaw#verdict-crenshaw"))
    assert focused(page) == "div#verdict-crenshaw[]"
    box = page.locator("#verdict-crenshaw").bounding_box()
    assert box is not None and box["y"] >= -1 and box["y"] + box["height"] <= 741  # in view
    assert page.locator("#verdict-crenshaw .verdict-title").inner_text() == "Bonne réponse"
    screenshot(page, "quiz-checked-no-js")

    # Submitting with blanks: the server's page asks; nothing is recorded before.
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_load_state()
    assert page.title() == (
        "Questions sans réponse : Quiz du module 1 : sexe, genre et rapports de pouvoir · Liane"
    )
    assert page.locator("h1").inner_text() == (
        "7 questions sans réponse sur 8 : envoyer quand même ?"
    )
    assert focused(page) == "h1#confirm-title[]"
    assert page.locator("ul.unanswered li").count() == 7
    screenshot(page, "quiz-confirm-no-js")
    assert the_attempt(app).submitted_at is None
    page.get_by_role("link", name="Revenir au quiz").click()
    assert page.url.endswith(NOTIONS + "#question-" + page.url.rsplit("#question-", 1)[1])
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("button", name="Envoyer quand même").click()
    page.wait_for_url("**/attempts/*")
    assert the_attempt(app).submitted_at is not None
    context.close()


def send_plainly(page: Any, action: str) -> None:
    """Send the quiz form as a browser without script would, with that button's action."""
    with page.expect_navigation():
        page.locator("form#quiz").evaluate(
            "(f, action) => { const i = document.createElement('input'); i.type = 'hidden';"
            " i.name = 'action'; i.value = action; f.appendChild(i); f.submit(); }",
            action,
        )


def test_axe_on_the_pages_without_javascript(
    browser: Any, player: tuple[Flask, LiveServer]
) -> None:
    """axe needs script: the pages a browser without it gets (the quiz reloaded after a
    check, the server's confirmation) are checked with script on."""
    _app, server = player
    context, page = signed_in(browser, server.url + NOTIONS, "awa@example.org", **PHONE)
    start(page, server, NOTIONS)
    page.locator('input[name="q-crenshaw"]').fill("autre chose")
    send_plainly(page, "check:crenshaw")
    assert page.url.endswith("?checked=crenshaw#verdict-crenshaw")
    assert focused(page) == "div#verdict-crenshaw[]"
    assert page.locator("#verdict-crenshaw .verdict-title").inner_text() == "Réponse incorrecte"
    assert axe_violations(page) == []
    send_plainly(page, "submit")
    assert page.locator("h1#confirm-title").count() == 1
    assert focused(page) == "h1#confirm-title[]"
    screenshot(page, "quiz-confirm-page")
    assert axe_violations(page) == []
    context.close()


def test_a_dropped_connection_keeps_the_answers_on_the_device(
    browser: Any, player: tuple[Flask, LiveServer]
) -> None:
    app, server = player
    context, page = signed_in(browser, server.url + CYCLE, "awa@example.org", **PHONE)
    start(page, server, CYCLE)
    attempt = the_attempt(app)
    key = f"liane-draft:{attempt.user_id}:{attempt.id}"
    field = page.locator('input[name="q-donnees-ventilees"]')
    with page.expect_response(lambda r: r.request.method == "POST") as saved:
        field.fill("données")
        field.blur()
    assert saved.value.status == 204

    context.set_offline(True)
    field.fill("données ventilées par sexe")
    page.locator('input[name="q-proportion-femmes"]').fill("32,5")
    status = page.locator(".save-status")
    status.wait_for()
    page.wait_for_function(
        "text => document.querySelector('.save-status').textContent === text", arg=OFFLINE
    )
    assert status.get_attribute("role") == "status"
    draft = json.loads(page.evaluate("k => localStorage.getItem(k)", key))
    assert draft["saved"] is False
    assert ["q-donnees-ventilees", "données ventilées par sexe"] in draft["fields"]
    assert the_attempt(app).responses["donnees-ventilees"] == "données"
    screenshot(page, "quiz-offline")
    assert axe_violations(page) == []

    # Submitting offline keeps the page (no browser error page, no attempt used).
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_timeout(300)
    assert page.url.endswith(CYCLE + "#quiz") and status.inner_text() == OFFLINE
    assert page.locator(".confirm-unanswered").count() == 0
    # Back online on the page: the draft is sent at once, and that is said too.
    with page.expect_response(autosave) as resent:
        context.set_offline(False)
    assert resent.value.status == 204
    page.wait_for_function(
        "text => document.querySelector('.save-status').textContent === text", arg=ONLINE
    )
    assert the_attempt(app).responses["donnees-ventilees"] == "données ventilées par sexe"
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", key))["saved"] is True

    # Offline again, one more answer, then a link followed: the browser's error page. Back
    # online, Back: the page comes from the server (without that answer), the draft fills
    # it in and is sent.
    context.set_offline(True)
    page.locator('input[name="q-proportion-femmes"]').fill("33")
    page.wait_for_function(
        "text => document.querySelector('.save-status').textContent === text", arg=OFFLINE
    )
    page.locator(".breadcrumb a").click()
    page.wait_for_url("chrome-error://chromewebdata/")
    context.set_offline(False)
    page.go_back()
    # The draft leaves when the page is shown again (from the server, or from the back-forward
    # cache, where Playwright may not report the request): wait until it is marked as sent.
    page.wait_for_function(
        "k => JSON.parse(localStorage.getItem(k) || '{}').saved === true", arg=key
    )
    assert page.locator('input[name="q-donnees-ventilees"]').input_value() == (
        "données ventilées par sexe"
    )
    assert page.locator('input[name="q-proportion-femmes"]').input_value() == "33"
    assert the_attempt(app).responses["proportion-femmes"] == "33"
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", key))["saved"] is True

    # Another person on this browser never sees these answers.
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(server.url + "/login")
    page.fill("#email", "bea@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(server.url + "/")
    page.evaluate(
        "k => localStorage.setItem(k, JSON.stringify({saved: false, at: Date.now(),"
        " fields: [['q-donnees-ventilees', 'réponse d’Awa']]}))",
        key,
    )
    start(page, server, CYCLE)
    assert page.locator('input[name="q-donnees-ventilees"]').input_value() == ""

    # Back as Awa: her attempt sent, the draft is gone.
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(server.url + "/login")
    page.fill("#email", "awa@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(server.url + CYCLE)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("button", name="Envoyer quand même").click()
    page.wait_for_url("**/attempts/*")
    assert page.evaluate("k => localStorage.getItem(k)", key) is None
    context.close()

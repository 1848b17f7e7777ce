"""Live sessions in tests: start one on the test library's demo quiz, join it as a phone
would, step it as the facilitator's screen does."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from engine.player import live
from engine.player.courses import library
from engine.player.db import session
from engine.player.models import LiveSession
from tests.helpers.player import csrf_token


def start_session(
    app: Flask, quiz_id: str = "quiz", course_id: str = "demo", **options: Any
) -> tuple[int, str, str]:
    """(session id, join code, secret) of a new session in its lobby."""
    with app.app_context():
        course = library().course(course_id)
        assert course is not None
        quiz = course.item(quiz_id)
        item, secret = live.start(session(), course, quiz, created_by=None, **options)  # type: ignore[arg-type]
        return item.id, item.code, secret


def stored(app: Flask, session_id: int) -> LiveSession:
    with app.app_context():
        item = session().get(LiveSession, session_id)
        assert item is not None
        session().expunge(item)
        return item


def join(phone: FlaskClient, code: str, nickname: str) -> Any:
    page = phone.get(f"/live/{code}").get_data(as_text=True)
    return phone.post(
        f"/live/{code}/join", data={"csrf_token": csrf_token(page), "nickname": nickname}
    )


def phone(app: Flask) -> FlaskClient:
    """A participant's browser, in English (the tests' language)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def screen_client(app: Flask, session_id: int, secret: str) -> FlaskClient:
    """A browser holding the session's secret, as `liane workshop` opens the screen."""
    screen = phone(app)
    assert screen.get(f"/live/s/{session_id}/screen?key={secret}").status_code == 302
    return screen


def press(screen: FlaskClient, session_id: int, action: str) -> Any:
    """Press a step button of the screen as drawn now (its version)."""
    page = screen.get(f"/live/s/{session_id}/control").get_data(as_text=True)
    version = re.search(r'name="v" value="(\d+)"', page)
    assert version, page
    return screen.post(
        f"/live/s/{session_id}/step",
        data={
            "csrf_token": csrf_token(page),
            "v": version.group(1),
            "action": action,
            "from": "control",
        },
    )


def answer(phone: FlaskClient, code: str, question: str, **fields: str) -> Any:
    page = phone.get(f"/live/{code}").get_data(as_text=True)
    return phone.post(
        f"/live/{code}/answer",
        data={"csrf_token": csrf_token(page), "question": question, **fields},
        headers={"X-Liane-Live": "1"},
    )

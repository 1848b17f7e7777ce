"""Two app instances behind a load balancer share one database and nothing else."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from engine.player.db import upgrade
from tests.helpers.concurrency import all_at_once
from tests.helpers.player import count_attempts_and_answers, csrf_token, make_app, post_form
from tests.helpers.quiz import QUIZ, RIGHT


def two_instances_awa_registered_on_the_first(
    database_url: str,
) -> tuple[Flask, Flask, FlaskClient, FlaskClient]:
    """Two apps on one database, a client of each, Awa registered through the first."""
    upgrade(database_url)
    first, second = make_app(database_url), make_app(database_url)
    one, two = first.test_client(), second.test_client()
    post_form(
        one,
        "/register",
        {
            "name": "Awa",
            "email": "awa@example.org",
            "password": "un-mot-de-passe",
            "confirm": "un-mot-de-passe",
        },
    )
    return first, second, one, two


def test_two_instances_share_sessions_and_attempts(database_url: str) -> None:
    first, second, one, two = two_instances_awa_registered_on_the_first(database_url)
    # The session is a signed cookie: the other instance knows the learner at once.
    for cookie in one._cookies.values():  # noqa: SLF001
        two.set_cookie(cookie.key, cookie.value)
    assert two.get("/").status_code == 200
    # Start on one instance, save on the other, resume on the first.
    page = one.get(QUIZ).get_data(as_text=True)
    one.post(QUIZ, data={"csrf_token": csrf_token(page), "action": "start"})
    page = two.get(QUIZ).get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt is not None
    two.post(
        QUIZ,
        data={
            "csrf_token": csrf_token(page),
            "action": "save",
            "attempt": attempt.group(1),
            "q-odd": "cinq",
        },
    )
    assert 'value="cinq"' in one.get(QUIZ).get_data(as_text=True)
    # Both instances receive the same submission at once: it counts once.
    token = csrf_token(page)
    codes: list[int] = []

    def submit(client: object) -> None:
        codes.append(
            client.post(
                QUIZ,
                data={  # type: ignore[attr-defined]
                    "csrf_token": token,
                    "action": "submit",
                    "attempt": attempt.group(1),  # type: ignore[union-attr]
                    **RIGHT,
                },
            ).status_code
        )

    all_at_once([lambda c=c: submit(c) for c in (one, two, one, two)])
    assert codes == [302] * 4
    assert count_attempts_and_answers(first) == (1, 4)


def test_a_password_changed_on_one_instance_keeps_the_new_session_on_the_other(
    database_url: str,
) -> None:
    """The other instance has the account cached with its old session version: the new
    session must not look revoked there (it reads the account again)."""
    first, second, one, two = two_instances_awa_registered_on_the_first(database_url)
    old_session = one.get_cookie("session")
    assert old_session is not None
    two.set_cookie("session", old_session.value)
    assert two.get("/").status_code == 200  # the second instance caches the account
    response = post_form(
        one,
        "/account",
        {
            "current": "un-mot-de-passe",
            "password": "un-autre-mot-de-passe",
            "confirm": "un-autre-mot-de-passe",
        },
    )
    assert response.status_code == 302
    new_session = one.get_cookie("session")
    assert new_session is not None
    two.set_cookie("session", new_session.value)
    assert two.get("/").status_code == 200
    stale = second.test_client()  # the session from before the change, on either instance
    stale.set_cookie("session", old_session.value)
    assert stale.get("/").status_code == 302

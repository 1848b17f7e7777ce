"""Accounts: registering, signing in and out, CSRF, rate limits, language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from engine.player.db import upgrade
from tests.helpers.player import PASSWORD, csrf_token, make_app, post_form


def test_register_then_see_the_catalog(client: FlaskClient) -> None:
    response = post_form(
        client,
        "/register",
        {
            "name": "Awa Diallo",
            "email": "Awa@Example.org",
            "password": "un-mot-de-passe",
            "confirm": "un-mot-de-passe",
        },
    )
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Bienvenue, Awa Diallo !" in page
    assert "Cours de démonstration" in page


def test_passwords_are_hashed_with_argon2id(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user()
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_of_an_earlier_version_still_signs_in_and_is_replaced(
    app: Flask, client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    from werkzeug.security import generate_password_hash

    from engine.player.db import session
    from engine.player.models import User

    make_user()
    with app.app_context():
        db = session()
        user = db.query(User).filter_by(email="awa@example.org").one()
        user.password_hash = generate_password_hash(PASSWORD)  # Werkzeug's scrypt
        db.commit()
    assert (
        post_form(client, "/login", {"email": "awa@example.org", "password": "faux"}).status_code
        == 200
    )
    with app.app_context():
        assert (
            session()
            .query(User)
            .filter_by(email="awa@example.org")
            .one()
            .password_hash.startswith("scrypt:")
        )  # a wrong password changes nothing
    response = post_form(client, "/login", {"email": "awa@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    with app.app_context():
        stored = session().query(User).filter_by(email="awa@example.org").one().password_hash
    assert stored.startswith("$argon2id$")
    post_form(client, "/logout", {}, page="/")
    assert client.get("/").status_code == 302
    assert (
        post_form(client, "/login", {"email": "awa@example.org", "password": PASSWORD}).status_code
        == 302
    )


def test_register_refuses_short_password_and_taken_email(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user()
    page = post_form(
        client,
        "/register",
        {"name": "X", "email": "awa@example.org", "password": "court", "confirm": "court"},
    )
    assert page.status_code == 200
    assert "Utilisez au moins 10 caractères." in page.get_data(
        as_text=True
    ) or "Use at least 10 characters." in page.get_data(as_text=True)
    page = post_form(
        client,
        "/register",
        {
            "name": "X",
            "email": "AWA@example.org",
            "password": "assez-long-ok",
            "confirm": "assez-long-ok",
        },
    )
    assert "awa@example.org" not in page.get_data(as_text=True).split("<main")[0]
    assert page.status_code == 200


def test_wrong_password_is_refused(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user()
    page = post_form(client, "/login", {"email": "awa@example.org", "password": "faux"})
    assert page.status_code == 200
    assert client.get("/").status_code == 302  # still signed out


def test_every_post_needs_the_csrf_token(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user()
    response = client.post("/login", data={"email": "awa@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_login_is_rate_limited(database_url: str, make_user: Callable[..., Any]) -> None:
    app = make_app(
        database_url, LOGIN_RATE_LIMIT="3 per minute", LOGIN_RATE_LIMIT_PER_ADDRESS="6 per minute"
    )
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))

    def attempt(email: str) -> int:
        return client.post(
            "/login", data={"csrf_token": token, "email": email, "password": "wrong"}
        ).status_code

    # Guessing one account's password is stopped after 3 tries a minute...
    assert [attempt("x@example.org") for _ in range(4)] == [200, 200, 200, 429]
    # ...while a class signing in from the same address goes on, up to the address limit.
    assert [attempt(f"learner{n}@example.org") for n in range(3)] == [200, 200, 429]


def test_proxy_count_reads_the_learners_address(database_url: str) -> None:
    upgrade(database_url)
    app = make_app(database_url, PROXY_COUNT=1, LOGIN_RATE_LIMIT="1 per minute")
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    codes = [
        client.post(
            "/login",
            data={"csrf_token": token, "email": "x@example.org", "password": "wrong"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for address in ("203.0.113.1", "203.0.113.2", "203.0.113.2")
    ]
    assert codes == [200, 200, 429]


def test_logout(learner: FlaskClient) -> None:
    assert learner.get("/").status_code == 200
    response = post_form(learner, "/logout", {}, page="/")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert learner.get("/").status_code == 302


def test_self_registration_can_be_switched_off(database_url: str) -> None:
    app = make_app(database_url, SELF_REGISTRATION=False)
    assert app.test_client().get("/register").status_code == 404


def test_interface_language_switch(learner: FlaskClient) -> None:
    assert "<h1>Catalogue</h1>" in learner.get("/").get_data(as_text=True)
    post_form(learner, "/language", {"language": "en", "next": "/"}, page="/")
    assert "<h1>Catalog</h1>" in learner.get("/").get_data(as_text=True)


def test_browser_language_is_used_before_any_choice(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in page.get_data(as_text=True)
    page = client.get("/login", headers={"Accept-Language": "fr-FR"})
    assert '<html lang="fr">' in page.get_data(as_text=True)


def test_no_open_redirect_after_login(client: FlaskClient, make_user: Callable[..., Any]) -> None:
    make_user()
    html = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login?next=//evil.example/x",
        data={"csrf_token": csrf_token(html), "email": "awa@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    set_cookie = client.get("/login").headers.get("Set-Cookie", "")
    assert set_cookie == "" or "HttpOnly" in set_cookie

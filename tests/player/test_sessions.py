"""Sessions: "stay signed in" is a choice, and an account's sessions end together when its
password changes or its owner signs out everywhere; redirects stay on the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player.auth import safe_next
from tests.helpers.concurrency import all_at_once
from tests.helpers.player import PASSWORD, csrf_token, make_app, post_form, sign_in


def remember_cookie(client: FlaskClient) -> Any:
    return client.get_cookie("remember_token")


def test_signing_in_does_not_remember_the_device_unless_asked(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    make_user()
    shared_pc = app.test_client()
    sign_in(shared_pc, "awa@example.org")
    assert remember_cookie(shared_pc) is None
    assert "Stay signed in on this device" in app.test_client().get(
        "/login", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    own_phone = app.test_client()
    post_form(
        own_phone, "/login", {"email": "awa@example.org", "password": PASSWORD, "remember": "y"}
    )
    assert remember_cookie(own_phone) is not None


def test_remember_cookie_is_secure_when_the_session_cookie_is(
    database_url: str, make_user: Callable[..., Any]
) -> None:
    app = make_app(database_url, SESSION_COOKIE_SECURE=True)
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    make_user()
    client = app.test_client()
    html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    response = client.post(
        "/login",
        base_url="https://localhost",
        data={
            "csrf_token": csrf_token(html),
            "email": "awa@example.org",
            "password": PASSWORD,
            "remember": "y",
        },
        headers={"Referer": "https://localhost/login"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert len(remember) == 1 and "; Secure" in remember[0] and "; HttpOnly" in remember[0]


def signed_in_devices(app: Flask, count: int) -> list[FlaskClient]:
    """The same account signed in on several devices, each with "stay signed in"."""
    devices = []
    for _ in range(count):
        device = app.test_client()
        post_form(
            device, "/login", {"email": "awa@example.org", "password": PASSWORD, "remember": "y"}
        )
        assert device.get("/").status_code == 200
        devices.append(device)
    return devices


def only_remember_cookie(app: Flask, device: FlaskClient) -> FlaskClient:
    """A browser holding nothing but a copy of this device's remember-me cookie."""
    thief = app.test_client()
    thief.set_cookie("remember_token", remember_cookie(device).value)
    return thief


def test_signing_out_everywhere_ends_every_session_and_remember_cookie(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    make_user()
    laptop, phone = signed_in_devices(app, 2)
    copy = only_remember_cookie(app, phone)
    assert copy.get("/").status_code == 200  # a remember cookie alone signs in...
    response = post_form(laptop, "/account/sign-out-everywhere", {}, page="/account")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert laptop.get("/").status_code == 302
    assert phone.get("/").status_code == 302  # its session cookie is refused
    assert only_remember_cookie(app, phone).get("/").status_code == 302  # ...not any more
    sign_in(laptop, "awa@example.org")  # signing in again works
    assert laptop.get("/").status_code == 200


def test_changing_ones_password_signs_out_the_other_devices(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    make_user()
    laptop, phone = signed_in_devices(app, 2)
    page = post_form(
        laptop,
        "/account",
        {
            "current": "not-my-password",
            "password": "un-nouveau-mot-de-passe",
            "confirm": "un-nouveau-mot-de-passe",
        },
    )
    assert page.status_code == 200
    assert "Ce n’est pas votre mot de passe actuel." in page.get_data(as_text=True)
    assert phone.get("/").status_code == 200  # nothing changed
    response = post_form(
        laptop,
        "/account",
        {
            "current": PASSWORD,
            "password": "un-nouveau-mot-de-passe",
            "confirm": "un-nouveau-mot-de-passe",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200  # this device stays signed in
    assert phone.get("/").status_code == 302
    assert only_remember_cookie(app, phone).get("/").status_code == 302
    assert only_remember_cookie(app, laptop).get("/").status_code == 200  # renewed
    fresh = app.test_client()
    assert (
        post_form(fresh, "/login", {"email": "awa@example.org", "password": PASSWORD}).status_code
        == 200
    )  # the old password is refused
    sign_in_with = post_form(
        fresh, "/login", {"email": "awa@example.org", "password": "un-nouveau-mot-de-passe"}
    )
    assert sign_in_with.status_code == 302


def test_a_session_from_before_session_versions_is_refused(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    user = make_user()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)  # what earlier versions stored
        session["_fresh"] = True
    assert client.get("/").status_code == 302


BYPASSES = [
    "//evil.example",
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "///evil.example",
    " //evil.example",
    "//evil.example/%2f..",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "evil.example",
    "/\u2215evil.example",
    "/\uff0fevil.example",
    "\uff0f\uff0fevil.example",
    "/\x00/evil.example",
    "/ /evil.example",
    "\t//evil.example",
    "",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%09/evil.example",
]


@pytest.mark.parametrize("target", BYPASSES)
def test_next_never_leaves_the_site(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target) == "/"


@pytest.mark.parametrize(
    "target",
    ["/learn/demo/", "/learn/demo/lecon.html#quiz", "/admin/?tab=1", "/learn/demo/a%20b.html"],
)
def test_next_keeps_paths_of_the_site(app: Flask, target: str) -> None:
    with app.test_request_context():
        assert safe_next(target) == target


@pytest.mark.parametrize(
    "raw", ["/%09/evil.example", "/%0A/evil.example", "%2F%2Fevil.example", "/%5Cevil.example"]
)
def test_login_and_language_redirects_stay_on_the_site(
    client: FlaskClient, make_user: Callable[..., Any], raw: str
) -> None:
    make_user()
    html = client.get("/login").get_data(as_text=True)
    token = csrf_token(html)
    response = client.post(
        f"/login?next={raw}",
        data={"csrf_token": token, "email": "awa@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    token = csrf_token(client.get("/").get_data(as_text=True))  # a new session's token
    response = client.post(
        "/language", data={"csrf_token": token, "language": "en", "next": raw.replace("%09", "\t")}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_json_body_gives_no_second_allowance_of_sign_in_tries(
    database_url: str, make_user: Callable[..., Any]
) -> None:
    app = make_app(database_url, LOGIN_RATE_LIMIT="3 per minute")
    make_user()
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    form = {"csrf_token": token, "email": "awa@example.org", "password": "wrong"}
    codes = [client.post("/login", data=form).status_code for _ in range(2)]
    codes += [
        client.post("/login", json=form, headers={"X-CSRFToken": token}).status_code
        for _ in range(2)
    ]
    codes += [client.post("/login", data=form).status_code]
    assert codes == [200, 200, 400, 429, 429]


def test_an_email_sent_as_a_file_is_refused(client: FlaskClient) -> None:
    import io

    token = csrf_token(client.get("/login").get_data(as_text=True))
    for url in ("/login", "/register"):
        response = client.post(
            url,
            data={
                "csrf_token": token,
                "password": "x",
                "email": (io.BytesIO(b"a@b.c"), "email.txt"),
            },
        )
        assert response.status_code == 400


def test_the_language_chosen_before_signing_in_is_kept(
    client: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user()
    post_form(client, "/language", {"language": "en", "next": "/login"}, page="/login")
    sign_in(client, "awa@example.org")
    assert "<h1>Catalog</h1>" in client.get("/").get_data(as_text=True)


def test_a_double_click_on_register_creates_one_account(app: Flask) -> None:
    clients = [app.test_client() for _ in range(8)]
    tokens = [csrf_token(c.get("/register").get_data(as_text=True)) for c in clients]
    codes: list[int] = []
    pages: list[str] = []

    def register(client: FlaskClient, token: str) -> Callable[[], None]:
        def call() -> None:
            response = client.post(
                "/register",
                data={
                    "csrf_token": token,
                    "name": "Awa",
                    "email": "awa@example.org",
                    "password": "un-mot-de-passe",
                    "confirm": "un-mot-de-passe",
                },
            )
            codes.append(response.status_code)
            pages.append(response.get_data(as_text=True))

        return call

    all_at_once([register(c, t) for c, t in zip(clients, tokens, strict=True)])
    assert sorted(codes) == [200] * 7 + [302]
    refused = [
        p
        for p in pages
        if "An account already uses this email" in p or "Un compte utilise déjà cette adresse" in p
    ]
    assert len(refused) == 7

"""Bad input never gives a 500: every route of the app, fed malformed values by anonymous
visitors, learners and facilitators, on SQLite and PostgreSQL.

Hypothesis draws the requests: numbers that `str.isdigit()` accepts but `int()` does not,
ids beyond any database integer, texts with NUL and control characters (PostgreSQL refuses
NUL in text), huge lists, files where text is expected, JSON and plain-text bodies. The
CSRF token is valid, so the views themselves get the values.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.player.db import upgrade
from tests.helpers.player import csrf_token, make_app, sign_in

NASTY_TEXTS = [
    "",
    " ",
    "²",
    "١٢",
    "1_000",
    "9" * 25,
    "9" * 5000,
    "-1",
    "1e400",
    "nan",
    "\x00",
    "a\x00b",
    "\r\n",
    "\t",
    "../../etc/passwd",
    "%00",
    "<script>",
    "=cmd|' /C calc'!A0",
    "/%09/evil.example",
    "\u202e",
    "\ud7ff",
    "x" * 20_000,
]
texts = st.one_of(
    st.sampled_from(NASTY_TEXTS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=5),
)
numbers = st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str), texts)

FIELDS = [
    "email",
    "password",
    "name",
    "confirm",
    "remember",
    "current",
    "action",
    "attempt",
    "item",
    "seconds",
    "language",
    "next",
    "role",
    "file",
    "q-genre",
    "q-odd",
    "q-vrai",
    "q-avis",
    "q-etapes-1",
    "q-etapes-2",
    "q-paires-a",
    "q-likert-s1",
    "q-trous-b1",
    "q-multi",
    "q-nombre",
    "code",
]
ACTIONS = [
    "start",
    "submit",
    "save",
    "check:genre",
    "check:nope",
    "create",
    "import",
    "reset",
    "role",
    "",
    "\x00",
]
values = st.one_of(
    texts,
    numbers,
    st.sampled_from(ACTIONS),
    st.sampled_from(["demo", "intro", "quiz", "learner", "admin", "b", "true"]),
)
forms = st.dictionaries(
    st.sampled_from(FIELDS),
    st.one_of(values, st.lists(values, min_size=2, max_size=60)),
    max_size=8,
)

PATH_VALUES: dict[str, Any] = {
    "course_id": st.one_of(st.sampled_from(["demo", "nope", "DEMO", "..", "demo%00"]), texts),
    "subpath": st.one_of(
        st.sampled_from(
            [
                "quiz.html",
                "intro.html",
                "diagnostic.html",
                "suite.html",
                "media/genre.svg",
                "../course.yml",
                "quiz",
                "time",
                "resume",
            ]
        ),
        texts,
    ),
    "quiz_id": st.one_of(st.sampled_from(["quiz", "diagnostic", "intro", "nope"]), texts),
    "attempt_id": st.integers(min_value=0, max_value=10**25),
    "kind": st.sampled_from(["scorm12", "scorm2004", "moodle"]),
    "filename": st.sampled_from(["liane.css", "../pyproject.toml", "nope.js"]),
    "group_id": st.integers(min_value=0, max_value=10**25),
    "session_id": st.integers(min_value=0, max_value=10**25),
    "code": st.one_of(st.sampled_from(["ABCD2345", "abcd-2345", "%00", ".."]), texts),
    "token": st.one_of(st.sampled_from(["x" * 43, "x" * 101, "%00", ".."]), texts),
}


# Signing out would end the drawing client's session: the rest of the draw would only see
# the sign-in page. These two routes take no input but the CSRF token.
SIGN_OUTS = ("/logout", "/account/sign-out-everywhere")


def routes(app: Flask) -> list[tuple[str, str, list[str]]]:
    """(rule, method, argument names) of every route, for GET and POST."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule in SIGN_OUTS:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            out.append((rule.rule, method, sorted(rule.arguments)))
    return sorted(out)


def build_path(rule: str, arguments: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        value = str(arguments[match.group(1)])
        return value.replace("%", "%25").replace("?", "%3F").replace("#", "%23")

    return re.sub(
        r"<(?:[^:<>]+:)?(\w+)(?:\([^)]*\))?>",
        fill,
        re.sub(r"<([a-z]+)\(([^)]*)\):(\w+)>", r"<\3>", rule),
    )


@st.composite
def requests(draw: st.DrawFn, app: Flask) -> dict[str, Any]:
    rule, method, names = draw(st.sampled_from(routes(app)))
    path = build_path(rule, {name: draw(PATH_VALUES[name]) for name in names})
    query = draw(st.dictionaries(st.sampled_from(["next", "code", "v", "tab"]), texts, max_size=2))
    body = draw(st.sampled_from(["form", "multipart", "json", "text", "none"]))
    return {"method": method, "path": path, "query": query, "body": body, "form": draw(forms)}


def send(client: FlaskClient, token: str, request: dict[str, Any]) -> int:
    form = {k: v for k, v in request["form"].items()}
    headers = {"X-CSRFToken": token}
    kwargs: dict[str, Any] = {"query_string": request["query"], "headers": headers}
    if request["method"] == "POST":
        if request["body"] == "json":
            kwargs["json"] = {**form, "csrf_token": token}
        elif request["body"] == "text":
            kwargs["data"] = "email=a%00@b&x=\x00"
            headers["Content-Type"] = "text/plain"
        elif request["body"] == "multipart":
            kwargs["data"] = {
                **form,
                "csrf_token": token,
                "email": (io.BytesIO(b"a@b.c\x00"), "email.csv"),
                "file": (io.BytesIO('é;\x00\n"a'.encode("latin-1")), "m.csv"),
            }
            kwargs["content_type"] = "multipart/form-data"
        elif request["body"] == "form":
            kwargs["data"] = {**form, "csrf_token": token}
    response = client.open(request["path"], method=request["method"], **kwargs)
    response.close()
    return response.status_code


def token_of(client: FlaskClient) -> str:
    return csrf_token(client.get("/login").get_data(as_text=True))


@pytest.fixture
def app(database_url: str) -> Flask:
    """The sign-in limits lifted: the draw must reach the views, not the limiter's 429."""
    upgrade(database_url)
    return make_app(
        database_url,
        LOGIN_RATE_LIMIT="100000 per minute",
        LOGIN_RATE_LIMIT_PER_ADDRESS="100000 per minute",
    )


@pytest.fixture
def people(app: Flask, make_user: Callable[..., Any]) -> dict[str, FlaskClient]:
    make_user()
    make_user("chloe@example.org", "Chloé Martin", "facilitator")
    learner, facilitator = app.test_client(), app.test_client()
    sign_in(learner, "awa@example.org")
    sign_in(facilitator, "chloe@example.org")
    learner.post("/learn/demo/quiz.html", data={"csrf_token": token_of(learner), "action": "start"})
    return {"anonymous": app.test_client(), "learner": learner, "facilitator": facilitator}


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "learner", "facilitator"])
def test_no_route_answers_5xx_to_malformed_input(
    app: Flask, people: dict[str, FlaskClient], who: str
) -> None:
    client = people[who]
    token = token_of(client)

    @settings(
        max_examples=400,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(request=requests(app))
    def check(request: dict[str, Any]) -> None:
        status = send(client, token, request)
        seen[(request["path"].split("/")[1], request["method"], status)] += 1
        assert status < 500, request

    seen: Counter[tuple[str, str, int]] = Counter()
    check()
    # The draw reached the views, not only the CSRF check or the router.
    assert sum(seen.values()) >= 400
    assert len({key[0] for key in seen}) >= 8, seen


@pytest.mark.parametrize(
    "path,form",
    [
        ("/learn/demo/time", {"item": "intro", "seconds": "²"}),
        ("/learn/demo/time", {"item": "intro", "seconds": "9" * 5000}),
        ("/learn/demo/quiz.html", {"action": "save", "attempt": "²"}),
        ("/learn/demo/quiz.html", {"action": "submit", "attempt": "9" * 20}),
        ("/language", {"language": "en", "next": "/\n/evil.example"}),
        ("/login", {"email": "awa\x00@example.org", "password": "x"}),
        (
            "/register",
            {
                "email": "a\x00@example.org",
                "name": "A\x00",
                "password": "x" * 12,
                "confirm": "x" * 12,
            },
        ),
        ("/account", {"current": "\x00", "password": "\x00" * 12, "confirm": "\x00" * 12}),
    ],
)
def test_the_malformed_values_found_by_probing_get_a_4xx_or_a_page(
    people: dict[str, FlaskClient], path: str, form: dict[str, str]
) -> None:
    client = people["learner"]
    response = client.post(path, data={**form, "csrf_token": token_of(client)})
    assert response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        "/attempts/99999999999999999999",
        "/verify?code=%00",
        "/verify?code=" + "A" * 5000,
        "/learn/demo/%00.html",
        "/certificates/%00.pdf",
    ],
)
def test_malformed_addresses_get_a_4xx_or_a_page(people: dict[str, FlaskClient], path: str) -> None:
    for client in people.values():
        assert client.get(path).status_code < 500, path


def test_an_open_answer_with_a_nul_byte_is_kept_without_it_and_the_attempt_submits(
    app: Flask, people: dict[str, FlaskClient]
) -> None:
    from tests.helpers.quiz import act

    client = people["learner"]
    assert act(client, "save", {"q-avis": "Très\x00 utile"}).status_code == 302
    assert act(client, "submit", {"q-avis": "Très\x00 utile\x07"}).status_code == 302
    from sqlalchemy import select

    from engine.player.db import session
    from engine.player.models import Answer

    with app.app_context():
        texts = list(session().scalars(select(Answer.text).where(Answer.question_id == "avis")))
    assert texts == ["Très utile"]

"""Groups (issue 14): each role's reach on the staff pages with exact status codes, forged
forms that change nothing, escaped names, assignments, and the join link (open, closed,
unknown code, rate limit), on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player import groups
from engine.player.accounts import find_user
from engine.player.db import session
from engine.player.models import User
from tests.helpers.groups import (
    group_tables,
    join_code,
    make_group,
    member_emails,
    stored_group,
    user_id,
)
from tests.helpers.player import PASSWORD, csrf_token, make_app, post_form, sign_in


@pytest.fixture
def two_groups(
    app: Flask, make_user: Callable[..., Any], admin: FlaskClient, facilitator: FlaskClient
) -> tuple[int, int]:
    """Chloé (the `facilitator` client) leads Lille; Dan, another facilitator, leads Lyon.
    Awa is in Lille, Bea in Lyon."""
    make_user()  # awa@example.org
    make_user("bea@example.org", "Bea", "learner")
    make_user("dan@example.org", "Dan", "facilitator")
    lille = make_group(
        app, "Atelier Lille", leaders=("chloe@example.org",), members=("awa@example.org",)
    )
    lyon = make_group(
        app, "Atelier Lyon", leaders=("dan@example.org",), members=("bea@example.org",)
    )
    return lille, lyon


def table_names(page: str, table_id: str = "groups") -> list[str]:
    """The row headings of a table of the page, as read."""
    body = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return [
        html.unescape(re.sub(r"<[^>]+>", "", cell))
        for cell in re.findall(r'<th scope="row">(.*?)</th>', body)
    ]


def flashes(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page)]


# --- reach -------------------------------------------------------------------------------


def test_each_role_reaches_only_its_groups(
    app: Flask,
    client: FlaskClient,
    two_groups: tuple[int, int],
    admin: FlaskClient,
    facilitator: FlaskClient,
) -> None:
    lille, lyon = two_groups
    learner = app.test_client()
    sign_in(learner, "awa@example.org")
    anonymous = app.test_client()
    pages = [
        "/admin/groups/",
        f"/admin/groups/{lille}",
        f"/admin/groups/{lyon}",
        f"/admin/groups/{lille}/join-card",
        f"/admin/groups/{lyon}/join-card",
    ]
    expected = {
        "anonymous": [302, 302, 302, 302, 302],
        "learner": [403, 403, 403, 403, 403],
        "facilitator": [200, 200, 403, 200, 403],
        "admin": [200, 200, 200, 200, 200],
    }
    clients = {
        "anonymous": anonymous,
        "learner": learner,
        "facilitator": facilitator,
        "admin": admin,
    }
    seen = {role: [c.get(url).status_code for url in pages] for role, c in clients.items()}
    assert seen == expected
    assert anonymous.get("/admin/groups/").location.startswith("/login?next=")
    assert admin.get("/admin/groups/999").status_code == 404
    assert table_names(admin.get("/admin/groups/").get_data(as_text=True)) == [
        "Atelier Lille",
        "Atelier Lyon",
    ]
    assert table_names(facilitator.get("/admin/groups/").get_data(as_text=True)) == [
        "Atelier Lille"
    ]


def test_reach_in_the_service(app: Flask, two_groups: tuple[int, int]) -> None:
    lille, lyon = two_groups
    with app.app_context():
        users = {u.email: u for u in session().query(User)}
        chloe, dan, awa = (
            users["chloe@example.org"],
            users["dan@example.org"],
            users["awa@example.org"],
        )
        ada = users["ada@example.org"]
        assert [g.name for g in groups.visible_groups(ada)] == ["Atelier Lille", "Atelier Lyon"]
        assert [g.name for g in groups.visible_groups(chloe)] == ["Atelier Lille"]
        assert [g.name for g in groups.visible_groups(dan)] == ["Atelier Lyon"]
        assert groups.visible_groups(awa) == []
        assert (groups.may_manage(chloe, lille), groups.may_manage(chloe, lyon)) == (True, False)
        assert groups.may_manage(awa, lille) is False
        assert groups.member_ids(lille) == {awa.id}
        assert [g.name for g in groups.groups_of(awa.id)] == ["Atelier Lille"]


@pytest.mark.parametrize(
    "data",
    [
        {"action": "edit", "name": "Pris", "description": "", "starts_on": "", "ends_on": ""},
        {"action": "add_member", "email": "awa@example.org"},
        {"action": "remove_member", "user": "BEA"},
        {"action": "assign", "target": "course:demo", "due_on": "2027-03-15"},
        {"action": "open"},
        {"action": "new_code"},
        {"action": "add_leader", "email": "chloe@example.org"},
    ],
    ids=lambda data: data["action"],
)
def test_a_forged_form_on_a_group_not_led_is_refused(
    app: Flask, two_groups: tuple[int, int], facilitator: FlaskClient, data: dict[str, str]
) -> None:
    _lille, lyon = two_groups
    if data.get("user") == "BEA":
        data = {**data, "user": str(user_id(app, "bea@example.org"))}
    before = group_tables(app)
    token = csrf_token(facilitator.get("/admin/groups/").get_data(as_text=True))
    response = facilitator.post(f"/admin/groups/{lyon}", data={"csrf_token": token, **data})
    assert response.status_code == 403
    assert "Atelier Lyon" not in response.get_data(as_text=True)
    assert group_tables(app) == before


def test_a_learner_posting_to_a_group_gets_403(app: Flask, two_groups: tuple[int, int]) -> None:
    lille, _lyon = two_groups
    learner = app.test_client()
    sign_in(learner, "awa@example.org")
    before = group_tables(app)
    token = csrf_token(learner.get("/").get_data(as_text=True))
    for url, data in [
        (f"/admin/groups/{lille}", {"action": "open"}),
        ("/admin/groups/", {"name": "Mon groupe"}),
    ]:
        assert learner.post(url, data={"csrf_token": token, **data}).status_code == 403
    assert group_tables(app) == before


def test_a_form_without_its_csrf_token_is_refused(
    app: Flask, two_groups: tuple[int, int], admin: FlaskClient
) -> None:
    lille, _lyon = two_groups
    before = group_tables(app)
    assert admin.post(f"/admin/groups/{lille}", data={"action": "open"}).status_code == 400
    assert admin.post("/admin/groups/", data={"name": "Sans jeton"}).status_code == 400
    assert group_tables(app) == before


def test_a_facilitator_leading_a_group_manages_it_but_not_its_leaders(
    app: Flask, two_groups: tuple[int, int], facilitator: FlaskClient
) -> None:
    lille, _lyon = two_groups
    facilitator.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = f"/admin/groups/{lille}"
    response = post_form(facilitator, url, {"action": "add_member", "email": "BEA@example.org"})
    assert response.status_code == 302
    assert flashes(facilitator.get(url).get_data(as_text=True)) == ["Bea added to the group."]
    assert member_emails(app, lille) == ["awa@example.org", "bea@example.org"]
    before = group_tables(app)
    # Leaders are chosen by administrators; staff accounts are added by administrators.
    for data, reason in [
        (
            {"action": "add_leader", "email": "dan@example.org"},
            "Only an administrator chooses who leads a group.",
        ),
        (
            {"action": "add_member", "email": "dan@example.org"},
            "Only an administrator can manage facilitator accounts.",
        ),
    ]:
        response = post_form(facilitator, url, data)
        assert response.status_code == 403
        assert flashes(response.get_data(as_text=True)) == [f"{reason} Nothing was changed."]
    assert group_tables(app) == before
    post_form(facilitator, url, {"action": "add_member", "email": "nobody@example.org"})
    assert flashes(facilitator.get(url).get_data(as_text=True)) == [
        "No account uses nobody@example.org."
    ]
    assert post_form(facilitator, url, {"action": "frobnicate"}).status_code == 400
    assert (
        post_form(facilitator, url, {"action": "remove_member", "user": "1 OR 1"}).status_code
        == 400
    )
    assert group_tables(app) == before
    post_form(
        facilitator, url, {"action": "remove_member", "user": str(user_id(app, "bea@example.org"))}
    )
    assert member_emails(app, lille) == ["awa@example.org"]


def test_a_facilitator_creates_a_group_and_leads_it(
    app: Flask, facilitator: FlaskClient, make_user: Callable[..., Any]
) -> None:
    facilitator.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = post_form(
        facilitator,
        "/admin/groups/",
        {
            "name": " Salarié·es 2027 ",
            "description": "Suivi annuel",
            "starts_on": "2027-01-04",
            "ends_on": "2027-12-17",
        },
    )
    assert response.status_code == 302
    page = facilitator.get(response.location).get_data(as_text=True)
    assert flashes(page) == ["Group Salarié·es 2027 created."]
    assert "January 4, 2027 to December 17, 2027" in page
    assert table_names(facilitator.get("/admin/groups/").get_data(as_text=True)) == [
        "Salarié·es 2027"
    ]
    (group,) = group_tables(app)["groups"]
    assert group[1:5] == ("Salarié·es 2027", "Suivi annuel", date(2027, 1, 4), date(2027, 12, 17))
    assert group_tables(app)["leaders"] == [(group[0], user_id(app, "chloe@example.org"))]
    for data, message in [
        ({"name": "SALARIÉ·ES 2027"}, "A group is already named SALARIÉ·ES 2027."),
        ({"name": "  "}, "A group name is required."),
        (
            {"name": "X", "starts_on": "2027-05-01", "ends_on": "2027-04-01"},
            "The group ends before it starts.",
        ),
        (
            {"name": "X", "starts_on": "15/03/2027"},
            "`15/03/2027` is not a date (year-month-day, e.g. 2027-03-15).",
        ),
        ({"name": "x" * 201}, "The group name is longer than 200 characters."),
    ]:
        post_form(facilitator, "/admin/groups/", data)
        assert flashes(facilitator.get("/admin/groups/").get_data(as_text=True)) == [message]
    assert len(group_tables(app)["groups"]) == 1


def test_assignments_and_what_each_learner_sees(
    app: Flask, two_groups: tuple[int, int], admin: FlaskClient
) -> None:
    lille, lyon = two_groups
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    post_form(
        admin,
        f"/admin/groups/{lille}",
        {"action": "assign", "target": "path:parcours-test", "due_on": "2027-03-15"},
    )
    post_form(
        admin, f"/admin/groups/{lille}", {"action": "assign", "target": "course:demo", "due_on": ""}
    )
    post_form(
        admin,
        f"/admin/groups/{lyon}",
        {"action": "assign", "target": "course:demo", "due_on": "2027-02-01"},
    )
    page = admin.get(f"/admin/groups/{lille}").get_data(as_text=True)
    assert table_names(page, "assignments") == [
        "Parcours : Parcours de test",
        "Cours : Cours de démonstration",
    ]
    assert "15 mars 2027" in page
    before = group_tables(app)
    post_form(admin, f"/admin/groups/{lille}", {"action": "assign", "target": "course:absent"})
    assert flashes(admin.get(f"/admin/groups/{lille}").get_data(as_text=True)) == [
        "`course:absent` n'est ni un parcours ni un cours."
    ]
    assert group_tables(app) == before
    with app.app_context():
        awa, bea = (find_user(e) for e in ("awa@example.org", "bea@example.org"))
        assert awa is not None and bea is not None
        assert groups.assignments_for(awa.id) == [
            groups.Assigned("path", "parcours-test", date(2027, 3, 15), ("Atelier Lille",)),
            groups.Assigned("course", "demo", None, ("Atelier Lille",)),
        ]
        assert groups.assignments_for(bea.id) == [
            groups.Assigned("course", "demo", date(2027, 2, 1), ("Atelier Lyon",))
        ]
        groups.add_member(stored_group(lyon), "awa@example.org", actor_role="admin")
        # In both groups: the course once, with the earlier due date.
        assert groups.assignments_for(awa.id)[0] == groups.Assigned(
            "course", "demo", date(2027, 2, 1), ("Atelier Lille", "Atelier Lyon")
        )
        assert groups.assigned_user_ids("course", "demo") == {awa.id, bea.id}
        assert groups.assigned_user_ids("path", "parcours-test") == {awa.id}
        assert groups.Assigned("course", "demo", date(2027, 2, 1), ()).late(date(2027, 2, 2))
    # Assigning again changes the due date; removing it removes it.
    post_form(
        admin,
        f"/admin/groups/{lille}",
        {"action": "assign", "target": "path:parcours-test", "due_on": "2027-04-01"},
    )
    assert (lille, "path", "parcours-test", date(2027, 4, 1)) in group_tables(app)["assignments"]
    with app.app_context():
        (assignment,) = [a for a in groups.assignments(lille) if a.kind == "path"]
    post_form(
        admin, f"/admin/groups/{lille}", {"action": "unassign", "assignment": str(assignment.id)}
    )
    assert [a[:3] for a in group_tables(app)["assignments"] if a[0] == lille] == [
        (lille, "course", "demo")
    ]


def test_names_and_descriptions_are_escaped(
    app: Flask, admin: FlaskClient, make_user: Callable[..., Any]
) -> None:
    name = '<script>alert("x")</script> & Cie'
    description = "<img src=x onerror=alert(1)>\nligne 2"
    group_id = make_group(app, name, description=description, join_open=True)
    code = join_code(app, group_id)
    pages = [
        admin.get("/admin/groups/").get_data(as_text=True),
        admin.get(f"/admin/groups/{group_id}").get_data(as_text=True),
        admin.get(f"/admin/groups/{group_id}/join-card").get_data(as_text=True),
        app.test_client().get(f"/join/{code}").get_data(as_text=True),
    ]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Cie" in page
    assert "&lt;img src=x onerror=alert(1)&gt;\nligne 2" in pages[1]


def test_the_join_card_shows_the_code_and_a_qr_code(app: Flask, admin: FlaskClient) -> None:
    group_id = make_group(app, "Atelier Lille", join_open=True)
    code = join_code(app, group_id)
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = admin.get(f"/admin/groups/{group_id}/join-card").get_data(as_text=True)
    assert f'<p class="join-code" id="join-code">{code[:4]}-{code[4:]}</p>' in page
    assert page.count("<svg") == 1 and 'class="segno"' in page
    assert f"QR code of the link http://localhost/join/{code}" in page
    assert "Scan the QR code, or go to http://localhost/join and type the code:" in page


def test_the_join_addresses_are_on_the_public_address(app: Flask, admin: FlaskClient) -> None:
    """The staff member's browser may reach the player by another address (the laptop's
    localhost, a proxy): phones need the public one, in the QR code and in the text."""
    app.config["BASE_URL"] = "https://formation.example.org/"
    group_id = make_group(app, "Atelier Lille", join_open=True)
    code = join_code(app, group_id)
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    card = admin.get(f"/admin/groups/{group_id}/join-card").get_data(as_text=True)
    assert f"QR code of the link https://formation.example.org/join/{code}" in card
    assert "Scan the QR code, or go to https://formation.example.org/join and type" in card
    page = admin.get(f"/admin/groups/{group_id}").get_data(as_text=True)
    assert "types this code at https://formation.example.org/join, creates" in page
    assert "http://localhost/join" not in card + page


# --- the join link -----------------------------------------------------------------------


def test_an_open_link_creates_an_account_in_the_group(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    group_id = make_group(app, "Atelier Lille", join_open=True)
    code = join_code(app, group_id)
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = visitor.get(f"/join/{code}").get_data(as_text=True)
    assert "<h1>Rejoindre le groupe Atelier Lille</h1>" in page
    response = post_form(
        visitor,
        f"/join/{code}",
        {"name": "Zoé", "email": "Zoe@Example.org", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 302 and response.location == "/"
    page = visitor.get("/").get_data(as_text=True)
    assert flashes(page) == ["Bienvenue, Zoé ! Vous faites partie du groupe Atelier Lille."]
    assert member_emails(app, group_id) == ["zoe@example.org"]
    with app.app_context():
        zoe = find_user("zoe@example.org")
        assert zoe is not None and zoe.role == "learner"


def test_an_open_link_refuses_what_registration_refuses(
    app: Flask, make_user: Callable[..., Any]
) -> None:
    make_user()
    group_id = make_group(app, "Atelier Lille", join_open=True)
    code = join_code(app, group_id)
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = group_tables(app)
    for data, error in [
        (
            {"name": "Awa", "email": "awa@example.org"},
            "An account already uses this email. Sign in instead.",
        ),
        ({"name": "Awa", "email": "awa@"}, "`awa@` is not an email address"),
    ]:
        response = post_form(
            visitor, f"/join/{code}", {**data, "password": PASSWORD, "confirm": PASSWORD}
        )
        assert response.status_code == 200
        assert (
            f'<span class="field-errors" id="email-errors">{html.escape(error, quote=False)}</span>'
            in response.get_data(as_text=True)
        )
    response = post_form(
        visitor,
        f"/join/{code}",
        {"name": "Zoé", "email": "zoe@example.org", "password": "court", "confirm": "court"},
    )
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    assert group_tables(app) == before
    with app.app_context():
        assert find_user("zoe@example.org") is None


def test_a_signed_in_learner_joins_with_one_button(app: Flask, learner: FlaskClient) -> None:
    group_id = make_group(app, "Atelier Lille", join_open=True)
    code = join_code(app, group_id)
    learner.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = learner.get(f"/join/{code[:4]}-{code[4:].lower()}").get_data(as_text=True)
    assert "You are signed in as Awa Diallo." in page
    response = post_form(learner, f"/join/{code}", {})
    assert response.status_code == 302
    assert flashes(learner.get("/").get_data(as_text=True)) == [
        "You are in the group Atelier Lille."
    ]
    assert member_emails(app, group_id) == ["awa@example.org"]
    assert post_form(learner, f"/join/{code}", {}).status_code == 302  # a second click
    assert group_tables(app)["members"] == [(group_id, user_id(app, "awa@example.org"))]
    assert "You are already in this group." in learner.get(f"/join/{code}").get_data(as_text=True)


def test_a_closed_or_unknown_code_gets_a_clear_page(app: Flask, learner: FlaskClient) -> None:
    group_id = make_group(app, "Atelier Lille", join_open=False)
    code = join_code(app, group_id)
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = group_tables(app)
    response = visitor.get(f"/join/{code}")
    assert response.status_code == 403
    assert "<h1>Joining the group Atelier Lille is closed</h1>" in response.get_data(as_text=True)
    token = csrf_token(visitor.get("/join").get_data(as_text=True))
    form = {
        "csrf_token": token,
        "name": "Zoé",
        "email": "zoe@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    assert visitor.post(f"/join/{code}", data=form).status_code == 403
    assert (
        learner.post(
            f"/join/{code}",
            data={"csrf_token": csrf_token(learner.get("/").get_data(as_text=True))},
        ).status_code
        == 403
    )
    for unknown in ("ZZZZZZZZ", "x" * 300, "%00"):
        response = visitor.get(f"/join/{unknown}")
        assert response.status_code == 404
        assert "<h1>This join link does not work</h1>" in response.get_data(as_text=True)
    assert group_tables(app) == before
    # A new code: the old one stops working.
    with app.app_context():
        groups.set_joining(stored_group(group_id), True)
        groups.renew_code(stored_group(group_id))
    assert visitor.get(f"/join/{code}").status_code == 404
    assert visitor.get(f"/join/{join_code(app, group_id)}").status_code == 200


def test_the_typed_code_form(app: Flask) -> None:
    group_id = make_group(app, "Atelier Lille", join_open=True)
    code = join_code(app, group_id)
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    response = post_form(visitor, "/join", {"code": f" {code[:4].lower()} - {code[4:]} "})
    assert response.status_code == 302 and response.location == f"/join/{code}"
    response = post_form(visitor, "/join", {"code": "ABCD-EFGH"})
    assert response.status_code == 404
    assert flashes(response.get_data(as_text=True)) == [
        "Aucun groupe n'a ce code. Vérifiez-le auprès de la personne qui vous l'a donné."
    ]
    assert 'value="ABCD-EFGH"' in response.get_data(as_text=True)
    assert visitor.post("/join", data={"code": code}).status_code == 400  # no CSRF token


def test_the_join_forms_are_rate_limited(database_url: str, app: Flask) -> None:
    limited = make_app(database_url, JOIN_RATE_LIMIT="3 per minute")
    visitor = limited.test_client()
    token = csrf_token(visitor.get("/join").get_data(as_text=True))
    codes = [
        visitor.post("/join", data={"csrf_token": token, "code": "ABCDEFGH"}).status_code
        for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]
    assert visitor.post("/join/ABCDEFGH", data={"csrf_token": token}).status_code == 429
    assert visitor.get("/join").status_code == 200  # reading the form is not limited

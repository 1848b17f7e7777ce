"""Groups in a real browser (issue 14): an administrator creates a group, assigns a path with a
due date and opens joining; the join card shows the code large with its QR code; a visitor
on a phone types the code, creates an account and lands in the catalogue, in the group; a
facilitator who does not lead it gets 403, on its page and its dashboard, until the
administrator makes them its leader: then they see the group's dashboard. Every page
checked with axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.groups import member_emails
from tests.helpers.server import serve

pytestmark = pytest.mark.slow

PHONE = {"width": 360, "height": 740}


def test_a_group_from_creation_to_a_member_joining_on_a_phone(browser: Any, tmp_path: Path) -> None:
    app = browser_player(
        tmp_path,
        ("ada@example.org", "Ada Admin", "admin"),
        ("dan@example.org", "Dan Facilitateur", "facilitator"),
    )
    with serve(app) as server:
        context, page = signed_in(browser, server.url + "/login", "ada@example.org")
        page.goto(server.url + "/admin/")
        page.get_by_role("link", name="Groupes").click()
        assert page.locator("h1").inner_text() == "Groupes"
        assert axe_violations(page, least="moderate") == []
        page.fill("#group-new-name", "Atelier ECSI Lille")
        page.fill("#group-new-description", "15 personnes, mars 2027")
        page.fill("#group-new-start", "2027-03-01")
        page.get_by_role("button", name="Créer le groupe").click()
        assert page.locator("h1").inner_text() == "Atelier ECSI Lille"
        assert page.locator(".flash").first.inner_text() == "Groupe Atelier ECSI Lille créé."
        page.select_option("#assign-target", index=0)
        page.fill("#assign-due", "2027-03-15")
        page.get_by_role("button", name="Attribuer").click()
        assert page.locator("#assignments tbody tr").inner_text().split("\t")[:2] == [
            "Parcours : Parcours salarié·es",
            "15 mars 2027",
        ]
        page.get_by_role("button", name="Ouvrir les inscriptions").click()
        assert page.locator(".flash").first.inner_text() == (
            "Les inscriptions sont ouvertes : le lien et le code fonctionnent."
        )
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "group-page")
        code = page.locator("#join-code").inner_text()
        page.get_by_role(
            "link", name="Afficher le code et le QR code à imprimer ou projeter"
        ).click()
        assert page.locator("#join-code").inner_text() == code
        qr = page.locator(".join-qr svg").bounding_box()
        assert qr is not None and qr["width"] >= 300  # read from the back of a room
        font_size = page.locator("#join-code").evaluate("e => getComputedStyle(e).fontSize")
        assert float(font_size.removesuffix("px")) >= 60
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "group-join-card")
        context.close()

        visitor = browser.new_context(locale="fr-FR", viewport=PHONE)
        phone = visitor.new_page()
        phone.goto(server.url + "/join")
        assert axe_violations(phone, least="moderate") == []
        phone.fill("#code", code.lower())
        phone.get_by_role("button", name="Continuer").click()
        assert phone.locator("h1").inner_text() == "Rejoindre le groupe Atelier ECSI Lille"
        assert axe_violations(phone, least="moderate") == []
        phone.fill("#name", "Zoé Durand")
        phone.fill("#email", "zoe@example.org")
        phone.fill("#password", "zoe-choisit-son-mot-de-passe")
        phone.fill("#confirm", "zoe-choisit-son-mot-de-passe")
        phone.get_by_role("button", name="Créer mon compte et rejoindre le groupe").click()
        phone.wait_for_url(server.url + "/")
        assert phone.locator(".flash").first.inner_text() == (
            "Bienvenue, Zoé Durand ! Vous faites partie du groupe Atelier ECSI Lille."
        )
        screenshot(phone, "group-joined-phone")
        visitor.close()
        assert member_emails(app, 1) == ["zoe@example.org"]

        context, page = signed_in(browser, server.url + "/login", "dan@example.org")
        response = page.goto(server.url + "/admin/groups/1")
        assert response is not None and response.status == 403
        page.goto(server.url + "/admin/groups/")
        assert page.locator("main").inner_text().count("Atelier ECSI Lille") == 0
        response = page.goto(server.url + "/admin/courses/genre-bases?group=1")
        assert response is not None and response.status == 403
        context.close()

        context, page = signed_in(browser, server.url + "/admin/groups/1", "ada@example.org")
        page.fill("#leader-email", "dan@example.org")
        page.get_by_role("button", name="Lui confier le groupe").click()
        context.close()
        context, page = signed_in(browser, server.url + "/admin/", "dan@example.org")
        page.select_option("#group-filter", label="Atelier ECSI Lille")
        page.get_by_role("button", name="Afficher").click()
        assert page.locator("h1").inner_text() == "Tableau de bord : Atelier ECSI Lille"
        page.get_by_role("link", name="Genre et solidarité internationale : les bases").click()
        assert page.url == server.url + "/admin/courses/genre-bases?group=1"
        learners = page.get_by_role("region", name="Apprenant·es", exact=True)
        assert learners.locator("tbody th").all_inner_texts() == ["Zoé Durand"]
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "group-dashboard")
        context.close()

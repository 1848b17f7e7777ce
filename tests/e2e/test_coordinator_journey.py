"""A training coordinator's whole journey in a real browser, in French (issue 14's evidence):
the administrator creates the group "Atelier ECSI Lille" from the dashboard, assigns it a
bundled training path with a due date, uploads a CSV of 3 members naming the group column
with invitations checked; each member opens the link of the email the test's SMTP server
received (one on a 360 px phone), chooses a password, lands signed in and finds the path
in "À faire" with its due date; a facilitator the administrator makes the group's leader
opens the dashboard filtered by the group and sees its 3 members and the path's courses.
The import's report links to the group it filled (added for this journey: the coordinator
had to go back through the dashboard to name the group's leader).
Every new page checked with axe (moderate and worse); screenshots in tests/artifacts/."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engine.player import todo
from tests.e2e.test_invitation_browser import choose_password
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.server import serve
from tests.helpers.smtp import SmtpServer, parts, urls

pytestmark = pytest.mark.slow

GROUP = "Atelier ECSI Lille"
# The file a coordinator exports from a spreadsheet, its header as the French page's hint
# writes it (email,nom,groupe).
MEMBERS = (
    ("awa.diallo@example.org", "Awa Diallo"),
    ("bastien.morel@example.org", "Bastien Morel"),
    ("chloe.nguyen@example.org", "Chloé Nguyen"),
)
PATH_TITLE = "Parcours salarié·es"  # courses/paths.yml: genre-bases, then politique-genre
PATH_COURSES = [
    "Genre et solidarité internationale : les bases",
    "Adopter une politique genre dans son association",
]
PHONE = {"width": 360, "height": 740}


def accept_invitation(
    browser: Any, url: str, name: str, home: str, check: bool, **options: Any
) -> tuple[Any, Any]:
    """A fresh window (no cookie) opening the email's link: the member chooses a password
    and lands on the catalogue, signed in; with `check`, the link's page goes through axe.
    The context is the caller's to close."""
    context = browser.new_context(locale="fr-FR", **options)
    page = context.new_page()
    page.goto(url)
    assert page.locator("h1").inner_text() == "Bienvenue ! Choisissez votre mot de passe"
    if check:
        assert axe_violations(page, least="moderate") == []
    choose_password(page, f"{name.split()[0].lower()}-choisit-son-mot-de-passe", home)
    assert page.locator(".flash").first.inner_text() == (
        f"Votre mot de passe est enregistré. Bienvenue, {name} !"
    )
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    return context, page


def test_a_coordinator_enrols_a_team_that_signs_in_on_its_own(
    browser: Any, tmp_path: Path, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(todo, "today", lambda: date(2027, 3, 1))  # the due date is this year's
    app = browser_player(
        tmp_path,
        ("ada@example.org", "Ada Admin", "admin"),
        ("dan@example.org", "Dan Facilitateur", "facilitator"),
        **smtp.settings,
    )
    members_csv = tmp_path / "atelier-ecsi-lille.csv"
    members_csv.write_text(
        "email,nom,groupe\n" + "".join(f"{email},{name},{GROUP}\n" for email, name in MEMBERS),
        encoding="utf-8",
    )
    with serve(app) as server:
        app.config["BASE_URL"] = server.url  # the links of the emails lead to this server
        context, page = signed_in(browser, server.url + "/admin/", "ada@example.org")
        page.get_by_role("link", name="Groupes").click()
        assert axe_violations(page, least="moderate") == []
        page.fill("#group-new-name", GROUP)
        page.get_by_role("button", name="Créer le groupe").click()
        assert page.locator("h1").inner_text() == GROUP
        page.select_option("#assign-target", label=PATH_TITLE)
        page.fill("#assign-due", "2027-03-15")
        page.get_by_role("button", name="Attribuer").click()
        assert page.locator("#assignments tbody tr").inner_text().split("\t")[:2] == [
            f"Parcours : {PATH_TITLE}",
            "15 mars 2027",
        ]

        # From the group's members card to the accounts page, where the file is imported.
        page.locator("#members").get_by_role("link", name="Comptes").click()
        page.set_input_files("#csv-file", str(members_csv))
        page.check("#csv-invite")
        page.get_by_role("button", name="Importer", exact=True).click()
        assert page.locator("#import-report .flash").all_inner_texts() == [
            "3 compte(s) créé(s).",
            "3 membre(s) ajouté(s) à leur groupe.",
        ]
        assert page.locator("#invitations").inner_text() == "3 invitation(s) envoyée(s) par e-mail."
        assert page.locator("#import-groups").inner_text() == (
            "Attribuez des parcours et des cours et désignez qui anime le groupe sur sa page :"
            f" {GROUP}"
        )
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "coordinator-import")
        # Back to the group from the report, to make a facilitator its leader.
        page.locator("#import-groups").get_by_role("link", name=GROUP).click()
        assert page.locator("#members tbody th").all_inner_texts() == [n for _e, n in MEMBERS]
        page.fill("#leader-email", "dan@example.org")
        page.get_by_role("button", name="Lui confier le groupe").click()
        assert page.locator("#leaders li").all_inner_texts() == [
            "Dan Facilitateur (dan@example.org) Retirer"
        ]
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "coordinator-group")
        context.close()

        messages = {message["To"].addresses[0].addr_spec: message for message in smtp.wait_for(3)}
        assert sorted(messages) == [email for email, _name in MEMBERS]
        assert sorted(to for _sender, (to,) in smtp.mailbox.envelopes) == sorted(messages)
        for number, (email, name) in enumerate(MEMBERS):
            message = messages[email]
            assert message["Subject"] == "Votre compte : choisissez votre mot de passe"
            assert message["To"].addresses[0].display_name == name
            (url,) = urls(message)
            assert url.startswith(server.url + "/invitation/") and url in parts(message)[0]
            phone = number == 0
            options = {"viewport": PHONE} if phone else {}
            context, page = accept_invitation(
                browser, url, name, server.url + "/", check=phone, **options
            )
            assert page.locator("h2").first.inner_text() == "À faire"
            todo_card = page.locator(".todo")
            assert todo_card.locator("h3").inner_text().splitlines() == ["Parcours", PATH_TITLE]
            assert todo_card.locator(".due").all_inner_texts() == ["À faire pour le 15 mars"]
            assert todo_card.locator(".path-courses a").all_inner_texts() == PATH_COURSES
            if phone:
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
                assert axe_violations(page, least="moderate") == []
                screenshot(page, "coordinator-member-todo-360")
            context.close()

        context, page = signed_in(browser, server.url + "/admin/", "dan@example.org")
        page.select_option("#group-filter", label=GROUP)
        page.get_by_role("button", name="Afficher").click()
        assert page.locator("h1").inner_text() == f"Tableau de bord : {GROUP}"
        matrix = page.get_by_role("region", name="Apprenant·es et cours")
        assert matrix.locator("tbody th").all_inner_texts() == [n for _e, n in MEMBERS]
        headers = matrix.locator("thead a").all_inner_texts()
        assert [title for title in headers if title in PATH_COURSES] == PATH_COURSES
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "coordinator-facilitator-dashboard")
        page.get_by_role("link", name=PATH_COURSES[0]).click()
        assert page.url == server.url + "/admin/courses/genre-bases?group=1"
        learners = page.get_by_role("region", name="Apprenant·es", exact=True)
        assert learners.locator("tbody th").all_inner_texts() == [n for _e, n in MEMBERS]
        context.close()

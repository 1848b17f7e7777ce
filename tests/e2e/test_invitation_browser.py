"""An administrator invites someone from the accounts page; the person opens the link of
the email the test's SMTP server received, in a real browser, chooses a password and lands
signed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.server import serve
from tests.helpers.smtp import SmtpServer, parts, urls

pytestmark = pytest.mark.slow


def choose_password(page: Any, password: str, home: str) -> None:
    """Fill the page of a link and send it: the person lands on the catalogue."""
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.wait_for_url(home)


def test_an_invited_person_sets_a_password_in_the_browser(
    browser: Any, tmp_path: Path, smtp: SmtpServer
) -> None:
    app = browser_player(tmp_path, ("ada@example.org", "Ada Admin", "admin"), **smtp.settings)
    with serve(app) as server:
        app.config["BASE_URL"] = server.url  # the links of the emails lead to this server
        context, page = signed_in(browser, server.url + "/login", "ada@example.org")
        page.goto(server.url + "/admin/users")
        page.fill("#new-name", "Zoé Durand")
        page.fill("#new-email", "zoe@example.org")
        page.check("#new-invite")
        page.click('button[name="action"][value="create"]')
        assert page.locator("#invitations").inner_text() == "1 invitation(s) envoyée(s) par e-mail."
        context.close()

        message = smtp.wait_for(1)[0]
        assert message["To"].addresses[0].addr_spec == "zoe@example.org"
        (url,) = urls(message)
        assert url.startswith(server.url + "/invitation/") and url in parts(message)[0]

        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(url)
        assert page.locator("h1").inner_text() == "Bienvenue ! Choisissez votre mot de passe"
        assert axe_violations(page, least="moderate") == []
        screenshot(page, "invitation-choose-password")
        choose_password(page, "zoe-choisit-son-mot-de-passe", server.url + "/")
        assert page.locator(".flash").first.inner_text() == (
            "Votre mot de passe est enregistré. Bienvenue, Zoé Durand !"
        )
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
        # The same link, opened again, says it was used.
        page.goto(url)
        assert page.locator("h1").inner_text() == "Ce lien ne fonctionne plus"
        assert axe_violations(page, least="moderate") == []
        context.close()


def test_a_forgotten_password_from_the_sign_in_page(
    browser: Any, tmp_path: Path, smtp: SmtpServer
) -> None:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"), **smtp.settings)
    with serve(app) as server:
        app.config["BASE_URL"] = server.url
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(server.url + "/login")
        page.get_by_role("link", name="Mot de passe oublié ?").click()
        assert axe_violations(page, least="moderate") == []
        page.fill("#email", "awa@example.org")
        page.get_by_role("button", name="M'envoyer un lien").click()
        assert page.locator("h1").inner_text() == "Consultez vos e-mails"
        assert axe_violations(page, least="moderate") == []
        (url,) = urls(smtp.wait_for(1)[0])
        page.goto(url)
        assert page.locator("h1").inner_text() == "Choisir un nouveau mot de passe"
        choose_password(page, "awa-a-un-nouveau-mot-de-passe", server.url + "/")
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
        context.close()
        app.extensions["liane.mail_thread"].shutdown(wait=True)

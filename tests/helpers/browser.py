"""What every browser test shares: Debian's Chromium (never downloaded), where screenshots
go, the accessibility check with axe-core, and a person signing in to the player.

The browser itself is the session's `browser` fixture (tests/conftest.py); the server the
pages come from is tests/helpers/server.py. Screenshots go to tests/artifacts/ (git-ignored)
for people to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.helpers.courses import ROOT

if TYPE_CHECKING:
    from flask import Flask

CHROMIUM = os.environ.get("LIANE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The password of the people the player's browser tests create.
PASSWORD = "un-mot-de-passe-long"

AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


IMPACTS = ("minor", "moderate", "serious", "critical")  # axe-core's, least first


def axe_violations(frame: Any, least: str = "serious") -> list[dict[str, Any]]:
    """WCAG 2.1 AA violations in a page or frame (axe-core) of impact `least` or worse:
    serious and critical by default, `least="moderate"` for the pages issue 12 holds to 0
    moderate too."""
    frame.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = frame.evaluate(AXE_RUN)
    worse = IMPACTS[IMPACTS.index(least) :]
    return [v for v in found if v["impact"] in worse]


def screenshot(page: Any, name: str) -> None:
    """The whole page, as tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def signed_in(browser: Any, url: str, email: str, **options: Any) -> tuple[Any, Any]:
    """A new browser window (no cookie; `options` for Playwright's new_context, e.g. the
    viewport) that opens `url` and signs in on the way (with PASSWORD)."""
    context = browser.new_context(locale="fr-FR", **options)
    page = context.new_page()
    page.goto(url)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    return context, page


def browser_player(folder: Path, *accounts: tuple[str, ...], **config: Any) -> Flask:
    """The player as the browser tests serve it: the bundled courses, a migrated SQLite
    database in `folder`, TESTING off (real CSRF tokens and limits), and these accounts
    (email, name[, role]) with PASSWORD; `config` overrides settings."""
    from engine.player.accounts import create_user
    from engine.player.db import upgrade
    from tests.helpers.courses import bundled_dir
    from tests.helpers.player import make_app

    url = f"sqlite:///{folder / 'player.sqlite3'}"
    upgrade(url)
    app = make_app(url, **{"COURSES_DIR": str(bundled_dir()), "TESTING": False, **config})
    with app.app_context():
        for email, name, *role in accounts:
            create_user(email, name, PASSWORD, *role)
    return app

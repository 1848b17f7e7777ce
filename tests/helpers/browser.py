"""What every browser test shares: Debian's Chromium (never downloaded), where screenshots
go, the accessibility check with axe-core, and a person signing in to the player.

The browser itself is the session's `browser` fixture (tests/conftest.py); the server the
pages come from is tests/helpers/server.py. Screenshots go to tests/artifacts/ (git-ignored)
for people to look at.
"""

from __future__ import annotations

import os
from typing import Any

from tests.helpers.courses import ROOT

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

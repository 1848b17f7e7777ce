"""What every browser test shares: Debian's Chromium (never downloaded), where screenshots
go, and the accessibility check with axe-core."""

from __future__ import annotations

import os
from typing import Any

from tests.conftest import ROOT

CHROMIUM = os.environ.get("LIANE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def axe_violations(frame: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 AA violations in a page or frame (axe-core)."""
    frame.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = frame.evaluate(AXE_RUN)
    return [v for v in found if v["impact"] in ("serious", "critical")]

"""Browser tests: Debian's Chromium driven by Playwright, against a server in a thread.

The browser is the session's (tests/conftest.py: Debian's Chromium, never downloaded).
Screenshots of the main pages go to tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from tests.browser import ARTIFACTS
from tests.browser import axe_violations as shared_axe


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(5)


def serve(app: Flask) -> LiveServer:
    return LiveServer(app)


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations on the page (axe-core, WCAG 2.1 AA)."""
    return shared_axe(page)

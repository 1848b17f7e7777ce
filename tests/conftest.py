"""Shared fixtures: small course builders, an English message locale, the session's browser.

Plain functions and constants shared by test modules are in tests/helpers/."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests assert the English texts unless they choose a language themselves."""
    monkeypatch.setenv("LIANE_LANG", "en")


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates and loaded lessons (engine/cache.py) are cached in a folder of the
    session's own (its subprocesses inherit it), never in the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIANE_CACHE_DIR", str(tmp_path_factory.mktemp("liane-cache")))
        yield


@pytest.fixture
def make_course(tmp_path: Path) -> Callable[..., Path]:
    """Write a course folder from {relative path: text} and return its path.

    Texts are dedented; a course.yml is written when none is given, listing the .md and .yml
    files in one module, in the order given.
    """

    def build(files: dict[str, str | bytes], course_id: str = "demo") -> Path:
        root = tmp_path / course_id
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        if "course.yml" not in files:
            items = [rel for rel in files if rel.endswith((".md", ".yml", ".yaml"))]
            listing = "".join(f"      - {rel}\n" for rel in items)
            (root / "course.yml").write_text(
                f"title: Demo\nmodules:\n  - title: One\n    items:\n{listing}", encoding="utf-8"
            )
        return root

    return build


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for every browser test of the session: Playwright's sync API allows one
    instance per thread."""
    from playwright.sync_api import sync_playwright

    from tests.helpers.browser import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def smtp() -> Iterator[Any]:
    """A real SMTP server on 127.0.0.1 that keeps what the test sends
    (tests/helpers/smtp.py); its `settings` are the player's to send through it."""
    from tests.helpers.smtp import smtp_server

    with smtp_server() as server:
        yield server

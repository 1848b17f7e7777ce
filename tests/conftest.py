"""Shared fixtures: small course builders, the bundled courses, an English message locale."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSES = ROOT / "courses"
# The courses this repository ships, which tests of "the bundled courses" check, and their
# training paths. courses/ may hold more (a draft an author is writing): tests never load
# the folder as a whole, so a draft with errors does not turn the suite red.
BUNDLED = ("genre-bases", "politique-genre", "gender-basics-en")
BUNDLED_PATHS = "paths.yml"


def copy_bundled(dest: Path) -> Path:
    """Copy the bundled courses and paths.yml, and nothing else of courses/, into a new
    folder `dest` (for the player's COURSES_DIR or load_library); return `dest`."""
    dest.mkdir(parents=True)
    for course_id in BUNDLED:
        shutil.copytree(COURSES / course_id, dest / course_id)
    shutil.copy2(COURSES / BUNDLED_PATHS, dest / BUNDLED_PATHS)
    return dest


@cache
def bundled_dir() -> Path:
    """One copy of the bundled courses for the whole session, never written to (for
    module-level constants and the player's COURSES_DIR); removed when the session ends."""
    temp = Path(tempfile.mkdtemp(prefix="liane-bundled-"))
    atexit.register(shutil.rmtree, temp, ignore_errors=True)
    return copy_bundled(temp / "courses")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests assert the English texts unless they choose a language themselves."""
    monkeypatch.setenv("LIANE_LANG", "en")


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
                f"title: Demo\nmodules:\n  - title: One\n    items:\n{listing}",
                encoding="utf-8")
        return root

    return build


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for every browser test of the session: Playwright's sync API allows one
    instance per thread."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()

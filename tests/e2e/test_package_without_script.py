"""A package read without JavaScript (issue 12): a browser too old for the runtime, script
blocked by a policy or a reader mode. The page is the whole course: every lesson and quiz
shows (the runtime used to be the one to un-hide them), the controls only the runtime can run
stay hidden, the outline's links lead to each item, and each navigation area has its own name.
Chromium with `java_script_enabled=False`, from file://, for both standards and the kit's
offline site (the same page).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.i18n import translator
from engine.loader import load_course
from engine.model import Course, Lesson, Quiz
from export.kit import site_files, write_folder
from export.scorm import ScormOptions, export_scorm
from tests.helpers.browser import screenshot
from tests.helpers.courses import COURSES

pytestmark = pytest.mark.slow

TARGETS = ("scorm12", "scorm2004", "kit")


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(COURSES / "genre-bases")[0]
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, course: Course) -> dict[str, Path]:
    """Each target's index.html, unpacked."""
    root = tmp_path_factory.mktemp("no-script")
    for standard in ("scorm12", "scorm2004"):
        with zipfile.ZipFile(io.BytesIO(export_scorm(course, ScormOptions(standard)))) as zipped:
            zipped.extractall(root / standard)
    write_folder(site_files(course), root / "kit")
    return {target: root / target / "index.html" for target in TARGETS}


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        java_script_enabled=False, locale="fr-FR", viewport={"width": 360, "height": 800}
    )
    yield context.new_page()
    context.close()


def first_words(html: str) -> str:
    """The start of a lesson's first paragraph as a reader sees it."""
    import re

    paragraph = re.search(r"<p>(.*?)</p>", html, re.S)
    assert paragraph is not None
    text = " ".join(re.sub(r"<[^>]+>", "", paragraph.group(1)).split())
    return text[:40]


@pytest.mark.parametrize("target", TARGETS)
def test_a_package_reads_without_javascript(
    page: Any, pages: dict[str, Path], course: Course, target: str
) -> None:
    tr = translator(course.language).gettext
    page.goto(pages[target].as_uri())
    items = list(course.items())
    sections = page.locator("section.sco-item")
    assert sections.count() == len(items)
    assert all(sections.nth(k).is_visible() for k in range(len(items)))
    # The first lesson's text, and a quiz's questions with their fields.
    lesson = items[0]
    assert isinstance(lesson, Lesson)
    assert page.get_by_role("heading", name=lesson.title, exact=True).is_visible()
    assert page.get_by_text(first_words(lesson.html)).first.is_visible()
    quiz = next(i for i in items if isinstance(i, Quiz))
    section = page.locator(f'section[data-item="{quiz.id}"]')
    assert section.get_by_role("heading", name=quiz.title, exact=True).is_visible()
    boxes = section.locator("fieldset.question")
    assert boxes.count() == len(quiz.questions)
    assert all(boxes.nth(k).is_visible() for k in range(boxes.count()))
    assert section.get_by_role("textbox").first.is_visible()
    # What only the runtime can run is not offered: it would do nothing.
    for name in (tr("Finish"), tr("Check my answers"), f"{tr('Next')} →"):
        assert page.get_by_role("button", name=name, exact=True).count() == 0, name
    # Two navigation areas, each with its own name; the pagers wait for the runtime.
    names = [nav.get_attribute("aria-label") for nav in page.get_by_role("navigation").all()]
    assert names == [tr("Course navigation"), tr("Outline")]
    # The outline's links lead to each item, in the page.
    page.get_by_role("navigation", name=tr("Outline")).get_by_text(tr("Outline")).click()
    page.get_by_role("link", name=quiz.title, exact=True).click()
    assert page.evaluate("location.hash") == f"#item-{items.index(quiz)}"
    assert section.get_by_role("heading", name=quiz.title).is_visible()
    screenshot(page, f"package-no-script-{target}")

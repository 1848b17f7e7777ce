"""Learners on a slow link (issue 12), in Chromium throttled to 400 kbit/s both ways with
400 ms of latency (CDP `Network.emulateNetworkConditions`). What is checked is behaviour,
never a duration (bench/first_paint.py measures those, docs/performance.md has the figures):

- a package's first page shows its lesson while its scripts are still on their way: the
  scripts are held back by the test until the text has been read, then let through, and the
  runtime takes the page over;
- the player's pages and the files they link come compressed (Brotli or gzip, as the browser
  offers) to a signed-in learner.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from export.scorm import ScormOptions, export_scorm
from tests.helpers.browser import browser_player, signed_in
from tests.helpers.courses import bundled_course
from tests.helpers.lms import HARNESS, SCORM_AGAIN, STRICT_CHECKER, unzip
from tests.helpers.server import LiveServer, serve, serve_folder

pytestmark = pytest.mark.slow

# Issue 12's slow link; CDP wants bytes per second.
SLOW_LINK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
COURSE = bundled_course("genre-bases")
FIRST = COURSE.lessons[0]
LESSON = f"/learn/genre-bases/{FIRST.id}.html"
QUIZ = "/learn/genre-bases/quiz-2-cycle-de-projet.html"


def slow_link(context: Any, page: Any) -> None:
    """Throttle `page` (its frames included) and turn its HTTP cache off: a first visit."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})


def first_paragraph(fragment: str) -> str:
    """The text of the first paragraph of a lesson's HTML, as the page reads."""
    found = re.search(r"<p>(.*?)</p>", fragment, re.S)
    assert found
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """genre-bases' SCORM 1.2 package beside scorm-again's LMS page (tests/helpers/lms.py)."""
    root = tmp_path_factory.mktemp("slow-lms")
    unzip(export_scorm(COURSE, ScormOptions("scorm12")), root / "scorm12")
    shutil.copy(SCORM_AGAIN, root / "scorm-again.js")
    shutil.copy(STRICT_CHECKER, root / "cmi-strict.js")
    (root / "harness.html").write_text(HARNESS, encoding="utf-8")
    with serve_folder(root) as served:
        yield served


def test_a_package_shows_its_lesson_before_its_scripts_have_arrived(
    browser: Any, lms: LiveServer
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(lms.url + "/harness.html")  # the LMS is there before the package
    page.evaluate("setupLms('scorm12', null, false)")
    slow_link(context, page)
    held: list[Any] = []
    released = []

    def hold(route: Any) -> None:  # the course data and the runtime, until let through
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/scorm12/**/*.js", hold)
    page.evaluate("launch('scorm12/index.html', false)")

    course = page.frame_locator("#course")
    heading = course.locator("section.sco-item").first.locator("h1")
    heading.wait_for(state="visible", timeout=60_000)
    assert heading.inner_text() == FIRST.title
    paragraph = course.get_by_text(first_paragraph(FIRST.html), exact=True)
    assert paragraph.is_visible()
    # Not one script has run: every one of them is still held (a classic script in the
    # head would have kept the page blank until it had arrived and run).
    frame = next(f for f in page.frames if f.url.endswith("/scorm12/index.html"))
    assert frame.evaluate("[typeof LIANE_COURSE, typeof LianeRuntime]") == [
        "undefined",
        "undefined",
    ]
    assert page.evaluate("calls.length") == 0
    assert held, "the page asked for no script"

    # Let them through: the runtime starts, talks to the LMS and shows one item at a time.
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_function("calls.some(c => c.fn === 'LMSInitialize')", timeout=60_000)
    shown = course.locator("section.sco-item:not([hidden])")
    shown.first.wait_for()
    assert shown.count() == 1
    assert shown.locator("h1").inner_text() == FIRST.title
    assert page.evaluate("violations") == []
    context.close()


@pytest.fixture
def player(tmp_path: Path) -> Iterator[LiveServer]:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"))
    with serve(app) as server:
        yield server


# Each file the page fetched (itself, its styles and scripts: the cache is off), with the
# bytes that came over the link and the bytes the page read.
FETCHED = """() => [performance.getEntriesByType("navigation")[0],
    ...performance.getEntriesByType("resource")]
  .filter(e => ["navigation", "link", "script"].includes(e.initiatorType))
  .map(e => [new URL(e.name).pathname, e.encodedBodySize, e.decodedBodySize])"""


def test_the_players_pages_come_compressed(browser: Any, player: LiveServer) -> None:
    context, page = signed_in(browser, player.url + "/login", "awa@example.org")
    page.wait_for_url(player.url + "/")
    slow_link(context, page)
    sent: list[Any] = []
    page.on("response", lambda response: sent.append(response))
    fetched: list[list[Any]] = []

    page.goto(player.url + LESSON)
    fetched += page.evaluate(FETCHED)
    page.goto(player.url + QUIZ)
    with page.expect_navigation():  # to the attempt, its script loaded
        page.locator('button[name="action"][value="start"]').click()
    fetched += page.evaluate(FETCHED)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    with page.expect_navigation():  # sent blank once confirmed: the results
        page.get_by_role("button", name="Envoyer quand même").click()
    assert re.fullmatch(r"/attempts/\d+", urlsplit(page.url).path), page.url
    fetched += page.evaluate(FETCHED)

    text = [
        r
        for r in sent
        if r.status == 200 and r.request.resource_type in ("document", "stylesheet", "script")
    ]
    documents = [
        r.url.removeprefix(player.url) for r in text if r.request.resource_type == "document"
    ]
    assert documents == [LESSON, QUIZ, QUIZ, documents[-1]]
    assert re.fullmatch(r"/attempts/\d+", documents[-1])
    assert {r.request.resource_type for r in text} == {"document", "stylesheet", "script"}
    for response in text:
        offered = response.request.all_headers()["accept-encoding"]
        # Chromium offers Brotli over HTTPS and to localhost; gzip is in every offer.
        assert "gzip" in offered.split(", "), offered
        expected = "br" if "br" in offered.split(", ") else "gzip"
        assert response.all_headers().get("content-encoding") == expected, response.url
    # What came over the link is under half of what the pages read, file by file.
    paths = {path for path, _, _ in fetched}
    assert {LESSON, QUIZ, "/static/liane.css", "/static/player.css", "/static/liane.js"} <= paths
    for path, encoded, decoded in fetched:
        assert 0 < encoded < decoded / 2, (path, encoded, decoded)
    context.close()

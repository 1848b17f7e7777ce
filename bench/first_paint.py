"""What a learner on a slow link waits for: first paint, first contentful paint, largest
contentful paint (the lesson's text, once painted) and the load event, on a cold and a warm
cache, at 400 kbit/s down and up with 400 ms of latency (Chromium's own throttling, CDP
`Network.emulateNetworkConditions`).

    .venv/bin/python bench/first_paint.py [--rounds 5] [--pages lesson,quiz,results,package]

Pages: the player's heaviest lesson, a quiz attempt in progress and a results page, for a
signed-in learner (the player on SQLite in a thread, as the browser tests start it), and the
first page of genre-bases' SCORM 1.2 package launched by scorm-again's LMS page (the harness
of the browser tests, tests/helpers/lms.py). Each with compression on (Flask-Compress: Brotli
or gzip, as the player sends by default) and off (`COMPRESS=False`, what `LIANE_COMPRESS=false`
sets); the package from a plain static server (tests/helpers/server.py `serve_folder`) and from
the same files behind Flask-Compress (an LMS whose web server compresses).

- **cold**: a new browser window, the HTTP cache disabled (CDP `Network.setCacheDisabled`);
- **warm**: the page loaded once unthrottled with the cache on, then again throttled: what a
  learner's second visit costs (versioned player files are kept a year; the package's files
  carry the dates of the zip, as `unzip` leaves them, so the browser keeps them a while).

The package's LMS page (with scorm-again's 1.9 MB) is loaded unthrottled first: what is
timed is the package's frame alone, from its own navigation start, as when an LMS launches
it. First contentful paint (FCP) may be a header alone; largest contentful paint (LCP) is
when the largest text block (a lesson's paragraph) was painted. Medians of the rounds; bytes
are the page's and its files' as transferred (headers included) and as decoded.
Prints a Markdown table for docs/performance.md. No figure is checked against its target:
the goal of issue 12 (a package's first page painted under 1.5 s, cold) is printed beside.
"""

from __future__ import annotations

import argparse
import email.utils
import logging
import mimetypes
import shutil
import statistics
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KBIT = 1000
# Issue 12: 400 kbit/s both ways, 400 ms latency. CDP wants bytes per second.
SLOW_LINK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * KBIT / 8,
    "uploadThroughput": 400 * KBIT / 8,
}
GOAL_SECONDS = 1.5  # issue 12: a package's first page painted, cold
PASSWORD = "un-mot-de-passe-long"
EMAIL = "bench@example.org"
LESSON = "/learn/politique-genre/04-cadre-legal-vss.html"  # the heaviest bundled lesson
QUIZ = "/learn/genre-bases/quiz-1-notions.html"  # 8 questions, an attempt left open
GRADED = "/learn/genre-bases/quiz-2-cycle-de-projet.html"  # submitted blank: its results
PAGES = ("lesson", "quiz", "results", "package")
METRICS = ("fp", "fcp", "lcp", "load")

# What a frame's own timeline says once loaded: paint entries, the load event, and the bytes
# of the document and of every file it fetched.
READ_TIMINGS = """async () => {
  // The last largest-contentful-paint entry (buffered); none within a second: null.
  const lcp = await new Promise((resolve) => {
    setTimeout(() => resolve(null), 1000);
    new PerformanceObserver((list) => resolve(list.getEntries().at(-1).startTime))
      .observe({ type: "largest-contentful-paint", buffered: true });
  });
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = {};
  for (const entry of performance.getEntriesByType("paint")) paint[entry.name] = entry.startTime;
  const entries = [nav, ...performance.getEntriesByType("resource")];
  return {
    fp: paint["first-paint"] ?? null,
    fcp: paint["first-contentful-paint"] ?? null,
    lcp,
    load: nav.loadEventEnd,
    transferred: entries.reduce((sum, e) => sum + e.transferSize, 0),
    decoded: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
    requests: entries.length,
  };
}"""
LOADED = """() => performance.getEntriesByType("navigation")[0]?.loadEventEnd > 0
  && performance.getEntriesByType("paint").length >= 2"""


class Loader(Protocol):
    def __call__(self, context: Any, *, throttled: bool, cache: bool) -> Sample: ...


@dataclass
class Sample:
    """One load of one page: times in ms from the frame's navigation start, bytes."""

    fp: float | None
    fcp: float | None
    lcp: float | None
    load: float
    transferred: int
    decoded: int
    requests: int


@dataclass
class Series:
    """Every round of one page in one setting (compression on or off, cold or warm)."""

    page: str
    compressed: bool
    cold: bool
    samples: list[Sample] = field(default_factory=list)

    def median(self, metric: str) -> float | None:
        values = [getattr(s, metric) for s in self.samples if getattr(s, metric) is not None]
        return statistics.median(values) if values else None


def seconds(ms: float | None) -> str:
    """A time in ms as seconds for the table ('–' when the browser never reported it)."""
    return "–" if ms is None else f"{ms / 1000:.2f} s"


def kilobytes(count: float | None) -> str:
    return "–" if count is None else f"{count / 1000:.1f} KB"


def table(series: Iterable[Series]) -> str:
    """The Markdown table of docs/performance.md: a row per page and compression, cold then
    warm, medians of the rounds."""
    by_key = {(s.page, s.compressed, s.cold): s for s in series}
    lines = [
        "| page | compression | cold: first paint / FCP / LCP / load "
        "| warm: first paint / FCP / LCP / load | bytes cold: transferred / decoded "
        "| requests |",
        "|---|---|---|---|---:|---:|",
    ]
    for page, compressed in sorted({(p, c) for p, c, _ in by_key}, key=_row_order):
        cells = []
        for cold in (True, False):
            found = by_key.get((page, compressed, cold))
            cells.append(" / ".join(seconds(found.median(m) if found else None) for m in METRICS))
        cold_series = by_key.get((page, compressed, True))
        transferred = cold_series.median("transferred") if cold_series else None
        decoded = cold_series.median("decoded") if cold_series else None
        requests = cold_series.median("requests") if cold_series else None
        lines.append(
            f"| {page} | {'on' if compressed else 'off'} | {cells[0]} | {cells[1]} | "
            f"{kilobytes(transferred)} / {kilobytes(decoded)} | "
            f"{'–' if requests is None else int(requests)} |"
        )
    return "\n".join(lines)


def _row_order(key: tuple[str, bool]) -> tuple[int, bool]:
    page, compressed = key
    return PAGES.index(page), not compressed


def goal_line(series: Iterable[Series]) -> str:
    """Where the package's first page stands against the issue's goal, cold."""
    parts = []
    for s in series:
        if s.page == "package" and s.cold:
            fcp, lcp = s.median("fcp"), s.median("lcp")
            parts.append(
                f"{'compressed' if s.compressed else 'uncompressed'}: FCP {seconds(fcp)}, "
                f"LCP {seconds(lcp)}"
            )
    return f"package first page, cold (goal < {GOAL_SECONDS} s): " + "; ".join(parts)


# ---- servers ------------------------------------------------------------------------------


def unzip_keeping_dates(package: bytes, target: Path) -> None:
    """Extract as `unzip` does: each file dated as in the archive (a static server then
    sends that date as Last-Modified, from which browsers decide how long to keep it)."""
    import io
    import os
    import time

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            path = Path(archive.extract(info, target))
            stamp = time.mktime((*info.date_time, 0, 0, -1))
            os.utime(path, (stamp, stamp))


def compressing_folder(root: Path) -> Any:
    """The files under `root` behind Flask-Compress (the player's types and algorithms),
    with the same headers as serve_folder: an LMS whose web server compresses."""
    from flask import Flask, Response, abort
    from flask_compress import Compress
    from werkzeug.security import safe_join

    from engine.player.web import COMPRESSED_TYPES

    app = Flask("package", static_folder=None)
    app.config.update(
        COMPRESS_MIMETYPES=COMPRESSED_TYPES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_STREAMS=False,
    )

    @app.get("/<path:name>")
    def file(name: str) -> Response:
        path = safe_join(str(root), name)
        if path is None or not Path(path).is_file():
            abort(404)
        mtime = Path(path).stat().st_mtime
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Response(
            Path(path).read_bytes(),
            mimetype=mime,
            headers={
                "Cache-Control": "public",
                "Last-Modified": email.utils.formatdate(mtime, usegmt=True),
            },
        )

    Compress(app)
    return app


@contextmanager
def package_sites(folder: Path) -> Iterator[dict[bool, str]]:
    """genre-bases' SCORM 1.2 package beside the LMS harness, served plain and compressed:
    {compressed: base URL}."""
    from engine.loader import load_course
    from export.scorm import ScormOptions, export_scorm
    from tests.helpers.courses import COURSES
    from tests.helpers.lms import HARNESS, SCORM_AGAIN, STRICT_CHECKER
    from tests.helpers.server import LiveServer, serve_folder

    course = load_course(COURSES / "genre-bases")[0]
    assert course is not None
    root = folder / "lms"
    unzip_keeping_dates(export_scorm(course, ScormOptions("scorm12")), root / "scorm12")
    shutil.copy(SCORM_AGAIN, root / "scorm-again.js")
    shutil.copy(STRICT_CHECKER, root / "cmi-strict.js")
    (root / "harness.html").write_text(HARNESS, encoding="utf-8")
    with serve_folder(root) as plain, LiveServer(compressing_folder(root)) as compressed:
        yield {False: plain.url, True: compressed.url}


@contextmanager
def players(folder: Path) -> Iterator[dict[bool, str]]:
    """The player on one SQLite database, compressing and not: {compressed: base URL}."""
    from engine.player.accounts import create_user
    from engine.player.db import upgrade
    from tests.helpers.courses import copy_bundled
    from tests.helpers.player import make_app
    from tests.helpers.server import serve

    courses = copy_bundled(folder / "courses")
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    upgrade(url)
    apps = {
        compressed: make_app(url, COURSES_DIR=str(courses), TESTING=False, COMPRESS=compressed)
        for compressed in (True, False)
    }
    with apps[True].app_context():
        create_user(EMAIL, "Bench", PASSWORD)
    with serve(apps[True]) as on, serve(apps[False]) as off:
        yield {True: on.url, False: off.url}


# ---- the browser --------------------------------------------------------------------------


def signed_in_state(browser: Any, base: str) -> tuple[dict[str, Any], str]:
    """Sign in, leave an attempt open on QUIZ, submit GRADED blank: the cookies, and the
    address of the results page."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/")
    for path in (QUIZ, GRADED):
        page.goto(base + path)
        start = page.locator('button[name="action"][value="start"]')
        if start.count():
            start.click()
        page.get_by_role("button", name="Envoyer mes réponses").wait_for()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("button", name="Envoyer quand même").click()
    page.wait_for_url("**/attempts/*")
    results = page.url.removeprefix(base)
    state = context.storage_state()
    context.close()
    return state, results


def throttle(context: Any, page: Any, *, cache: bool) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": not cache})


def read(frame: Any) -> Sample:
    """The frame's figures once loaded and painted."""
    frame.wait_for_function(LOADED, timeout=120_000)
    return Sample(**frame.evaluate(READ_TIMINGS))


def load_player_page(context: Any, *, url: str, throttled: bool, cache: bool) -> Sample:
    page = context.new_page()
    if throttled:
        throttle(context, page, cache=cache)
    response = page.goto(url, wait_until="load", timeout=120_000)
    assert response is not None and response.status == 200, (url, response)
    sample = read(page)
    page.close()
    return sample


def load_package(context: Any, *, base: str, throttled: bool, cache: bool) -> Sample:
    page = context.new_page()
    page.goto(base + "/harness.html")  # unthrottled: the LMS is there before the package
    page.evaluate("setupLms('scorm12', null, false)")
    if throttled:
        throttle(context, page, cache=cache)
    page.evaluate("launch('scorm12/index.html', false)")
    page.wait_for_function(
        "() => document.getElementById('course')?.contentWindow?.location.pathname"
        " === '/scorm12/index.html'"
    )
    frame = next(f for f in page.frames if f.url.endswith("/scorm12/index.html"))
    sample = read(frame)
    page.close()
    return sample


def measure(new_context: Callable[[], Any], load: Loader) -> tuple[Sample, Sample]:
    """A cold load in a new window, then a warm one after an unthrottled load that fills
    the cache."""
    context = new_context()
    cold = load(context, throttled=True, cache=False)
    context.close()
    context = new_context()
    load(context, throttled=False, cache=True)
    warm = load(context, throttled=True, cache=True)
    context.close()
    return cold, warm


def run(rounds: int, pages: list[str], browser: Any = None) -> list[Series]:
    """Every page `rounds` times, in `browser` (a Playwright Chromium; by default one is
    launched: Playwright's sync API allows one instance per thread, so the tests pass
    theirs)."""
    from playwright.sync_api import sync_playwright

    from tests.helpers.browser import ARGS, CHROMIUM

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    series = {
        (page, compressed, cold): Series(page, compressed, cold)
        for page in pages
        for compressed in (True, False)
        for cold in (True, False)
    }
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        player = stack.enter_context(players(folder)) if set(pages) - {"package"} else {}
        lms = stack.enter_context(package_sites(folder)) if "package" in pages else {}
        if browser is None:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            stack.callback(browser.close)
        states = {c: signed_in_state(browser, base) for c, base in player.items()}
        window = {"viewport": {"width": 1100, "height": 900}}
        for number in range(1, rounds + 1):
            for page in pages:
                for compressed in (True, False):
                    if page == "package":
                        new_context = partial(browser.new_context, **window)
                        load: Loader = partial(load_package, base=lms[compressed])
                    else:
                        state, results = states[compressed]
                        path = {"lesson": LESSON, "quiz": QUIZ, "results": results}[page]
                        new_context = partial(
                            browser.new_context, locale="fr-FR", storage_state=state, **window
                        )
                        load = partial(load_player_page, url=player[compressed] + path)
                    cold, warm = measure(new_context, load)
                    series[(page, compressed, True)].samples.append(cold)
                    series[(page, compressed, False)].samples.append(warm)
                    print(
                        f"round {number} {page} compression {'on' if compressed else 'off'}: "
                        f"cold FCP {seconds(cold.fcp)} LCP {seconds(cold.lcp)} "
                        f"load {seconds(cold.load)}; warm FCP {seconds(warm.fcp)} "
                        f"load {seconds(warm.load)}",
                        file=sys.stderr,
                    )
    return list(series.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="comma-separated: " + ",".join(PAGES)
    )
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    unknown = set(pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown page {', '.join(sorted(unknown))}: {', '.join(PAGES)}")
    found = run(args.rounds, pages)
    print(table(found))
    if "package" in pages:
        print()
        print(goal_line(found))


if __name__ == "__main__":
    main()

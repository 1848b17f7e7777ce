"""Bytes a learner downloads, compressed and not: a lesson, a quiz attempt, the catalogue
and the files every page links, as the player sends them (Flask test client, bundled
courses, a throwaway SQLite database).

    .venv/bin/python bench/page_bytes.py

Prints a Markdown table for docs/performance.md. The time on a 400 kbit/s link is the
bytes alone (no latency, no TCP slow start): a floor, not a measurement of a page load.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINK_BITS_PER_SECOND = 400_000


def main() -> None:
    from engine.player import create_app
    from engine.player.accounts import create_user
    from engine.player.db import upgrade
    from tests.helpers.courses import copy_bundled

    with tempfile.TemporaryDirectory() as folder:
        courses = Path(folder) / "courses"
        copy_bundled(courses)
        url = f"sqlite:///{folder}/bench.sqlite3"
        upgrade(url)
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "DATABASE_URL": url,
                "COURSES_DIR": str(courses),
                "WTF_CSRF_ENABLED": False,
            }
        )
        with app.app_context():
            create_user("bench@example.org", "Bench", "motdepasse-solide")
        client = app.test_client()
        client.post("/login", data={"email": "bench@example.org", "password": "motdepasse-solide"})
        client.post("/learn/genre-bases/quiz-1-notions.html", data={"action": "start"})
        library = app.extensions["liane.library"]
        lessons = [
            f"/learn/{c.id}/{lesson.id}.html" for c in library.courses for lesson in c.lessons
        ]
        heaviest = max(lessons, key=lambda url: len(_get(client, url, "identity")))
        pages = {
            "catalogue": "/",
            f"heaviest lesson ({heaviest.removeprefix('/learn/')})": heaviest,
            "quiz attempt (genre-bases quiz 1, 8 questions)": (
                "/learn/genre-bases/quiz-1-notions.html"
            ),
        }
        lesson = client.get(pages["catalogue"]).get_data(as_text=True)
        for name in re.findall(r'(?:href|src)="(/static/[^"?]+)', lesson):
            pages[name.removeprefix("/static/")] = name
        print("| what | bytes | gzip | brotli | at 400 kbit/s: raw / br |")
        print("|---|---:|---:|---:|---:|")
        totals = [0, 0, 0]
        for label, url in pages.items():
            sizes = [len(_get(client, url, encoding)) for encoding in ("identity", "gzip", "br")]
            totals = [t + s for t, s in zip(totals, sizes, strict=True)]
            print(_row(label, sizes))
        print(_row("**all of the above**", totals))


def _get(client: object, url: str, encoding: str) -> bytes:
    with client.get(url, headers={"Accept-Encoding": encoding}) as response:  # type: ignore[attr-defined]
        assert response.status_code == 200, (url, response.status_code)
        return bytes(response.data)


def _row(label: str, sizes: list[int]) -> str:
    seconds = [size * 8 / LINK_BITS_PER_SECOND for size in (sizes[0], sizes[2])]
    return (
        f"| {label} | {sizes[0]:,} | {sizes[1]:,} | {sizes[2]:,} | "
        f"{seconds[0]:.2f} s / {seconds[1]:.2f} s |"
    )


if __name__ == "__main__":
    main()

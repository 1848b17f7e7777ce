"""Loaded lessons and quizzes are kept in the user's cache (engine/cache.py): a command reuses
a lesson or a quiz it loaded before, and never once anything its load read has changed (its
text, the files its links and images name, the languages, the engine's code)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import cache, lessons, quizzes
from engine.errors import Problem
from engine.i18n import in_language
from engine.lessons import load_lesson
from engine.loader import load_course
from engine.model import Lesson, Quiz
from engine.quizzes import load_quiz
from tests.helpers.courses import BUNDLED, COURSES, ROOT


@pytest.fixture
def entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own; yields the folder of the lessons' entries."""
    monkeypatch.setenv("LIANE_CACHE_DIR", str(tmp_path / "cache"))
    cache._folder_for.cache_clear()
    yield tmp_path / "cache" / "lessons"
    cache._folder_for.cache_clear()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The lessons parsed (not taken from the cache), by file name."""
    names: list[str] = []
    load = lessons._load

    def spy(path: Path, *args: Any) -> tuple[Lesson, list[Problem]]:
        names.append(path.name)
        return load(path, *args)

    monkeypatch.setattr(lessons, "_load", spy)
    return names


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The quizzes built (not taken from the cache), by file name."""
    names: list[str] = []
    load = quizzes._load

    def spy(path: Path, *args: Any) -> tuple[Quiz | None, list[Problem]]:
        names.append(path.name)
        return load(path, *args)

    monkeypatch.setattr(quizzes, "_load", spy)
    return names


def no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the cache at a folder that cannot be made (a file stands in its way)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("LIANE_CACHE_DIR", str(blocker))
    cache._folder_for.cache_clear()


@pytest.mark.parametrize("messages", ["fr", "en"])
@pytest.mark.parametrize("course_id", BUNDLED)
def test_a_cached_course_equals_a_fresh_one(
    course_id: str,
    messages: str,
    entries: Path,
    parsed: list[str],
    built: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIANE_LANG", messages)
    first = load_course(COURSES / course_id)
    lessons_parsed, quizzes_built = len(parsed), len(built)
    assert lessons_parsed > 0 and quizzes_built > 0
    # one entry for each lesson and quiz, and one for the course's description
    assert lessons_parsed + quizzes_built + 1 == len(list(entries.iterdir()))
    again = load_course(COURSES / course_id)
    # every lesson and quiz came from the cache
    assert (len(parsed), len(built)) == (lessons_parsed, quizzes_built)
    no_cache(monkeypatch, tmp_path)
    fresh = load_course(COURSES / course_id)
    # parsed and built again, without a cache
    assert (len(parsed), len(built)) == (2 * lessons_parsed, 2 * quizzes_built)
    assert again == first == fresh
    assert again[0] is not None


BROKEN = {
    "media/photo.png": b"png",
    "lesson.md": """\
        ---
        title: Broken
        preparation: "See ![a photo](media/photo.png) and [the sheet](media/fiche.pdf)."
        ---
        Text with ![](media/photo.png), [a missing file](media/missing.pdf),
        [another lesson](other.md) and ![from afar](https://example.org/x.png).

        ::: note Watch out
        A note.
        :::

        | Column | Other |
        |---|---|
        | a | b |
        """,
    "other.md": "# Other\n",
}


def problem_texts(problems: list[Problem]) -> list[str]:
    return [problem.format() for problem in problems]


@pytest.mark.parametrize("messages", ["fr", "en"])
def test_a_cached_lesson_with_problems_equals_a_fresh_one(
    messages: str,
    entries: Path,
    parsed: list[str],
    make_course: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_course(BROKEN)
    with in_language(messages):
        first = load_lesson(root / "lesson.md", root, "lesson")
        again = load_lesson(root / "lesson.md", root, "lesson")
        assert parsed == ["lesson.md"]
        no_cache(monkeypatch, tmp_path)
        fresh = load_lesson(root / "lesson.md", root, "lesson")
    assert parsed == ["lesson.md", "lesson.md"]
    assert again == first == fresh
    assert len(first[1]) == 4  # missing file twice, image from another site, no alt text


def test_an_edited_lesson_is_parsed_again_and_replaces_its_entry(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    root = make_course({"lesson.md": "# Before\n\nText.\n"})
    assert load_lesson(root / "lesson.md", root, "lesson")[0].title == "Before"  # type: ignore[union-attr]
    (root / "lesson.md").write_text("# After\n\nText.\n", encoding="utf-8")
    lesson, _problems = load_lesson(root / "lesson.md", root, "lesson")
    assert lesson is not None and lesson.title == "After"
    assert load_lesson(root / "lesson.md", root, "lesson")[0] == lesson
    assert parsed == ["lesson.md", "lesson.md"]
    assert len(list(entries.iterdir())) == 1


def test_a_deleted_image_is_reported(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    root = make_course({"lesson.md": "# L\n\n![A map of the region](media/map.png)\n"})
    (root / "media").mkdir()
    (root / "media" / "map.png").write_bytes(b"png")
    lesson, problems = load_lesson(root / "lesson.md", root, "lesson")
    assert lesson is not None and lesson.files == ("media/map.png",) and problems == []
    (root / "media" / "map.png").unlink()
    lesson, problems = load_lesson(root / "lesson.md", root, "lesson")
    assert lesson is not None and lesson.files == ()
    assert problem_texts(problems) == [
        f"{root / 'lesson.md'}:3:1: error: file not found: `media/map.png` "
        "(check the spelling and the case of the path (Media ≠ media))"
    ]
    assert parsed == ["lesson.md", "lesson.md"]


def test_an_added_file_and_its_neighbours_are_seen(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    """A missing file's hint names a file of its folder with a close name: a file added
    there changes the hint, and the file itself, once added, ends the error."""
    root = make_course({"lesson.md": "# L\n\nRead [the guide](docs/guide.pdf).\n"})
    (root / "docs").mkdir()

    def messages() -> list[str]:
        return problem_texts(load_lesson(root / "lesson.md", root, "lesson")[1])

    where = f"{root / 'lesson.md'}:3:6: error: file not found: `docs/guide.pdf`"
    assert messages() == [f"{where} (check the spelling and the case of the path (Media ≠ media))"]
    (root / "docs" / "guides.pdf").write_bytes(b"pdf")
    assert messages() == [f"{where} (did you mean `docs/guides.pdf`?)"]
    (root / "docs" / "guide.pdf").write_bytes(b"pdf")
    assert messages() == []
    assert messages() == []
    assert parsed == ["lesson.md"] * 3


def test_a_linked_lesson_deleted_is_reported(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    root = make_course({"lesson.md": "# L\n\nSee [the next one](next.md).\n", "next.md": "# N\n"})
    lesson, problems = load_lesson(root / "lesson.md", root, "lesson")
    assert lesson is not None and 'href="next.html"' in lesson.html and problems == []
    (root / "next.md").unlink()
    assert problem_texts(load_lesson(root / "lesson.md", root, "lesson")[1]) == [
        f"{root / 'lesson.md'}:3:5: error: file not found: `next.md` "
        "(check the spelling and the case of the path (Media ≠ media))"
    ]


def test_a_symbolic_link_pointed_elsewhere_is_followed(
    entries: Path, parsed: list[str], make_course: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_course({"lesson.md": "# L\n\n![A map of the region](media/map.png)\n"})
    (root / "media").mkdir()
    (root / "media" / "real.png").write_bytes(b"png")
    (tmp_path / "elsewhere.png").write_bytes(b"png")
    (root / "media" / "map.png").symlink_to(root / "media" / "real.png")
    lesson, problems = load_lesson(root / "lesson.md", root, "lesson")
    assert lesson is not None and lesson.files == ("media/real.png",) and problems == []
    (root / "media" / "map.png").unlink()
    (root / "media" / "map.png").symlink_to(tmp_path / "elsewhere.png")
    assert problem_texts(load_lesson(root / "lesson.md", root, "lesson")[1]) == [
        f"{root / 'lesson.md'}:3:1: error: `media/map.png` points outside the course folder "
        "(copy the file into the course folder, e.g. into media/)"
    ]


def test_each_language_has_its_own_result(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    """The course's language names the callouts; the messages' language, the problems."""
    root = make_course({"lesson.md": "::: example\nAn example.\n:::\n"})

    def load(course: str, messages: str) -> tuple[str, list[str]]:
        with in_language(messages):
            lesson, problems = load_lesson(root / "lesson.md", root, "l", language=course)
        assert lesson is not None
        return lesson.html.split(">")[0], [problem.message for problem in problems]

    for _twice in range(2):
        assert load("en", "en") == (
            '<aside class="callout callout-example" aria-label="Example"',
            ["the lesson has no title"],
        )
        assert load("fr", "fr") == (
            '<aside class="callout callout-example" aria-label="Exemple"',
            ["la leçon n'a pas de titre"],
        )
        assert load("en", "fr")[1] == ["la leçon n'a pas de titre"]
    assert len(parsed) == 3
    assert len(list(entries.iterdir())) == 3


def test_allow_html_has_its_own_result(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    root = make_course({"lesson.md": "# L\n\n<b>bold</b>\n"})
    for _twice in range(2):
        plain = load_lesson(root / "lesson.md", root, "l")[0]
        html = load_lesson(root / "lesson.md", root, "l", allow_html=True)[0]
        assert plain is not None and "&lt;b&gt;bold&lt;/b&gt;" in plain.html
        assert html is not None and "<b>bold</b>" in html.html
    assert len(parsed) == 2


def test_without_a_writable_cache_folder_lessons_still_load(
    parsed: list[str],
    make_course: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_cache(monkeypatch, tmp_path)
    root = make_course({"lesson.md": "# Title\n\nText.\n"})
    for _twice in range(2):
        lesson, problems = load_lesson(root / "lesson.md", root, "lesson")
        assert lesson is not None and lesson.title == "Title" and problems == []
    assert parsed == ["lesson.md", "lesson.md"]
    assert not (tmp_path / "not-a-folder" / "lessons").exists()


def test_a_folder_others_can_write_into_is_not_used(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    """Entries are unpickled: a folder where another user could put one is left alone."""
    root = make_course({"lesson.md": "# Title\n"})
    load_lesson(root / "lesson.md", root, "lesson")
    os.chmod(entries, 0o777)
    cache._folder_for.cache_clear()
    load_lesson(root / "lesson.md", root, "lesson")
    assert parsed == ["lesson.md", "lesson.md"]
    assert cache.cache_folder("lessons") is None
    assert cache.cache_folder("templates") is not None


def test_a_corrupted_entry_is_ignored_and_replaced(
    entries: Path, parsed: list[str], make_course: Callable[..., Path]
) -> None:
    root = make_course({"lesson.md": "# Title\n\nText.\n"})
    first = load_lesson(root / "lesson.md", root, "lesson")
    (entry,) = entries.iterdir()
    for damage in (b"", b"garbage", entry.read_bytes()[:-20]):
        entry.write_bytes(damage)
        assert load_lesson(root / "lesson.md", root, "lesson") == first
    assert load_lesson(root / "lesson.md", root, "lesson") == first
    assert len(parsed) == 4  # the first load, one per damage, then the replaced entry
    assert [p.name for p in entries.iterdir()] == [entry.name]  # no temporary file left


def test_the_engine_fingerprint_follows_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "engine"
    (code / "__pycache__").mkdir(parents=True)
    (code / "lessons.py").write_text("x = 1\n", encoding="utf-8")

    def fingerprint() -> str:
        cache.engine_fingerprint.cache_clear()
        monkeypatch.setattr(cache, "ENGINE", code)
        return cache.engine_fingerprint()

    before = fingerprint()
    (code / "__pycache__" / "lessons.pyc").write_bytes(b"bytecode")
    assert fingerprint() == before  # bytecode is not the code
    (code / "lessons.py").write_text("x = 2\n", encoding="utf-8")
    os.utime(code / "lessons.py", ns=(1, 1))
    changed = fingerprint()
    assert changed != before
    (code / "new.py").write_text("", encoding="utf-8")
    assert fingerprint() not in (before, changed)
    cache.engine_fingerprint.cache_clear()


def test_the_fingerprint_covers_every_library_a_load_imports() -> None:
    """engine.cache.PARSERS names the libraries whose code shapes a loaded lesson or quiz:
    every package outside the standard library that loading a course imports."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "before = set(sys.modules)\n"
        "from engine.loader import load_course\n"
        f"load_course(Path({str(COURSES / BUNDLED[0])!r}))\n"
        "found = set()\n"
        "for name in set(sys.modules) - before:\n"
        "    file = getattr(sys.modules[name], '__file__', None)\n"
        "    if file and 'site-packages' in Path(file).resolve().parts:\n"
        "        found.add(name.split('.')[0])\n"
        "print(' '.join(sorted(found)))\n"
    )
    # No cache folder: the course is parsed, so the parsers are imported (lazily: rendering.py)
    environment = {**os.environ, "LIANE_CACHE_DIR": os.devnull}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env=environment,
    )
    imported = set(done.stdout.split())
    assert imported <= set(cache.PARSERS), imported - set(cache.PARSERS)
    assert {"markdown_it", "mdit_py_plugins", "yaml"} <= imported


QUIZ = """\
title: Map quiz
kind: graded
questions:
  - id: where
    type: single_choice
    prompt: "Where is the well? ![A map of the region](media/map.png)"
    options:
      - text: North
        correct: true
      - text: South
        feedback: "See [the sheet](media/fiche.pdf)."
"""


def test_an_edited_quiz_is_built_again_and_replaces_its_entry(
    entries: Path, built: list[str], make_course: Callable[..., Path]
) -> None:
    root = make_course({"quiz.yml": QUIZ, "media/map.png": b"png", "media/fiche.pdf": b"pdf"})
    first, problems = load_quiz(root / "quiz.yml", root, "quiz")
    assert first is not None and first.title == "Map quiz" and problems == []
    assert load_quiz(root / "quiz.yml", root, "quiz") == (first, [])
    assert built == ["quiz.yml"]
    (root / "quiz.yml").write_text(QUIZ.replace("Map quiz", "Well quiz"), encoding="utf-8")
    quiz, problems = load_quiz(root / "quiz.yml", root, "quiz")
    assert quiz is not None and quiz.title == "Well quiz" and problems == []
    assert built == ["quiz.yml", "quiz.yml"]
    assert len(list(entries.iterdir())) == 1


@pytest.mark.parametrize("messages", ["fr", "en"])
def test_an_image_deleted_from_a_cached_quiz_is_reported(
    messages: str,
    entries: Path,
    built: list[str],
    make_course: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_course({"quiz.yml": QUIZ, "media/map.png": b"png", "media/fiche.pdf": b"pdf"})
    with in_language(messages):
        quiz, problems = load_quiz(root / "quiz.yml", root, "quiz")
        assert quiz is not None and problems == []
        (root / "media" / "map.png").unlink()
        cached = load_quiz(root / "quiz.yml", root, "quiz")
        assert built == ["quiz.yml", "quiz.yml"]  # the deleted image: built again
        assert load_quiz(root / "quiz.yml", root, "quiz") == cached
        assert built == ["quiz.yml", "quiz.yml"]
        no_cache(monkeypatch, tmp_path)
        fresh = load_quiz(root / "quiz.yml", root, "quiz")
    assert cached == fresh
    assert cached[0] is None  # an error leaves the quiz out
    message = {
        "en": "file not found: `media/map.png` (check the spelling and the case of the "
        "path (Media ≠ media))",
        "fr": "fichier introuvable : `media/map.png` (vérifiez l'orthographe du chemin, "
        "majuscules comprises (Media ≠ media))",
    }[messages]
    assert problem_texts(cached[1]) == [f"{root / 'quiz.yml'}:6:13: error: {message}"]


EXPORT = """\
import sys
from engine.cli import main
try:
    main(["export", "scorm", sys.argv[1], "-o", sys.argv[2]])
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
print(" ".join(name for name in ("markdown_it", "mdit_py_plugins") if name in sys.modules))
"""


def test_an_export_from_the_cache_does_not_import_the_parser(tmp_path: Path) -> None:
    """When every lesson and quiz of a course, and its description, come from the cache,
    markdown-it-py and its plugins (about 30 ms of start-up) are never imported; a first
    export, which parses them, does import them."""
    environment = {**os.environ, "LIANE_CACHE_DIR": str(tmp_path / "cache")}
    course = COURSES / BUNDLED[0]

    def export(name: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", EXPORT, str(course), str(tmp_path / name)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            env=environment,
        )
        assert (tmp_path / name).stat().st_size > 0
        return done.stdout.splitlines()[-1].split()

    assert export("first.zip") == ["markdown_it", "mdit_py_plugins"]
    assert export("cached.zip") == []


def test_a_cached_description_follows_its_text_and_language(entries: Path, tmp_path: Path) -> None:
    rendered: list[str] = []

    def render(text: str) -> str:
        rendered.append(text)
        return f"<p>{text}</p>\n"

    place = tmp_path / "course.yml"
    assert cache.rendered(place, tmp_path, "Before", "fr", render) == "<p>Before</p>\n"
    assert cache.rendered(place, tmp_path, "Before", "fr", render) == "<p>Before</p>\n"
    assert cache.rendered(place, tmp_path, "After", "fr", render) == "<p>After</p>\n"
    assert cache.rendered(place, tmp_path, "After", "en", render) == "<p>After</p>\n"
    assert cache.rendered(place, tmp_path, "After", "en", render) == "<p>After</p>\n"
    assert rendered == ["Before", "After", "After"]
    assert len(list(entries.iterdir())) == 2  # one per place and language: replaced on edits

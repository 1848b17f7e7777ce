"""A SCORM export keeps each quiz's rendered section in the user's cache (engine/cache.py
`fragment`, export/site.py `quiz_section`): a package made from the cache is the package
made without it, byte for byte, and an edited quiz or another code never reuses a section."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import cache
from engine.loader import load_course
from export.scorm import ScormOptions, export_scorm
from tests.helpers.courses import BUNDLED, COURSES


@pytest.fixture
def fragments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own; yields the folder of the rendered sections."""
    monkeypatch.setenv("LIANE_CACHE_DIR", str(tmp_path / "cache"))
    cache._fragments_for.cache_clear()
    yield tmp_path / "cache" / "fragments"
    cache._fragments_for.cache_clear()


def package(course_dir: Path, standard: str = "scorm2004") -> bytes:
    course, problems = load_course(course_dir)
    assert course is not None, problems
    return export_scorm(course, ScormOptions(standard=standard))


@pytest.mark.parametrize("course_id", BUNDLED)
def test_a_package_from_the_cache_is_the_package_without_it(
    course_id: str, fragments: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = package(COURSES / course_id)
    quizzes = len(list((COURSES / course_id).glob("*.yml"))) - 1  # course.yml is not one
    assert len(list(fragments.glob("*.html"))) == quizzes
    assert package(COURSES / course_id) == first  # every section from the cache
    monkeypatch.setenv("LIANE_CACHE_DIR", "/proc/no-cache-here")  # no folder: no cache
    cache._fragments_for.cache_clear()
    assert package(COURSES / course_id) == first


def test_an_edited_quiz_is_rendered_again(fragments: Path, tmp_path: Path) -> None:
    course_dir = tmp_path / "genre-bases"
    shutil.copytree(COURSES / "genre-bases", course_dir)
    quiz = course_dir / "quiz-1-notions.yml"
    text = quiz.read_text(encoding="utf-8")
    before = package(course_dir)
    assert b"Le sexe biologique est inn" not in before
    old = next(line for line in text.splitlines() if "prompt:" in line)
    quiz.write_text(
        text.replace(old, old.split("prompt:")[0] + 'prompt: "Le sexe biologique est inné ?"', 1),
        encoding="utf-8",
    )
    after = package(course_dir)
    page = export_page(after)
    assert "Le sexe biologique est inné ?" in page
    assert old.split("prompt:")[1].strip().strip('"') not in page
    assert len(list(fragments.glob("*.html"))) == 5  # its 5 quizzes: replaced, not added


def export_page(zipped: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        return archive.read("index.html").decode("utf-8")


def test_a_section_is_kept_only_for_the_same_inputs_and_code(fragments: Path) -> None:
    rendered: list[str] = []

    def render(text: str) -> str:
        rendered.append(text)
        return f"<p>{text}</p>\nline two"

    def section(inputs: object, code: str = "code-1") -> str:
        return cache.fragment("quiz-a", inputs, code, lambda: render(str(inputs)))

    assert section({"q": 1}) == "<p>{'q': 1}</p>\nline two"
    assert section({"q": 1}) == "<p>{'q': 1}</p>\nline two"
    assert rendered == ["{'q': 1}"]  # the second came from the cache, both lines of it
    assert section({"q": 2}) == "<p>{'q': 2}</p>\nline two"  # other inputs
    assert section({"q": 2}, code="code-2") == "<p>{'q': 2}</p>\nline two"  # other code
    assert rendered == ["{'q': 1}", "{'q': 2}", "{'q': 2}"]
    (entry,) = fragments.glob("*.html")  # one entry per name, replaced each time
    entry.write_bytes(b"\xff\xfe garbage")
    assert section({"q": 2}, code="code-2") == "<p>{'q': 2}</p>\nline two"
    assert len(rendered) == 4  # a corrupted entry is rendered again, and replaced
    assert section({"q": 2}, code="code-2") == "<p>{'q': 2}</p>\nline two"
    assert len(rendered) == 4

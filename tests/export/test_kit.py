"""The workshop kit (issue 11): its files and their names in each language, the offline site
(the package's page with no LMS to look for, and no facilitator note in any file), projection
mode's slides, LISEZMOI.txt / README.txt, determinism, and `liane export kit`.

The browser side (file://, projection keys, axe) is tests/e2e/test_kit_browser.py.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.grading import answer_key
from engine.loader import load_course
from engine.model import Course, Lesson
from export.kit import export_kit, kit_files, readme, site_files
from export.projection import lesson_sections, plan_slides
from tests.helpers.courses import BUNDLED, COURSES, LIBRARY

DEMO = LIBRARY / "demo"
SITE = {
    "index.html",
    "projection.html",
    "liane/index.data.js",
    "liane/liane.css",
    "liane/liane-grading.js",
    "liane/liane-scorm.js",
    "liane/liane-state.js",
    "liane/liane-questions.js",
    "liane/liane-runtime.js",
    "liane/liane-pairs.js",
    "liane/liane-projection.js",
    "liane/liane-projection.css",
}
PDFS = {
    "fr": {"guide-animateur.pdf", "livret-participant.pdf", "corrige.pdf"},
    "en": {"facilitator-guide.pdf", "participant-booklet.pdf", "answer-key.pdf"},
}


def load(path: Path) -> Course:
    course, problems = load_course(path)
    assert course is not None, problems
    return course


def course_data(files: dict[str, bytes]) -> dict[str, object]:
    text = files["liane/index.data.js"].decode()
    assert text.startswith("window.LIANE_COURSE = ") and text.endswith(";\n")
    data: dict[str, object] = json.loads(text.removeprefix("window.LIANE_COURSE = ")[:-2])
    return data


def readable(content: bytes) -> str:
    """What a file says once tags are gone and entities and JSON escapes read back."""
    text = content.decode("utf-8")
    text = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace('\\"', '"').replace("\\n", " ")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def texts_of(fragment: str) -> list[str]:
    """The sentences of an HTML fragment, long enough to be its own (15 characters)."""
    found = []
    for block in re.split(r"</?(?:p|li|h\d|td|th|dd|dt|div|aside)\b[^>]*>", fragment):
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())
        found += [s for s in re.split(r"(?<=[.!?:;])\s+", words) if len(s) >= 15]
    return found


# The offline site


def test_the_site_holds_the_course_its_runtime_and_projection_mode() -> None:
    course = load(COURSES / "genre-bases")
    files = site_files(course)
    assert set(files) == SITE | {
        f"media/{name}"
        for name in (
            "cycle-projet-genre.svg",
            "intersectionnalite.svg",
            "marqueur-genre-echelle.svg",
        )
    }
    page = files["index.html"].decode()
    assert '<a id="liane-projection" href="projection.html" aria-keyshortcuts="p">' in page
    assert '<script src="liane/liane-projection.js" defer></script>' in page
    assert page.count('<section class="sco-item"') == len(list(course.items()))
    # Classic scripts and data only: Chromium refuses modules and fetch from file://.
    for name, content in files.items():
        if name.endswith((".html", ".js")):
            text = content.decode()
            assert 'type="module"' not in text and "fetch(" not in text, name
            assert "XMLHttpRequest" not in text and "http://" not in text.replace(
                "http://www.w3.org/2000/svg", ""
            ), name


def test_the_site_data_looks_for_no_lms_and_says_progress_stays_in_the_browser() -> None:
    data = course_data(site_files(load(DEMO)))
    assert data["standard"] == "scorm2004"
    assert data["cmi"]["api"] == ""  # type: ignore[index]
    assert data["labels"]["standalone"] == (  # type: ignore[index]
        "Votre progression est gardée dans ce navigateur seulement."
    )
    assert data["store_key"] == "liane:demo@2.0:intro"


def test_the_site_says_so_in_english_for_an_english_course() -> None:
    data = course_data(site_files(load(COURSES / "gender-basics-en")))
    assert data["labels"]["standalone"] == (  # type: ignore[index]
        "Your progress is kept in this browser only."
    )
    page = site_files(load(COURSES / "gender-basics-en"))["index.html"].decode()
    assert ">Projection mode</a>" in page


@pytest.mark.parametrize("course_id", BUNDLED)
def test_no_facilitator_note_in_any_file_of_the_site(course_id: str) -> None:
    course = load(COURSES / course_id)
    secrets = [
        text
        for lesson in course.lessons
        for note in lesson.facilitator_notes
        for text in texts_of(note)
    ]
    for lesson in course.lessons:
        if lesson.sheet is not None:
            sheet = lesson.sheet
            for part in (sheet.preparation, sheet.instructions, sheet.vigilance, sheet.variants):
                secrets += texts_of(part)
            secrets += [m for m in (sheet.method, *sheet.materials) if len(m) >= 15]
            secrets += [t for item in sheet.debrief for t in texts_of(f"<p>{item}</p>")]
    assert len(secrets) >= 3  # every bundled course has facilitator blocks
    # A sentence of a facilitator block that learners also read would prove nothing.
    public = " ".join(readable(lesson.html.encode()) for lesson in course.lessons)
    secrets = [s for s in secrets if s not in public]
    assert secrets
    for name, content in site_files(course).items():
        if name.endswith((".html", ".js")):
            assert "callout-facilitator" not in content.decode(), name
            text = readable(content)
            assert [s for s in secrets if s in text] == [], name


# Projection mode


def test_a_lesson_is_cut_before_each_top_level_section() -> None:
    assert lesson_sections(
        '<p>Intro</p>\n<h2 id="a">A</h2>\n<p>a</p>\n'
        '<aside class="callout"><h2>Inside</h2><p>kept whole</p></aside>\n<h2>B</h2>\n<p>b</p>'
    ) == [
        "<p>Intro</p>",
        '<h2 id="a">A</h2>\n<p>a</p>\n<aside class="callout"><h2>Inside</h2><p>kept whole</p>'
        "</aside>",
        "<h2>B</h2>\n<p>b</p>",
    ]
    assert lesson_sections("<h2>Only</h2><p>one</p>") == ["<h2>Only</h2>\n<p>one</p>"]


def test_projection_shows_each_section_then_each_question_with_its_answer() -> None:
    course = load(COURSES / "genre-bases")
    slides = plan_slides(course)
    first = course.lessons[0]
    assert isinstance(first, Lesson)
    sections = [s for s in slides if s.item_id == first.id]
    assert len(sections) == first.html.count("<h2") + 1 == 6
    assert [s.html.split(">")[0] for s in sections[1:]] == ["<h2"] * 5
    quiz = course.quizzes[0]
    shown = [s for s in slides if s.item_id == quiz.id]
    assert [s.kind for s in shown] == ["quiz"] + ["question"] * len(quiz.questions)
    matching = next(s for s in shown if s.question and s.question["type"] == "matching")
    assert matching.extra["key"] == answer_key(
        quiz.question(matching.question["id"]),
        "fr",  # type: ignore[arg-type,index]
    )
    assert matching.extra["key"][0] == "Vendre des légumes au marché → Rôle productif"
    choice = shown[1]
    assert choice.extra["right"] == '["b"]' and choice.extra["key"] == []
    survey = course.quizzes[-1]
    assert [s.kind for s in slides if s.item_id == survey.id][-1] == "outcomes"


def test_projection_page_reveals_answers_in_place_and_loads_no_runtime() -> None:
    page = site_files(load(COURSES / "genre-bases"))["projection.html"].decode()
    assert "liane-runtime.js" not in page and "data.js" not in page
    assert '<script src="liane/liane-projection.js"></script>' in page
    assert "<title>Mode projection – Genre et solidarité internationale : les bases</title>" in page
    first = re.search(r'<section class="slide slide-question".*?</section>', page, re.S)
    assert first is not None
    slide = first.group(0)
    assert 'data-right="[&#34;b&#34;]"' in slide and "data-revealable" in slide
    answer = re.search(
        r'<div class="projection-answer" data-answer hidden>.*?</div>\n</section>', slide, re.S
    )
    assert answer is not None
    assert "<dt>A.</dt><dd><p>C'est une tâche assignée aux femmes" in answer.group(0)
    assert '<p class="explanation-title">Explication</p>' in answer.group(0)
    assert ">Montrer la réponse</button>" in page


# LISEZMOI.txt / README.txt


def test_the_readme_says_what_each_file_is_for_in_french() -> None:
    course = load(DEMO)
    names = sorted(SITE | PDFS["fr"] | {"media/marqueur.svg"})
    text = readme(course, names).decode("utf-8")
    # French spaces before : ; ? ! are no-break ones: no line starts with a colon.
    assert " :" not in text and "\u00a0:" in text and "\r\n    :" not in text
    assert text.replace("\u00a0", " ") == "\ufeff" + "\r\n".join(
        [
            "Kit d'atelier : Cours de démonstration (version 2.0)",
            "",
            "Reçu en fichier zip ? Décompressez-le avant d'ouvrir ses fichiers.",
            "",
            "index.html",
            "    Le cours complet, hors ligne : ouvrez-le d'un double-clic dans un",
            "    navigateur (sans internet). Les quiz sont corrigés dans le navigateur ; la",
            "    progression est gardée dans ce navigateur seulement.",
            "",
            "projection.html",
            "    Le mode projection, pour montrer le cours à un groupe avec un",
            "    vidéoprojecteur (aussi par le lien « Mode projection » du cours, ou la",
            "    touche P). Flèches ou touches page : suivant et précédent ; R ou Entrée :",
            "    montrer la réponse ; Échap : retour au cours. Il n'enregistre aucune",
            "    progression.",
            "",
            "corrige.pdf",
            "    Le corrigé : les réponses seules, pour corriger vite des feuilles",
            "    imprimées.",
            "",
            "guide-animateur.pdf",
            "    Le guide de l'animateur ou de l'animatrice : déroulé de la séance, leçons",
            "    avec les notes d'animation, réponses et explications, fiches d'animation,",
            "    feuille d'émargement et bilan de séance.",
            "",
            "livret-participant.pdf",
            "    Le livret du participant ou de la participante, à imprimer : leçons, quiz",
            "    à remplir à la main et grilles d'autodiagnostic, sans les réponses.",
            "",
            "liane/",
            "    Les styles et scripts dont le cours a besoin : gardez ce dossier à côté",
            "    d'index.html et de projection.html.",
            "",
            "media/",
            "    Les images des leçons : gardez ce dossier à côté d'index.html.",
            "",
        ]
    )


def test_the_readme_in_english_names_the_english_documents() -> None:
    course = load(COURSES / "gender-basics-en")
    text = readme(course, sorted(SITE | PDFS["en"])).decode("utf-8-sig")
    assert text.startswith("Workshop kit: Gender basics")
    assert "\r\nLicence: " in text
    for name in ("answer-key.pdf", "facilitator-guide.pdf", "participant-booklet.pdf"):
        assert f"\r\n{name}\r\n    " in text
    assert "\r\n    The answer key: the answers alone, to mark printed sheets quickly.\r\n" in text


# The whole kit


@pytest.mark.slow
@pytest.mark.parametrize(
    ("course_id", "language"), [("genre-bases", "fr"), ("gender-basics-en", "en")]
)
def test_the_kit_holds_the_site_the_documents_and_the_readme(course_id: str, language: str) -> None:
    course = load(COURSES / course_id)
    steps: list[str] = []
    files = kit_files(course, on_step=steps.append)
    readme_name = "LISEZMOI.txt" if language == "fr" else "README.txt"
    top = {name for name in files if "/" not in name}
    assert top == {"index.html", "projection.html", readme_name} | PDFS[language]
    assert steps[0] == "index.html, projection.html"
    assert set(steps[1:]) == PDFS[language]
    for name in PDFS[language]:
        assert files[name].startswith(b"%PDF-"), name
    assert files[readme_name] == readme(course, sorted(set(files) - {readme_name}))


@pytest.mark.slow
def test_the_kit_is_the_same_bytes_every_time() -> None:
    course = load(DEMO)
    first = export_kit(course)
    assert export_kit(course) == first
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == sorted(names) and "LISEZMOI.txt" in names


# The command


def test_the_command_writes_the_kit_and_shows_its_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the default output goes to the current folder
    result = CliRunner().invoke(main, ["export", "kit", str(DEMO), "--start", "9:30"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Made index.html, projection.html",
        "Made guide-animateur.pdf",
        "Made livret-participant.pdf",
        "Made corrige.pdf",
    ]
    kit = tmp_path / "demo-2.0-kit.zip"
    files = zipfile.ZipFile(kit).namelist()
    size = round(kit.stat().st_size / 1024)
    assert result.stdout == f"demo-2.0-kit.zip: {size} KB, {len(files)} files\n"
    assert {"index.html", "projection.html", "LISEZMOI.txt", "corrige.pdf"} <= set(files)


def test_the_command_writes_a_folder_with_dir(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "kit", str(DEMO), "--dir", str(tmp_path / "k")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "k" / "index.html").is_file()
    assert (tmp_path / "k" / "liane" / "liane-projection.js").is_file()
    assert (tmp_path / "k" / "LISEZMOI.txt").read_bytes().startswith(b"\xef\xbb\xbfKit d")
    assert result.stdout.startswith(
        f"{tmp_path / 'k'}: {len(list((tmp_path / 'k').rglob('*.*')))} files, "
    )


@pytest.mark.parametrize("start", ["25:00", "14h", "14:5", "noon", "14:00:00", "-1:30"])
def test_a_start_that_is_no_time_of_day_is_refused(start: str) -> None:
    result = CliRunner().invoke(main, ["export", "kit", str(DEMO), "--start", start])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--start': {start} is not a time of day: give hours and "
        "minutes, e.g. 14:00"
    )


def test_output_and_dir_are_exclusive(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", "kit", str(DEMO), "-o", str(tmp_path / "k.zip"), "--dir", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: give -o/--output or --dir, not both"
    assert not (tmp_path / "k.zip").exists()


def test_a_course_with_errors_is_reported_not_exported(tmp_path: Path) -> None:
    case = Path(__file__).parents[1] / "data" / "broken" / "course-unknown-key"
    result = CliRunner().invoke(main, ["export", "kit", str(case), "--dir", str(tmp_path / "k")])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "Error: fix the errors above, then export again"
    assert any(": error: " in line for line in lines[:-1])
    assert not (tmp_path / "k").exists()

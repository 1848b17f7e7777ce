"""The workshop kit's printed documents (export/printed.py), read back from the PDFs with
pdftotext for every bundled course: what each must hold, and what the booklet must not.

Texts are compared with every space removed (pdftotext breaks lines, WeasyPrint hyphenates
with U+2010 and French typography adds no-break spaces), so a phrase is found wherever it
wraps. The booklet rule, since a participant's sheet shows every option by design:
- no explanation, feedback (per option, per answer, right/wrong) or facilitator block text,
  each compared as a whole phrase;
- no right-answer marking: the key's titles ("Bonne réponse"...);
- no answer-key line of a typed answer (short answer, number, range, blanks), unless that
  text is also in the lessons participants read (an answer may be a name the lesson gives);
- choice, matching and ordering lines are made of texts the sheet shows anyway (the
  options, the pairs' sides, the items): for them the marking is what must be absent.
"""

from __future__ import annotations

import datetime
import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from engine.grading import answer_key
from engine.i18n import translator
from engine.model import Course, Lesson
from engine.questions import question_type
from export.print_plan import build_plan
from export.printed import printed_documents, render_documents
from tests.helpers.courses import BUNDLED, ROOT, bundled_course

ARTIFACTS = ROOT / "artifacts" / "kit"
START = datetime.time(14, 0)
NAMES = {
    "fr": ("guide-animateur.pdf", "livret-participant.pdf", "corrige.pdf"),
    "en": ("facilitator-guide.pdf", "participant-booklet.pdf", "answer-key.pdf"),
}
_SPACE = re.compile("[\\s\u00a0\u202f\u2010\u00ad]+")


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


def plain(fragment: str) -> str:
    """The text of an HTML fragment, as it reads on paper, without spaces."""
    return squeeze(html.unescape(re.sub(r"<[^>]+>", "", fragment)))


class Printed:
    """One course's three PDFs, their texts (squeezed, and as pdftotext gives them)."""

    def __init__(self, course: Course, pdfs: dict[str, bytes], folder: Path) -> None:
        self.course = course
        self.pdfs = pdfs
        self.folder = folder
        self.raw: dict[str, str] = {}
        for name, data in pdfs.items():
            path = folder / name
            path.write_bytes(data)
            self.raw[name] = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        guide, booklet, key = NAMES["fr" if course.language.startswith("fr") else "en"]
        self.guide, self.booklet, self.key = (squeeze(self.raw[n]) for n in (guide, booklet, key))
        self.names = (guide, booklet, key)


@pytest.fixture(scope="module", params=BUNDLED)
def printed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Printed]:
    """Each bundled course printed once (start 14:00), steps recorded."""
    course = bundled_course(request.param)
    steps: list[str] = []
    pdfs = printed_documents(course, start=START, on_step=steps.append)
    assert steps == list(pdfs)
    yield Printed(course, pdfs, tmp_path_factory.mktemp(request.param))


def test_file_names_follow_the_course_language(printed: Printed) -> None:
    language = "fr" if printed.course.language.startswith("fr") else "en"
    assert tuple(printed.pdfs) == NAMES[language]


def test_pdfs_are_tagged_with_the_course_language_and_title(printed: Printed) -> None:
    tr = translator(printed.course.language).gettext
    for name, title in zip(
        printed.names, ("Facilitator guide", "Participant booklet", "Answer key"), strict=True
    ):
        reader = pypdf.PdfReader(printed.folder / name)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == printed.course.language
        assert bool(root["/MarkInfo"]["/Marked"])
        assert reader.metadata is not None
        # French titles get their no-break spaces too ("bases\u00a0: les")
        expected = f"{tr(title)} – {printed.course.title}"
        assert reader.metadata.title.replace("\u00a0", " ") == expected


def test_every_lesson_title_is_in_the_guide_and_the_booklet(printed: Printed) -> None:
    for lesson in printed.course.lessons:
        assert squeeze(lesson.title) in printed.guide, lesson.title
        assert squeeze(lesson.title) in printed.booklet, lesson.title


def _feedbacks(question: object) -> list[str]:
    texts = [o.feedback for o in getattr(question, "options", ()) if o.feedback]
    texts += [getattr(question, f, "") for f in ("feedback_true", "feedback_false")]
    texts += [getattr(question, f) for f in ("feedback_correct", "feedback_wrong")]
    return [plain(t) for t in texts if t]


def test_the_guide_has_every_answer_explanation_and_feedback(printed: Printed) -> None:
    language = printed.course.language
    checked = 0
    for quiz in printed.course.quizzes:
        for question in quiz.questions:
            for line in answer_key(question, language):
                assert plain(line) in printed.guide, (quiz.id, question.id, line)
                checked += 1
            if question.explanation:
                assert plain(question.explanation) in printed.guide, (quiz.id, question.id)
            for text in _feedbacks(question):
                assert text in printed.guide, (quiz.id, question.id, text)
    assert checked > 10


def test_the_answer_key_has_every_right_answer(printed: Printed) -> None:
    for quiz in printed.course.quizzes:
        assert squeeze(quiz.title) in printed.key
        for question in quiz.questions:
            for line in answer_key(question, printed.course.language):
                assert plain(line) in printed.key, (quiz.id, question.id, line)


def _lessons_text(course: Course) -> str:
    return "".join(plain(lesson.html) for lesson in course.lessons)


def test_the_booklet_gives_no_answer_explanation_feedback_or_facilitator_note(
    printed: Printed,
) -> None:
    course = printed.course
    tr = translator(course.language).gettext
    booklet = printed.booklet
    lessons = _lessons_text(course)
    for title in (tr("Right answer"), tr("Right answers"), tr("If the answer is right")):
        assert squeeze(title) not in booklet
    typed = 0
    for quiz in course.quizzes:
        for question in quiz.questions:
            if question.explanation:
                assert plain(question.explanation) not in booklet, (quiz.id, question.id)
            for text in _feedbacks(question):
                assert text not in booklet, (quiz.id, question.id, text)
            kind = question_type(question)
            if kind.part_order is None and kind.right_values is None:  # typed answers
                for line in answer_key(question, course.language):
                    if plain(line) not in lessons:
                        assert plain(line) not in booklet, (quiz.id, question.id, line)
                        typed += 1
    assert typed > 0
    for lesson in course.lessons:
        for note in lesson.facilitator_notes:
            assert plain(note) not in booklet, lesson.id
            assert plain(note) in printed.guide, lesson.id


def test_the_attendance_sheet_counts_by_sex(printed: Printed) -> None:
    tr = translator(printed.course.language).gettext
    raw = _SPACE.sub(" ", printed.raw[printed.names[0]])
    for column in ("F", "M", "other", "prefers not to say", "Totals", "Last name, first name"):
        assert f" {tr(column)} " in raw, column
    assert squeeze(tr("Facilitator's name and signature")) in printed.guide
    # 14:00 plus the plan: the afternoon only, one signature column (pdftotext joins
    # "après-" at the end of a line to "midi": compared without hyphens)
    guide = printed.guide.replace("-", "")
    assert squeeze(tr("Signature (afternoon)")).replace("-", "") in guide
    assert squeeze(tr("Signature (morning)")) not in guide


CLOCKS = {
    "genre-bases": ("14h00–14h15", "14h15–14h35", "Début:14h00"),
    "politique-genre": ("14h00–", "Début:14h00", "Déroulépédagogique"),
    "gender-basics-en": ("14:00–", "Start:14:00", "Sessionplan"),
}


def test_the_plan_gives_clock_times_from_the_start(printed: Printed) -> None:
    for text in CLOCKS[printed.course.id]:
        assert text in printed.guide, text


def test_the_plan_keeps_module_titles_with_their_first_row_and_totals_once(
    printed: Printed,
) -> None:
    """On the plan's pages (those giving a step's clock time), the total is printed once,
    on the last one (a repeated table footer would print it on each), and the page with a
    module's title row also holds its first step (the row after it)."""
    tr = translator(printed.course.language).gettext
    plan = build_plan(printed.course, START)
    pages = printed.raw[printed.names[0]].split("\f")
    clocks = [squeeze(step.clock) for step in plan.steps]
    plan_pages = [page for page in pages if any(clock in squeeze(page) for clock in clocks)]
    with_total = [page for page in plan_pages if tr("Total") in page.splitlines()]
    assert len(with_total) == 1 and with_total[0] is plan_pages[-1]
    for module in plan.modules:
        title = squeeze(module.title)
        page = next(p for p in plan_pages if title in map(squeeze, p.splitlines()))
        assert squeeze(module.steps[0].clock) in squeeze(page), module.title


def test_french_text_keeps_its_punctuation_on_the_line(printed: Printed) -> None:
    """In French, no line starts with : ; ! ? or », and the HTML has the no-break spaces
    (pdftotext gives them back as plain spaces); English text gets none."""
    guide = render_documents(printed.course)[printed.names[0]]
    text = re.sub(r"<[^>]+>", "", guide)
    if not printed.course.language.startswith("fr"):
        assert "\u202f" not in text and "\u00a0:" not in text
        return
    for name in printed.names:
        starts = [line for line in printed.raw[name].splitlines() if re.match(r"\s*[:;!?»]", line)]
        assert starts == [], name
    assert "\u00a0:" in text and "\u202f?" in text and "«\u202f" in text
    assert " :" not in text and " ?" not in text


def test_each_page_renders_to_png(printed: Printed) -> None:
    """The pages as images in artifacts/kit/<course>/ (git-ignored), for people to look at."""
    folder = ARTIFACTS / printed.course.id
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    for name in printed.names:
        stem = folder / name.removesuffix(".pdf")
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(printed.folder / name), str(stem)], check=True
        )
        pages = len(pypdf.PdfReader(printed.folder / name).pages)
        assert len(list(folder.glob(f"{stem.name}-*.png"))) == pages > 1


def test_the_plan_estimates_a_quiz_without_duration() -> None:
    from export.print_plan import quiz_minutes

    course = bundled_course("genre-bases")
    quiz = next(q for q in course.quizzes if q.id == "quiz-1-notions")
    per_type = {"open": 3, "matching": 2, "ordering": 2, "fill_blanks": 2, "likert": 2}
    expected = sum(per_type.get(q.type, 1) for q in quiz.questions)
    if quiz.duration is None:
        assert quiz_minutes(quiz) == expected
    else:
        assert quiz_minutes(quiz) == quiz.duration
    assert isinstance(course.lessons[0], Lesson)

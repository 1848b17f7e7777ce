"""A course as one self-contained web page, for SCORM packages and offline kits.

SCORM wants exactly one Initialize and one Terminate per SCO, so each SCO is one page: every
lesson and quiz of it is a section, and the runtime script shows one at a time. Lessons and
questions are rendered by the engine's content partials, the same as in the player; the
quizzes' runtime data (with their answer keys: packages grade in the browser) goes to
`liane/<page>.data.js`, a classic script, so the page works from file:// too (no fetch, no module).
docs/runtime.md tells how the runtime uses it.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine import cache
from engine.i18n import N_, translator
from engine.model import (
    Course,
    Item,
    Lesson,
    Question,
    Quiz,
)
from engine.paths import STATIC
from engine.questions import question_type
from engine.templating import content_environment
from export.interactions import interaction

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = "liane"  # folder of the shared files inside a package
# The runtime's classic scripts, in the order the SCO page loads them after its data script:
# each uses the globals of those before it (docs/runtime.md, "What a package holds").
RUNTIME_SCRIPTS = (
    "liane-grading.js",
    "liane-scorm.js",
    "liane-state.js",
    "liane-questions.js",
    "liane-runtime.js",
    "liane-pairs.js",
)
RUNTIME_FILES = ("liane.css", *RUNTIME_SCRIPTS)
_LOCAL_URL = re.compile(r'(src|href)="(?![a-z][a-z0-9+.-]*:|#|/)([^"]*)"')

# Interface texts of the runtime script, in the course's language. The results summary, the
# course's end, the "Check this answer" button and the question before sending blank ones are
# <template>s of the page (engine/templates/content/_review.html), not labels. "score" is no
# longer read by the runtime; course_data still adds its colon.
RUNTIME_LABELS = {
    "score": N_("Score"),
    "standalone": N_("Progress is kept in this browser only (no LMS found)."),
}
_IMG = re.compile(r"<img\b(?![^>]*\sloading=)")

# The offline site of a workshop kit has no LMS to look for: the runtime's standalone mode
# from the start. Its data names no API object (an empty name finds none, so the runtime never
# searches frames or openers) and keeps SCORM 2004's names and state limit, the larger one
# (localStorage holds far more); its status line speaks of a kit, not of a missing LMS.
OFFLINE = "offline"
KIT_LABELS = {
    "standalone": N_("Your progress is kept in this browser only."),
}

# The names that differ between the standards (the runtime's `course.cmi`): the API object's,
# the data model's, and two fields of an interaction.
CMI_NAMES = {
    "scorm12": {
        "api": "API",
        "location": "cmi.core.lesson_location",
        "mode": "cmi.core.lesson_mode",
        "exit": "cmi.core.exit",
        "session_time": "cmi.core.session_time",
        "score": "cmi.core.score.",
        "response": "student_response",
        "time": "time",
    },
    "scorm2004": {
        "api": "API_1484_11",
        "location": "cmi.location",
        "mode": "cmi.mode",
        "exit": "cmi.exit",
        "session_time": "cmi.session_time",
        "score": "cmi.score.",
        "response": "learner_response",
        "time": "timestamp",
    },
}


@dataclass(frozen=True)
class Page:
    """One SCO page: its file name, title and items."""

    filename: str
    title: str
    items: tuple[Item, ...]

    @property
    def data_file(self) -> str:
        """Each page has its data script beside the runtime: liane/<page>.data.js."""
        return f"{ASSETS}/{self.filename.removesuffix('.html')}.data.js"

    @property
    def files(self) -> tuple[str, ...]:
        """Media the page's lessons use."""
        return tuple(sorted({f for i in self.items if isinstance(i, Lesson) for f in i.files}))


def rebase(html: str, folder: str) -> str:
    """Make a lesson's relative links relative to the page root: a lesson in a sub-folder
    wrote them relative to its own folder."""
    if not folder:
        return html
    return _LOCAL_URL.sub(
        lambda m: f'{m.group(1)}="{posixpath.normpath(posixpath.join(folder, m.group(2)))}"', html
    )


def lazy_images(html: str) -> str:
    """Every image of a lesson loads when it is about to be seen (`loading="lazy"`): the page
    holds every lesson, and the runtime hides all but one, whose images a browser then
    fetches first. engine/rendering.py writes the lesson's HTML for the player too, where
    each lesson is its own page; hence here, at export."""
    return _IMG.sub('<img loading="lazy"', html)


def render_page(course: Course, page: Page, *, facilitator: bool = False, kit: bool = False) -> str:
    """The SCO page, or with `kit` the offline site's index.html: the same page plus the
    projection mode's button and script (export/projection.py). The first item's images
    load at once: they are the first thing a learner sees."""
    env = content_environment(course.language, (TEMPLATES,))
    sections = []
    for index, item in enumerate(page.items):
        folder = posixpath.dirname(item.id)
        if isinstance(item, Lesson):
            body = env.get_template("content/_lesson.html").render(
                lesson=item, language=course.language, facilitator=facilitator
            )
            body = rebase(body, folder)
            sections.append(
                {"item": item, "kind": "lesson", "html": lazy_images(body) if index else body}
            )
        else:
            sections.append(
                {"item": item, "kind": "quiz", "html": quiz_section(course, item, index)}
            )
    return env.get_template("sco.html").render(
        course=course,
        page=page,
        sections=sections,
        assets=ASSETS,
        data_file=page.data_file,
        scripts=RUNTIME_SCRIPTS + (("liane-projection.js",) if kit else ()),
        kit=kit,
    )


def quiz_section(course: Course, quiz: Quiz, index: int) -> str:
    """A quiz's section of the SCO page: its questions through the content macros, the
    largest part of an export's rendering (about 1 ms a question), kept in the user's cache
    between commands (engine/cache.py `fragment`) while the questions' public data, the
    course's language and the templates that render them are unchanged."""
    inputs = {
        "title": quiz.title,
        "quiz_id": quiz.id,
        "index": index,
        "questions": [q.to_public_dict() for q in quiz.questions],
    }
    name = repr(("sco-quiz", str(course.root.resolve()), quiz.id, index, course.language))
    return cache.fragment(
        name,
        (course.language, inputs),
        _templates_fingerprint(),
        lambda: (
            content_environment(course.language, (TEMPLATES,))
            .get_template("sco_quiz.html")
            .render(**inputs)
        ),
    )


@lru_cache(maxsize=1)
def _templates_fingerprint() -> str:
    """The export's templates and the libraries that render them (the engine's own
    templates and catalogs are in engine.cache's fingerprint)."""
    return cache.code_fingerprint([("export-templates", str(TEMPLATES))], ("jinja2", "markupsafe"))


def runtime_quiz(quiz: Quiz, standard: str) -> dict[str, Any]:
    """The quiz's runtime dict, each question with what the runtime would otherwise work out:
    its `scorm` dict (export/interactions.py), the options it may mark as right, and the fields
    of a question answered in several parts."""
    data = quiz.to_runtime_dict()
    for question, entry in zip(quiz.questions, data["questions"], strict=True):
        entry["scorm"] = interaction(quiz, question, standard)
        entry["right_options"] = right_options(question)
        if (parts := form_parts(question)) is not None:
            entry["parts"] = parts
    return data


def form_parts(question: Question) -> list[tuple[int | str, str]] | None:
    """The fields of a question answered in several parts (its type's `form_parts`)."""
    parts = question_type(question).form_parts
    return None if parts is None else parts(question)


def right_options(question: Question) -> list[str]:
    """The values of the inputs the runtime marks "(right answer)" once it may reveal them
    (its type's `right_values`): the right options of a choice, "true" or "false"."""
    values = question_type(question).right_values
    return [] if values is None else values(question)


def course_data(course: Course, page: Page, *, standard: str, failed_as: str) -> str:
    """`window.LIANE_COURSE = {...}`: what the runtime needs, answer keys and the static part
    of the interactions included. `standard` is scorm12, scorm2004 or OFFLINE (a kit)."""
    offline = standard == OFFLINE
    if offline:
        standard = "scorm2004"
    tr = translator(course.language).gettext
    quizzes = [i for i in page.items if isinstance(i, Quiz)]
    data: dict[str, Any] = {
        "id": course.id,
        "title": course.title,
        "version": course.version,
        "language": course.language,
        "standard": standard,
        "cmi": CMI_NAMES[standard],
        "failed_as": failed_as,
        "completion": {"lessons": course.completion.lessons, "quizzes": course.completion.quizzes},
        "items": [{"id": i.id, "kind": i.kind_name, "title": i.title} for i in page.items],
        "lessons": [i.id for i in page.items if isinstance(i, Lesson)],
        "quizzes": [runtime_quiz(q, standard) for q in quizzes],
        "labels": {key: tr(text) for key, text in RUNTIME_LABELS.items()},
        # A course may have one page per module: its first item tells them apart.
        "store_key": f"liane:{course.id}@{course.version}:"
        + (page.items[0].id if page.items else ""),
    }
    # "Score: 80 %", "Score : 80 %" in French
    data["labels"]["score"] += " : " if course.language.startswith("fr") else ": "
    if offline:
        data["cmi"] = {**data["cmi"], "api": ""}
        data["labels"].update({key: tr(text) for key, text in KIT_LABELS.items()})
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # `</script>` cannot appear in a .js file's string literal context, but `<!--` and
    # U+2028 can confuse old parsers: escape them.
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.LIANE_COURSE = {text};\n"


def static_files(minify: bool = True, names: tuple[str, ...] = RUNTIME_FILES) -> dict[str, bytes]:
    """The runtime files every package carries, under liane/ (or `names` of static/: a kit
    adds its projection mode's).

    The sources in static/ are written for people (names, comments, JSDoc types); packages
    carry them minified (rjsmin, rcssmin: white space and comments out, nothing renamed),
    a third smaller, each still opening with its licence line. `minify=False` ships the
    sources as they are, for reading the runtime inside an LMS.
    """
    return {
        f"{ASSETS}/{name}": _shipped(name, minify, (STATIC / name).stat().st_mtime_ns)
        for name in names
    }


@lru_cache(maxsize=32)
def _shipped(name: str, minify: bool, _mtime_ns: int) -> bytes:
    """Minified once per file version (a package export would otherwise spend most of its
    time there)."""
    source = (STATIC / name).read_text(encoding="utf-8")
    if not minify:
        return source.encode("utf-8")
    import rcssmin
    import rjsmin

    licence, _, body = source.partition("\n")
    small = rcssmin.cssmin(body) if name.endswith(".css") else rjsmin.jsmin(body)
    return f"{licence}\n{small.strip()}\n".encode()

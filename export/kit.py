"""`liane export kit`: everything a facilitator takes to a workshop, in one zip or folder.

ECSI workshops happen in classrooms and community centres, often with no internet, a borrowed
laptop, a projector and a printer. The kit holds the course as an offline site that opens by
double-click (index.html, graded in the browser, progress kept in that browser), its
projection mode (projection.html), the printed documents (export/printed.py: facilitator
guide, participant booklet, answer key) and a short LISEZMOI.txt / README.txt saying what each
file is for. Facilitator notes are in the guide only, never in the site's files.

Stages, in order: the offline site (the same page, data and runtime as a one-SCO package,
with no LMS to look for) and projection mode -> the printed documents (the slow part) -> the
text saying what each file is -> a zip, byte for byte the same for the same sources (or the
files into a folder). `on_step` tells the command's progress display the files of each stage
as it ends.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path

from engine.i18n import N_, translator
from engine.model import Course
from export.archive import build_zip, check_member
from export.projection import PROJECTION_FILES, PROJECTION_PAGE, render_projection
from export.site import (
    ASSETS,
    OFFLINE,
    RUNTIME_FILES,
    Page,
    course_data,
    render_page,
    static_files,
)

SITE_PAGE = "index.html"
Step = Callable[[str], None]

# What each file is for, in LISEZMOI.txt / README.txt; the printed documents by the names
# export/printed.py gives them in either language.
FILE_ROLES = {
    SITE_PAGE: N_(
        "The whole course, offline: open it with a double-click in a web browser (no "
        "internet needed). Quizzes are corrected in the browser; progress is kept in that "
        "browser only."
    ),
    PROJECTION_PAGE: N_(
        "Projection mode, to show the course to a room with a projector (also from the "
        "course's 'Projection mode' link, or the P key). Arrow or page keys: next and "
        "previous; R or Enter: show the answer; Escape: back to the course. It records no "
        "progress."
    ),
    "guide-animateur.pdf": N_(
        "The facilitator guide: session plan, lessons with the facilitator notes, answers "
        "and explanations, activity sheets, attendance sheet and session report."
    ),
    "livret-participant.pdf": N_(
        "The participant booklet, to print: lessons, quizzes to fill in by hand and "
        "self-assessment sheets, without the answers."
    ),
    "corrige.pdf": N_("The answer key: the answers alone, to mark printed sheets quickly."),
}
FILE_ROLES["facilitator-guide.pdf"] = FILE_ROLES["guide-animateur.pdf"]
FILE_ROLES["participant-booklet.pdf"] = FILE_ROLES["livret-participant.pdf"]
FILE_ROLES["answer-key.pdf"] = FILE_ROLES["corrige.pdf"]
FOLDER_ROLES = {
    ASSETS: N_(
        "Styles and scripts the course needs: keep this folder beside index.html and "
        "projection.html."
    ),
}
OTHER_FOLDER_ROLE = N_("Pictures of the lessons: keep this folder beside index.html.")


@dataclass(frozen=True)
class KitOptions:
    start: time | None = None  # the session's start: the guide's plan shows clock times
    minify: bool = True  # the runtime minified (False: the readable sources of static/)


def site_files(course: Course, *, minify: bool = True) -> dict[str, bytes]:
    """The offline site: index.html (the one-SCO page with the projection link), its data
    without an LMS to look for, the runtime, the lessons' media, and projection mode."""
    page = Page(SITE_PAGE, course.title, tuple(course.items()))
    files = {
        SITE_PAGE: render_page(course, page, kit=True).encode("utf-8"),
        page.data_file: course_data(course, page, standard=OFFLINE, failed_as="failed").encode(
            "utf-8"
        ),
        PROJECTION_PAGE: render_projection(course).encode("utf-8"),
    }
    files.update(static_files(minify, RUNTIME_FILES + PROJECTION_FILES))
    for media in course.files:
        files[media] = (course.root / media).read_bytes()
    return files


def printed_files(course: Course, start: time | None, on_step: Step | None) -> dict[str, bytes]:
    """The PDFs (WeasyPrint: the slow stage), by their file names in the course's language."""
    from export.printed import printed_documents

    return printed_documents(course, start=start, on_step=on_step)


def readme_name(course: Course) -> str:
    return "LISEZMOI.txt" if course.language.startswith("fr") else "README.txt"


def readme(course: Course, names: list[str]) -> bytes:
    """What each file and folder of the kit is for, in the course's language.

    UTF-8 with a byte order mark and CRLF line ends: facilitators open it with Notepad on
    borrowed Windows laptops, and an older Notepad shows the accents of a file without a BOM
    garbled.
    """
    gettext = translator(course.language).gettext

    def tr(message: str) -> str:
        """French puts a space before : ; ? ! and inside « »: a no-break one, so that no
        wrapped line starts with a colon."""
        text = gettext(message)
        if course.language.startswith("fr"):
            text = _FRENCH_SPACE.sub("\u00a0", text)
        return text

    lines = [
        tr("Workshop kit: {title} (version {version})").format(
            title=course.title, version=course.version
        ),
    ]
    if course.license:
        lines.append(tr("Licence: {licence}").format(licence=course.license))
    lines += ["", tr("Received as a zip file? Unzip it before opening its files."), ""]
    folders = sorted({name.split("/")[0] for name in names if "/" in name})
    top = [name for name in names if "/" not in name and name in FILE_ROLES]
    for name in [SITE_PAGE, PROJECTION_PAGE, *sorted(n for n in top if n.endswith(".pdf"))]:
        lines += [name, *_indented(tr(FILE_ROLES[name])), ""]
    for folder in folders:
        role = FOLDER_ROLES.get(folder, OTHER_FOLDER_ROLE)
        lines += [f"{folder}/", *_indented(tr(role)), ""]
    text = "\r\n".join(lines).rstrip("\r\n") + "\r\n"
    return "\ufeff".encode() + text.encode("utf-8")


_FRENCH_SPACE = re.compile(r" (?=[:;?!»])|(?<=«) ")


def _indented(text: str) -> list[str]:
    return textwrap.wrap(text, width=78, initial_indent="    ", subsequent_indent="    ")


def kit_files(
    course: Course, options: KitOptions = KitOptions(), on_step: Step | None = None
) -> dict[str, bytes]:
    """Every file of the kit by its path inside it."""
    files = site_files(course, minify=options.minify)
    if on_step:
        on_step(f"{SITE_PAGE}, {PROJECTION_PAGE}")
    files.update(printed_files(course, options.start, on_step))
    name = readme_name(course)
    files[name] = readme(course, sorted(files))
    return files


def export_kit(
    course: Course, options: KitOptions = KitOptions(), on_step: Step | None = None
) -> bytes:
    """The kit as a zip, the same bytes for the same sources."""
    return build_zip(kit_files(course, options, on_step))


def write_folder(files: Mapping[str, bytes], folder: Path) -> None:
    """The kit's files into `folder` (created; files of the same names replaced, others left).
    Paths are checked as a zip's are: nothing is written outside the folder."""
    for name in sorted(files):
        target = folder / check_member(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[name])


def default_output(course: Course) -> Path:
    return Path(f"{course.id}-{course.version}-kit.zip")

"""`liane export scorm`: a course as a SCORM 1.2 or 2004 package partners import into their LMS.

Stages, in order: choose the SCOs (the whole course, one per module, or one module) ->
render each SCO's page and data script -> gather media, runtime and schema files -> build
and validate the manifest (an invalid manifest is never written) -> zip, byte for byte the
same for the same sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine.model import Course, Quiz
from export.archive import build_zip
from export.manifest import STANDARDS, Sco, build_manifest, mastery_of
from export.site import Page, course_data, render_page, static_files
from export.validate import SCHEMAS, manifest_errors

SCHEMA_FOLDERS = {"scorm12": "scorm12", "scorm2004": "scorm2004"}


class ExportError(Exception):
    """Something the author must change before the course can be exported."""


@dataclass(frozen=True)
class ScormOptions:
    standard: str = "scorm2004"  # scorm12 | scorm2004
    sco_per_module: bool = False
    module: int | None = None  # 1-based: export this module alone
    failed_as: str = "failed"  # failed | incomplete (some LMSs lock learners out)
    # The pass threshold in the manifest (1.2 adlcp:masteryscore, 2004 minNormalizedMeasure),
    # for LMSs that report or check it; LMSs that apply it override the course's own status.
    mastery_score: bool = True
    preset: str | None = None  # the preset these options come from, for the file name
    minify: bool = True  # the runtime minified (False: the readable sources of static/)


PRESETS = {
    # Moodle plays SCORM 1.2 fully and SCORM 2004 only in part; one SCO works best there.
    # Its mastery override (on by default) replaces the course's lesson_status by passed or
    # failed from score.raw and the masteryscore at LMSFinish: without a masteryscore the
    # course's own rule (every graded quiz passed) stands. The runtime reports a 1.2 score
    # only once final whatever the preset (docs/runtime.md, "Statuses and score").
    "moodle": ScormOptions(
        standard="scorm12", sco_per_module=False, mastery_score=False, preset="moodle"
    ),
}


def plan_pages(course: Course, options: ScormOptions) -> list[Page]:
    modules = list(course.modules)
    if options.module is not None:
        if not 1 <= options.module <= len(modules):
            raise ExportError(
                f"module {options.module} does not exist: the course has {len(modules)} module(s)"
            )
        chosen = modules[options.module - 1]
        return [Page("index.html", f"{course.title} – {chosen.title}", chosen.items)]
    if options.sco_per_module and len(modules) > 1:
        return [Page(f"module-{n}.html", m.title, m.items) for n, m in enumerate(modules, start=1)]
    return [Page("index.html", course.title, tuple(course.items()))]


def schema_files(standard: str) -> dict[str, bytes]:
    """The XSDs the manifest names, at the package root as packages conventionally ship."""
    folder = SCHEMAS / SCHEMA_FOLDERS[standard]
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.xsd"))
    }


def export_scorm(course: Course, options: ScormOptions) -> bytes:
    if options.standard not in STANDARDS:
        raise ExportError(f"unknown standard {options.standard}: scorm12 or scorm2004")
    standard = STANDARDS[options.standard]
    files: dict[str, bytes] = {}
    scos: list[Sco] = []
    for number, page in enumerate(plan_pages(course, options), start=1):
        files[page.filename] = render_page(course, page).encode("utf-8")
        files[page.data_file] = course_data(
            course, page, standard=options.standard, failed_as=options.failed_as
        ).encode("utf-8")
        for media in page.files:
            files[media] = (course.root / media).read_bytes()
        quizzes = [i for i in page.items if isinstance(i, Quiz)]
        scos.append(
            Sco(
                identifier=f"sco-{number}",
                title=page.title,
                href=page.filename,
                files=(page.data_file, *page.files),
                mastery=mastery_of(quizzes) if options.mastery_score else None,
            )
        )
    shared = static_files(options.minify)
    files.update(shared)
    schemas = schema_files(options.standard)
    files.update(schemas)
    manifest = build_manifest(course, standard, scos, tuple(sorted(shared)))
    errors = manifest_errors(manifest, options.standard)
    if errors:  # a bug of ours, never the author's: refuse to ship it
        raise AssertionError("invalid manifest:\n" + "\n".join(errors))
    files["imsmanifest.xml"] = manifest
    return build_zip(files)


def default_output(course: Course, options: ScormOptions) -> Path:
    suffix = "" if options.module is None else f"-module-{options.module}"
    preset = f"-{options.preset}" if options.preset else ""
    return Path(f"{course.id}-{course.version}-{options.standard}{preset}{suffix}.zip")

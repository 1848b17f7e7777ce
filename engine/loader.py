"""Loading courses: read every file, validate it, render it, and build the model once.

Stages, in this order: course.yml (settings and the module list) -> each listed item, a
lesson (.md) or a quiz (.yml) -> checks across files (unlisted files, duplicate ids) ->
the immutable `Course`. A library adds paths.yml and checks the courses it names.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from engine.cache import rendered
from engine.errors import Problem, SourcePos, error, has_errors, sort_problems, warning
from engine.fields import Field
from engine.i18n import _
from engine.lessons import load_lesson
from engine.model import Completion, Course, Item, Library, Module, Quiz, TrainingPath
from engine.quizzes import load_quiz
from engine.rendering import render_block
from engine.schema import COURSE, SLUG, TRAINING_PATH
from engine.sources import YamlDoc, load_yaml, read_text
from engine.validation import answers_given_away, check_mapping, check_value

COURSE_FILE = "course.yml"
PATHS_FILE = "paths.yml"
LESSON_SUFFIXES = (".md",)
QUIZ_SUFFIXES = (".yml", ".yaml")
Progress = Callable[[Path], None]


def load_course(
    course_dir: Path, progress: Progress | None = None
) -> tuple[Course | None, list[Problem]]:
    """Load one course folder. The course is None when any error was found."""
    course_dir = Path(course_dir).resolve()
    course_file = course_dir / COURSE_FILE
    if not course_file.is_file():
        return None, [
            error(
                SourcePos(course_file),
                _("course.yml not found"),
                _("every course folder needs a course.yml; `liane new COURSE_ID` creates one"),
            )
        ]
    text, problems = read_text(course_file)
    doc, found = (None, []) if text is None else load_yaml(course_file, text)
    problems += found
    if progress:
        progress(course_file)
    if doc is None:
        return None, problems
    settings, found = check_mapping(doc, (), doc.data, COURSE)
    problems += found
    if not isinstance(doc.data, dict):  # an empty file, a list, a text: nothing to go on
        return None, sort_problems(problems)
    if not SLUG.match(course_dir.name):
        problems.append(
            error(
                SourcePos(course_file),
                _("the folder name `{name}` cannot be a course id").format(name=course_dir.name),
                _(
                    "rename the folder with lower-case letters, digits and dashes, e.g. "
                    "`genre-bases`"
                ),
            )
        )
    modules = _load_modules(doc, course_dir, settings, problems, progress)
    problems += _unlisted_files(course_dir, settings)
    if has_errors(problems):
        return None, sort_problems(problems)
    completion = settings["completion"] or {}
    course = Course(
        id=course_dir.name,
        root=course_dir,
        title=settings["title"],
        language=settings["language"],
        version=settings["version"],
        description=rendered(
            course_dir / "course.yml",
            course_dir,
            settings["description"],
            settings["language"],
            lambda text: render_block(text, language=settings["language"]),
        )
        if settings["description"]
        else "",
        objectives=settings["objectives"],
        audience=settings["audience"],
        duration=settings["duration"],
        authors=settings["authors"],
        license=settings["license"],
        tags=settings["tags"],
        sdg=settings["sdg"],
        group_size=settings["group_size"],
        materials=settings["materials"],
        allow_html=settings["allow_html"],
        status=settings["status"],
        visibility=settings["visibility"],
        order=settings["order"],
        completion=Completion(
            lessons=completion.get("lessons") or "all",
            quizzes=completion.get("quizzes") or "passed",
        ),
        modules=tuple(modules),
    )
    return course, sort_problems(problems)


def _load_modules(
    doc: YamlDoc,
    course_dir: Path,
    settings: dict[str, Any],
    problems: list[Problem],
    progress: Progress | None,
) -> list[Module]:
    # 1. Check every listed path; 2. load the lessons, then the quizzes (batching alike
    # work is about 8 % faster on big courses than alternating); 3. assemble the modules
    # in the author's order.
    authored = authored_files(course_dir)
    listing: list[list[tuple[str, str]]] = []  # per module: (entry, item id)
    seen: set[str] = set()
    for m, module in enumerate(settings["modules"] or ()):
        entries = []
        for i, entry in enumerate(module.get("items") or ()):
            if not isinstance(entry, str):  # reported by check_mapping
                continue
            where = ("modules", m, "items", i)
            item_id = _item_id(doc, where, entry, authored, problems)
            if item_id is None:
                continue
            if item_id in seen:
                problems.append(
                    error(
                        doc.pos(where),
                        _("`{path}` is listed twice").format(path=entry),
                        _("an item appears once in a course; remove this line"),
                    )
                )
                continue
            seen.add(item_id)
            entries.append((entry, item_id))
        listing.append(entries)
    loaded: dict[str, Item] = {}
    everything = [pair for entries in listing for pair in entries]
    for is_lesson in (True, False):
        for entry, item_id in everything:
            if entry.lower().endswith(LESSON_SUFFIXES) != is_lesson:
                continue
            path = course_dir / entry
            if progress:
                progress(path)
            loader = load_lesson if is_lesson else load_quiz
            item, found = loader(
                path,
                course_dir,
                item_id,
                allow_html=settings["allow_html"],
                language=settings["language"] or "fr",
            )
            problems += found
            if isinstance(item, Quiz):
                problems += answers_given_away(item, path)
            if item is not None:
                loaded[item_id] = item
    return [
        Module(
            title=module.get("title") or "",
            items=tuple(loaded[item_id] for _entry, item_id in entries if item_id in loaded),
        )
        for module, entries in zip(settings["modules"] or (), listing, strict=True)
    ]


def authored_files(course_dir: Path) -> set[str]:
    """Lessons and quizzes of the folder, as course-relative paths, read in one walk.

    Comparing listed paths with this set (not asking the file system one by one) is faster
    and catches a wrong case even on file systems that ignore case.
    """
    found: set[str] = set()
    for folder, subfolders, names in os.walk(course_dir):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "_"))]
        relative = os.path.relpath(folder, course_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.update(
            prefix + name
            for name in names
            if name.lower().endswith(LESSON_SUFFIXES + QUIZ_SUFFIXES)
        )
    return found


def _item_id(
    doc: YamlDoc,
    where: tuple[str | int, ...],
    entry: str,
    authored: set[str],
    problems: list[Problem],
) -> str | None:
    """The id of a listed item (its path without extension), once the path is checked."""
    pure = PurePosixPath(entry)
    if pure.is_absolute() or ".." in pure.parts or "\\" in entry:
        problems.append(
            error(
                doc.pos(where),
                _("`{path}` points outside the course folder").format(path=entry),
                _("list files inside the course folder, relative to it, with /"),
            )
        )
        return None
    if pure.suffix.lower() not in LESSON_SUFFIXES + QUIZ_SUFFIXES:
        # `- quiz-suivi` for quiz-suivi.yml: the extension is part of the path
        existing = [
            entry + suffix
            for suffix in LESSON_SUFFIXES + QUIZ_SUFFIXES
            if entry + suffix in authored
        ]
        problems.append(
            error(
                doc.pos(where),
                _("`{path}` is neither a lesson nor a quiz").format(path=entry),
                _("did you mean `{word}`? Write the file's extension").format(word=existing[0])
                if existing
                else _("list lessons (.md) and quizzes (.yml)"),
            )
        )
        return None
    if pure.name == COURSE_FILE:
        problems.append(
            error(doc.pos(where), _("course.yml cannot be a quiz"), _("remove it from the module"))
        )
        return None
    if pure.as_posix() not in authored:
        problems.append(
            error(
                doc.pos(where),
                _("file not found: `{path}`").format(path=entry),
                _suggest_file(authored, entry),
            )
        )
        return None
    return pure.with_suffix("").as_posix()


def _suggest_file(authored: set[str], entry: str) -> str:
    close = difflib.get_close_matches(entry, sorted(authored), n=1, cutoff=0.6)
    if close:
        return _("did you mean `{word}`?").format(word=close[0])
    return _("paths are relative to the course folder and case matters")


def _unlisted_files(course_dir: Path, settings: dict[str, Any]) -> list[Problem]:
    """Lessons and quizzes in the folder that no module lists: probably forgotten."""
    listed = {
        PurePosixPath(entry + suffix).as_posix()
        for module in settings["modules"] or ()
        for entry in module.get("items") or ()
        if isinstance(entry, str)
        # an entry without its extension is reported as such, not its file as unlisted
        for suffix in ("", *LESSON_SUFFIXES, *QUIZ_SUFFIXES)
    }
    problems = []
    for rel in sorted(authored_files(course_dir) - listed):
        if rel == COURSE_FILE or rel.startswith("media/"):
            continue
        problems.append(
            warning(
                SourcePos(course_dir / rel),
                _("`{path}` is in no module").format(path=rel),
                _("add it to a module's `items` in course.yml, or delete it"),
            )
        )
    return problems


def is_course_dir(path: Path) -> bool:
    return (path / COURSE_FILE).is_file()


def load_library(
    root: Path, progress: Progress | None = None, *, partial: bool = False
) -> tuple[Library | None, list[Problem]]:
    """Load a folder of courses (or a single course folder) and its paths.yml.

    With `partial`, the courses without errors are kept even when others have some (the
    player serves what it can); otherwise any error means no library.
    """
    root = Path(root).resolve()
    if not root.is_dir():
        return None, [
            error(
                SourcePos(root),
                _("folder not found"),
                _("give the folder that holds the courses, e.g. `courses/`"),
            )
        ]
    if is_course_dir(root):
        course, found = load_course(root, progress)
        return (Library(root=root, courses=(course,)) if course else None), found
    problems: list[Problem] = []
    courses: list[Course] = []
    subfolders = [p for p in root.iterdir() if p.is_dir() and is_course_dir(p)]
    authored = [
        p
        for p in root.iterdir()
        if p.is_file()
        and p.name != PATHS_FILE
        and p.suffix.lower() in LESSON_SUFFIXES + QUIZ_SUFFIXES
    ]
    if not subfolders and authored:  # lessons without their course.yml
        return None, [
            error(
                SourcePos(root / COURSE_FILE),
                _("course.yml not found"),
                _("every course folder needs a course.yml; `liane new COURSE_ID` creates one"),
            )
        ]
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")):
            continue
        if not is_course_dir(folder):
            if any(folder.rglob("*.md")) or any(folder.rglob("*.yml")):
                problems.append(
                    warning(
                        SourcePos(folder / COURSE_FILE),
                        _("`{name}` has no course.yml: it is not loaded").format(name=folder.name),
                        _("`liane new {name}` creates one").format(name=folder.name),
                    )
                )
            continue
        course, found = load_course(folder, progress)
        problems += found
        if course is not None:
            courses.append(course)
    paths = _load_paths(root, [p.name for p in root.iterdir() if is_course_dir(p)], problems)
    if has_errors(problems) and not partial:
        return None, sort_problems(problems)
    return Library(root=root, courses=tuple(courses), paths=paths), sort_problems(problems)


def _load_paths(
    root: Path, course_ids: list[str], problems: list[Problem]
) -> tuple[TrainingPath, ...]:
    path = root / PATHS_FILE
    if not path.is_file():
        return ()
    text, found = read_text(path)
    problems += found
    doc, found = (None, []) if text is None else load_yaml(path, text)
    problems += found
    if doc is None:
        return ()
    items, found = check_value(
        doc, (), doc.data if doc.data is not None else [], Field("list", items=TRAINING_PATH)
    )
    problems += found
    out: list[TrainingPath] = []
    seen: set[str] = set()
    for i, item in enumerate(items or ()):
        if not item or not item.get("id"):
            continue
        if item["id"] in seen:
            problems.append(
                error(
                    doc.pos((i, "id")),
                    _("duplicate path id `{id}`").format(id=item["id"]),
                    _("each path needs its own id"),
                )
            )
        seen.add(item["id"])
        for j, course_id in enumerate(item["courses"] or ()):
            if course_id not in course_ids:
                close = difflib.get_close_matches(course_id, course_ids, n=1, cutoff=0.6)
                problems.append(
                    error(
                        doc.pos((i, "courses", j)),
                        _("unknown course `{id}`").format(id=course_id),
                        _("did you mean `{word}`?").format(word=close[0])
                        if close
                        else _("a course id is the name of its folder: {ids}").format(
                            ids=", ".join(sorted(course_ids))
                        ),
                    )
                )
        out.append(
            TrainingPath(
                id=item["id"],
                title=item["title"],
                description=render_block(item["description"]) if item["description"] else "",
                courses=tuple(item["courses"] or ()),
                order=item["order"],
            )
        )
    return tuple(out)

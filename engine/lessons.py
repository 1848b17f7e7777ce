"""Loading one lesson: front matter, Markdown, links, facilitator blocks, activity sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.cache import cached_load
from engine.errors import Problem, SourcePos, warning
from engine.i18n import _
from engine.model import ActivitySheet, Lesson
from engine.rendering import (
    RenderContext,
    parse_document,
    render_block,
    render_inline,
    render_parsed,
    same_title,
)
from engine.schema import ACTIVITY_SHEET, LESSON_FRONT_MATTER
from engine.sources import KeyPath, YamlDoc, load_yaml
from engine.validation import check_mapping


def load_lesson(
    path: Path, course_root: Path, item_id: str, *, allow_html: bool = False, language: str = "fr"
) -> tuple[Lesson | None, list[Problem]]:
    """The lesson and the problems found in it; an unchanged lesson comes from the user's
    cache (engine/cache.py) instead of being parsed again, each command being a new
    process."""
    return cached_load(
        "lesson", path, course_root, item_id, _load, allow_html=allow_html, language=language
    )


def _load(
    path: Path,
    course_root: Path,
    item_id: str,
    text: str,
    targets: set[str],
    allow_html: bool,
    language: str,
) -> tuple[Lesson, list[Problem]]:
    """Parse and render the lesson; `targets` receives the local paths its links and
    images name, whose state on disk the result depends on."""
    problems: list[Problem] = []
    ctx = RenderContext(
        path, course_root, lambda line: SourcePos(path, line + 1, 1), lines=text.split("\n")
    )
    parsed = parse_document(text, ctx, allow_html=allow_html, language=language)
    meta: dict[str, Any] = {}
    sheet: ActivitySheet | None = None
    if parsed.front_matter is not None:
        yaml_doc, found = load_yaml(path, parsed.front_matter, line_offset=1)
        problems += found
        if yaml_doc is not None and yaml_doc.data is not None:
            meta, found = check_mapping(yaml_doc, (), yaml_doc.data, LESSON_FRONT_MATTER)
            problems += found
            sheet = _activity_sheet(
                yaml_doc,
                meta,
                course_root,
                problems,
                targets,
                allow_html=allow_html,
                language=language,
            )
    # The page shows the title above the text: an opening `# Title` saying the same is left
    # out (every output reads the lesson from here), one saying something else stays.
    given = meta.get("title") or None
    doc = render_parsed(
        parsed,
        ctx,
        allow_html=allow_html,
        drop_first_heading=given is None or same_title(str(given), parsed.first_heading),
    )
    problems += ctx.problems
    targets |= ctx.targets
    title = meta.get("title") or doc.first_heading
    if not title:
        title = path.stem.replace("-", " ").replace("_", " ").capitalize()
        problems.append(
            warning(
                SourcePos(path, 1, 1),
                _("the lesson has no title"),
                _("start it with a `# Title` line or add `title:` in its front matter"),
            )
        )
    lesson = Lesson(
        id=item_id,
        source=path.relative_to(course_root).as_posix(),
        title=str(title),
        html=doc.html,
        facilitator_html=doc.facilitator_html,
        facilitator_notes=doc.facilitator_notes,
        duration=meta.get("duration"),
        objectives=tuple(meta.get("objectives") or ()),
        files=tuple(sorted(ctx.files)),
        sheet=sheet,
    )
    return lesson, problems


def _activity_sheet(
    doc: YamlDoc,
    meta: dict[str, Any],
    course_root: Path,
    problems: list[Problem],
    targets: set[str],
    *,
    allow_html: bool,
    language: str,
) -> ActivitySheet | None:
    """The lesson's activity sheet, its Markdown rendered like the lesson's; None when the
    front matter gives none of its keys (or only empty ones).

    Its links and images are checked like the lesson's, relative to the lesson file. They
    are not added to the lesson's files: the sheet is printed in the facilitator guide, never
    put in a package.
    """
    if not any(meta.get(key) for key in ACTIVITY_SHEET):
        return None

    def render(where: KeyPath, text: str, *, inline: bool = False) -> str:
        if not text:
            return ""
        ctx = RenderContext(doc.path, course_root, _text_pos(doc, where))
        renderer = render_inline if inline else render_block
        html = renderer(text, ctx, allow_html=allow_html, language=language)
        problems.extend(ctx.problems)
        targets.update(ctx.targets)
        return html

    return ActivitySheet(
        method=meta["method"] or "",
        materials=tuple(meta["materials"] or ()),
        preparation=render(("preparation",), meta["preparation"]),
        instructions=render(("instructions",), meta["instructions"]),
        debrief=tuple(
            render(("debrief", i), text, inline=True)
            for i, text in enumerate(meta["debrief"] or ())
            if text
        ),
        vigilance=render(("vigilance",), meta["vigilance"]),
        variants=render(("variants",), meta["variants"]),
    )


def _text_pos(doc: YamlDoc, where: KeyPath) -> Callable[[int], SourcePos]:
    """Line of a YAML text value -> place in the file: the line itself in a block text
    (`preparation: |`), where the value starts otherwise."""
    base = doc.pos(where)
    lines = doc.text.splitlines()
    index = base.line - 1 - doc.line_offset
    source = lines[index][base.column - 1 :] if 0 <= index < len(lines) else ""
    if source[:1] not in ("|", ">"):
        return lambda _line: base

    def pos(line: int) -> SourcePos:
        at = index + 1 + line
        content = lines[at] if at < len(lines) else ""
        indent = len(content) - len(content.lstrip(" "))
        return SourcePos(base.path, base.line + 1 + line, indent + 1)

    return pos

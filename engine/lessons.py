"""Loading one lesson: front matter, Markdown, links, facilitator blocks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from engine.errors import Problem, SourcePos, warning
from engine.i18n import _
from engine.model import Lesson
from engine.rendering import RenderContext, render_document
from engine.schema import LESSON_FRONT_MATTER
from engine.sources import load_yaml, read_text
from engine.validation import check_mapping

_FRONT_TITLE = re.compile(r"---\n(?:.*\n)*?title\s*:", re.MULTILINE)


def load_lesson(
    path: Path, course_root: Path, item_id: str, *, allow_html: bool = False, language: str = "fr"
) -> tuple[Lesson | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    ctx = RenderContext(
        path, course_root, lambda line: SourcePos(path, line + 1, 1), lines=text.split("\n")
    )
    # The opening `# Title` is the page's title, shown apart, unless the front matter
    # gives another title: then the heading stays in the text.
    doc = render_document(
        text,
        ctx,
        allow_html=allow_html,
        drop_first_heading=not _FRONT_TITLE.match(text),
        language=language,
    )
    problems += ctx.problems
    meta: dict[str, Any] = {}
    if doc.front_matter is not None:
        yaml_doc, found = load_yaml(path, doc.front_matter, line_offset=1)
        problems += found
        if yaml_doc is not None and yaml_doc.data is not None:
            meta, found = check_mapping(yaml_doc, (), yaml_doc.data, LESSON_FRONT_MATTER)
            problems += found
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
    )
    return lesson, problems

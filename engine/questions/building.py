"""What building a question from its YAML needs: the quiz file's context, where problems go,
and the helpers several types share (the common fields, lettered choices).

Every problem is collected (never raised) so the author sees them all.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.comparison import strip_accents
from engine.errors import Problem, SourcePos, error
from engine.fields import Field
from engine.questions.base import Choice
from engine.rendering import RenderContext, plain_text, render_block, render_inline
from engine.sources import KeyPath, YamlDoc

LETTERS = string.ascii_lowercase

# `scoring:` of the types that can give part of the points (multiple choice, matching).
PARTIAL_SCORING = Field(
    "enum",
    "partial credit, or all_or_nothing",
    default="partial",
    choices=("partial", "all_or_nothing"),
)


@dataclass
class QuizContext:
    """What building a question needs: the file, the course, and where problems go."""

    doc: YamlDoc
    course_root: Path
    allow_html: bool
    graded: bool
    problems: list[Problem]
    language: str = "fr"
    # The local paths its links and images name, whose state on disk the checks read: what
    # a cached quiz checks again (engine/cache.py), as `RenderContext.targets` for a lesson.
    targets: set[str] = field(default_factory=set)

    def pos(self, path: KeyPath, *, key: bool = False) -> SourcePos:
        return self.doc.pos(path, key=key)

    def error(self, path: KeyPath, message: str, hint: str | None = None) -> None:
        self.problems.append(error(self.pos(path), message, hint))

    def render(self, path: KeyPath, text: str, *, inline: bool = False) -> str:
        """Render a Markdown field, checking its images relative to the quiz file."""
        render = render_inline if inline else render_block
        if "](" not in text and "<" not in text:  # nothing to check: no link, no image
            return render(text, None, allow_html=self.allow_html, language=self.language)
        ctx = RenderContext(self.doc.path, self.course_root, lambda _line: self.pos(path))
        html = render(text, ctx, allow_html=self.allow_html, language=self.language)
        self.problems.extend(ctx.problems)
        self.targets |= ctx.targets
        return html

    def offset_pos(self, where: KeyPath, text: str, offset: int) -> SourcePos:
        """The place in the file of character `offset` of a YAML text value.

        Exact for one-line values and block texts (`text: |`); folded or multi-line quoted
        texts get the right line and the column where that line starts.
        """
        base = self.pos(where)
        lines = self.doc.text.splitlines()
        source = lines[base.line - 1 - self.doc.line_offset][base.column - 1 :]
        before = text[:offset]
        in_line = len(before) - (before.rfind("\n") + 1)
        if source[:1] in ("|", ">"):
            line = base.line + 1 + before.count("\n")
            content = lines[line - 1 - self.doc.line_offset] if line - 1 < len(lines) else ""
            indent = len(content) - len(content.lstrip(" "))
            return SourcePos(base.path, line, indent + in_line + 1)
        if "\n" in before:
            return SourcePos(base.path, base.line + before.count("\n"), 1)
        quoted = int(source[:1] in ("'", '"'))
        return SourcePos(base.path, base.line, base.column + quoted + in_line)


def common_fields(
    ctx: QuizContext, path: KeyPath, qid: str, data: dict[str, Any]
) -> dict[str, Any]:
    """The model's fields every question has, rendered: passed to each type's build."""

    def block(key: str) -> str:
        return ctx.render((*path, key), data[key]) if data[key] else ""

    return {
        "id": qid,
        "prompt": block("prompt"),
        "points": data["points"],
        "explanation": block("explanation"),
        "feedback_correct": block("feedback_correct"),
        "feedback_wrong": block("feedback_wrong"),
    }


def sorted_choices(ctx: QuizContext, texts: list[tuple[KeyPath, str]]) -> dict[str, Choice]:
    """Choices lettered in the alphabetical order of their text, keyed by source text, so
    that their ids reveal nothing of the right answer."""
    unique: dict[str, KeyPath] = {}
    for where, text in texts:
        unique.setdefault(text, where)
    ordered = sorted(unique, key=lambda t: (strip_accents(plain_text(t)).casefold(), t))
    return {
        text: Choice(id=LETTERS[i], text=ctx.render(unique[text], text, inline=True))
        for i, text in enumerate(ordered[: len(LETTERS)])
    }

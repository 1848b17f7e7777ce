"""Links and images of a rendered text: each checked (another site's image, an absolute
path, a file outside the course or missing, an image without alt text), and local links to
lessons pointed at the pages every consumer publishes (`other.md` -> `other.html`).

Split from engine/rendering.py, which calls `check_links` on the tokens it parses.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from engine.errors import SourcePos, error, warning
from engine.i18n import _

if TYPE_CHECKING:
    from markdown_it.token import Token

    from engine.rendering import RenderContext

PAGE_SUFFIXES = {".md": ".html", ".yml": ".html", ".yaml": ".html"}


def walk(tokens: Sequence[Token]) -> list[Token]:
    """Every token and, after each, its children, depth first."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out.extend(walk(token.children))
    return out


def check_links(tokens: Sequence[Token], ctx: RenderContext) -> None:
    """Check every image and link; make local ones point at what consumers publish."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        for child in walk(token.children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "image":
                _check_target(child, "src", line, ctx, image=True)
            elif child.type == "link_open":
                _check_target(child, "href", line, ctx, image=False)


def _column(ctx: RenderContext, line: int, target: str, image: bool) -> int:
    """The column where the link or image written with `target` starts, else 1."""
    if line >= len(ctx.lines):
        return 1
    text = ctx.lines[line]
    at = text.find("](" + target)
    if at < 0:
        at = text.find("](<" + target)
    if at < 0:
        return 1
    start = text.rfind("![" if image else "[", 0, at)
    return start + 1 if start >= 0 else 1


def _check_target(token: Token, attr: str, line: int, ctx: RenderContext, *, image: bool) -> None:
    target = str(token.attrGet(attr) or "")
    parts = urlsplit(target)
    column = _column(ctx, line, unquote(target), image)

    def pos() -> SourcePos:
        place = ctx.pos(line)
        return replace(place, column=column) if ctx.lines else place

    if parts.scheme or target.startswith("//"):
        if image:
            ctx.problems.append(
                error(
                    pos(),
                    _("image from another site: {url}").format(url=target),
                    _(
                        "download it into the course's media/ folder and link it "
                        "there: pages must not call other sites"
                    ),
                )
            )
        return
    if not parts.path:  # "#anchor" or empty
        return
    if target.startswith("/"):
        ctx.problems.append(
            error(
                pos(),
                _("absolute path `{path}`").format(path=target),
                _("write the path relative to this file, e.g. `media/picture.png`"),
            )
        )
        return
    ctx.targets.add(unquote(parts.path))
    resolved = (ctx.file.parent / unquote(parts.path)).resolve()
    root = ctx.course_root.resolve()
    if not resolved.is_relative_to(root):
        ctx.problems.append(
            error(
                ctx.pos(line),
                _("`{path}` points outside the course folder").format(path=unquote(parts.path)),
                _("copy the file into the course folder, e.g. into media/"),
            )
        )
        return
    if not resolved.is_file():
        ctx.problems.append(
            error(
                pos(),
                _("file not found: `{path}`").format(path=unquote(parts.path)),
                _missing_hint(resolved, unquote(parts.path)),
            )
        )
        return
    alt = "".join(c.content for c in token.children or []).strip() if image else ""
    if image and (not alt or _says_nothing(alt, resolved)):
        ctx.problems.append(
            warning(
                pos(),
                _("image without alt text: `{path}`").format(path=unquote(parts.path))
                if not alt
                else _("the alt text “{alt}” does not describe the image `{path}`").format(
                    alt=alt, path=unquote(parts.path)
                ),
                _("describe the image between the brackets: ![what it shows](...)"),
            )
        )
    suffix = resolved.suffix.lower()
    if not image and suffix in PAGE_SUFFIXES:
        new_path = parts.path[: -len(resolved.suffix)] + PAGE_SUFFIXES[suffix]
        token.attrSet(attr, new_path + (f"#{parts.fragment}" if parts.fragment else ""))
        return
    ctx.files.add(resolved.relative_to(root).as_posix())


# Alt texts that name the kind of thing instead of what it shows, in the guides' languages.
VAGUE_ALTS = frozenset(
    {"image", "photo", "picture", "illustration", "img", "figure", "photographie", "dessin"}
)


def _says_nothing(alt: str, image: Path) -> bool:
    """Whether an alt text is a placeholder: "image", "photo", or the file's name."""
    folded = alt.casefold()
    names = {image.name.casefold(), image.stem.casefold()}
    names.add(image.stem.casefold().replace("-", " ").replace("_", " "))
    return folded in VAGUE_ALTS or folded in names


def _missing_hint(resolved: Path, written: str) -> str:
    siblings = [p.name for p in resolved.parent.iterdir()] if resolved.parent.is_dir() else []
    close = difflib.get_close_matches(resolved.name, siblings, n=1, cutoff=0.6)
    if close:
        return _("did you mean `{name}`?").format(
            name=PurePosixPath(written).with_name(close[0]).as_posix()
        )
    return _("check the spelling and the case of the path (Media ≠ media)")

"""Markdown to safe HTML, with the checks only a parsed document can do.

One renderer for everything Liane shows (player, SCORM, workshop kit), built on markdown-it-py
and mdit-py-plugins. Local links and images stay relative to the file they are written in,
because every consumer lays out the course's files as the course folder does; a link to a
lesson (`other.md`) becomes a link to its page (`other.html`).
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import Problem, SourcePos, error, warning
from engine.i18n import N_, _, translator
from engine.links import check_links, walk

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CALLOUTS = ("note", "tip", "warning", "example")
FACILITATOR = "facilitator"
# Attributes an author may set with {...}: never event handlers or style (CSP, XSS).
ALLOWED_ATTRS = ("id", "class", "lang", "title", "width", "height")
CONTAINER = "block"  # token types container_block_open / _close


@dataclass
class RenderContext:
    """Where the text comes from, to check its links; collects what the checks find."""

    file: Path  # the author's file the text is in
    course_root: Path
    pos: Callable[[int], SourcePos]  # 0-based line in the text -> place in the file
    lines: Sequence[str] = ()  # the text's lines, to find columns
    files: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    # The local paths its links and images name (as written, relative to `file`), whose
    # state on disk the checks read: what a cached lesson checks again (engine/cache.py).
    targets: set[str] = field(default_factory=set)


@lru_cache(maxsize=2)
def markdown(allow_html: bool = False) -> MarkdownIt:
    """The parser, imported on the first parse rather than with this module: a command whose
    lessons and quizzes all come from the cache (engine/cache.py) parses nothing, and
    markdown-it-py with its plugins is about 30 ms of every command's start-up."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = (
        MarkdownIt("commonmark", {"html": allow_html})
        .enable("table")
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(attrs_plugin, allowed=ALLOWED_ATTRS)
        .use(attrs_block_plugin, allowed=ALLOWED_ATTRS)
    )
    # One container rule for every block name: each rule is tried on every line.
    md.use(container_plugin, name=CONTAINER, validate=_known_block, render=_render_container)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md


def _render_table_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """A wide table scrolls in its own box on a phone, and that box takes the keyboard
    focus (a region named in the course's language), so it can be scrolled without a mouse.
    The region is named after the table (its first header cell), so a lesson's tables do not
    all read "Table" (names_landmarks gives each a unique name)."""
    label = html.escape(tokens[idx].meta.get("label") or _table_name(tokens, idx, env))
    table: str = self.renderToken(tokens, idx, options, env)
    return f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">\n' + table


def _table_name(tokens: Sequence[Token], idx: int, env: Any) -> str:
    """ "Table: <first header cell>", or "Table" for a table without header text."""
    tr = translator(_language(env)).gettext
    header = ""
    for token in tokens[idx + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "inline" and header == "":
            header = _inline_text(token).strip()
            break
    if not header:
        return tr(N_("Table"))
    return tr(N_("Table: {name}")).format(name=header)


def _language(env: Any) -> str:
    return str(env.get("language", "fr")) if isinstance(env, dict) else "fr"


def _inline_text(token: Token) -> str:
    return "".join(
        t.content for t in walk(token.children or []) if t.type in ("text", "code_inline")
    )


def _render_table_close(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    table: str = self.renderToken(tokens, idx, options, env)
    return table + "</div>\n"


def _known_block(params: str, *args: Any) -> bool:
    return params.strip().split(" ", 1)[0] in (*CALLOUTS, FACILITATOR)


def block_name(token: Token) -> str:
    return token.info.strip().split(" ", 1)[0]


_KINDS = {
    "facilitator": N_("Facilitator"),
    "note": N_("Note"),
    "tip": N_("Tip"),
    "warning": N_("Warning"),
    "example": N_("Example"),
}


def _render_container(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</aside>\n"
    name, _sep, title = token.info.strip().partition(" ")
    # The label reads in the course's language (env), whoever runs the command.
    kind = translator(_language(env)).gettext(_KINDS[name])
    label = token.meta.get("label") or _callout_name(kind, title.strip(), env)
    heading = html.escape(title.strip()) if title.strip() else ""
    head = f'<p class="callout-title">{heading}</p>\n' if heading else ""
    # data-kind: the type shown above a facilitator block (player.css), whatever its name.
    shown = f' data-kind="{html.escape(kind)}"' if name == FACILITATOR else ""
    return (
        f'<aside class="callout callout-{name}" aria-label="{html.escape(label)}"{shown}>\n{head}'
    )


def _callout_name(kind: str, title: str, env: Any) -> str:
    """ "Example: <title>" for a titled callout, else its kind ("Example")."""
    if not title:
        return kind
    return translator(_language(env)).gettext(N_("{kind}: {title}")).format(kind=kind, title=title)


def name_landmarks(tokens: Sequence[Token], env: dict[str, Any]) -> None:
    """Give each callout and table of one page a unique name (token.meta["label"]): a screen
    reader lists landmarks by name, and four callouts named "Example" cannot be told apart.
    A name several of them would share is numbered: "Example 1", "Example 2"..."""
    named: list[tuple[Token, str]] = []
    tr = translator(_language(env)).gettext
    for index, token in enumerate(tokens):
        if token.type == f"container_{CONTAINER}_open":
            kind_name, _sep, title = token.info.strip().partition(" ")
            kind = tr(_KINDS.get(kind_name, N_("Note")))
            named.append((token, _callout_name(kind, title.strip(), env)))
        elif token.type == "table_open":
            named.append((token, _table_name(tokens, index, env)))
    counts: dict[str, int] = {}
    for _token, name in named:
        counts[name] = counts.get(name, 0) + 1
    seen: dict[str, int] = {}
    for token, name in named:
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name} {seen[name]}"
        token.meta["label"] = name


@dataclass(frozen=True)
class RenderedDocument:
    html: str  # without facilitator blocks
    facilitator_html: str  # with them, in place
    facilitator_notes: tuple[str, ...]
    front_matter: str | None
    first_heading: str | None


@dataclass(frozen=True)
class ParsedDocument:
    """A lesson parsed once, before it is rendered: its loader reads the front matter first,
    to know whether the opening `# Title` repeats the title it gives."""

    text: str
    tokens: list[Token]  # without the front matter
    env: dict[str, Any]
    front_matter: str | None
    first_heading: str | None


def render_document(
    text: str,
    ctx: RenderContext,
    *,
    allow_html: bool = False,
    drop_first_heading: bool = False,
    language: str = "fr",
) -> RenderedDocument:
    """Render a lesson: parse once, check links, render learner and facilitator views."""
    parsed = parse_document(text, ctx, allow_html=allow_html, language=language)
    return render_parsed(parsed, ctx, allow_html=allow_html, drop_first_heading=drop_first_heading)


def parse_document(
    text: str, ctx: RenderContext, *, allow_html: bool = False, language: str = "fr"
) -> ParsedDocument:
    md = markdown(allow_html)
    # docId makes footnote ids unique per lesson (packages put every lesson on one page).
    env: dict[str, Any] = {"language": language, "docId": _doc_id(ctx)}
    tokens = md.parse(text, env)
    front = next((t.content for t in tokens if t.type == "front_matter"), None)
    tokens = [t for t in tokens if t.type != "front_matter"]
    _check_heading_attributes(tokens, ctx)
    return ParsedDocument(text, tokens, env, front, _first_heading(tokens))


def render_parsed(
    parsed: ParsedDocument,
    ctx: RenderContext,
    *,
    allow_html: bool = False,
    drop_first_heading: bool = False,
) -> RenderedDocument:
    """Check and render a parsed lesson; `drop_first_heading` leaves out its opening
    `# Title` (the page shows the title above it)."""
    md = markdown(allow_html)
    env = parsed.env
    tokens = parsed.tokens
    front, heading = parsed.front_matter, parsed.first_heading
    if drop_first_heading and heading is not None:
        tokens = _drop_first_heading(tokens)
    check_links(tokens, ctx)
    _check_stray_fences(tokens, ctx)
    _check_blocks_closed(tokens, parsed.text, ctx)
    # Each view names its own landmarks: the learner's has no facilitator block to count.
    name_landmarks(tokens, env)
    full = md.renderer.render(tokens, md.options, env)
    blocks = _facilitator_blocks(tokens)
    if not blocks:
        return RenderedDocument(full, full, (), front, heading)
    learner = [t for i, t in enumerate(tokens) if not any(a <= i <= b for a, b in blocks)]
    notes = tuple(md.renderer.render(tokens[a + 1 : b], md.options, dict(env)) for a, b in blocks)
    name_landmarks(learner, env)
    return RenderedDocument(
        md.renderer.render(learner, md.options, env), full, notes, front, heading
    )


def same_title(title: str, heading: str | None) -> bool:
    """Whether an opening `# heading` says the same as the front matter's `title:`: compared
    as text (Markdown marks left out), ignoring case, runs of white space, Unicode forms
    and the typographic apostrophe Word types for `'`, so `# Le  Diagnostic genre` repeats
    `title: Le diagnostic genre`. Any other difference is the author's choice: both show."""
    if heading is None:
        return False
    return _title_key(plain_text(title)) == _title_key(heading)


def _title_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split()).casefold()


def _doc_id(ctx: RenderContext) -> str:
    try:
        relative = ctx.file.relative_to(ctx.course_root).with_suffix("").as_posix()
    except ValueError:
        relative = ctx.file.stem
    return re.sub(r"[^A-Za-z0-9_-]+", "-", relative)


# Texts with none of these characters render to themselves (escaped), so the many short
# prompts and options of a big course skip the parser.
_PLAIN = re.compile(
    r"[^\\`*_\[\]!<>&~#|{}=$^:\"\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a"
    r"\u2028\u2029\u202f\u205f\u3000]*"
)
_BLOCK_START = re.compile(r"\s|[-+>]|\d+[.)]|$")


# A one-line text that cannot start a block (heading, list, quote, code, table, attributes,
# container, HTML) and has no footnote is one paragraph of inline Markdown.
_OTHER_SPACE = re.compile(r"[^\S ]")  # any white space but the plain space
_ONE_PARAGRAPH = re.compile(r"(?![\s#>*+\-=_|{:\[~`<0-9])[^\n\r]*(?<![\s\\])")


def render_block(
    text: str, ctx: RenderContext | None = None, *, allow_html: bool = False, language: str = "fr"
) -> str:
    """Render a short Markdown text (prompt, explanation) as block HTML.

    Most prompts are one plain line: they skip the block parser, which would give the same
    HTML (a property test checks it) at twice the cost.
    """
    if _PLAIN.fullmatch(text) and not _BLOCK_START.match(text) and not text.endswith(" "):
        return f"<p>{text}</p>\n"
    if (
        text
        and _ONE_PARAGRAPH.fullmatch(text)
        and "^" not in text
        and not _OTHER_SPACE.search(text)
    ):
        return f"<p>{_render(text, ctx, allow_html, language, inline=True)}</p>\n"
    return _render(text, ctx, allow_html, language, inline=False)


def render_inline(
    text: str, ctx: RenderContext | None = None, *, allow_html: bool = False, language: str = "fr"
) -> str:
    """Render a one-line Markdown text (an option, a matching item) without <p>."""
    if _PLAIN.fullmatch(text) and text == text.strip():
        return text
    return _render(text, ctx, allow_html, language, inline=True)


def _render(
    text: str, ctx: RenderContext | None, allow_html: bool, language: str, inline: bool
) -> str:
    if ctx is None:
        return _render_cached(text, allow_html, language, inline)
    return _render_checked(text, ctx, allow_html, language, inline)


@lru_cache(maxsize=8192)
def _render_cached(text: str, allow_html: bool, language: str, inline: bool) -> str:
    """Texts without links render the same wherever they stand; quizzes repeat many
    (`Vrai`, `Faux`, scale labels...)."""
    return _render_checked(text, None, allow_html, language, inline)


def _render_checked(
    text: str, ctx: RenderContext | None, allow_html: bool, language: str, inline: bool
) -> str:
    md = markdown(allow_html)
    env: dict[str, Any] = {"language": language}
    tokens = md.parseInline(text, env) if inline else md.parse(text, env)
    if ctx is not None:
        check_links(tokens, ctx)
    rendered: str = md.renderer.render(tokens, md.options, env)
    return rendered


def plain_text(markdown_text: str) -> str:
    """The text of a Markdown heading or title, without its markup."""
    if _PLAIN.fullmatch(markdown_text):
        return markdown_text
    tokens = markdown().parseInline(markdown_text, {})
    return "".join(t.content for t in walk(tokens) if t.type in ("text", "code_inline"))


def _first_heading(tokens: Sequence[Token]) -> str | None:
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return _inline_text(tokens[index + 1]).strip() or None
    return None


def _drop_first_heading(tokens: list[Token]) -> list[Token]:
    """Drop the opening `# Title` when it is the first block: pages show the title."""
    if len(tokens) > 2 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        return tokens[3:]
    return tokens


def _facilitator_blocks(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """(open, close) indexes of each outermost facilitator container."""
    blocks: list[tuple[int, int]] = []
    start = -1
    names: list[str] = []  # names of the open containers, innermost last
    for index, token in enumerate(tokens):
        if token.type == f"container_{CONTAINER}_open":
            names.append(block_name(token))
            if names.count(FACILITATOR) == 1 and names[-1] == FACILITATOR:
                start = index
        elif (
            token.type == f"container_{CONTAINER}_close"
            and names.pop() == FACILITATOR
            and FACILITATOR not in names
        ):
            blocks.append((start, index))
    return blocks


_FENCE = re.compile(r"^ {0,3}:::+ *(\S*)", re.MULTILINE)


def _check_stray_fences(tokens: Sequence[Token], ctx: RenderContext) -> None:
    """A `::: name` line that opened no block shows as text: a misspelt `facilitator` would
    show the facilitator's notes to every learner, so it is an error."""
    unknown_seen = False
    for token in tokens:
        if token.type != "inline" or not token.map or ":::" not in token.content:
            continue
        for match in _FENCE.finditer(token.content):
            line = token.map[0] + token.content[: match.start()].count("\n")
            name = match.group(1)
            known = (*CALLOUTS, FACILITATOR)
            if name:
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
                hint = (
                    _("did you mean `{word}`?").format(word=close[0])
                    if close
                    else _("known blocks: {names}").format(names=", ".join(known))
                )
                message = _("unknown block `::: {name}`").format(name=name)
                unknown_seen = True
            elif unknown_seen:  # the closing line of the misspelt block: said already
                continue
            else:
                message = _("`:::` closes no block")
                hint = _("open blocks with `::: note`, `::: facilitator`..., alone on a line")
            ctx.problems.append(error(ctx.pos(line), message, hint))


def _check_blocks_closed(tokens: Sequence[Token], text: str, ctx: RenderContext) -> None:
    """An unclosed `::: facilitator` would run to the end of the lesson and hide all of it
    from learners; any unclosed block swallows what follows."""
    lines = text.split("\n")
    for token in tokens:
        if token.type != f"container_{CONTAINER}_open" or not token.map:
            continue
        closing = token.map[1]  # the closing fence's line, or the end of the text
        if closing >= len(lines) or not lines[closing].strip().startswith(":::"):
            ctx.problems.append(
                error(
                    ctx.pos(token.map[0]),
                    _("the block `::: {name}` is never closed").format(name=block_name(token)),
                    _("add a line `:::` where the block ends"),
                )
            )


_HEADING_ATTRS = re.compile(r"\{[#.][^}]*\}\s*$")


def _check_heading_attributes(tokens: Sequence[Token], ctx: RenderContext) -> None:
    for index, token in enumerate(tokens):
        if (
            token.type == "heading_open"
            and token.map
            and _HEADING_ATTRS.search(tokens[index + 1].content)
        ):
            ctx.problems.append(
                warning(
                    ctx.pos(token.map[0]),
                    _("attributes at the end of a heading are shown as text"),
                    _("put them alone on the line before the heading, e.g. `{#my-id}`"),
                )
            )

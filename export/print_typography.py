"""French typography for printed documents: the no-break spaces before « : ; ! ? » and inside
« », so a line never starts with a colon or a closing guillemet.

Applied to the text of an HTML page only: tags and their attributes, entities (`&amp;` ends
with a semicolon), web addresses ("https://…?a=b"), and the text inside `<code>`, `<pre>`,
`<style>` and `<script>` are left as they are.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"  # narrow no-break space: before ; ! ? » and after «
NBSP = "\u00a0"  # no-break space: before a colon

_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(code|pre|style|script|kbd|samp)\b", re.IGNORECASE)
_PROTECTED = re.compile(r"(&#?\w+;|[a-z][a-z0-9+.-]*://\S+|www\.\S+)", re.IGNORECASE)
_SPACES = "[ \u00a0\u202f]"
_RULES = (
    # an existing space becomes the right no-break space
    (re.compile(f"{_SPACES}+:"), NBSP + ":"),
    (re.compile(f"{_SPACES}+([;!?»])"), NNBSP + r"\1"),
    (re.compile(f"«{_SPACES}+"), "«" + NNBSP),
    # and one is added where none was written: after a word, before a space or the end
    (re.compile(r"(?<=[\w)\]’\"'])([;!?])(?=\s|$)"), NNBSP + r"\1"),
    (re.compile(r"«(?=\S)"), "«" + NNBSP),
    (re.compile(r"(?<=\S)(?<!\u202f)»"), NNBSP + "»"),
)


def _fix_text(text: str) -> str:
    pieces = _PROTECTED.split(text)
    for i in range(0, len(pieces), 2):  # odd pieces are entities and addresses
        piece = pieces[i]
        for pattern, replacement in _RULES:
            piece = pattern.sub(replacement, piece)
        pieces[i] = piece
    return "".join(pieces)


def french_spaces(html: str) -> str:
    """`html` with French no-break spaces in its text nodes."""
    out = []
    raw_until: str | None = None  # inside <code> and the like: the closing tag's name
    for part in _TAG.split(html):
        if part.startswith("<"):
            out.append(part)
            if raw_until is None and (match := _RAW.match(part)) and not part.endswith("/>"):
                raw_until = match.group(1).lower()
            elif raw_until is not None and part.lower().startswith(f"</{raw_until}"):
                raw_until = None
            continue
        out.append(part if raw_until is not None else _fix_text(part))
    return "".join(out)

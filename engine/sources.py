"""Reading authors' files: UTF-8 text, YAML data, and where each value stands in its file.

YAML is loaded with libyaml (fast) and composed a second time, for line and column marks,
only when a problem has to be reported in that file: most files are clean, so most files are
parsed once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.errors import Problem, SourcePos, error, warning
from engine.i18n import _

BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KeyPath = tuple[str | int, ...]


class LianeLoader(BaseLoader):
    """A safe loader with YAML 1.2 scalars: only true/false are booleans, dates stay text.

    YAML 1.1 turns `non`, `yes`, `off` into booleans and `2024-05-01` into a date, which
    surprises every author who writes an option `- text: Non`.
    """


class SourceInt(int):
    """An integer that remembers how it was written (`007`), for keys that want text."""

    text: str


class SourceFloat(float):
    """A float that remembers how it was written (`1.10`), for keys that want text."""

    text: str


# YAML 1.2 core schema: no sexagesimal `10:30` (= 630 in YAML 1.1), no `1_000`, no octal
# `010`, no yes/no/on/off booleans, no dates. What an author writes is what Liane reads.
_RESOLVED_ELSEWHERE = {
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
LianeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _RESOLVED_ELSEWHERE]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CORE = [
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
        "-+.0123456789",
    ),
]
for _tag, _regexp, _firsts in _CORE:
    for _first in _firsts:
        LianeLoader.yaml_implicit_resolvers.setdefault(_first, []).append((_tag, _regexp))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> SourceInt:
    number = SourceInt(int(node.value, 10))  # 010 is ten, not eight
    number.text = node.value
    return number


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> SourceFloat:
    number = SourceFloat(float(node.value))
    number.text = node.value
    return number


LianeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
LianeLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (a BOM is accepted); say where the first bad byte is otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            error(
                SourcePos(path),
                _("cannot read the file: {reason}").format(reason=exc.strerror or exc),
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            error(
                SourcePos(path, line, column),
                _("the file is not valid UTF-8 (byte 0x{byte:02x})").format(byte=raw[exc.start]),
                _('save it as UTF-8 in your editor ("Save with encoding" > UTF-8)'),
            )
        ]
    return text.replace("\r\n", "\n"), []


@dataclass
class YamlDoc:
    """A loaded YAML file, able to say where any value in it stands."""

    path: Path
    text: str
    data: Any
    line_offset: int = 0  # lines before the YAML part (front matter starts after `---`)
    _root: yaml.Node | None = field(default=None, repr=False)

    def pos(self, keypath: KeyPath = (), *, key: bool = False) -> SourcePos:
        """Where the value at `keypath` starts (or its key, with key=True)."""
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=BaseLoader) or yaml.ScalarNode("", "")
        node: yaml.Node = self._root
        key_node: yaml.Node | None = None
        for step in keypath:
            child = _child(node, step)
            if child is None:
                break
            key_node, node = child
        target = key_node if key and key_node is not None else node
        if target.start_mark is None:
            return SourcePos(self.path, 1 + self.line_offset, 1)
        return SourcePos(
            self.path,
            target.start_mark.line + 1 + self.line_offset,
            target.start_mark.column + 1,
        )

    def at(self, keypath: KeyPath = (), *, key: bool = False) -> Callable[[], SourcePos]:
        return lambda: self.pos(keypath, key=key)


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                return key_node, value_node
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return None, node.value[step]
    return None


def load_yaml(path: Path, text: str, line_offset: int = 0) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML text; a syntax error becomes a Problem at its line and column."""
    try:
        data = yaml.load(text, Loader=LianeLoader)  # LianeLoader is a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        column = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "").strip()
        source = _line_at(text, mark.line if mark else 0)
        return None, [
            error(
                SourcePos(path, line, column),
                _("YAML syntax error: {problem}").format(problem=problem),
                _typed_hint(source, mark.column if mark else 0) or _yaml_hint(problem),
            )
        ]
    except yaml.YAMLError as exc:
        return None, [
            error(
                SourcePos(path, 1 + line_offset, 1),
                _("YAML syntax error: {problem}").format(problem=exc),
            )
        ]
    doc = YamlDoc(path, text, data, line_offset)
    return doc, curly_quoted(doc)


# Quotes that Word and phones type instead of the straight ones YAML reads as quotes.
CURLY_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}
_CURLY_START = re.compile(r"(?:^|:|-)[ ]+([\u201c\u2018\u00ab])")


def _line_at(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


def _typed_hint(source: str, column: int) -> str | None:
    """A hint for what an author typed but cannot see: a tab, or curly quotes."""
    # A tab in the indentation has its own hint; one after a dash or a colon is the hidden one.
    if "\t" in source[max(column - 1, 0) : column + 1] and source[:column].strip():
        return _("there is a tab character here, invisible in most editors: replace it with spaces")
    found = _CURLY_START.search(source)
    if found:
        return _(
            "the text starts with the curly quote {quote}, which YAML does not read as a quote: "
            'put the text between straight quotes "..."'
        ).format(quote=found.group(1))
    return None


def _walk_texts(value: Any, path: KeyPath) -> list[tuple[KeyPath, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [t for key, item in value.items() for t in _walk_texts(item, (*path, str(key)))]
    if isinstance(value, list):
        return [t for i, item in enumerate(value) for t in _walk_texts(item, (*path, i))]
    return []


def curly_quoted(doc: YamlDoc) -> list[Problem]:
    """Warnings for one-line values written between curly quotes (`version: \u201c1.0\u201d`):
    YAML keeps such quotes as part of the text, so the title shows them and an answer or a
    version holds them. Looked for only when the file holds an opening curly quote."""
    if not any(quote in doc.text for quote in CURLY_QUOTES):
        return []
    problems = []
    for where, value in _walk_texts(doc.data, ()):
        text = value.strip()
        if len(text) > 1 and "\n" not in text and CURLY_QUOTES.get(text[0]) == text[-1]:
            problems.append(
                warning(
                    doc.pos(where),
                    _("the text is between curly quotes {open} {close}: they stay in it").format(
                        open=text[0], close=text[-1]
                    ),
                    _(
                        'YAML only reads straight quotes "..." as quotes: use them, '
                        "or remove the curly ones"
                    ),
                )
            )
    return problems


def _yaml_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return _("indent with spaces, never with tabs")
    if "mapping values are not allowed" in problem:
        return _('put quotes around a text that contains ": "')
    if (
        "could not find expected ':'" in problem
        or "expected <block end>" in problem
        or "did not find expected key" in problem
    ):
        return _("check the indentation of this line and the one before")
    if "found undefined alias" in problem or "found character" in problem:
        return _("put quotes around a text that starts with * & ! % @ or `")
    return _("check the indentation and put quotes around texts with special characters")

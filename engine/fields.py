"""The vocabulary of declarations: a `Field` is one key of a YAML mapping, a `Shape` a mapping
with declared keys.

`engine.schema` declares course.yml, quiz files and paths.yml with them, and each question
type declares its own keys (`engine/questions/<type>.py`); `engine.validation` checks an
author's YAML against them and `engine.jsonschema` exports them for editors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its kind, default and limits."""

    # string | text | integer | number | boolean | enum | list | mapping, or range: a whole
    # number n (read as n to n) or a list [min, max] of two, each within minimum..maximum
    kind: str
    doc: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    items: Field | Shape | None = None
    min_items: int = 0
    pattern: str | None = None
    hint: str | None = None  # said when the value is wrong, instead of a generic hint


@dataclass(frozen=True)
class Shape:
    """A mapping with declared keys."""

    fields: Mapping[str, Field]
    doc: str = ""
    name: str = ""
    hint: str | None = None  # said when the value is not a mapping at all


def strings(doc: str, **kw: Any) -> Field:
    """A list of one-line texts."""
    return Field("list", doc, items=Field("string"), **kw)


def texts(doc: str, **kw: Any) -> Field:
    """A list of Markdown texts."""
    return Field("list", doc, items=Field("text"), **kw)

"""Problems found in an author's files, kept as data.

Validation never prints or raises half-way: every stage returns the problems it found so an
author sees all of them at once, each pointing at a file, a line and a column, with a hint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourcePos:
    """A place in an author's file; line and column start at 1 as editors count them."""

    path: Path
    line: int = 1
    column: int = 1

    def display(self, root: Path | None = None) -> str:
        return f"{display_path(self.path, root)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    severity: Severity
    pos: SourcePos
    message: str
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, root: Path | None = None) -> str:
        """`path:line:col: error: message (hint)`, the shape compilers use, so editors link it."""
        text = f"{self.pos.display(root)}: {self.severity.value}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    def to_dict(self, root: Path | None = None) -> dict[str, object]:
        return {
            "path": display_path(self.pos.path, root),
            "line": self.pos.line,
            "column": self.pos.column,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def error(pos: SourcePos, message: str, hint: str | None = None) -> Problem:
    return Problem(Severity.ERROR, pos, message, hint)


def warning(pos: SourcePos, message: str, hint: str | None = None) -> Problem:
    return Problem(Severity.WARNING, pos, message, hint)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def display_path(path: Path, root: Path | None = None) -> str:
    """Show a path relative to `root` (or the working folder) when it lies inside it."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            rel = os.path.relpath(path, base)
        except ValueError:  # another drive on Windows
            continue
        if not rel.startswith(".."):
            return Path(rel).as_posix()
    return path.as_posix()


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.pos.path), p.pos.line, p.pos.column, p.message))

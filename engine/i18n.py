"""Translation of the texts Liane shows to authors on the command line.

Messages are written in English in the code and translated with gettext catalogs from
`engine/locale/` (French first). The language comes from `LIANE_LANG`, else the usual
`LANGUAGE` / `LC_ALL` / `LC_MESSAGES` / `LANG` variables, or from `in_language` for the
code it wraps (the player loads a broken course again in each staff language to show its
problems).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "liane"
# Per thread and per context: a request thread never sees another thread's choice.
_chosen: ContextVar[str | None] = ContextVar("liane_language", default=None)


@contextmanager
def in_language(language: str) -> Iterator[None]:
    """Messages made inside this block are in `language` (e.g. `fr`), whatever the
    environment says."""
    token = _chosen.set(language.split("-")[0].lower())
    try:
        yield
    finally:
        _chosen.reset(token)


def current_language() -> str:
    chosen = _chosen.get()
    if chosen:
        return chosen
    for var in ("LIANE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0].split(".")[0].split("_")[0].lower()
    return "en"


@lru_cache(maxsize=8)
def _translations(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def N_(message: str) -> str:
    """Mark a text for the catalog where it is declared; `_()` translates it where shown."""
    return message


def _(message: str) -> str:
    """Translate `message` into the author's language (English when no catalog has it)."""
    return _translations(current_language()).gettext(message)


def translator(language: str) -> gettext.NullTranslations:
    """Translations for a given language: course content follows the course's language,
    not the author's terminal."""
    return _translations(language.split("-")[0].lower())

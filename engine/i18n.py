"""Translation of the texts Liane shows to authors on the command line.

Messages are written in English in the code and translated with gettext catalogs from
`engine/locale/` (French first). The language comes from `LIANE_LANG`, else the usual
`LANGUAGE` / `LC_ALL` / `LC_MESSAGES` / `LANG` variables.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "liane"


def current_language() -> str:
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

"""One Jinja environment for course content, shared by the player and the exporters.

The content partials in `templates/content/` use only the variables passed to them (no
`url_for`, no session), so a lesson or a question renders to the same HTML in the player, in
a SCORM package and in a workshop kit. Texts of the interface inside them ("Blank 1") go
through gettext, installed by each consumer for its language.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from engine.i18n import DOMAIN, LOCALE_DIR
from engine.numbers import format_percent

TEMPLATES = Path(__file__).parent / "templates"


def configure(env: Environment) -> Environment:
    """Settings every environment that renders content partials must have."""
    env.add_extension("jinja2.ext.i18n")
    env.filters["percent"] = lambda fraction: format_percent(fraction or 0)
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


@lru_cache(maxsize=8)
def content_environment(language: str = "fr", extra: tuple[Path, ...] = ()) -> Environment:
    """The environment exporters use, its gettext set to the course's language; `extra`
    folders hold the exporter's own page templates (searched first)."""
    env = configure(
        Environment(
            loader=FileSystemLoader([*extra, TEMPLATES]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
        )
    )
    translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    return env

"""One Jinja environment for course content, shared by the player and the exporters.

The content partials in `templates/content/` use only the variables passed to them (no
`url_for`, no session), so a lesson or a question renders to the same HTML in the player, in
a SCORM package and in a workshop kit. Texts of the interface inside them ("Blank 1") go
through gettext, installed by each consumer for its language.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket

from engine.cache import cache_folder
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
    env.bytecode_cache = bytecode_cache(env)
    return env


def bytecode_cache(env: Environment) -> BytecodeCache | None:
    """Templates compiled once per machine, not once per command: the exporters' templates
    cost a `liane export` more time to compile than the course takes to render
    (docs/performance.md, "CLI start-up").

    Jinja keeps each compiled template under the user's cache folder (LIANE_CACHE_DIR, else
    $XDG_CACHE_HOME/liane, else ~/.cache/liane) and compiles again when the template's text
    changes (it compares a checksum of the source), so an edited or upgraded template is never
    served stale. The file names carry a fingerprint of what else shapes the compiled code
    (Jinja's version, the environment's syntax settings and extensions), so two versions of
    Liane or of Jinja never share an entry. Chosen over templates precompiled into the wheel:
    a checkout, where templates are edited, gets the same gain with nothing to rebuild, and
    a course's own search path (the exporter's folders first) stays the loader's.
    Without a writable private cache folder (engine/cache.py `cache_folder`), templates are
    compiled each time, as before.
    """
    folder = cache_folder("templates")
    if folder is None:
        return None
    shape = repr(
        (
            jinja2.__version__,
            env.block_start_string,
            env.variable_start_string,
            env.comment_start_string,
            env.line_statement_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
            getattr(env, "newstyle_gettext", None),
            env.undefined.__name__,
            env.optimized,
        )
    )
    fingerprint = hashlib.sha256(shape.encode()).hexdigest()[:12]
    return _KeptIfPossible(str(folder), f"{fingerprint}-%s.cache")


class _KeptIfPossible(FileSystemBytecodeCache):
    """Jinja's cache, where a folder that cannot be read or written (removed while the
    process runs, disk full) means compiling again, never an error: the environment that
    holds it lives as long as the process."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

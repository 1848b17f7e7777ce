"""Build and cache a course's SCORM packages and workshop kit, for the facilitators'
downloads.

This is the player's one door to the exporters: no other module of `engine/player/` imports
`export/` (an import-linter contract in pyproject.toml keeps it so). The exporters depend on
the engine core only, never on the player.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

from engine.model import Course
from export.kit import default_output as kit_output
from export.kit import export_kit
from export.scorm import PRESETS, ScormOptions, default_output, export_scorm


@dataclass(frozen=True)
class Package:
    filename: str
    data: bytes


def scorm_package(course: Course, kind: str) -> Package:
    """The package `liane export scorm` makes for `kind`: a standard (scorm12, scorm2004) or
    a preset (moodle). Built once per process and course version: it takes a second."""
    options = PRESETS[kind] if kind in PRESETS else ScormOptions(standard=kind)
    data = _cached(course, kind, lambda: export_scorm(course, options))
    return Package(default_output(course, options).name, data)


def workshop_kit(course: Course) -> Package:
    """The kit `liane export kit` makes (offline site, projection mode, PDFs). Built once per
    process and course version: its PDFs take seconds."""
    return Package(kit_output(course).name, _cached(course, "kit", lambda: export_kit(course)))


def _cached(course: Course, kind: str, build: Callable[[], bytes]) -> bytes:
    """One build per course version and kind; a course reloaded with a new version builds
    again (the old entries go when the courses are reloaded: engine/player/courses.py)."""
    cache: dict[tuple[str, str, str], bytes] = current_app.extensions.setdefault(
        "liane.packages", {}
    )
    key = (course.id, course.version, kind)
    if key not in cache:
        cache[key] = build()
    return cache[key]

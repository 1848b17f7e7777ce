"""Build and cache a course's SCORM package, for the facilitators' downloads.

This is the player's one door to the exporters: no other module of `engine/player/` imports
`export/` (an import-linter contract in pyproject.toml keeps it so). The exporters depend on
the engine core only, never on the player.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from engine.model import Course
from export.scorm import PRESETS, ScormOptions, default_output, export_scorm


@dataclass(frozen=True)
class Package:
    filename: str
    data: bytes


def scorm_package(course: Course, kind: str) -> Package:
    """The package `liane export scorm` makes for `kind`: a standard (scorm12, scorm2004) or
    a preset (moodle). Built once per process and course version: it takes a second."""
    options = PRESETS[kind] if kind in PRESETS else ScormOptions(standard=kind)
    cache: dict[tuple[str, str, str], bytes] = current_app.extensions.setdefault(
        "liane.packages", {}
    )
    key = (course.id, course.version, kind)
    if key not in cache:
        cache[key] = export_scorm(course, options)
    return Package(default_output(course, options).name, cache[key])

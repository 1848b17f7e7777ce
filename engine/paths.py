"""Where the files Liane serves lie, from a checkout or from an installed wheel.

The repository keeps `static/` (the player's and the packages' styles and scripts) and
`courses/` (the bundled courses) at its top level, beside `engine/`. A wheel cannot install
top-level folders of such generic names, so pyproject.toml maps them inside the package:
`engine/static` and `engine/courses` once installed. Each is looked for there first, then
beside the package, so the same code runs from `pip install liane-*.whl`, from
`pip install -e .` and from a plain checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The folder `name` (static, courses) inside the installed package, else the checkout's."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


STATIC = shipped("static")
BUNDLED_COURSES = shipped("courses")  # the examples `liane serve` shows when given no folder

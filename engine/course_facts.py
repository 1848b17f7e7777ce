"""A course's metadata as people read it: durations and licence names.

The player's outline, the packages' metadata and the printed documents write them by these
rules, so "1 h 30" or "CC BY-SA 4.0" reads the same everywhere.
"""

from __future__ import annotations

import re

# SPDX identifiers of the Creative Commons licences, as authors write them (`CC-BY-SA-4.0`):
# people know them as "CC BY-SA 4.0", and each has a page on creativecommons.org.
_CREATIVE_COMMONS = re.compile(r"CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)", re.IGNORECASE)
_CC_ZERO = re.compile(r"CC0-(1\.0)", re.IGNORECASE)


def duration_text(minutes: int) -> str:
    """90 -> "1 h 30", 45 -> "45 min", 120 -> "2 h" (the same in French and English)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"


def iso_duration(minutes: int) -> str:
    """ISO 8601, as learning-object metadata (LOM) writes a typical learning time: 90 ->
    "PT1H30M"."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def licence_name(licence: str) -> str:
    """`CC-BY-SA-4.0` -> "CC BY-SA 4.0", `CC0-1.0` -> "CC0 1.0"; any other licence as written."""
    found = _creative_commons(licence)
    if found is None:
        return licence.strip()
    kind, version = found
    return f"CC0 {version}" if kind == "0" else f"CC {kind} {version}"


def licence_url(licence: str) -> str | None:
    """The page of a Creative Commons licence (its legal code and summary), None for others."""
    found = _creative_commons(licence)
    if found is None:
        return None
    kind, version = found
    if kind == "0":
        return f"https://creativecommons.org/publicdomain/zero/{version}/"
    return f"https://creativecommons.org/licenses/{kind.lower()}/{version}/"


def _creative_commons(licence: str) -> tuple[str, str] | None:
    """The kind and version of a Creative Commons licence's identifier: ("BY-SA", "4.0"), or
    ("0", "1.0") for CC0; None for any other licence."""
    text = licence.strip()
    if match := _CREATIVE_COMMONS.fullmatch(text):
        return match.group(1).upper(), match.group(2)
    if match := _CC_ZERO.fullmatch(text):
        return "0", match.group(1)
    return None

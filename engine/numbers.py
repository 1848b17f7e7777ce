"""Numbers as learners read them: scores and points with two decimals at most, a decimal
comma in French. The player's pages and the packages' runtime (static/) write them by this
one rule, pinned in tests/vectors/plans.json ("numbers")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def format_points(value: float, language: str) -> str:
    """`7.333333` -> "7,33" in French, "7.33" in English; `8.0` -> "8".

    Rounded half up on the exact value, as JavaScript's toFixed does (Python's own
    rounding goes half to even: 0.125 would give 0.12 here and 0.13 in the browser).
    """
    text = str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    text = text.rstrip("0").rstrip(".") if "." in text else text
    if text == "-0":
        text = "0"
    return text.replace(".", ",") if language.lower().startswith("fr") else text


def format_percent(fraction: float) -> str:
    """A share as a whole percentage, half up as JavaScript's Math.round: 0.925 -> "93"."""
    return str(Decimal(fraction * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP) + 0)

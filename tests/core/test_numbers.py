"""One way to write points and scores, for the player's pages and the packages alike."""

from __future__ import annotations

import pytest

from engine.numbers import format_points


@pytest.mark.parametrize(
    "value,french,english",
    [
        (7.333333, "7,33", "7.33"),
        (7.666666, "7,67", "7.67"),
        (8.0, "8", "8"),
        (0, "0", "0"),
        (0.125, "0,13", "0.13"),
        (2.5, "2,5", "2.5"),
        (1.005, "1", "1"),
        (12.1, "12,1", "12.1"),
        (-0.001, "0", "0"),
        (100, "100", "100"),
        (0.1 + 0.2, "0,3", "0.3"),
    ],
)
def test_points_have_two_decimals_at_most_and_a_comma_in_french(
    value: float, french: str, english: str
) -> None:
    assert format_points(value, "fr") == french
    assert format_points(value, "fr-BE") == french
    assert format_points(value, "en") == english

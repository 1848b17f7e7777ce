"""The corpus of broken courses: every author mistake gets its exact, helpful message.

Each folder of tests/data/broken/ is one case: a small course (or a courses library) with one
mistake, and `expected.txt`, the problem lines `liane check` must print for it, with paths
relative to the case folder, in the order the checker sorts them (path, line, column).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.cli import main
from engine.loader import load_library

BROKEN = Path(__file__).resolve().parent.parent / "data" / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir()) if BROKEN.is_dir() else []


def expected_lines(case_dir: Path) -> list[str]:
    text = (case_dir / "expected.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def has_error_line(lines: list[str]) -> bool:
    return any(": error: " in line for line in lines)


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 30
    for case_dir in CASES:
        assert (case_dir / "expected.txt").is_file(), f"{case_dir.name} has no expected.txt"
        assert expected_lines(case_dir), f"{case_dir.name}: expected.txt lists no problem"


@pytest.mark.parametrize("case_dir", CASES, ids=[p.name for p in CASES])
def test_problems_match_expected(case_dir: Path) -> None:
    expected = expected_lines(case_dir)
    library, problems = load_library(case_dir)
    assert [p.format(case_dir) for p in problems] == expected
    assert (library is None) == has_error_line(expected)


@pytest.mark.parametrize("case_dir", CASES, ids=[p.name for p in CASES])
def test_cli_check_never_crashes(case_dir: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(case_dir)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert "Traceback" not in result.output
    assert "failed unexpectedly" not in result.output
    assert result.exit_code == (1 if has_error_line(expected_lines(case_dir)) else 0), result.output

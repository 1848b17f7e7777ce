"""bench/cli_bench.py: its smallest case run for real (each command succeeds and is checked
by the bench itself), and its table and goal line from known figures. No duration is
checked."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.cli_bench import Figure, goal_line, main, table  # noqa: E402


def test_the_smallest_case_runs_and_checks_its_commands() -> None:
    figures = main(["--lessons", "1", "--repeat", "1"])
    assert [(f.command, f.lessons, f.quizzes) for f in figures] == [
        ("check", 1, 1),
        ("export scorm", 1, 1),
    ]
    for f in figures:
        assert min(f.first_ms, f.cold_ms, f.cold_cpu_ms, f.warm_ms) > 0


FIGURES = [
    Figure("check", 10, 1, 300.4, 250.6, 180.0, 20.2),
    Figure("export scorm", 100, 10, 1400.0, 650.0, 500.0, 300.0),
]


def test_the_table() -> None:
    assert table(FIGURES) == (
        "| command | course | first run | cold | cold, CPU | warm |\n"
        "|---|---|---:|---:|---:|---:|\n"
        "| liane check | 10 lessons, 1 quiz(zes) | 300 ms | 251 ms | 180 ms | 20 ms |\n"
        "| liane export scorm | 100 lessons, 10 quiz(zes) | 1400 ms | 650 ms | 500 ms | 300 ms |"
    )


def test_the_goal_line_says_whether_it_is_met() -> None:
    assert goal_line(FIGURES) == (
        "goal: 100-lesson SCORM export cold under 325 ms (6.5 s / 20): 650 ms, "
        "10.0 times faster than LiaScript's exporter: not met"
    )
    met = [Figure("export scorm", 100, 10, 900.0, 300.0, 250.0, 200.0)]
    assert goal_line(met).endswith(": 300 ms, 21.7 times faster than LiaScript's exporter: met")
    assert goal_line(FIGURES[:1]) == "goal: no 100-lesson export measured"

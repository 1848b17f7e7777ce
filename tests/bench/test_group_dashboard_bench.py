"""bench/group_dashboard_bench.py at a tiny size, for real: the seeding, then one request of
each view, which the bench checks itself (status 200, exactly the group's or all the
learners listed). On PostgreSQL too when LIANE_TEST_POSTGRES_URL is set (in a schema of
the bench's own, dropped afterwards). No duration is checked."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.group_dashboard_bench import Figure, goal_line, main, table  # noqa: E402
from tests.helpers.database import DATABASES, POSTGRES_URL  # noqa: E402


def test_the_tiny_case_seeds_and_measures_both_views() -> None:
    postgres = ["--postgres-url", POSTGRES_URL] if POSTGRES_URL else []
    args = ["--learners", "30", "--group", "8", "--runs", "1", "--databases", *DATABASES]
    figures = main([*args, *postgres])
    assert [(f.database, f.view, f.learners) for f in figures] == [
        pair for database in DATABASES for pair in ((database, "group", 8), (database, "all", 30))
    ]
    assert all(f.median_ms > 0 and f.p95_ms == f.median_ms for f in figures)


FIGURES = [
    Figure("sqlite", "group", 200, 61.4, 120.0, 55.2),
    Figure("postgresql", "group", 200, 250.0, 400.0, 60.0),
    Figure("postgresql", "all", 5000, 4100.0, 6100.0, 3900.0),
]


def test_the_table_and_the_goal_line() -> None:
    assert table(FIGURES) == (
        "| database | view | learners | median | p95 | CPU, median |\n"
        "|---|---|---:|---:|---:|---:|\n"
        "| sqlite | filtered by a group (facilitator) | 200 | 61 ms | 120 ms | 55 ms |\n"
        "| postgresql | filtered by a group (facilitator) | 200 | 250 ms | 400 ms | 60 ms |\n"
        "| postgresql | unfiltered (administrator) | 5000 | 4100 ms | 6100 ms | 3900 ms |"
    )
    assert goal_line(FIGURES) == (
        "goal: course dashboard of a group under 200 ms (median): 250 ms on postgresql: not met"
    )
    assert goal_line(FIGURES[:1]).endswith(": 61 ms on sqlite: met")
    assert goal_line(FIGURES[2:]) == "goal: no group measured"

"""The load benchmark runs: a few seconds of bench/load_bench.py (locust's learners against
gunicorn on a free port, SQLite) with every phase, the kill -9 of a worker included. No
timing is asserted: no failed request outside the kill, every acknowledged attempt stored
once. The benchmark runs in its own process: locust monkey-patches the standard library
with gevent as it is imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent
LEARNERS, ITERATIONS = 4, 2


def test_a_short_locust_run_loses_and_duplicates_no_attempt(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "load_bench.py"),
            "--learners",
            str(LEARNERS),
            "--iterations",
            str(ITERATIONS),
            "--think-time",
            "0.05",
            "--ramp-up",
            "0.5",
            "--ceiling-rounds",
            "1",
            "--ceiling-seconds",
            "1",
            "--time-limit",
            "10",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    phases = json.loads(out.read_text())["phases"]
    assert set(phases) == {"ceiling", "lessons", "load", "stress", "kill"}
    assert phases["ceiling"]["routes"]["static"]["requests"] > 0
    assert phases["lessons"]["routes"]["lesson"]["requests"] > 0
    for key in ("ceiling", "lessons", "load", "stress"):
        assert phases[key]["total"]["failures"] == 0, phases[key]["errors"]
    for key in ("load", "stress"):
        check = phases[key]["check"]
        assert check["acknowledged"] == LEARNERS * ITERATIONS, check
        assert check["in database"] == check["acknowledged"]
        assert "save" in phases[key]["routes"] and "outline" in phases[key]["routes"]
    for key in ("load", "stress", "kill"):
        check = phases[key]["check"]
        assert (check["lost"], check["duplicated"]) == (0, 0), check
    kill = phases["kill"]["kill"]
    assert "pid" in kill and "replacement" in kill, kill

"""bench/live_bench.py at a tiny size, for real: gunicorn on a free port, three phones that
join, poll and answer two questions (one double-taps every answer), the screen's poll and
the remote's steps; on PostgreSQL too when LIANE_TEST_POSTGRES_URL is set (its public
schema is emptied, as every test run does). The answers are checked in the database; no
duration is checked. Then the form filler and the report, on fixed input."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.live_bench import AnswerForm, Figures, parse, report, run  # noqa: E402
from tests.helpers.database import DATABASES, POSTGRES_URL  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("database", DATABASES)
def test_three_phones_answer_two_questions_each_stored_once(database: str) -> None:
    args = parse(
        [
            *("--participants", "3", "--questions", "2", "--double", "0.34"),
            *("--think", "1.2", "--step", "0.2", "--idle", "1", "--wait", "20"),
            *(["--postgres-url", POSTGRES_URL] if POSTGRES_URL else []),
        ]
    )
    figures = run(database, args)
    assert (figures.questions, figures.answers_expected, figures.answers_stored) == (2, 6, 6)
    assert (figures.lost, figures.duplicated, figures.reveals_missed) == (0, 0, 0)
    assert figures.double_taps == 2
    assert figures.outcomes == {"stored": 6, "already": 2}
    assert not figures.failed
    assert figures.errors == {}
    assert 0 < figures.reveal_p50 <= figures.reveal_max
    assert figures.idle_polls_per_s > 0  # (its CPU: psutil counts 10 ms ticks)
    assert (figures.postgres_cpu_s is None) == (database == "sqlite")


FORM = """<form method="post" action="/live/123456/answer" data-live-answer>
<input type="hidden" name="csrf_token" value="t0k">
<input type="hidden" name="question" value="q1">
<input type="radio" name="q-q1" value="a"><input type="radio" name="q-q1" value="b">
<input type="checkbox" name="q-q2" value="x">
<input type="text" class="answer" name="q-q3" inputmode="decimal">
<select name="q-q4-1"><option value="">-</option><option value="m">m</option>
<option value="n">n</option></select>
<select name="q-q4-2"><option value="">-</option><option value="m">m</option>
<option value="n">n</option></select>
<textarea name="q-q5" disabled></textarea>
</form><input type="hidden" name="outside" value="no">"""


def test_the_form_is_filled_in_as_a_participant_could() -> None:
    data = AnswerForm(FORM, random.Random(3)).filled()
    assert sorted(data) == ["csrf_token", "q-q1", "q-q2", "q-q3", "q-q4-1", "q-q4-2", "question"]
    assert (data["csrf_token"], data["question"], data["q-q2"]) == ("t0k", "q1", ["x"])
    assert data["q-q1"] in ("a", "b")
    assert 1 <= int(data["q-q3"]) <= 60
    assert {data["q-q4-1"], data["q-q4-2"]} == {"m", "n"}  # distinct places of an ordering


def figure(database: str, lost: int, duplicated: int) -> Figures:
    return Figures(
        database=database,
        participants=60,
        questions=7,
        reveal_p50=0.61,
        reveal_p95=1.2,
        reveal_p99=1.75,
        reveal_max=2.4,
        page_p99=0.31,
        reveals_missed=0,
        count_p50=0.9,
        count_p99=1.5,
        answers_expected=420,
        answers_stored=420 - lost,
        lost=lost,
        duplicated=duplicated,
        double_taps=84,
        outcomes={"stored": 420 - lost, "already": 84},
        minutes=3.5,
        cpu_s=21.0,
        cpu_ms_per_participant_minute=100.0,
        idle_cpu_ms_per_poll=1.85,
        idle_polls_per_s=59.2,
        not_modified_share=0.8,
        response_bytes_per_poll=590.4,
        request_bytes_per_poll=390.0,
        postgres_cpu_s=None if database == "sqlite" else 4.25,
        flask_poll_ms=1.5,
        sse_floor_ms=0.25,
        client_cpu_s=30.0,
        others_cpu_s=84.0,
        errors={},
    )


def test_the_report() -> None:
    args = parse(["--threads", "4"])
    text = report([figure("sqlite", 0, 0), figure("postgresql", 1, 0)], args)
    lines = text.splitlines()
    assert lines[2] == (
        "| sqlite | 0.61 s | 1.20 s | 1.75 s | 2.40 s | 0.31 s | 0.90 s | 1.50 s | 420 / 420 "
        "| 0 | 0 |"
    )
    assert lines[8] == (
        "| postgresql | 21.0 s over 3.5 min | 100 ms | 1.85 ms | 59.2 | 80.0% | 590 / 390 B "
        "| 4.2 s | 1.50 ms | 0.25 ms |"
    )
    assert "  goal p99 under 2 s: met; 0 lost, each stored once" in lines
    assert "  goal p99 under 2 s: met; ANSWERS LOST OR DUPLICATED" in lines
    assert figure("sqlite", 0, 1).failed and not figure("sqlite", 0, 0).failed

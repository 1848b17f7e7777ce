"""bench/first_paint.py: its table and goal line from known samples (medians, units, order
of the rows), the package unzipped with the archive's dates, and one short real run that
checks what the figures must say whatever the machine: every page painted, its largest
text block too, compressed pages fewer bytes on the wire than the same pages uncompressed. No
duration is checked."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.first_paint import Sample, Series, goal_line, run, table, unzip_keeping_dates  # noqa: E402


def sample(ms: float, transferred: int = 10_000) -> Sample:
    return Sample(
        fp=ms,
        fcp=ms + 10,
        lcp=ms + 20,
        load=ms + 500,
        transferred=transferred,
        decoded=30_000,
        requests=4,
    )


def test_the_table_gives_medians_per_page_and_compression_cold_then_warm() -> None:
    series = [
        Series("package", True, True, [sample(1000), sample(3000), sample(1200)]),
        Series("package", True, False, [sample(200), sample(100), sample(300)]),
        Series("lesson", False, True, [sample(1500, 31_000), sample(1700, 31_500)]),
        Series("lesson", False, False, [Sample(None, None, None, 600, 0, 0, 1)]),
    ]
    assert table(series).splitlines() == [
        "| page | compression | cold: first paint / FCP / LCP / load "
        "| warm: first paint / FCP / LCP / load | bytes cold: transferred / decoded "
        "| requests |",
        "|---|---|---|---|---:|---:|",
        "| lesson | off | 1.60 s / 1.61 s / 1.62 s / 2.10 s | – / – / – / 0.60 s "
        "| 31.2 KB / 30.0 KB | 4 |",
        "| package | on | 1.20 s / 1.21 s / 1.22 s / 1.70 s | 0.20 s / 0.21 s / 0.22 s / 0.70 s "
        "| 10.0 KB / 30.0 KB | 4 |",
    ]
    assert goal_line(series) == (
        "package first page, cold (goal < 1.5 s): compressed: FCP 1.21 s, LCP 1.22 s"
    )


def test_the_package_keeps_the_dates_of_its_archive(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("liane/a.js", (2020, 1, 2, 3, 4, 6)), "a")
    unzip_keeping_dates(buffer.getvalue(), tmp_path)
    import time

    assert time.localtime((tmp_path / "liane" / "a.js").stat().st_mtime)[:6] == (
        2020,
        1,
        2,
        3,
        4,
        6,
    )


@pytest.mark.slow
def test_one_round_paints_every_page_and_compression_saves_bytes(browser: Any) -> None:
    found = {(s.page, s.compressed, s.cold): s for s in run(1, ["lesson", "package"], browser)}
    assert len(found) == 8
    for key, series in found.items():
        [one] = series.samples
        assert None not in (one.fp, one.fcp, one.lcp), key
        assert one.load > 0, key
    for page in ("lesson", "package"):
        on, off = found[(page, True, True)].samples[0], found[(page, False, True)].samples[0]
        assert off.transferred > off.decoded, page  # sent as it is, headers besides
        assert on.transferred < on.decoded / 2, page  # text compresses to under half

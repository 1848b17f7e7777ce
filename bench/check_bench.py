"""How long `load + validate + render` takes on a big course, against the floor; and how
long a SCORM export of that course takes, against the load.

The floor is the least any loader must do with the same files in the same process: read
them, render each lesson with plain markdown-it-py, and load each quiz with libyaml.
Targets: load ratio <= 1.5; export / load <= 2. Prints times, ratios and peak memory.

    .venv/bin/python bench/check_bench.py [--lessons 1000] [--quizzes 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import write_course  # noqa: E402
from engine.loader import load_course  # noqa: E402
from export.scorm import ScormOptions, export_scorm  # noqa: E402


def floor(root: Path) -> None:
    md = MarkdownIt("commonmark").enable("table")
    for path in sorted(root.glob("*.md")):
        md.render(path.read_text(encoding="utf-8"))
    for path in sorted(root.glob("quiz-*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def liane(root: Path) -> None:
    course, problems = load_course(root)
    assert course is not None, [p.format() for p in problems[:5]]


def best_of(repeat: int, fn: Callable[[Path], None], root: Path) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn(root)
        times.append(time.perf_counter() - start)
    return min(times)


def peak_memory(fn: Callable[[Path], None], root: Path) -> float:
    """Peak Python heap during one run, in MiB (tracemalloc; an untimed run)."""
    gc.collect()
    tracemalloc.start()
    fn(root)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--quizzes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_course(Path(tmp) / "synthetic", args.lessons, args.quizzes)
        size = sum(p.stat().st_size for p in root.iterdir()) / 2**20
        print(
            f"course: {args.lessons} lessons, {args.quizzes} quizzes x 10 questions, {size:.1f} MiB"
        )
        floor(root)  # warm the file cache and imports
        floor_s = best_of(args.repeat, floor, root)
        liane_s = best_of(args.repeat, liane, root)
        peak = peak_memory(liane, root)
        print(f"floor (markdown-it-py + libyaml): {floor_s:.2f} s")
        print(f"liane load+validate+render:       {liane_s:.2f} s")
        print(f"ratio: {liane_s / floor_s:.2f} (target <= 1.5)")
        print(f"peak Python heap during the load: {peak:.0f} MiB")
        course, _problems = load_course(root)
        assert course is not None
        for standard in ("scorm12", "scorm2004"):
            times, size = [], 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                size = len(export_scorm(course, ScormOptions(standard)))
                times.append(time.perf_counter() - start)
            export_s = min(times)
            print(
                f"export {standard}: {export_s:.2f} s, {size / 2**20:.1f} MiB zip, "
                f"export / load = {export_s / liane_s:.2f} (target <= 2)"
            )


if __name__ == "__main__":
    main()

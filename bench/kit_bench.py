"""The workshop kit's export: time and sizes, for the bundled genre-bases course and a
100-lesson synthetic course (bench/synthetic.py, written into a temporary folder).

    .venv/bin/python bench/kit_bench.py [--repeat 3]

Times each stage as `liane export kit` runs it (offline site and projection mode, each PDF,
the zip) and prints Markdown tables for docs/performance.md: the best of `--repeat` runs of
the whole export, the zip's size, the site's (index.html, projection.html, data, runtime and
media, uncompressed) and each PDF's. Figures only: nothing here fails on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measure(course_dir: Path, repeat: int) -> dict[str, object]:
    from engine.loader import load_course
    from export.archive import build_zip
    from export.kit import kit_files

    course, problems = load_course(course_dir)
    assert course is not None, [p.format() for p in problems]
    best: dict[str, float] = {}
    files: dict[str, bytes] = {}
    for _ in range(repeat):
        stages: dict[str, float] = {}
        last = time.perf_counter()

        def step(done: str, stages: dict[str, float] = stages) -> None:
            nonlocal last
            now = time.perf_counter()
            stages[done] = now - last
            last = now

        started = last
        files = kit_files(course, on_step=step)
        zipped_at = time.perf_counter()
        package = build_zip(files)
        stages["zip"] = time.perf_counter() - zipped_at
        stages["total"] = time.perf_counter() - started
        if not best or stages["total"] < best["total"]:
            best = stages
    pdfs = {name: len(data) for name, data in files.items() if name.endswith(".pdf")}
    site = sum(len(data) for name, data in files.items() if not name.endswith((".pdf", ".txt")))
    return {
        "lessons": len(course.lessons),
        "quizzes": len(course.quizzes),
        "times": best,
        "zip": len(package),
        "files": len(files),
        "site": site,
        "pdfs": pdfs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from bench.synthetic import write_course

    with tempfile.TemporaryDirectory() as folder:
        synthetic = write_course(Path(folder) / "synthetique", lessons=100, quizzes=10)
        results = {
            "genre-bases": measure(ROOT / "courses" / "genre-bases", args.repeat),
            "synthetic": measure(synthetic, args.repeat),
        }
    print(f"| course | export (best of {args.repeat}) | zip | files | site, uncompressed |")
    print("|---|---:|---:|---:|---:|")
    for name, r in results.items():
        times = r["times"]
        assert isinstance(times, dict)
        print(
            f"| {name} ({r['lessons']} lessons, {r['quizzes']} quizzes) | "
            f"{times['total']:.1f} s | {kb(r['zip'])} | {r['files']} | {kb(r['site'])} |"
        )
    print()
    print("| course | stage | time | size |")
    print("|---|---|---:|---:|")
    for name, r in results.items():
        times, pdfs = r["times"], r["pdfs"]
        assert isinstance(times, dict) and isinstance(pdfs, dict)
        for stage, seconds in times.items():
            if stage == "total":
                continue
            size = kb(pdfs[stage]) if stage in pdfs else kb(r["site"]) if "," in stage else ""
            print(f"| {name} | {stage} | {seconds:.2f} s | {size} |")


def kb(size: object) -> str:
    assert isinstance(size, int)
    return f"{size / 1024:,.0f} KB"


if __name__ == "__main__":
    main()

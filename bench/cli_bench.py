"""How long `liane check` and `liane export scorm` take, as an author runs them: a new process
for each command, on a 10-lesson and a 100-lesson synthetic course (bench/synthetic.py).

Three figures per command and course, each the median of --repeat runs:

- first: a new process whose cache folder is empty, no compiled template and no loaded
  lesson (an author's very first export, or the first after upgrading Liane);
- cold: a new process, the cache filled by an earlier command (every later run: templates
  compiled, lessons loaded, engine/cache.py);
- warm: the same work again inside one process, imports paid, lessons read from the cache
  (the floor: what the player pays per export).

Each run is checked (exit code 0, the summary line of `liane check`, a zip holding
imsmanifest.xml); times are wall-clock. The processes get the environment of an author's
terminal: Python's bytecode files are written and read (PYTHONDONTWRITEBYTECODE, set on the
project's machines, is removed; one untimed run writes them first), messages in English.
The goal (docs/performance.md): a 100-lesson SCORM export at least 20 times faster than
LiaScript's exporter, measured at 6.5 s on these machines: under 325 ms, cold.

    .venv/bin/python bench/cli_bench.py [--lessons 10 100] [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_course  # noqa: E402

GOAL_MS = 6500 / 20  # LiaScript's exporter on a 100-lesson course, 6.5 s, divided by 20
COMMAND = [sys.executable, "-c", "from engine.cli import run; run()"]


@dataclass(frozen=True)
class Figure:
    command: str  # check | export scorm
    lessons: int
    quizzes: int
    first_ms: float
    cold_ms: float
    cold_cpu_ms: float  # the cold process's CPU time (user + system): less swayed by a busy machine
    warm_ms: float


def quizzes_for(lessons: int) -> int:
    """One quiz of 10 questions for ten lessons, as in the bundled courses."""
    return max(1, lessons // 10)


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(LIANE_LANG="en", LIANE_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    return env


def run_once(args: list[str], cwd: Path, cache: Path) -> tuple[float, float, str]:
    """One command in a new process: (wall-clock ms, CPU ms, its standard output); fails
    loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*COMMAND, *args], cwd=cwd, env=environment(cache), capture_output=True, text=True
    )
    elapsed = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"liane {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed, cpu, done.stdout


def check_output(out: str, lessons: int, quizzes: int) -> None:
    expected = f"1 course(s), {lessons} lesson(s), {quizzes} quiz(zes): no error, 0 warning(s)"
    if out.splitlines()[-1:] != [expected]:
        raise RuntimeError(f"liane check said {out!r}, not {expected!r}")


def check_package(path: Path) -> None:
    with zipfile.ZipFile(path) as package:
        if "imsmanifest.xml" not in package.namelist():
            raise RuntimeError(f"{path} holds no imsmanifest.xml")
    path.unlink()


def warm_ms(command: str, course: Path, repeat: int) -> float:
    """The command's work in this process, once everything is imported and compiled."""
    from engine.loader import load_course
    from export.scorm import ScormOptions, export_scorm

    def once() -> None:
        loaded, _problems = load_course(course)
        assert loaded is not None
        if command == "export scorm":
            export_scorm(loaded, ScormOptions())

    once()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(lessons: int, repeat: int, work: Path) -> list[Figure]:
    quizzes = quizzes_for(lessons)
    course = write_course(work / f"course-{lessons}", lessons, quizzes)
    commands = {
        "check": ["check", str(course)],
        "export scorm": ["export", "scorm", str(course), "-o", "out.zip"],
    }
    # Untimed: the shared cache holds this course's lessons before the first cold run (the
    # warm-up filled the templates), so every cold run is one an author makes after the first.
    run_once(commands["check"], work, work / "cache")
    figures = []
    for name, args in commands.items():
        firsts: list[float] = []
        colds: list[float] = []
        cpus: list[float] = []
        for n in range(repeat):
            empty = work / f"cache-{lessons}-{name.replace(' ', '-')}-{n}"
            for times, cache in ((firsts, empty), (colds, work / "cache")):
                elapsed, cpu, out = run_once(args, work, cache)
                times.append(elapsed)
                if times is colds:
                    cpus.append(cpu)
                if name == "check":
                    check_output(out, lessons, quizzes)
                else:
                    check_package(work / "out.zip")
        figures.append(
            Figure(
                name,
                lessons,
                quizzes,
                statistics.median(firsts),
                statistics.median(colds),
                statistics.median(cpus),
                warm_ms(name, course, repeat),
            )
        )
    return figures


def table(figures: list[Figure]) -> str:
    lines = [
        "| command | course | first run | cold | cold, CPU | warm |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for f in figures:
        lines.append(
            f"| liane {f.command} | {f.lessons} lessons, {f.quizzes} quiz(zes) "
            f"| {f.first_ms:.0f} ms | {f.cold_ms:.0f} ms | {f.cold_cpu_ms:.0f} ms "
            f"| {f.warm_ms:.0f} ms |"
        )
    return "\n".join(lines)


def goal_line(figures: list[Figure]) -> str:
    exports = [f for f in figures if f.command == "export scorm" and f.lessons == 100]
    if not exports:
        return "goal: no 100-lesson export measured"
    cold = exports[0].cold_ms
    verdict = "met" if cold <= GOAL_MS else "not met"
    return (
        f"goal: 100-lesson SCORM export cold under {GOAL_MS:.0f} ms (6.5 s / 20): {cold:.0f} ms, "
        f"{6500 / cold:.1f} times faster than LiaScript's exporter: {verdict}"
    )


def main(argv: list[str] | None = None) -> list[Figure]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args(argv)
    saved = os.environ.get("LIANE_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="liane-cli-bench-") as tmp:
        work = Path(tmp)
        # The warm figures' loads (in this process) use the bench's cache, not the user's;
        # the setting is put back before the folder goes (tests run the bench in-process).
        os.environ["LIANE_CACHE_DIR"] = str(work / "cache")
        try:
            # Untimed: Python writes the bytecode of every module the commands import.
            warmup = write_course(work / "warmup", 1, 1)
            run_once(["export", "scorm", str(warmup), "-o", "out.zip"], work, work / "cache")
            load = os.getloadavg()[0]
            figures = [f for lessons in args.lessons for f in measure(lessons, args.repeat, work)]
        finally:
            if saved is None:
                os.environ.pop("LIANE_CACHE_DIR", None)
            else:
                os.environ["LIANE_CACHE_DIR"] = saved
    if args.json:
        print(json.dumps([asdict(f) for f in figures], indent=2))
    else:
        print(table(figures))
        print(goal_line(figures))
        print(f"load average when it started: {load:.1f} ({os.cpu_count()} cores)")
    return figures


if __name__ == "__main__":
    main()

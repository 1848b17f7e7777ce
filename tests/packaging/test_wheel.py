"""Liane without a checkout: the wheel built from this repository, installed with pip into a
fresh virtualenv in a temporary folder, checks, exports and serves from any folder.

The wheel is built from a copy of the files it is made of (pyproject.toml, README.md,
LICENSE, engine/, export/, static/, courses/), so nothing left in the repository's build/
can hide a missing file, and installed with `pip install --no-index --find-links` (offline).
Its dependencies are not downloaded: the new virtualenv sees those of the environment running
the tests through a .pth line (a plain path: the checkout's editable-install hook in that
folder is not run), so `engine` and `export` can only come from the wheel, which a test
checks first.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MADE_OF = ("pyproject.toml", "README.md", "LICENSE", "engine", "export", "static", "courses")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    liane: Path
    site: Path  # the new virtualenv's site-packages
    cwd: Path  # an empty folder away from the repository

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.liane), *args],
            cwd=self.cwd,
            capture_output=True,
            text=True,
            env={**_clean_env(), **env},
            timeout=300,
        )


def _clean_env() -> dict[str, str]:
    """The environment without what points at this checkout (PYTHONPATH) and in English."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["LIANE_LANG"] = "en"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "instance")
    for name in MADE_OF:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("liane-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-index",
            "--find-links",
            str(dist),
            "--no-deps",
            "liane",
        ],
        check=True,
        capture_output=True,
        env=_clean_env(),
        timeout=300,
    )
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies: this environment's (the line is a path, never an import hook).
    (site / "liane-test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    cwd = base / "elsewhere"
    cwd.mkdir()
    return Installed(wheel, python, venv / "bin" / "liane", site, cwd)


def test_the_package_comes_from_the_wheel(installed: Installed) -> None:
    done = subprocess.run(
        [
            str(installed.python),
            "-c",
            "import engine, export, engine.paths as p; "
            "print(engine.__file__, export.__file__, p.STATIC, p.BUNDLED_COURSES, sep='\\n')",
        ],
        cwd=installed.cwd,
        capture_output=True,
        text=True,
        check=True,
        env=_clean_env(),
    )
    engine_file, export_file, static, courses = done.stdout.splitlines()
    assert Path(engine_file) == installed.site / "engine" / "__init__.py"
    assert Path(export_file) == installed.site / "export" / "__init__.py"
    assert Path(static) == installed.site / "engine" / "static"
    assert Path(courses) == installed.site / "engine" / "courses"


def test_the_wheel_holds_every_file_served(installed: Installed) -> None:
    """Every file of engine/, export/, static/ and courses/ that git tracks, but the sources
    of the translations and the TypeScript declarations, is in the wheel (static/ and
    courses/ under engine/)."""
    tracked = subprocess.run(
        ["git", "ls-files", "engine", "export", "static", "courses"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    expected = {
        ("engine/" + name if name.startswith(("static/", "courses/")) else name)
        for name in tracked
        if not name.endswith((".po", ".pot", ".d.ts"))
    }
    with zipfile.ZipFile(installed.wheel) as wheel:
        held = set(wheel.namelist())
    assert sorted(expected - held) == []
    for served in (
        "engine/static/player.css",
        "engine/locale/fr/LC_MESSAGES/liane.mo",
        "engine/player/migrations/script.py.mako",
        "export/templates/print/print.css",
        "engine/courses/genre-bases/media/cycle-projet-genre.svg",
    ):
        assert served in held


def test_pyproject_lists_every_python_package() -> None:
    """The packages are listed by hand in pyproject.toml: a new folder of Python code must be
    added there, or the wheel goes without it."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    tracked = subprocess.run(
        ["git", "ls-files", "engine/*.py", "export/*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    folders = {str(Path(name).parent).replace("/", ".") for name in tracked}
    assert folders == listed - {"engine.static", "engine.courses"}


def test_check_and_export_from_the_wheel(installed: Installed) -> None:
    courses = installed.site / "engine" / "courses"
    done = installed.run("check", str(courses))
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0,
        "3 course(s), 16 lesson(s), 8 quiz(zes): no error, 0 warning(s)",
    ), done.stderr
    done = installed.run("export", "scorm", str(courses / "genre-bases"), "-o", "genre.zip")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("genre.zip: ") and done.stdout.endswith(" KB, scorm2004\n")
    with zipfile.ZipFile(installed.cwd / "genre.zip") as package:
        names = package.namelist()
        assert "imsmanifest.xml" in names and "liane/liane-runtime.js" in names
    done = installed.run("export", "kit", str(courses / "gender-basics-en"), "--dir", "kit")
    assert done.returncode == 0, done.stderr
    assert (installed.cwd / "kit" / "index.html").is_file()
    assert sorted(p.name for p in (installed.cwd / "kit").glob("*.pdf")) != []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mine(installed: Installed) -> Path:
    """A courses folder of one's own, outside the package: one bundled course copied."""
    folder = installed.cwd / "my-courses"
    if not folder.exists():
        shutil.copytree(
            installed.site / "engine" / "courses" / "genre-bases", folder / "genre-bases"
        )
    return folder


@contextmanager
def _serving(command: list[str], cwd: Path, port: int, **env: str) -> Iterator[str]:
    """The server started by `command`, once it accepts connections; its output goes to a
    log file, shown when it stops too early."""
    log = cwd / f"server-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env={**_clean_env(), **env}, stdout=output, stderr=output
        )
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                assert process.poll() is None, log.read_text()
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get_content_type(), response.read()


def test_liane_serve_from_any_folder(installed: Installed, mine: Path) -> None:
    port = _free_port()
    database = f"sqlite:///{installed.cwd / 'serve.sqlite3'}"
    with _serving(
        [str(installed.liane), "serve", "--courses", str(mine), "--port", str(port)],
        installed.cwd,
        port,
        LIANE_DATABASE_URL=database,
    ) as url:
        status, kind, body = _get(url + "/login")
        assert (status, kind) == (200, "text/html")
        assert b'<form method="post"' in body
        status, kind, body = _get(url + "/static/player.css")
        assert (status, kind, body) == (200, "text/css", (ROOT / "static/player.css").read_bytes())


def test_gunicorn_with_liane_courses_dir(installed: Installed, mine: Path) -> None:
    """The README's production start, from the wheel: gunicorn and LIANE_COURSES_DIR."""
    port = _free_port()
    instance = installed.cwd / "instance"
    env = {
        "LIANE_INSTANCE_PATH": str(instance),  # the default SQLite database goes there
        "LIANE_COURSES_DIR": str(mine),
        "LIANE_SECRET_KEY": "test-only",
    }
    upgrade = installed.run("db", "upgrade", **env)
    assert upgrade.returncode == 0, upgrade.stderr
    assert upgrade.stdout == f"Database ready: sqlite:///{instance / 'liane.sqlite3'}\n"
    command = [
        str(installed.python),
        "-m",
        "gunicorn",
        "--workers",
        "1",
        "--bind",
        f"127.0.0.1:{port}",
        "engine.player:create_app()",
    ]
    with _serving(command, installed.cwd, port, **env) as url:
        status, _kind, body = _get(url + "/login")
        assert status == 200
        status, kind, _body = _get(url + "/static/liane.js")
        assert (status, kind) == (200, "text/javascript")


def test_serve_courses_is_the_folder_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_course: Any
) -> None:
    """`liane serve --courses DIR` serves DIR (in this process, without starting a server)."""
    from click.testing import CliRunner

    from engine.cli import main
    from engine.player import commands, create_app

    course = make_course({"01-intro.md": "# Intro\n\nHello.\n"}, course_id="mine")
    served: list[tuple[str, list[str]]] = []

    def serve(host: str, port: int, reload_courses: bool, debug: bool) -> None:
        app = create_app()
        served.append(
            (app.config["COURSES_DIR"], [c.id for c in app.extensions["liane.library"].courses])
        )

    monkeypatch.setattr(commands, "serve", serve)
    monkeypatch.setenv("LIANE_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.delenv("LIANE_COURSES_DIR", raising=False)
    result = CliRunner().invoke(main, ["serve", "--courses", str(course.parent)])
    assert result.exit_code == 0, result.output
    assert served == [(str(course.parent.resolve()), ["mine"])]

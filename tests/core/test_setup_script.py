""".ci/system-packages, which `make run`, `make test` and `.ci/run` call first: it installs only
what is missing, as root directly, else through `sudo -n`, else it stops with the command to
run.

The script runs with PATH set to a folder of stubs (id, dpkg-query, apt-get, sudo, the
commands it looks for) that write their arguments to a log: no real package is looked up or
installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.courses import ROOT

SCRIPT = ROOT / ".ci" / "system-packages"
BASH = shutil.which("bash") or "/bin/bash"
ENV = shutil.which("env") or "/usr/bin/env"
LIBRARIES = ["libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"]
TEST_COMMANDS = ["chromium", "pdftotext", "node", "npm", "redis-server"]

# Every stub appends "name arguments" to $STUB_LOG.
STUBS = {
    "id": 'echo "$STUB_UID"',
    # Installed when named in $STUB_INSTALLED, as dpkg-query -W -f='${Status}' PACKAGE says.
    "dpkg-query": "for last; do :; done\n"
    'case " $STUB_INSTALLED " in *" $last "*) printf "install ok installed";;'
    " *) exit 1;; esac",
    "apt-get": "exit 0",
    # `sudo -n true` answers $STUB_SUDO (0: allowed without a password); other commands run.
    "sudo": '[ "$1" = -n ] && shift\nif [ "$1" = true ]; then exit "$STUB_SUDO"; fi\nexec "$@"',
    "python3": "exit 0",  # import venv, ensurepip
}


def run(
    tmp_path: Path,
    mode: str = "test",
    *,
    uid: int = 0,
    sudo: int | None = None,
    present: list[str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the script with stubs: `present` lists the packages and commands that exist
    (default: none), `sudo` is None for no sudo at all, else the status of `sudo -n true`."""
    present = [] if present is None else present
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    log.touch()
    names = dict(STUBS)
    if sudo is None:
        del names["sudo"]
    names.update({name: "exit 0" for name in TEST_COMMANDS if name in present})
    for name, body in names.items():
        stub = bin_dir / name
        stub.write_text(f'#!/bin/sh\necho "{name} $*" >> "$STUB_LOG"\n{body}\n')
        stub.chmod(0o755)
    (bin_dir / "env").symlink_to(ENV)  # runs apt-get with DEBIAN_FRONTEND set
    env = {
        "PATH": str(bin_dir),
        "STUB_LOG": str(log),
        "STUB_UID": str(uid),
        "STUB_SUDO": str(sudo or 0),
        "STUB_INSTALLED": " ".join(present),
    }
    done = subprocess.run(
        [BASH, str(SCRIPT), "--for", mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    calls = [line for line in log.read_text().splitlines() if line.startswith(("apt-get", "sudo"))]
    return done, calls


def test_the_script_is_executable() -> None:
    assert os.access(SCRIPT, os.X_OK)


@pytest.mark.parametrize("uid,sudo", [(0, None), (1000, 0), (1000, 1), (1000, None)])
def test_nothing_missing_means_no_apt_get(tmp_path: Path, uid: int, sudo: int | None) -> None:
    done, calls = run(tmp_path, uid=uid, sudo=sudo, present=LIBRARIES + TEST_COMMANDS)
    assert (done.returncode, done.stdout, done.stderr, calls) == (0, "", "", [])


def test_as_root_it_installs_what_is_missing(tmp_path: Path) -> None:
    done, calls = run(tmp_path, uid=0, sudo=0, present=[*LIBRARIES, *TEST_COMMANDS[2:]])
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Installing: chromium poppler-utils\n"
    assert calls == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends chromium poppler-utils",
    ]


def test_without_root_it_installs_through_sudo(tmp_path: Path) -> None:
    done, calls = run(tmp_path, uid=1000, sudo=0, present=LIBRARIES + TEST_COMMANDS[1:])
    assert done.returncode == 0, done.stderr
    assert calls == [
        "sudo -n true",
        "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "apt-get update -qq",
        "sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        "--no-install-recommends chromium",
        "apt-get install -y -qq --no-install-recommends chromium",
    ]


@pytest.mark.parametrize("sudo", [None, 1], ids=["no-sudo", "sudo-asks-a-password"])
def test_without_root_or_sudo_it_stops_with_the_command(tmp_path: Path, sudo: int | None) -> None:
    done, calls = run(tmp_path, uid=1000, sudo=sudo, present=[*LIBRARIES, *TEST_COMMANDS[2:]])
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "Liane needs these system packages: chromium poppler-utils\n"
        "Installing them needs root, and sudo is not available without a password.\n"
        "Run this, then the same make command again:\n"
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends "
        "chromium poppler-utils\n"
    )
    assert calls == ([] if sudo is None else ["sudo -n true"])


def test_the_player_needs_no_browser(tmp_path: Path) -> None:
    """`make run`: WeasyPrint's libraries and a font, nothing of the test suite."""
    done, calls = run(tmp_path, "run", present=["libpango-1.0-0", "libpangoft2-1.0-0"])
    assert done.returncode == 0, done.stderr
    assert calls[1] == (
        "apt-get install -y -qq --no-install-recommends libharfbuzz-subset0 fonts-dejavu-core"
    )


def test_ci_also_needs_make_and_the_postgresql_client(tmp_path: Path) -> None:
    done, calls = run(tmp_path, "ci", present=LIBRARIES + TEST_COMMANDS)
    assert done.returncode == 0, done.stderr
    assert calls[1] == "apt-get install -y -qq --no-install-recommends make postgresql-client"


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    done, calls = run(tmp_path, "everything")
    assert (done.returncode, calls) == (2, [])
    assert done.stderr.startswith("usage: ")

"""The layers of STYLE.md hold: export -> engine core <- engine.player.

The import-linter contracts in pyproject.toml ([tool.importlinter]) hold the imports written
in the code, inside functions too; `make lint` runs them, and so does this test, for a bare
`pytest`. What they cannot see is which of those imports run: `liane check` must load no
web framework, no database, no PDF renderer and no exporter, and the test below watches it do
so.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers.courses import COURSES, ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# Top-level names `liane check` must never load (flask also stands for every flask_*).
NEVER_IN_CHECK = (
    "flask",
    "werkzeug",
    "sqlalchemy",
    "alembic",
    "weasyprint",
    "export",
    "engine.player",
)


def test_import_contracts_hold() -> None:
    done = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_liane_check_loads_no_web_pdf_or_export() -> None:
    code = (
        "import sys\n"
        "from engine.cli import main\n"
        "try:\n"
        "    main(['check', sys.argv[1]])\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(COURSES / "genre-bases")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    loaded = done.stdout.splitlines()[-1].split()
    assert "engine.loader" in loaded  # the check did run
    assert [module for module in loaded if _never_in_check(module)] == []


def _never_in_check(module: str) -> bool:
    return module.startswith("flask_") or any(
        module == name or module.startswith(f"{name}.") for name in NEVER_IN_CHECK
    )


def test_packages_import_from_this_checkout() -> None:
    import engine
    import export

    assert engine.__file__.startswith(str(ROOT / "engine"))
    assert export.__file__.startswith(str(ROOT / "export"))

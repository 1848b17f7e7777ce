"""The engine core stays free of Flask and SQLAlchemy, and the packages import from here."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_engine_core_imports_no_web_framework() -> None:
    code = (
        "import sys, engine.loader, engine.grading, engine.rules, engine.cli, engine.schema;"
        "bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == ""


def test_packages_import_from_this_checkout() -> None:
    import engine
    import export

    assert engine.__file__.startswith(str(ROOT / "engine"))
    assert export.__file__.startswith(str(ROOT / "export"))

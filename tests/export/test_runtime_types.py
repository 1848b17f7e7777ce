"""Every question type of the engine has its entry in each per-type table of the browser
runtime, with every function an entry must hold, and the runtime throws on a type it does not
know: JavaScript would otherwise fall back to a default silently and write wrong SCORM data.

The scripts a package ships are loaded in Node, in the order the SCO page loads them, into one
context without `window` (so that nothing starts), as a browser would share their globals.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from engine.model import QUESTION_CLASSES
from export.site import RUNTIME_FILES, STATIC

# make test needs Node.js (node --test, tsc) and .ci/system-packages installs it: a missing
# node is a broken setup, said as such, never a skipped check.
NODE = shutil.which("node")
assert NODE is not None, "node is missing: run .ci/system-packages --for test"

# Each per-type table of the browser runtime, and the functions each of its entries holds.
TABLES = {
    "LianeGrading.TYPES": ("hasKey", "grade", "partOrder"),
    "LianeQuestions.TYPES": ("read", "response"),
}

# Every lookup by type, called with the type it must refuse.
LOOKUPS = (
    "LianeGrading.questionType(TYPE)",
    "LianeGrading.grade({ id: 'q', type: TYPE }, null)",
    "LianeGrading.hasKey({ id: 'q', type: TYPE })",
    "LianeGrading.planAttempt({ questions: [{ id: 'q', type: TYPE }] }, 1)",
    "LianeQuestions.questionType(TYPE)",
    "LianeQuestions.formatResponse('scorm12', { id: 'q', type: TYPE }, 'x')",
    "LianeQuestions.formatResponse('scorm2004', { id: 'q', type: TYPE }, 'x')",
)

# Types no table may know: a new one, and the names every object inherits.
UNKNOWN = ("hotspot", "constructor", "__proto__", "toString", "")

SCRIPT = r"""
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");
const { files, tables, lookups, unknown } = JSON.parse(fs.readFileSync(0, "utf8"));
const context = vm.createContext({});
for (const file of files) {
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
}
const out = { tables: {}, lookups: {} };
for (const name of tables) {
  const table = vm.runInContext(name, context);
  out.tables[name] = {};
  for (const [type, entry] of Object.entries(table)) {
    out.tables[name][type] = Object.keys(entry).filter((k) => typeof entry[k] === "function");
  }
}
for (const lookup of lookups) {
  for (const type of unknown) {
    const call = lookup.replace("TYPE", JSON.stringify(type));
    try {
      vm.runInContext(call, context);
      out.lookups[call] = null;
    } catch (error) {
      out.lookups[call] = String(error && error.message);
    }
  }
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def runtime() -> dict[str, Any]:
    assert NODE is not None
    files = [str(STATIC / name) for name in RUNTIME_FILES if name.endswith(".js")]
    given = {
        "files": files,
        "tables": list(TABLES),
        "lookups": list(LOOKUPS),
        "unknown": list(UNKNOWN),
    }
    done = subprocess.run(
        [NODE, "-e", SCRIPT],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("table", list(TABLES))
def test_every_question_type_has_its_entry_in_each_browser_table(
    runtime: dict[str, Any], table: str
) -> None:
    entries = runtime["tables"][table]
    assert sorted(entries) == sorted(QUESTION_CLASSES), table
    for type_name, functions in entries.items():
        missing = set(TABLES[table]) - set(functions)
        assert not missing, f"{table}.{type_name} lacks {sorted(missing)}"


def test_every_lookup_throws_on_an_unknown_type(runtime: dict[str, Any]) -> None:
    assert len(runtime["lookups"]) == len(LOOKUPS) * len(UNKNOWN)
    for call, error in runtime["lookups"].items():
        assert error is not None and "unknown question type" in error, call

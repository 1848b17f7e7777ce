"""Every question type of the engine has its object in the browser runtime's one table of
types (`LianeGrading.TYPES`), with every function an object must hold, each of which runs;
and the runtime throws on a type it does not know: JavaScript would otherwise fall back to a
default silently and write wrong SCORM data.

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
from tests.helpers.courses import ROOT

# make test needs Node.js (node --test, tsc) and .ci/system-packages installs it: a missing
# node is a broken setup, said as such, never a skipped check.
NODE = shutil.which("node")
assert NODE is not None, "node is missing: run .ci/system-packages --for test"

# The one table of types of the browser runtime, and the functions each of its objects holds.
TABLE = "LianeGrading.TYPES"
FUNCTIONS = ("hasKey", "grade", "partOrder", "read", "response")
# What the runtime's other globals must not hold: a second table by type.
NO_TABLE = ("LianeScorm.TYPES", "LianeState.TYPES", "LianeQuestions.TYPES", "LianeRuntime.TYPES")

# A question of each type (runtime shape: the first grading vector of the type), on which
# every function of its object is called: a reader or format named wrong fails there.
VECTORS = json.loads((ROOT / "tests" / "vectors" / "grading.json").read_text(encoding="utf-8"))
SAMPLES: dict[str, Any] = {}
for case in VECTORS["cases"]:
    SAMPLES.setdefault(case["question"]["type"], case["question"])

# Every lookup by type, called with the type it must refuse.
LOOKUPS = (
    "LianeGrading.questionType(TYPE)",
    "LianeGrading.grade({ id: 'q', type: TYPE }, null)",
    "LianeGrading.hasKey({ id: 'q', type: TYPE })",
    "LianeGrading.planAttempt({ questions: [{ id: 'q', type: TYPE }] }, 1)",
    "LianeQuestions.formatResponse('scorm12', { id: 'q', type: TYPE }, 'x')",
    "LianeQuestions.formatResponse('scorm2004', { id: 'q', type: TYPE }, 'x')",
)

# Types no table may know: a new one, and the names every object inherits.
UNKNOWN = ("hotspot", "constructor", "__proto__", "toString", "")

SCRIPT = r"""
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");
const { files, table, noTable, samples, lookups, unknown } = JSON.parse(fs.readFileSync(0, "utf8"));
const context = vm.createContext({});
for (const file of files) {
  vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
}
const out = { entries: {}, runs: {}, others: {}, lookups: {} };
const form = { get: () => null, getAll: () => [] }; // a form with nothing in it
for (const [type, entry] of Object.entries(vm.runInContext(table, context))) {
  out.entries[type] = Object.keys(entry).filter((k) => typeof entry[k] === "function");
  const q = Object.assign({ parts: [] }, samples[type]);
  try {
    const rng = new context.LianeGrading.SeededRandom(1);
    entry.hasKey(q), entry.grade(q, null), entry.partOrder(q, true, rng), entry.read(q, form);
    entry.response(q, null, true), entry.response(q, null, false);
    out.runs[type] = null;
  } catch (error) {
    out.runs[type] = String(error && error.message);
  }
}
for (const name of noTable) out.others[name] = vm.runInContext(name, context) !== undefined;
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
        "table": TABLE,
        "noTable": list(NO_TABLE),
        "samples": SAMPLES,
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


def test_every_question_type_has_its_object_in_the_one_browser_table(
    runtime: dict[str, Any],
) -> None:
    entries = runtime["entries"]
    assert sorted(entries) == sorted(QUESTION_CLASSES), TABLE
    for type_name, functions in entries.items():
        missing = set(FUNCTIONS) - set(functions)
        assert not missing, f"{TABLE}.{type_name} lacks {sorted(missing)}"
    assert set(SAMPLES) == set(QUESTION_CLASSES), "a type without grading vectors"


def test_every_function_of_every_type_runs(runtime: dict[str, Any]) -> None:
    assert runtime["runs"] == dict.fromkeys(QUESTION_CLASSES), "a reader or format named wrong?"


def test_no_other_script_keeps_a_table_of_types(runtime: dict[str, Any]) -> None:
    assert runtime["others"] == dict.fromkeys(NO_TABLE, False)


def test_every_lookup_throws_on_an_unknown_type(runtime: dict[str, Any]) -> None:
    assert len(runtime["lookups"]) == len(LOOKUPS) * len(UNKNOWN)
    for call, error in runtime["lookups"].items():
        assert error is not None and "unknown question type" in error, call

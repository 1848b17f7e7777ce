"""The LMS harness the SCORM browser tests play packages in: scorm-again as the LMS, with
the strict checker of tests/js/cmi-strict.js, and what Moodle does besides.

The harness page (harness.html) plays the LMS: `setupLms(standard, cmi, blank)` creates
scorm-again's `API` or `API_1484_11`, optionally loaded with a previous session's CMI (and
returning "" for most reads, as some players do, when `blank` is true), and records every call
the package makes in `window.calls`; `launch(url, popup)` opens the package in an iframe, or in
a pop-up with the API on its opener, as Moodle can.

scorm-again is lenient: every value the package writes is also checked by the strict checker
of tests/js/cmi-strict.js (the strictest patterns of each standard and of Moodle's SCORM API),
which lists what it refuses in `window.violations`; the tests fail on any. What Moodle does
besides (its mastery override at LMSFinish, what it gives back at a relaunch, review mode) is
played over scorm-again: `setupLms` applies a 1.2 mastery score given in the CMI
(`student_data.mastery_score`) at LMSFinish as Moodle does, and `moodle_cmi` below gives what
Moodle gives back at each launch.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from tests.helpers.browser import ARTIFACTS
from tests.helpers.browser import axe_violations as page_axe_violations
from tests.helpers.courses import ROOT
from tests.helpers.server import LiveServer

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
STRICT_CHECKER = ROOT / "tests" / "js" / "cmi-strict.js"
STANDARDS = ("scorm12", "scorm2004")

HARNESS = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>LMS harness</title>
<script src="scorm-again.js"></script>
<script src="cmi-strict.js"></script>
<script>
"use strict";
window.calls = [];  // {fn, args, result} for every call the package makes
window.violations = [];  // {element, value, why}: values the strict checker refuses
const METHODS = {
  scorm12: ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit",
            "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"],
  scorm2004: ["Initialize", "Terminate", "GetValue", "SetValue", "Commit", "GetLastError",
              "GetErrorString", "GetDiagnostic"]
};
// blank: like players that return "" for whatever they are asked but the learner's data
// (lesson_mode, statuses, _count...): loadFromJSON cannot, it skips empty values.
window.setupLms = function (standard, cmi, blank) {
  const settings = { logLevel: 4, autocommit: false, mastery_override: false };
  // Moodle's mastery override (SCORM 1.2, on by default): at LMSFinish, a mastery score from
  // the manifest and a score.raw set by the course make the status passed or failed.
  const mastery = standard === "scorm12" && cmi && cmi.student_data
    ? cmi.student_data.mastery_score : "";
  const api = standard === "scorm12" ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (cmi) api.loadFromJSON(cmi);
  const strict = CmiStrict.checker(standard);
  for (const name of METHODS[standard]) {
    const original = api[name].bind(api);
    api[name] = function (...args) {
      if (/SetValue$/.test(name)) {
        const why = strict(String(args[0]), args[1]);
        if (why) window.violations.push({ element: String(args[0]), value: args[1], why });
      }
      const core = api.cmi.core;
      if (name === "LMSFinish" && mastery && core.score.raw !== "") {
        core.lesson_status = parseFloat(core.score.raw) >= parseFloat(mastery) ? "passed"
          : "failed";
      }
      let result = original(...args);
      if (blank && /GetValue$/.test(name) && !/suspend_data|location/.test(args[0])) result = "";
      window.calls.push({ fn: name, args: args.map(String), result: String(result) });
      return result;
    };
  }
  window[standard === "scorm12" ? "API" : "API_1484_11"] = api;
  window.lms = api;
};
// The values the package wrote, last one wins: what the LMS received.
window.written = function () {
  const out = {};
  for (const c of window.calls) {
    if ((c.fn === "SetValue" || c.fn === "LMSSetValue") && c.result === "true") {
      out[c.args[0]] = c.args[1];
    }
  }
  return out;
};
window.launch = function (url, popup) {
  if (popup) {
    window.course = window.open(url, "course", "width=1000,height=800");
    return;
  }
  const frame = document.createElement("iframe");
  frame.id = "course";
  frame.title = "Course";
  frame.src = url;
  document.body.appendChild(frame);
};
</script>
<style>
body { margin: 0; font-family: sans-serif; }
header { padding: .4rem 1rem; background: #333; color: #fff; }
iframe { display: block; width: 100%; height: calc(100vh - 2.5rem); border: 0; }
</style>
</head>
<body><header>LMS harness (scorm-again)</header></body>
</html>
"""


def unzip(package: bytes, target: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        archive.extractall(target)


def screenshot(page: Any, name: str) -> None:
    """The whole page, for people to look at; the harness's iframe grown to its content."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("""() => {
        const frame = document.getElementById("course");
        if (frame) frame.style.height = frame.contentDocument.documentElement.scrollHeight + "px";
    }""")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.evaluate("""() => {
        const frame = document.getElementById("course");
        if (frame) frame.style.height = "";
    }""")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 AA violations (axe-core) in the course's frame."""
    frame = next(f for f in page.frames if f.url.endswith(".html") and "harness" not in f.url)
    return page_axe_violations(frame)


def mastery_score(site: LiveServer, package: str) -> str | None:
    """The adlcp:masteryscore of a 1.2 package's manifest (served by `site`), which Moodle
    gives the SCO as cmi.student_data.mastery_score and applies at LMSFinish."""
    assert site.root is not None
    manifest = (site.root / package / "imsmanifest.xml").read_text(encoding="utf-8")
    found = re.search(r"<adlcp:masteryscore>([^<]*)</adlcp:masteryscore>", manifest)
    return found.group(1) if found else None


def moodle_cmi(
    standard: str, stored: dict[str, Any] | None, *, mastery: str | None = None
) -> dict[str, Any]:
    """What Moodle 4.5 gives a SCO at launch, from what it stored of the previous session
    (scorm-again's CMI after it, or None for a first launch) (shared/lms-quirks.md):

    - SCORM 1.2: every stored value back, the mastery score of the manifest, entry "resume"
      only after exit "suspend", and review mode once the attempt is completed, passed or
      failed;
    - SCORM 2004: nothing back unless exit was "suspend"; review mode once completed, passed
      or failed (then the stored statuses and score are still Moodle's, not given back)."""
    stored = stored or {}
    if standard == "scorm12":
        core = stored.get("core", {})
        status = core.get("lesson_status", "")
        cmi: dict[str, Any] = {
            "core": {
                key: core[key] for key in ("lesson_location", "lesson_status") if core.get(key)
            }
        }
        raw = core.get("score", {}).get("raw", "")
        if raw:
            cmi["core"]["score"] = {"raw": raw}
        if stored.get("suspend_data"):
            cmi["suspend_data"] = stored["suspend_data"]
        if core.get("exit") == "suspend":
            cmi["core"]["entry"] = "resume"
        if status in ("completed", "passed", "failed"):
            cmi["core"]["lesson_mode"] = "review"
        if mastery is not None:
            cmi["student_data"] = {"mastery_score": mastery}
        return cmi
    finished = stored.get("completion_status") == "completed" or stored.get("success_status") in (
        "passed",
        "failed",
    )
    cmi = {"mode": "review"} if finished else {}
    if stored.get("exit") == "suspend":
        cmi.update(
            {
                key: stored[key]
                for key in ("location", "suspend_data", "completion_status", "success_status")
                if stored.get(key) not in (None, "", "unknown")
            }
        )
        cmi["entry"] = "resume"
    return cmi

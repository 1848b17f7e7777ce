// The strict checker of the SCORM browser tests (cmi-strict.js) refuses what Moodle refuses
// and the standards forbid, and accepts what they allow: a checker that accepted everything
// would prove nothing. Run: node --test tests/js/
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { checker } = require("./cmi-strict.js");

const refused = (standard, writes) => {
  const check = checker(standard);
  return writes.map(([element, value]) => check(element, value));
};

test("SCORM 2004: timestamps and durations with 2 decimals at most", () => {
  const check = checker("scorm2004");
  assert.equal(check("cmi.interactions.0.timestamp", "2026-12-03T08:48:23.16Z"), null);
  assert.equal(check("cmi.interactions.0.timestamp", "2026-12-03T08:48:23Z"), null);
  assert.match(check("cmi.interactions.0.timestamp", "2026-12-03T08:48:23.161Z"), /match/);
  assert.match(check("cmi.interactions.0.timestamp", "2039-01-01T00:00:00Z"), /match/);
  for (const ok of ["PT0S", "PT8.99S", "PT1H2M3.5S", "PT100H", "P1DT2H"]) {
    assert.equal(check("cmi.session_time", ok), null, ok);
  }
  for (const bad of ["PT8.999S", "P0S0", "PT10", "PT", "P", "00:00:01.00", "PT1.S"]) {
    assert.notEqual(check("cmi.session_time", bad), null, bad);
  }
});

test("SCORM 2004: identifiers in responses match [\\w.]{1,250}, likert is one of them", () => {
  const writes = [["cmi.interactions.0.id", "quiz-1-q-likert-1-s1"],
    ["cmi.interactions.0.type", "likert"], ["cmi.interactions.0.learner_response", "4"],
    ["cmi.interactions.0.learner_response", "1/4"],
    ["cmi.interactions.0.learner_response", "1[,]4"],
    ["cmi.interactions.1.type", "choice"], ["cmi.interactions.1.learner_response", "a[,]c"],
    ["cmi.interactions.1.learner_response", "a[,]a"],
    ["cmi.interactions.1.learner_response", "opt-a"],
    ["cmi.interactions.1.learner_response", "é"],
    ["cmi.interactions.2.type", "matching"],
    ["cmi.interactions.2.correct_responses.0.pattern", "1[.]c[,]2[.]d"],
    ["cmi.interactions.2.learner_response", "1.c,2.d"]];
  assert.deepEqual(refused("scorm2004", writes).map((r) => r === null),
    [true, true, true, false, false, true, true, false, false, false, true, true, false]);
});

test("SCORM 2004: texts, numbers and results", () => {
  const check = checker("scorm2004");
  check("cmi.interactions.0.type", "fill-in");
  assert.equal(check("cmi.interactions.0.learner_response", "activités[,]contrôle"), null);
  assert.notEqual(check("cmi.interactions.0.learner_response", "{lang=fr"), null);
  assert.notEqual(check("cmi.interactions.0.learner_response", "ligne\nligne"), null);
  assert.notEqual(check("cmi.interactions.0.learner_response", "x".repeat(251)), null);
  assert.notEqual(check("cmi.interactions.0.learner_response",
    Array(11).fill("w").join("[,]")), null);
  check("cmi.interactions.1.type", "numeric");
  assert.equal(check("cmi.interactions.1.learner_response", "32.5"), null);
  assert.notEqual(check("cmi.interactions.1.learner_response", "123456"), null);
  assert.equal(check("cmi.interactions.1.correct_responses.0.pattern", "32[:]33"), null);
  assert.equal(check("cmi.interactions.1.result", "incorrect"), null);
  assert.notEqual(check("cmi.interactions.1.result", "wrong"), null);
  assert.notEqual(check("cmi.interactions.2.learner_response", "a"), null); // type first
  assert.notEqual(check("cmi.score.scaled", "1.5"), null);
  assert.notEqual(check("cmi.core.lesson_status", "passed"), null); // not a 2004 element
  assert.notEqual(check("cmi.interactions.0.description", "{lang}"), null);
  assert.equal(check("cmi.suspend_data", "x".repeat(64000)), null);
  assert.notEqual(check("cmi.suspend_data", "x".repeat(64001)), null);
});

test("SCORM 1.2: times, results and single-character identifiers", () => {
  const writes = [["cmi.core.session_time", "00:01:02.50"], ["cmi.core.session_time", "0:01:02"],
    ["cmi.core.session_time", "00:01:02.501"], ["cmi.interactions.0.time", "08:48:23"],
    ["cmi.interactions.0.time", "08:48:23.16"], ["cmi.interactions.0.result", "wrong"],
    ["cmi.interactions.0.result", "incorrect"], ["cmi.interactions.0.type", "choice"],
    ["cmi.interactions.0.student_response", "a,c"], ["cmi.interactions.0.student_response", "ab"],
    ["cmi.interactions.1.type", "likert"], ["cmi.interactions.1.student_response", "1/4"],
    ["cmi.interactions.1.student_response", "4"], ["cmi.core.score.raw", "22.22"],
    ["cmi.core.score.raw", "101"], ["cmi.core.lesson_status", "not attempted"],
    ["cmi.suspend_data", "x".repeat(4097)], ["cmi.interactions.2.id", "a b"]];
  assert.deepEqual(refused("scorm12", writes).map((r) => r === null),
    [true, false, false, true, false, true, false, true, true, false, true, false, true, true,
      false, false, false, false]);
});

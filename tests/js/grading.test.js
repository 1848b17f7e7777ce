// The browser grader (static/liane-grading.js) against the engine's reference files:
//   tests/vectors/grading.json  shared grading vectors (engine/grading.py passes them too);
//   tests/vectors/plans.json    plans, attempts, weights and course status computed by
//                               engine/rules.py (tests/core/test_js_fixtures.py writes it).
// Run: node --test tests/js/
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const LianeGrading = require(path.join(__dirname, "../../static/liane-grading.js"));

const EPSILON = 1e-9;
const VECTORS = path.join(__dirname, "../vectors/grading.json");
const PLANS = path.join(__dirname, "../vectors/plans.json");
const vectors = JSON.parse(fs.readFileSync(VECTORS, "utf8"));
const plans = JSON.parse(fs.readFileSync(PLANS, "utf8"));

// Deep equality where numbers may differ by EPSILON (the engine's own tolerance).
function assertClose(actual, expected, where) {
  if (typeof expected === "number" && typeof actual === "number") {
    assert.ok(Math.abs(actual - expected) <= EPSILON,
      `${where}: got ${actual}, expected ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: expected a list, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${where}: length`);
    expected.forEach((item, i) => assertClose(actual[i], item, `${where}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object" && !Array.isArray(actual),
      `${where}: expected an object, got ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
    for (const key of Object.keys(expected)) {
      assertClose(actual[key], expected[key], `${where}.${key}`);
    }
  } else {
    assert.equal(actual, expected, `${where}: got ${JSON.stringify(actual)}`);
  }
}

// --- grading vectors ----------------------------------------------------------------------

test("the vector file has cases", () => {
  assert.ok(Array.isArray(vectors.cases) && vectors.cases.length >= 150);
});

for (const c of vectors.cases) {
  test(`vector ${c.id}`, () => {
    const got = LianeGrading.grade(c.question, c.response);
    const want = c.expected;
    const message = `${c.note}: got ${JSON.stringify(got)}`;
    assert.ok(Math.abs(got.score - want.score) <= EPSILON, message);
    assert.equal(got.correct, want.correct, message);
    assert.equal(got.answered, want.answered, message);
    assert.ok(got.parts.every((p) => typeof p === "boolean"), message);
    assert.deepEqual(got.parts, want.parts, message);
    if ("survey_score" in want) {
      assert.ok(Math.abs(got.survey_score - want.survey_score) <= EPSILON, message);
    }
    assert.ok(Array.isArray(got.feedback), message);
  });
}

// --- engine reference values (plans.json) -------------------------------------------------

const quizzes = new Map(plans.quizzes.map((q) => [q.id, q]));

test("SeededRandom gives the engine's floats and shuffles", () => {
  for (const { seed, floats, shuffle } of plans.random) {
    const rng = new LianeGrading.SeededRandom(seed);
    // Exact: both languages compute the same 32-bit integer, divided by 2**32.
    assert.deepEqual(floats.map(() => rng.nextFloat()), floats, `seed ${seed}`);
    assert.deepEqual(new LianeGrading.SeededRandom(seed).shuffle("abcdefgh".split("")), shuffle,
      `seed ${seed}`);
  }
});

test("quizWeight gives the engine's weights", () => {
  for (const [id, weight] of Object.entries(plans.weights)) {
    assertClose(LianeGrading.quizWeight(quizzes.get(id)), weight, id);
  }
});

for (const attempt of plans.attempts) {
  test(`plan and attempt: ${attempt.quiz}, seed ${attempt.seed}`, () => {
    const quiz = quizzes.get(attempt.quiz);
    const plan = LianeGrading.planAttempt(quiz, attempt.seed);
    // Exact (key order aside: JS lists numeric-looking keys first).
    assert.deepEqual(plan, attempt.plan);
    for (const [name, expected] of Object.entries(attempt.results)) {
      const responses = plans.responses[attempt.quiz][name];
      const got = LianeGrading.gradeAttempt(quiz, attempt.plan, responses);
      assertClose(got, expected, `responses ${name}`);
    }
  });
}

for (const c of plans.courses) {
  test(`course status: ${c.id}`, () => {
    const course = { ...c.course, quizzes: c.course.quizzes.map((id) => quizzes.get(id)) };
    assertClose(LianeGrading.courseStatus(course, c.lessons_seen, c.records), c.expected,
      c.id);
    assertClose(LianeGrading.courseStatus(course, new Set(c.lessons_seen), c.records),
      c.expected, `${c.id} (lessons seen as a Set)`);
  });
}

test("attempts left and when right answers may be shown: the player's rule", () => {
  assert.ok(plans.reveal.length >= 40);
  for (const r of plans.reveal) {
    const quiz = quizzes.get(r.quiz);
    const where = `${r.quiz}, ${r.used} used, passed ${r.passed}`;
    assert.equal(LianeGrading.attemptsLeft(quiz, r.used), r.left, where);
    assert.equal(LianeGrading.mayReveal(quiz, r.used, r.passed), r.reveal, where);
  }
});

test("points as learners read them: two decimals at most, a comma in French", () => {
  assert.ok(plans.numbers.length >= 10);
  for (const n of plans.numbers) {
    assert.equal(LianeGrading.formatPoints(n.value, "fr"), n.fr, String(n.value));
    assert.equal(LianeGrading.formatPoints(n.value, "fr-BE"), n.fr, String(n.value));
    assert.equal(LianeGrading.formatPoints(n.value, "en"), n.en, String(n.value));
  }
});

test("percentages: whole, half up", () => {
  for (const p of plans.percents) {
    assert.equal(LianeGrading.formatPercent(p.fraction), p.text, String(p.fraction));
  }
});

test("the script defines one browser global", () => {
  const vm = require("node:vm");
  const source = fs.readFileSync(path.join(__dirname, "../../static/liane-grading.js"), "utf8");
  const window = {};
  window.window = window;
  vm.runInNewContext(source, window);
  assert.deepEqual(Object.keys(window).sort(), ["LianeGrading", "window"]);
  assert.equal(typeof window.LianeGrading.grade, "function");
});

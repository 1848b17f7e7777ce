// The pure parts of the SCORM runtime: the suspend_data encoding and its limits
// (static/liane-state.js), session_time formats and the API search (static/liane-scorm.js),
// response formats of SCORM 1.2 and 2004 (static/liane-questions.js).
// The browser parts are tested in tests/export/test_scorm_browser.py.
// Run: node --test tests/js/
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const State = require(path.join(__dirname, "../../static/liane-state.js"));
const Scorm = require(path.join(__dirname, "../../static/liane-scorm.js"));
const Questions = require(path.join(__dirname, "../../static/liane-questions.js"));
// Loading the page controller without window or document must not start anything (nor crash).
const Runtime = require(path.join(__dirname, "../../static/liane-runtime.js"));

// --- suspend_data -------------------------------------------------------------------------

const record = (responses, extra) => Object.assign({ attempts: 2, best_score: 0.75, passed: true,
  seed: 2147483647, graded: true, checked: [], responses }, extra);

const sample = () => ({
  version: "1.0", item: 7, seen: [0, 1, 2, 3, 5, 7, 12], rank: 1, count: 14,
  quizzes: [
    record(["b", false, { 1: "c", 2: "d" }, ["a", "c"], "intersectionnalité", { 1: 4, 2: 1 },
      "Un texte libre\navec « guillemets » et \"quotes\" 😀"]),
    null,
    record([["c", "a", "", "b"], ["activités", "", "contrôle"], "32,5", null, true],
      { attempts: 1, best_score: null, passed: false, seed: 0, graded: false })
  ]
});

test("encodeState and decodeState round-trip a state", () => {
  const state = sample();
  const text = State.encodeState(state, 4096);
  assert.equal(typeof text, "string");
  const back = State.decodeState(text);
  assert.equal(back.version, "1.0");
  assert.equal(back.item, 7);
  assert.deepEqual(back.seen, state.seen);
  assert.equal(back.rank, 1);
  assert.equal(back.count, 14);
  assert.equal(back.quizzes.length, 3);
  assert.equal(back.quizzes[1], null);
  assert.deepEqual(back.quizzes[0], state.quizzes[0]);
  // Empty responses are dropped; the rest comes back as it was.
  assert.deepEqual(back.quizzes[2], Object.assign(state.quizzes[2],
    { responses: [["c", "a", "", "b"], ["activités", "", "contrôle"], "32,5", null, true] }));
});

test("the encoding is compact: positions and small integers, no repeated keys", () => {
  const text = State.encodeState(sample(), 4096);
  assert.ok(text.length < 330, text);
  assert.ok(!/"(attempts|responses|seed|quizzes)"/.test(text), text);
  const fresh = { version: "1.0", item: 0, seen: [0], rank: 0, count: 0,
    quizzes: [null, null, null, null, null] };
  assert.equal(State.encodeState(fresh, 4096), '[1,"1.0",0,"1",0,0,0,0,0,0,0]');
});

test("the answers checked one by one (immediate feedback) are kept until submitted", () => {
  const state = sample();
  state.quizzes[2].checked = [0, 3, 13];
  const text = State.encodeState(state, 4096);
  assert.deepEqual(State.decodeState(text).quizzes[2].checked, [0, 3, 13]);
  // Once the attempt is submitted, its results show every answer: no need to keep checks.
  state.quizzes[2].graded = true;
  const graded = State.decodeState(State.encodeState(state, 4096)).quizzes[2];
  assert.equal(graded.graded, true);
  assert.deepEqual(graded.checked, []);
  // A state written before checks existed reads as "nothing checked".
  assert.deepEqual(State.decodeState('[1,"1.0",0,"1",0,0,[1,-1,0,5,0,"b"]]').quizzes[0].checked, []);
});

test("decodeState refuses what it did not write", () => {
  for (const text of ["", "null", "{}", "[2]", "not json", "[1", '"text"']) {
    assert.equal(State.decodeState(text), null, text);
  }
  const odd = State.decodeState('[1,"1.0",-4,"zz",99,"x",[1,"a",0,-1,0],"quiz"]');
  assert.equal(odd.item, 0);
  assert.equal(odd.rank, 3);
  assert.equal(odd.count, 0);
  assert.equal(odd.quizzes[0].seed, null);
  assert.equal(odd.quizzes[0].best_score, null);
  assert.equal(odd.quizzes[1], null);
});

// The worst case of a big course: every question answered at its longest, 10,000-character
// texts made of the characters JSON escapes the most.
const UGLY = ('"\\\u0001é\n😀<>' + "x".repeat(3)).repeat(1000).slice(0, 10000);

function worstState(quizzes, questions) {
  const responses = [];
  for (let k = 0; k < questions; k++) {
    responses.push([UGLY, ["a", "b", "c", "d", "e", "f"], { 1: "a", 2: "b", 3: "c", 4: "d" },
      [UGLY, UGLY, UGLY], { 1: 5, 2: 5, 3: 5, 4: 5 }, "a", false][k % 7]);
  }
  return { version: "12.3.4-" + "v".repeat(60), item: 499, seen: Array.from({ length: 500 }, (_, i) => i),
    rank: 3, count: 65535, quizzes: Array.from({ length: quizzes }, () => ({ attempts: 65535,
      best_score: 0.123456789, passed: true, seed: 2147483647, graded: true, responses: responses.slice() })) };
}

test("the worst case fits 4,096 characters for SCORM 1.2, texts cut fairly", () => {
  const state = worstState(6, 10);
  const text = State.encodeState(state, 4096);
  assert.ok(text.length <= 4096, `${text.length}`);
  const back = State.decodeState(text);
  assert.equal(back.quizzes.length, 6);
  assert.equal(back.seen.length, 500);
  const strings = back.quizzes.flatMap((q) => q.responses).flatMap((r) =>
    (typeof r === "string" ? [r] : Array.isArray(r) ? r : []));
  const texts = strings.filter((s) => s.length > 1);
  assert.ok(texts.length > 0 && texts.every((s) => UGLY.startsWith(s)));
  // Ids are never cut: the short strings stay whole.
  assert.ok(strings.filter((s) => s.length === 1).length >= 6 * 8);
  assert.deepEqual(back.quizzes[0].responses[1], ["a", "b", "c", "d", "e", "f"]);
  // Never half a surrogate pair.
  assert.ok(texts.every((s) => !/[\ud800-\udbff]$/.test(s)));
  const big = State.encodeState(state, 64000);
  assert.ok(big.length <= 64000 && big.length > text.length);
});

test("an enormous course still fits: responses go before the essentials", () => {
  const state = worstState(200, 60);
  const text = State.encodeState(state, 4096);
  assert.ok(text.length <= 4096, `${text.length}`);
  const back = State.decodeState(text);
  assert.equal(back.item, 499);
  assert.equal(back.rank, 3);
  const tiny = State.encodeState(state, 60);
  assert.ok(tiny.length <= 60);
});

test("a state that fits is never cut", () => {
  const state = sample();
  state.quizzes[0].responses[6] = "y".repeat(3000);
  const text = State.encodeState(state, 4096);
  assert.equal(State.decodeState(text).quizzes[0].responses[6], "y".repeat(3000));
  const cut = State.decodeState(State.encodeState(state, 1000)).quizzes[0].responses[6];
  assert.ok(cut.length > 400 && cut.length < 3000);
});

// --- session_time -------------------------------------------------------------------------

test("session_time in SCORM 1.2: HHHH:MM:SS.SS, 2 to 4 hour digits", () => {
  const cases = [[0, "00:00:00.00"], [1234, "00:00:01.23"], [3723500, "01:02:03.50"],
    [36000000, "10:00:00.00"], [59999990, "16:39:59.99"], [59999999, "16:40:00.00"], [123456789012, "9999:59:59.99"],
    [-5, "00:00:00.00"], [NaN, "00:00:00.00"]];
  for (const [ms, want] of cases) {
    const got = Scorm.sessionTime(ms, "scorm12");
    assert.equal(got, want, `${ms}`);
    assert.match(got, /^\d{2,4}:\d\d:\d\d\.\d\d$/);
  }
});

test("session_time in SCORM 2004: ISO 8601 duration, PT0S for zero", () => {
  const cases = [[0, "PT0S"], [4, "PT0S"], [500, "PT0.5S"], [3723500, "PT1H2M3.5S"],
    [3600000, "PT1H"], [60000, "PT1M"], [59999, "PT1M"], [61230, "PT1M1.23S"],
    [360000000, "PT100H"]];
  for (const [ms, want] of cases) {
    const got = Scorm.sessionTime(ms, "scorm2004");
    assert.equal(got, want, `${ms}`);
    assert.match(got, /^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/);
    assert.notEqual(got, "PT");
  }
});

// --- interactions -------------------------------------------------------------------------

// The spec of each type's interaction (tests/export/test_interactions.py reads it too): a
// question of every type, its interaction type in each standard and the runtime's responses.
const SPEC = JSON.parse(require("node:fs").readFileSync(
  path.join(__dirname, "../vectors/interactions.json"), "utf8")).questions;
const Q = Object.fromEntries(SPEC.map((entry) => [entry.name, entry.question]));
const STANDARDS = ["scorm12", "scorm2004"];

test("the interaction spec has a question of every type with responses", () => {
  assert.ok(SPEC.length >= 11);
  for (const entry of SPEC) assert.ok(entry.responses.length > 0, entry.name);
});

// The patterns, types and ids are computed at export: tests/export/test_interactions.py.
for (const standard of STANDARDS) {
  test(`${standard} response formats of every type`, () => {
    for (const entry of SPEC) {
      entry.responses.forEach((c, n) => {
        assert.equal(Questions.formatResponse(standard, entry.question, c.response), c[standard],
          `${entry.name} ${n}: ${JSON.stringify(c.response)}`);
      });
    }
  });
}

test("SCORM 1.2 texts: 255 characters, one line, never half a pair", () => {
  const f = (q, r) => Questions.formatResponse("scorm12", q, r);
  assert.equal(f(Q.likert, undefined), null);
  const open = f(Q.open, "Ligne 1\nLigne 2 " + "z".repeat(400));
  assert.equal(open.length, 255);
  assert.ok(open.startsWith("Ligne 1 Ligne 2 z"));
  assert.ok(f(Q.short, "é".repeat(300)).length <= 255);
  assert.equal(f(Q.short, "x".repeat(254) + "😀"), "x".repeat(254)); // never half a pair
});

test("SCORM 2004 texts: 250 characters, 4,000 for open answers, 10 blanks at most", () => {
  const f = (q, r) => Questions.formatResponse("scorm2004", q, r);
  const many = Array.from({ length: 11 }, (_, i) => "w" + i);
  assert.equal(f({ type: "fill_blanks" }, many), many.join(" | ")); // 10 strings at most
  assert.equal(f(Q.likert, undefined), null);
  const open = f(Q.open, "a\r\nb ".repeat(3000));
  assert.ok(open.length <= 4000 && !/[\r\n]/.test(open));
  assert.equal(f(Q.short, "x".repeat(400)).length, 250);
  // An unknown type throws: never another type's format, never wrong SCORM data.
  assert.throws(() => f({ type: "unknown" }, "text"), /unknown question type: unknown/);
  assert.throws(() => f({ type: "constructor" }, "text"), /unknown question type/);
});

test("interaction times: HH:MM:SS in 1.2, 2 decimals of seconds at most in 2004", () => {
  const d = new Date(Date.UTC(2026, 11, 3, 8, 48, 23, 161));
  assert.equal(Scorm.timestamp(d, "scorm2004"), "2026-12-03T08:48:23.16Z");
  assert.equal(Scorm.timestamp(new Date(Date.UTC(2026, 0, 1)), "scorm2004"), "2026-01-01T00:00:00.00Z");
  assert.match(Scorm.timestamp(d, "scorm12"), /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
});

test("scores are plain decimal strings", () => {
  assert.equal(Scorm.decimal(100, 2), "100");
  assert.equal(Scorm.decimal(66.666666, 2), "66.67");
  assert.equal(Scorm.decimal(0.1 + 0.2, 4), "0.3");
  assert.equal(Scorm.decimal(1e-9, 4), "0");
  assert.equal(Scorm.decimal(-0.00001, 2), "0");
  assert.equal(Scorm.decimal(1e21 / 1e19, 2), "100");
});

// --- finding the API ----------------------------------------------------------------------

test("the API is found up the parents, then on the opener, across foreign frames", () => {
  const api = { name: "lms" };
  const top = { API: api };
  top.parent = top;
  const foreign = { parent: top };
  Object.defineProperty(foreign, "API", { get() { throw new Error("SecurityError"); } });
  const frame = { parent: foreign };
  frame.top = top;
  assert.equal(Scorm.findAPI("API", frame), api);
  assert.equal(Scorm.findAPI("API_1484_11", frame), null);
  const opener = { API_1484_11: api };
  opener.parent = opener;
  const popup = { opener };
  popup.parent = popup;
  popup.top = popup;
  assert.equal(Scorm.findAPI("API_1484_11", popup), api);
  // A frame inside a pop-up: the API is on the top window's opener.
  const inner = { parent: popup, top: popup };
  assert.equal(Scorm.findAPI("API_1484_11", inner), api);
  // A loop of parents ends.
  const a = {}, b = { parent: a };
  a.parent = b;
  assert.equal(Scorm.findAPI("API", a), null);
});

// --- every response passes the strict checker of the browser tests -----------------------

test("every response format is one the strict checker (and Moodle) accepts", () => {
  const { checker } = require("./cmi-strict.js");
  // every response of the spec the runtime writes, and texts at their longest
  const cases = SPEC.flatMap((entry) => entry.responses.map((c) => [entry, c.response]));
  const long = (name, response) => [SPEC.find((entry) => entry.name === name), response];
  cases.push(long("short", "{lang=fr} x\n[,]y " + "é".repeat(300)),
    long("open", "\u2028{".repeat(3000)));
  for (const standard of STANDARDS) {
    const field = standard === "scorm12" ? "student_response" : "learner_response";
    let checked = 0;
    cases.forEach(([entry, r], n) => {
      const value = Questions.formatResponse(standard, entry.question, r);
      if (value === null) return;
      const check = checker(standard);
      assert.equal(check(`cmi.interactions.${n}.type`, entry[standard].type), null);
      assert.equal(check(`cmi.interactions.${n}.${field}`, value), null,
        `${standard} ${entry.name}: ${value}`);
      checked++;
    });
    const written = SPEC.flatMap((entry) => entry.responses.filter((c) => c[standard] !== null));
    assert.equal(checked, written.length + 2, standard); // every one the spec writes, and both long

  }
});

// --- the scripts as a page loads them -----------------------------------------------------

test("each runtime script defines one global, in the order the SCO page loads them", () => {
  const fs = require("node:fs");
  const vm = require("node:vm");
  const context = vm.createContext({});
  const globals = [];
  for (const [file, name] of [["liane-grading.js", "LianeGrading"], ["liane-scorm.js", "LianeScorm"],
    ["liane-state.js", "LianeState"], ["liane-questions.js", "LianeQuestions"],
    ["liane-runtime.js", "LianeRuntime"]]) {
    const source = fs.readFileSync(path.join(__dirname, "../../static", file), "utf8");
    vm.runInContext(source, context, { filename: file }); // no window: nothing starts
    globals.push(name);
    assert.deepEqual(Object.keys(context).sort(), globals.slice().sort(), file);
  }
  // The browser tests decode the state through the page controller.
  assert.equal(context.LianeRuntime.decodeState, context.LianeState.decodeState);
  assert.equal(Runtime.encodeState, State.encodeState);
});

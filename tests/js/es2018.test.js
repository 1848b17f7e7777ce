// Every script a learner's browser runs parses as ECMAScript 2018, as classic scripts: the
// browsers of 2018 (Safari 12, Chrome 64) refuse the whole file on one newer token (`?.`,
// `??`, `??=`, class fields, numeric separators...), and a package then shows no quiz.
// tsc's target es2018 does not catch it (it checks types, emits nothing, and lets newer
// syntax through), so acorn (a devDependency, nothing shipped) parses each file here.
// The list: export/site.py's RUNTIME_SCRIPTS (what a package ships), the kit's projection
// mode and the player's own script; every other static/*.js too, so a new one is covered.
// Run: node --test tests/js/
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const acorn = require("acorn");

const ROOT = path.join(__dirname, "../..");
const STATIC = path.join(ROOT, "static");

/** Parses a classic script as a 2018 browser would; throws a SyntaxError on newer syntax. */
const parse2018 = (source) => acorn.parse(source, { ecmaVersion: 2018, sourceType: "script" });

/** The runtime's scripts, read from export/site.py so the list is never copied. */
function runtimeScripts() {
  const site = fs.readFileSync(path.join(ROOT, "export/site.py"), "utf8");
  const block = /RUNTIME_SCRIPTS = \(([^)]*)\)/.exec(site);
  assert.ok(block, "RUNTIME_SCRIPTS not found in export/site.py");
  return Array.from(block[1].matchAll(/"([^"]+\.js)"/g), (m) => m[1]);
}

const SHIPPED = [...runtimeScripts(), "liane-projection.js", "liane.js"];
const ALL = fs.readdirSync(STATIC).filter((name) => name.endsWith(".js")).sort();

test("the shipped list is the runtime's six scripts, projection mode and the player's", () => {
  assert.deepEqual(SHIPPED, ["liane-grading.js", "liane-scorm.js", "liane-state.js",
    "liane-questions.js", "liane-runtime.js", "liane-pairs.js", "liane-projection.js", "liane.js"]);
  SHIPPED.forEach((name) => assert.ok(ALL.includes(name), name + " is not in static/"));
});

for (const name of ALL) {
  test(`static/${name} parses as ECMAScript 2018`, () => {
    const source = fs.readFileSync(path.join(STATIC, name), "utf8");
    try {
      parse2018(source);
    } catch (error) {
      assert.fail(`static/${name}: ${error.message} (newer than ES2018)`);
    }
  });
}

// The check itself: each of these is refused, at the newer token.
const NEWER = [
  ["optional chaining", "var a = {}; var b = a?.c;", "Unexpected token (1:22)"],
  ["nullish coalescing", "var a = null; var b = a ?? 1;", "Unexpected token (1:25)"],
  ["logical assignment", "var a = null; a ??= 1;", "Unexpected token (1:17)"],
  ["optional catch binding", "try { f(); } catch { }", "Unexpected token (1:19)"],
  ["numeric separator", "var n = 1_000;", "Identifier directly after number (1:9)"],
  ["class field", "class A { x = 1; }", "Unexpected token (1:12)"],
  ["bigint", "var n = 10n;", "Identifier directly after number (1:10)"],
];
for (const [what, source, message] of NEWER) {
  test(`${what} is refused`, () => {
    assert.throws(() => parse2018(source), { name: "SyntaxError", message });
  });
}

// And a shipped script with one `?.` in it is refused by the same check as the files above.
test("a runtime with a `?.` added fails the check", () => {
  const source = fs.readFileSync(path.join(STATIC, "liane-runtime.js"), "utf8")
    .replace("const status = document.getElementById(\"liane-status\");",
      "const status = document?.getElementById(\"liane-status\");");
  assert.ok(source.includes("document?.getElementById"), "the line to change was not found");
  assert.throws(() => parse2018(source), { name: "SyntaxError", message: /^Unexpected token/ });
});

test("ES2018 itself passes: spread in objects, async iteration, regexp named groups", () => {
  parse2018("var o = {...{a: 1}}; async function f(xs) { for await (const x of xs) {} }"
    + " var r = /(?<y>\\d{4})/u;");
});

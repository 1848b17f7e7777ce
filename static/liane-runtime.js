/* Liane SCORM runtime: makes an exported page (each lesson and quiz of a SCO in a hidden
 * section.sco-item) a SCORM 1.2 or 2004 SCO, or a standalone page saved in localStorage.
 * LianeGrading plans and grades. LMSs differ: never decide from a value we wrote, write plain
 * decimals, keep exit "suspend" until the learner is done, never lower a status, never rely
 * on unload. Node's require() returns window.LianeRuntime.
 */
var LianeRuntime = (function () {
"use strict";

const G = typeof LianeGrading !== "undefined" ? LianeGrading : require("./liane-grading.js");
const LIMITS = { scorm12: 4096, scorm2004: 64000 }; // characters of cmi.suspend_data

const safe = (f, otherwise) => { try { return f(); } catch (e) { return otherwise; } };
const own = (o, k) => o !== null && typeof o === "object"
  && Object.prototype.hasOwnProperty.call(o, k);
const pad = (n) => String(n).padStart(2, "0");
const esc = (t) => String(t).replace(/[&<>"]/g, (c) => "&#" + c.charCodeAt(0) + ";");
const fill = (label, value) => label.replace(/%\(\w+\)s/, value);
const all = (sel, root = document) => Array.from(root.querySelectorAll(sel));

// A plain decimal string ("0.5"; never "5e-7" nor "-0"), as CMIDecimal wants.
function decimal(x, places) {
  const s = Number(x).toFixed(places).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}
// At most n UTF-16 units, never half a surrogate pair.
const cut = (t, n) => t.slice(0, /[\ud800-\udbff]/.test(t[n - 1]) ? n - 1 : n);
// One line (LMSs check texts with "." regexes), no 2004 delimiter nor leading "{" ({lang=}).
const cmiText = (t, n) => cut(String(t).replace(/\s+/g, " ").trim()
  .replace(/\[([,.:])\]/g, "($1)").replace(/^\{/, "("), n);

// session_time: SCORM 1.2 HHHH:MM:SS.SS (2 to 4 hour digits), 2004 ISO 8601 (PT1H2M3.5S).
function sessionTime(ms, standard) {
  const cs = Math.max(0, Math.round((Number(ms) || 0) / 10)); // centiseconds
  const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = cs % 6000 / 100;
  if (standard !== "scorm12") {
    return "PT" + ((h ? h + "H" : "") + (m ? m + "M" : "") + (s ? decimal(s, 2) + "S" : "") || "0S");
  }
  return h > 9999 ? "9999:59:59.99" : [h, m, Math.floor(s)].map(pad).join(":") + "." + pad(cs % 100);
}

// Unique per quiz, question and attempt; a CMIIdentifier of 250 characters at most.
function interactionId(quiz, question, attempt) {
  const clean = (s, n) => String(s).replace(/[^\w-]/g, "_").slice(0, n);
  return clean(quiz, 120) + "-" + clean(question, 115) + "-" + attempt;
}

// A question and its response as an interaction: {type, response, pattern} in the
// standard's format, null where there is nothing valid to write.
function formatInteraction(standard, q, r) {
  const v12 = standard === "scorm12", given = r == null ? [] : [].concat(r);
  const list = (xs) => xs.join(v12 ? "," : "[,]");
  const pairs = (ps) => list(ps.map((p) => p.join(v12 ? "." : "[.]")));
  const text = (t, n) => typeof t === "string" && cmiText(t, n || (v12 ? 255 : 250));
  const num = (x) => x !== null && /^-?\d{1,10}(\.\d{1,18})?$/.test(x = decimal(x, 10)) && x;
  const tf = (b) => typeof b === "boolean" && (v12 ? String(b)[0] : String(b));
  const ids = (keep) => list(q.options.filter(keep).map((o) => o.id));
  // 2004: a text per blank (10 at most); 1.2: one text
  const blanks = (ts) => (v12 ? cut(ts.map((t) => cmiText(t, 255)).join(","), 255)
    : ts.length > 10 ? text(ts.join(" | ")) : list(ts.map((t) => text(t))));
  const FORMATS = { // type: () => [interaction type, response, pattern]
    single_choice: () => ["choice", ids((o) => given.includes(o.id)), ids((o) => o.correct)],
    true_false: () => ["true-false", tf(r), tf(q.answer)],
    short_answer: () => ["fill-in", text(r), q.answers.length && text(q.answers[0])],
    numeric: () => ["numeric", num(G.parseNumber(typeof r === "string" ? r : "")),
      num(q.answer) && (v12 || !q.tolerance ? num(q.answer) // 2004: a range, min[:]max
        : num(q.answer - q.tolerance) + "[:]" + num(q.answer + q.tolerance))],
    matching: () => ["matching", pairs(q.lefts.filter((l) => own(r, l.id)
      && typeof r[l.id] === "string" && r[l.id]).map((l) => [l.id, r[l.id]])), pairs(q.solution)],
    ordering: () => ["sequencing", list(given.filter((x) => typeof x === "string" && x)),
      list(q.solution)],
    fill_blanks: () => ["fill-in", Array.isArray(r)
      && blanks(r.map((t) => (typeof t === "string" ? t : ""))),
      blanks(q.blanks.map((b) => b.answers[0] || ""))],
    likert: () => ["likert", q.statements.filter((s) => own(r, s.id) && Number.isInteger(r[s.id]))
      .map((s) => s.id + "/" + r[s.id]).join(";")],
    open: () => [v12 ? "fill-in" : "long-fill-in", text(r, v12 ? 255 : 4000)]
  };
  FORMATS.multiple_choice = FORMATS.single_choice;
  const [type, response, pattern] = (FORMATS[q.type] || FORMATS.open)();
  return { type, response: response || null, pattern: pattern || null };
}

// --- suspend_data ---
// The state: {version, item, seen (item indexes), rank (in STATUSES), count (interactions
// written), quizzes}, each quiz null or a QuizRecord (attempts, best_score, passed) with its
// current attempt's seed, graded, checked (question indexes) and responses (by question).
// Written as JSON without keys, index lists as hex bits: [1, version, item, seen, rank,
// count, quiz...], a quiz 0 or [attempts, best_score x 10000 or -1, passed, seed or -1,
// 1 if graded else checked, response or 0...].

const toBits = (list) => {
  const bits = [];
  list.forEach((i) => { if (i >= 0 && i < 1e5) bits[i >> 2] |= 1 << (i & 3); });
  return Array.from(bits, (b) => (b || 0).toString(16)).join("");
};
const fromBits = (hex) => String(hex || "").split("").flatMap((c, k) =>
  [0, 1, 2, 3].filter((b) => parseInt(c, 16) & (1 << b)).map((b) => k * 4 + b));
const blank = (x) => x == null || x === "" || (Array.isArray(x) ? x.every((e) => e === "")
  : typeof x === "object" && !Object.keys(x).length);

function pack(s, keep) { // keep(response): what is written of it; no responses without keep
  return [1, cut(String(s.version || ""), 40), s.item || 0, toBits(s.seen || []), s.rank || 0,
    s.count || 0].concat((s.quizzes || []).map((r) => {
    if (!r) return 0;
    const row = [r.attempts || 0, r.best_score == null ? -1 : Math.round(r.best_score * 1e4),
      r.passed ? 1 : 0, Number.isInteger(r.seed) ? r.seed : -1,
      r.graded ? 1 : toBits(r.checked || []) || 0]
      .concat(keep ? (r.responses || []).map((x) => (blank(x) ? 0 : keep(x))) : []);
    while (row.length > 5 && row[row.length - 1] === 0) row.pop();
    return row;
  }));
}

// The suspend_data text, never longer than limit: the learner's texts cut fairly if needed
// (short ones kept, long ones cut to one length), else no responses, else the essentials.
function encodeState(state, limit = LIMITS.scorm12) {
  const size = (t) => JSON.stringify(t).length - 2; // escaped length
  const json = (keep) => JSON.stringify(pack(state, keep));
  // Each string in a response, as JSON.stringify's replacer sees them.
  const strings = (x, f) => JSON.stringify(x, (k, v) => (typeof v === "string" ? f(v) : v));
  let text = json((x) => x);
  if (text.length > limit) {
    const sizes = [];
    json((x) => strings(x, (v) => { sizes.push(size(v)); return v; }));
    sizes.sort((a, b) => a - b);
    // Water-filling: the largest cap such that the sum of min(size, cap) fits the budget.
    let budget = limit - text.length + sizes.reduce((t, n) => t + n, 0), cap = Infinity;
    for (let i = 0; i < sizes.length && cap === Infinity; i++) {
      const share = Math.floor(budget / (sizes.length - i));
      if (sizes[i] > share) cap = share;
      budget -= sizes[i];
    }
    text = json((x) => JSON.parse(strings(x, (v) => {
      let kept = "", used = 0;
      for (const ch of v) { // by code point: JSON escapes character by character
        if ((used += size(ch)) > cap) break;
        kept += ch;
      }
      return kept;
    })));
  }
  if (text.length > limit) text = json(null);
  const { version, item, rank, count } = state;
  return text.length > limit ? JSON.stringify(pack({ version, item, rank, count })).slice(0, limit)
    : text;
}

// The state encodeState wrote, or null for anything else.
function decodeState(text) {
  const d = safe(() => JSON.parse(text));
  const int = (x, otherwise) => (Number.isInteger(x) && x >= 0 ? x : otherwise);
  return !Array.isArray(d) || d[0] !== 1 ? null : {
    version: String(d[1]), item: int(d[2], 0), seen: fromBits(d[3]),
    rank: Math.min(int(d[4], 0), 3), count: int(d[5], 0),
    quizzes: d.slice(6).map((q) => (!Array.isArray(q) ? null : {
      attempts: int(q[0], 0), best_score: int(q[1], -1) < 0 ? null : Math.min(q[1], 1e4) / 1e4,
      passed: q[2] === 1, seed: int(q[3], null), graded: q[4] === 1,
      checked: typeof q[4] === "string" ? fromBits(q[4]) : [],
      responses: q.slice(5).map((x) => (x === 0 ? null : x)) })) };
}

// --- the LMS ---

// The ADL search: win and its parents (500 at most), then the openers and their parents.
// Reading a frame of another origin throws: skip it.
function findAPI(name, win) {
  const search = (w) => {
    for (let n = 0; w && n < 500; n++) {
      const api = safe(() => w[name]), up = safe(() => w.parent);
      if (api) return api;
      if (!up || up === w) break;
      w = up;
    }
    return null;
  };
  return search(win) || search(safe(() => win.opener)) || search(safe(() => win.top.opener));
}

function start() {
  const course = window.LIANE_COURSE;
  if (!course || !document.querySelector(".sco-item")) return;
  // Some players inject the API late; a top window without opener has no player to wait for.
  const until = Date.now() + (safe(() => window.parent !== window || !!window.opener, true)
    ? 2000 : 0);
  (function look() {
    const api = findAPI(course.standard === "scorm12" ? "API" : "API_1484_11", window);
    if (api || Date.now() >= until) run(course, api); else setTimeout(look, 100);
  })();
}

// --- the page ---
const STATUSES = ["incomplete", "completed", "failed", "passed"]; // by rank
const rankOf = (status) => Math.max(0, STATUSES.indexOf(status));
let course, L, v12, api, state, sections, quizzes, storeKey, started, timer;
let closed = true, online = false, ended = false, review = false;
const written = {}; // values sent in this session, never sent again

// The API by its standard's names: nothing before Initialize nor after Terminate (closed).
const call = (fn, ...args) => (closed ? ""
  : safe(() => String(api[(v12 ? "LMS" : "") + fn](...args) ?? ""), "false"));
const get = (key) => call("GetValue", key);
function set(key, value) {
  value = String(value);
  if (written[key] !== value && call("SetValue", key, value) === "true") written[key] = value;
}
const commit = () => call("Commit", "");
const cmi = (key, key12) => (v12 ? "cmi.core." + (key12 || key) : "cmi." + key);
const graded = (quiz) => (quiz.kind || "graded") === "graded";
const focus = (el) => { if (el) { el.tabIndex = -1; el.focus(); } };
const status = (text) => { document.getElementById("liane-status").textContent = text; };

function run(data, found) {
  course = data; api = found; L = course.labels; v12 = course.standard === "scorm12";
  closed = !api;
  online = call("Initialize", "") === "true";
  closed = !online;
  started = Date.now();
  sections = all("section.sco-item"); // in the order of course.items
  // A course may have one page per module: its first item tells them apart.
  storeKey = "liane:" + course.id + "@" + course.version + ":" + course.items[0].id;
  // Each quiz: its data, section, form, record (in state) and plan (of the current attempt).
  quizzes = course.quizzes.map((quiz, qi) => {
    const section = sections[course.items.findIndex((i) => i.id === quiz.id)];
    return { quiz, qi, section, form: section.querySelector("form"), plan: null,
      get rec() { return state.quizzes[qi]; } };
  });

  // Where the learner was: suspend_data (or the location alone), else localStorage.
  const saved = online ? get("cmi.suspend_data") : safe(() => localStorage.getItem(storeKey));
  const location = get(cmi("location", "lesson_location"));
  review = get(cmi("mode", "lesson_mode")) === "review"; // "" is normal
  // Read once, only never to write lower if our own state was lost.
  const was = rankOf(v12 ? get("cmi.core.lesson_status")
    : get("cmi.success_status") === "passed" ? "passed" : get("cmi.completion_status"));
  if (!online) status(L.standalone);
  state = decodeState(saved);
  if (!state || state.version !== String(course.version)) { // none, or another version's
    state = { version: String(course.version), seen: [], quizzes: [],
      rank: state ? state.rank : 0, count: state ? state.count : 0,
      item: Math.max(0, course.items.findIndex((i) => i.id === location)) };
  }
  state.quizzes = course.quizzes.map((q, k) => state.quizzes[k] || null);
  state.seen = state.seen.filter((i) => i < sections.length);
  if (!sections[state.item]) state.item = 0;
  state.rank = Math.max(state.rank, was);
  const count = get("cmi.interactions._count"); // the LMS's count, if it says
  if (/^\d+$/.test(count)) state.count = +count;

  quizzes.forEach((z) => { // each opened quiz: its attempt, answers, results or checks
    if (!z.rec || z.rec.seed === null) return;
    applyPlan(z);
    writeForm(z);
    if (z.rec.graded) showResult(z, G.gradeAttempt(z.quiz, z.plan, byId(z)));
    else z.rec.checked.forEach((k) => showChecked(z, k));
  });
  set(cmi("exit"), "suspend"); // early: an empty exit can start a new attempt next time
  goto(state.item, false);

  document.addEventListener("click", (event) => {
    const el = event.target.closest?.("[data-goto], [data-retry], [data-check], [data-finish], "
      + "#liane-finish, a[href]");
    const d = el ? el.dataset : {}, href = el && el.getAttribute("href");
    if (d.goto) {
      event.preventDefault();
      goto(+d.goto, true);
    } else if (d.retry) retry(quizzes[d.retry]);
    else if (d.check) check(quizzes.find((z) => z.form === el.form), el);
    else if (el && el.matches("[data-finish], #liane-finish")) finish(true);
    else if (href && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) {
      // A lesson's link to another item of the page: "<item id>.html", maybe "#anchor".
      const id = safe(() => decodeURIComponent(href.split("#")[0].replace(/^\.\//, ""))
        .replace(/\.html$/, "")); // undefined for a malformed %-escape
      const index = course.items.findIndex((i) => i.id === id);
      if (index >= 0) { event.preventDefault(); goto(index, true); }
    }
  });
  quizzes.forEach((z) => {
    z.form.addEventListener("submit", (event) => { event.preventDefault(); submit(z); });
    const draft = () => { // answers not yet submitted: saved as the learner goes
      if (ended || !z.rec || z.rec.graded || !z.plan) return;
      z.rec.responses = readForm(z);
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    z.form.addEventListener("change", draft);
    z.form.addEventListener("input", draft);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !ended) { save(); commit(); }
  });
  window.addEventListener("pagehide", () => finish(false));
}

function save() {
  clearTimeout(timer);
  const text = encodeState(state, LIMITS[course.standard]);
  if (online) set("cmi.suspend_data", text);
  else safe(() => localStorage.setItem(storeKey, text)); // full or blocked: never mind
}

// Score and status, from LianeGrading.courseStatus and the course's completion rule.
function report() {
  if (!online || review) return;
  const st = G.courseStatus(course, state.seen.map((i) => course.items[i].id),
    Object.fromEntries(quizzes.map((z) => [z.quiz.id, z.rec])));
  if (st.score !== null && quizzes.some((z) => graded(z.quiz) && (z.rec || {}).attempts)) {
    set(cmi("score.min"), "0"); // 0..100: one player divides raw by 100 whatever max says
    set(cmi("score.max"), "100");
    set(cmi("score.raw"), decimal(st.score * 100, 2));
    if (!v12) set("cmi.score.scaled", decimal(st.score, 4));
  }
  // Some LMSs lock out a "failed" learner: failed_as "incomplete" reports that instead.
  const rank = st.state === "failed" && course.failed_as === "incomplete" ? 0 : rankOf(st.state);
  if (rank < state.rank) return; // never downgrade
  state.rank = rank;
  if (v12) set("cmi.core.lesson_status", STATUSES[rank]);
  else { // completion and success are separate in 2004
    set("cmi.completion_status", st.completed || rank % 2 ? "completed" : "incomplete");
    if (rank >= 2) set("cmi.success_status", STATUSES[rank]);
  }
}
const saveAll = () => { save(); report(); commit(); };

// One section shown; the location (bookmark) is the item's id.
function goto(index, moveFocus) {
  if (ended || !sections[index]) return;
  sections.forEach((s, k) => { s.hidden = k !== index; });
  all(".sco-outline a").forEach((a) => a.setAttribute("aria-current",
    a.dataset.goto === String(index) ? "step" : "false"));
  state.item = index;
  if (!state.seen.includes(index)) state.seen.push(index);
  const z = quizzes.find((x) => x.section === sections[index]);
  if (z) openQuiz(z);
  if (moveFocus) focus(sections[index].querySelector("h1, h2"));
  const id = course.items[index].id;
  set(cmi("location", "lesson_location"), id.length <= 255 ? id : String(index));
  saveAll();
}

// --- quizzes ---
const left = (z) => { // attempts left, null when unlimited
  const max = z.quiz.max_attempts;
  return max ? Math.max(0, max - ((z.rec || {}).attempts || 0)) : null;
};
const boxOf = (z, qid) => all("fieldset[data-question]", z.form)
  .find((b) => b.dataset.question === qid);
const indexOf = (z, qid) => z.quiz.questions.findIndex((q) => q.id === qid);
const lock = (z, on) => Array.from(z.form.elements).forEach((e) => { e.disabled = on; });
const newSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 1; // 31 bits
const button = (data, label) => '<p class="actions"><button type="button" '
  + 'class="button secondary" ' + data + ">" + esc(label) + "</button></p>";
// The responses by question id, as the grader takes them (the state keeps them by index).
const byId = (z) => Object.fromEntries(z.quiz.questions
  .map((q, k) => [q.id, z.rec.responses[k] ?? null]));

function openQuiz(z) { // first display: an attempt with a new seed
  if (!z.rec) state.quizzes[z.qi] = { attempts: 0, best_score: null, passed: false, seed: null,
    graded: false, checked: [], responses: [] };
  if (z.rec.seed === null) z.rec.seed = newSeed();
  if (!z.plan) applyPlan(z);
  showLeft(z);
}
function showLeft(z) {
  const rest = left(z);
  if (rest !== null) z.section.querySelector("[data-quiz-meta]").textContent = rest
    ? fill(L.attempts_left, rest) : L.no_attempt_left;
}

// The drawn questions in the plan's order, renumbered, their parts in the plan's order;
// with immediate feedback, a button to check each answer (hidden once reviewed).
function applyPlan(z) {
  const plan = z.plan = G.planAttempt(z.quiz, z.rec.seed);
  all("fieldset[data-question]", z.form).forEach((box) => {
    box.hidden = !plan.questions.includes(box.dataset.question);
  });
  plan.questions.forEach((qid, k) => {
    const box = boxOf(z, qid);
    if (!box) return;
    z.form.insertBefore(box, z.form.querySelector(":scope > .actions"));
    box.querySelector(".question-n").textContent = k + 1;
    (plan.orders[qid] || []).forEach((id) => all(".options input, option", box).forEach((e) => {
      const part = e.tagName === "OPTION" ? e : e.closest("li");
      if (e.value === id) part.parentNode.appendChild(part);
    }));
    if (z.quiz.feedback === "immediate" && !box.querySelector("[data-check]")) {
      box.querySelector(".question-feedback").insertAdjacentHTML("beforebegin",
        button('data-check="' + esc(qid) + '"', L.check));
    }
  });
}

// Answers in several fields, named q-<question id>-<suffix>: [key in the response, suffix]
// of each part, and how a part's value is kept (null: left out).
const keepText = (v) => Array.from(v).slice(0, 10000).join(""); // as engine/responses.py
const PARTS = {
  matching: [(q) => q.lefts.map((l) => [l.id, l.id]), (v) => v || null],
  ordering: [(q) => q.items.map((x, i) => [i, i + 1]), (v) => v],
  fill_blanks: [(q) => q.blanks.map((b, i) => [i, b.id]), keepText],
  likert: [(q) => q.statements.map((s) => [s.id, s.id]), (v) => (/^\d+$/.test(v) ? +v : null)]
};

// The responses by question index, read as engine/responses.py reads a submitted form; a
// checked answer is final: the one saved.
function readForm(z) {
  const data = new FormData(z.form);
  const field = (name) => { const v = data.get(name); return typeof v === "string" ? v : null; };
  return z.quiz.questions.map((q, k) => {
    const name = "q-" + q.id, v = field(name), [parts, keep] = PARTS[q.type] || [];
    if (!z.plan.questions.includes(q.id)) return null;
    if (z.rec.checked.includes(k)) return z.rec.responses[k] ?? null;
    if (parts) {
      const values = parts(q).map(([at, suffix]) => [at, keep(field(name + "-" + suffix) || "")])
        .filter((e) => e[1] !== null);
      return q.type === "ordering" || q.type === "fill_blanks" ? values.map((e) => e[1])
        : Object.fromEntries(values);
    }
    return q.type === "multiple_choice" ? data.getAll(name).filter((x) => typeof x === "string")
      : q.type === "true_false" ? (v === "true" ? true : v === "false" ? false : null)
      : v === null ? null : keepText(v); // single choice, short answer, numeric, open
  });
}

// The saved responses back into the form.
function writeForm(z) {
  z.quiz.questions.forEach((q, k) => {
    const r = z.rec.responses[k] ?? null, name = "q-" + q.id, parts = PARTS[q.type];
    const put = (field, v) => Array.from(z.form.elements).forEach((e) => {
      if (e.name !== field) return;
      if (/radio|checkbox/.test(e.type)) e.checked = [].concat(v).map(String).includes(e.value);
      else e.value = typeof v === "string" ? v : "";
    });
    if (!parts) put(name, r);
    else parts[0](q).forEach(([at, suffix]) => put(name + "-" + suffix, own(r, at) ? r[at] : ""));
  });
}

function submit(z) {
  const rec = z.rec;
  if (ended || !rec || rec.graded || left(z) === 0) return;
  rec.responses = readForm(z);
  const result = G.gradeAttempt(z.quiz, z.plan, byId(z));
  rec.attempts++;
  rec.graded = true;
  if (result.score !== null) rec.best_score = Math.max(rec.best_score || 0, result.score);
  if (result.passed) rec.passed = true;
  if (online && !review) writeInteractions(z, result);
  showResult(z, result);
  saveAll();
  focus(z.section.querySelector(".quiz-result"));
}

// Immediate feedback: one answer graded, its review shown, its fields locked.
function check(z, el) {
  const k = indexOf(z, el.dataset.check);
  if (ended || k < 0 || !z.rec || z.rec.graded || z.rec.checked.includes(k)) return;
  z.rec.responses = readForm(z);
  z.rec.checked.push(k);
  focus(showChecked(z, k));
  save();
  commit();
}
function showChecked(z, k) {
  const q = z.quiz.questions[k], box = q && boxOf(z, q.id);
  if (!box) return null;
  box.disabled = true;
  box.querySelector("[data-check]")?.parentNode.remove();
  return showReview(box, q, G.grade(q, z.rec.responses[k] ?? null), true);
}

// One interaction per answered question of the attempt, at the next free index.
function writeInteractions(z, result) {
  z.plan.questions.forEach((qid) => {
    const k = indexOf(z, qid), q = z.quiz.questions[k], r = z.rec.responses[k];
    const grade = result.grades[qid], now = new Date();
    if (!grade || !grade.answered || (q.type === "ordering" && !r.some(Boolean))) return;
    const f = formatInteraction(course.standard, q, r);
    // The prompt's text for 2004 (DOMParser loads no image).
    const prompt = !v12 && new DOMParser().parseFromString(q.prompt || "", "text/html").body;
    const fields = {
      id: interactionId(z.quiz.id, q.id, z.rec.attempts), type: f.type,
      description: prompt && cmiText(prompt.textContent, 250),
      weighting: decimal(graded(z.quiz) && G.hasKey(q) ? Math.min(100, q.points) : 0, 4),
      "correct_responses.0.pattern": f.pattern,
      [v12 ? "student_response" : "learner_response"]: f.response,
      result: grade.correct === null ? "neutral" : grade.correct ? "correct"
        : v12 ? "wrong" : "incorrect",
      [v12 ? "time" : "timestamp"]: v12 ? [now.getHours(), now.getMinutes(), now.getSeconds()]
        .map(pad).join(":") : now.toISOString()
    };
    const at = "cmi.interactions." + state.count++ + ".";
    for (const key in fields) if (fields[key]) set(at + key, fields[key]);
  });
}

const p = (cls, text) => '<p class="' + cls + '">' + esc(text) + "</p>";
const div = (cls, html) => '<div class="' + cls + '">' + html + "</div>";
const pct = (x) => Math.round(x * 100);

// A question's verdict, feedback and explanation; with reveal, its right choices marked (as
// the player does: choices and true/false only). Returns the feedback's element.
function showReview(box, q, grade, reveal) {
  const out = box.querySelector(".question-feedback");
  const right = q.type === "true_false" ? [String(q.answer)]
    : (q.options || []).filter((o) => o.correct).map((o) => o.id);
  const html = (grade.correct ? p("verdict-title is-right", L.right)
    : grade.correct === false && grade.score > 0
      ? p("verdict-title is-partial", L.partly + " (" + pct(grade.score) + " %)")
    : grade.correct === false ? p("verdict-title is-wrong", L.wrong) : "")
    + grade.feedback.map((t) => div("feedback-text", t)).join("")
    + (q.explanation ? div("explanation", p("explanation-title", L.explanation) + q.explanation)
      : "");
  out.innerHTML = html && div("verdict", html);
  if (reveal && !box.querySelector(".mark")) all(".option", box).forEach((li) => {
    if (!right.includes(li.querySelector("input").value)) return;
    li.classList.add("is-right");
    li.querySelector("label").insertAdjacentHTML("beforeend",
      ' <span class="mark">' + esc(L.right_answer) + "</span>");
  });
  return out;
}

// Each question's review (unless feedback is "none"), right answers marked once they can no
// longer help: passed, no attempt left, or a survey; then the score and what next.
function showResult(z, result) {
  const quiz = z.quiz, rest = left(z), reveal = z.rec.passed || rest === 0 || !graded(quiz);
  const outcome = result.outcome, colon = /^fr/.test(course.language) ? " : " : ": ";
  z.form.classList.add("is-reviewed");
  lock(z, true);
  quiz.questions.forEach((q) => {
    const box = boxOf(z, q.id);
    if (box && result.grades[q.id] && quiz.feedback !== "none") {
      showReview(box, q, result.grades[q.id], reveal);
    }
  });
  const box = z.section.querySelector(".quiz-result");
  box.innerHTML = (!graded(quiz) ? p("score", fill(L.your_total, decimal(result.survey_total, 2)))
      + (outcome ? div("outcome", p("outcome-title", outcome.title) + (outcome.text || "")) : "")
    : (result.score === null ? "" : p("score", L.score + colon + pct(result.score) + " % ("
      + decimal(result.points_earned, 2) + " / " + decimal(result.points_possible, 2) + ")"))
      + p("verdict-title " + (result.passed ? "is-right" : "is-wrong"),
        result.passed ? L.passed : L.not_passed))
    + (rest === null ? "" : p("attempts", rest ? fill(L.attempts_left, rest) : L.no_attempt_left))
    + (rest === 0 ? "" : button('data-retry="' + z.qi + '"', L.retry));
  box.hidden = false;
  showLeft(z);
}

function retry(z) { // a new attempt: new seed, new plan, an empty form
  if (ended || !z.rec.graded || left(z) === 0) return;
  Object.assign(z.rec, { seed: newSeed(), graded: false, checked: [], responses: [] });
  z.form.reset();
  z.form.classList.remove("is-reviewed");
  lock(z, false);
  all(".question-feedback", z.form).forEach((e) => { e.innerHTML = ""; });
  all(".mark", z.form).forEach((e) => e.remove());
  all(".is-right", z.form).forEach((e) => e.classList.remove("is-right"));
  z.section.querySelector(".quiz-result").hidden = true;
  applyPlan(z);
  showLeft(z);
  save();
  commit();
  focus(z.section.querySelector("h1"));
}

// The end. Exit stays "suspend" unless the course is done and the learner chose to finish.
function finish(byLearner) {
  if (ended) return;
  ended = true;
  set(cmi("exit"), byLearner && state.rank >= 1 ? (v12 ? "" : "normal") : "suspend");
  set(cmi("session_time"), sessionTime(Date.now() - started, course.standard));
  save();
  commit();
  call(v12 ? "Finish" : "Terminate", "");
  closed = true;
  if (!byLearner) return;
  const main = document.getElementById("main");
  status(L.finished);
  all(".sco-item, .sco-outline").forEach((e) => { e.hidden = true; });
  all("#liane-finish, [data-finish]").forEach((b) => { b.disabled = true; });
  main.insertAdjacentHTML("afterbegin", p("card sco-finished", L.finished));
  focus(main.firstElementChild);
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

return { LIMITS, encodeState, decodeState, sessionTime, formatInteraction, interactionId, decimal,
  findAPI };
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeRuntime; }

/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
/* Liane SCORM runtime: see docs/runtime.md. Node's require() returns window.LianeRuntime. */
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

// as in export/interactions.py
function decimal(x, places) {
  const s = Number(x).toFixed(places).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}
const cut = (t, n) => t.slice(0, /[\ud800-\udbff]/.test(t[n - 1]) ? n - 1 : n);
const cmiText = (t, n) => cut(String(t).replace(/\s+/g, " ").trim()
  .replace(/\[([,.:])\]/g, "($1)").replace(/^\{/, "("), n);

function sessionTime(ms, standard) {
  const cs = Math.max(0, Math.round((Number(ms) || 0) / 10)); // centiseconds
  const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = cs % 6000 / 100;
  if (standard !== "scorm12") {
    return "PT" + ((h ? h + "H" : "") + (m ? m + "M" : "") + (s ? decimal(s, 2) + "S" : "") || "0S");
  }
  return h > 9999 ? "9999:59:59.99" : [h, m, Math.floor(s)].map(pad).join(":") + "." + pad(cs % 100);
}
// an interaction's time: 2004 takes 2 decimals of seconds at most, 1.2 none
const timestamp = (d, standard) => (standard === "scorm12" ? d.toTimeString().slice(0, 8)
  : d.toISOString().replace(/(\.\d\d)\d*/, "$1"));

// The form fields and SCORM formats of each question type; see QUESTION_TYPES below
const keepText = (v) => Array.from(v).slice(0, 10000).join("");
// as engine/responses.py; q.parts: [key in the response, field name] (export/site.py)
const partsList = (keep) => (q, data) => q.parts.map(([, f]) => keep(data.get(f) || ""));
const partsDict = (keep) => (q, data) => Object.fromEntries(q.parts
  .map(([at, f]) => [at, keep(data.get(f) || "")]).filter((e) => e[1] !== null));
const oneText = (q, data) => { const v = data.get("q-" + q.id); return v === null ? null : keepText(v); };
// as export/interactions.py writes patterns; null or false: nothing valid
const list = (v12, xs) => xs.join(v12 ? "," : "[,]");
const text = (v12, t, n = v12 ? 255 : 250) => typeof t === "string" && cmiText(t, n);
const given = (r) => (r == null ? [] : [].concat(r));
const choices = (q, r, v12) => list(v12, q.options.filter((o) => given(r).includes(o.id))
  .map((o) => o.id));

// One entry per question type (engine.model.QUESTION_CLASSES): read(q, FormData) reads its
// answer as engine/responses.py reads a form; response(q, r, v12) formats it for the SCORM
// interaction. questionType() throws on a type it does not know.
const QUESTION_TYPES = {
  single_choice: { read: oneText, response: choices },
  multiple_choice: { read: (q, data) => data.getAll("q-" + q.id), response: choices },
  true_false: {
    read: (q, data) => { const v = data.get("q-" + q.id); return v === "true" ? true : v === "false" ? false : null; },
    response: (q, r, v12) => typeof r === "boolean" && (v12 ? String(r)[0] : String(r)) },
  short_answer: { read: oneText, response: (q, r, v12) => text(v12, r) },
  numeric: { read: oneText, response: (q, r) => {
    const x = G.parseNumber(typeof r === "string" ? r : "");
    const d = x === null ? "" : decimal(x, 10);
    return /^-?\d{1,5}(\.\d+)?$/.test(d) && d; } },
  matching: { read: partsDict((v) => v || null),
    response: (q, r, v12) => list(v12, q.lefts.filter((l) => own(r, l.id)
      && typeof r[l.id] === "string" && r[l.id]).map((l) => l.id + (v12 ? "." : "[.]") + r[l.id])) },
  ordering: { read: partsList((v) => v),
    response: (q, r, v12) => list(v12, given(r)
      .filter((x) => typeof x === "string" && x)),
    interacts: (r) => r.some(Boolean) }, // no item placed: no interaction
  fill_blanks: { read: partsList(keepText), response: (q, r, v12) => {
    if (!Array.isArray(r)) return false;
    const ts = r.map((t) => (typeof t === "string" ? t : ""));
    return v12 ? cut(ts.map((t) => cmiText(t, 255)).join(","), 255)
      : ts.length > 10 ? text(v12, ts.join(" | ")) : list(v12, ts.map((t) => text(v12, t))); } },
  likert: { read: partsDict((v) => (/^\d+$/.test(v) ? +v : null)),
    response: (q, r, v12) => Number.isInteger(r) && r > 0
      && (v12 ? r < 36 && r.toString(36) : String(r)) },
  open: { read: oneText, response: (q, r, v12) => text(v12, r, v12 ? 255 : 4000) }
};

function questionType(type) {
  const entry = own(QUESTION_TYPES, type) ? QUESTION_TYPES[type] : null;
  if (!entry) throw new Error("unknown question type: " + type);
  return entry;
}

const formatResponse = (standard, q, r) =>
  questionType(q.type).response(q, r, standard === "scorm12") || null;

// suspend_data: see docs/runtime.md
const toBits = (list) => {
  const bits = [];
  list.forEach((i) => { if (i >= 0 && i < 1e5) bits[i >> 2] |= 1 << (i & 3); });
  return Array.from(bits, (b) => (b || 0).toString(16)).join("");
};
const fromBits = (hex) => String(hex || "").split("").flatMap((c, k) =>
  [0, 1, 2, 3].filter((b) => parseInt(c, 16) & (1 << b)).map((b) => k * 4 + b));
const blank = (x) => x == null || x === "" || (Array.isArray(x) ? x.every((e) => e === "")
  : typeof x === "object" && !Object.keys(x).length);

function pack(s, keep) { // keep(response): what is written of it
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

function encodeState(state, limit) {
  const size = (t) => JSON.stringify(t).length - 2; // escaped length
  const json = (keep) => JSON.stringify(pack(state, keep));
  const strings = (x, f) => JSON.stringify(x, (k, v) => (typeof v === "string" ? f(v) : v));
  let text = json((x) => x);
  if (text.length > limit) { // texts cut to one length (water-filling)
    const sizes = [];
    json((x) => strings(x, (v) => { sizes.push(size(v)); return v; }));
    sizes.sort((a, b) => a - b);
    let budget = limit - text.length + sizes.reduce((t, n) => t + n, 0), cap = Infinity;
    for (let i = 0; i < sizes.length && cap === Infinity; i++) {
      const share = Math.floor(budget / (sizes.length - i));
      if (sizes[i] > share) cap = share;
      budget -= sizes[i];
    }
    text = json((x) => JSON.parse(strings(x, (v) => {
      let kept = "", used = 0;
      for (const ch of v) { // by code point, as JSON escapes
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

function decodeState(text) { // null if not ours
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

// ADL's search; foreign frames throw
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
  // some players inject the API late
  const until = Date.now() + (safe(() => window.parent !== window || !!window.opener, true)
    ? 2000 : 0);
  (function look() {
    const api = findAPI(course.cmi.api, window);
    if (api || Date.now() >= until) run(course, api); else setTimeout(look, 100);
  })();
}

const STATUSES = ["incomplete", "completed", "failed", "passed"]; // by rank
const rankOf = (status) => Math.max(0, STATUSES.indexOf(status));
let course, L, N, v12, api, state, sections, quizzes, started, timer;
let closed = true, online = false, ended = false, review = false;
const written = {}; // accepted values, never sent again

const call = (fn, ...args) => (closed ? "" // before Initialize, after Terminate
  : safe(() => String(api[(v12 ? "LMS" : "") + fn](...args) ?? ""), "false"));
const get = (key) => call("GetValue", key);
function set(key, value) { // review mode: a finished attempt, never written again
  value = String(value);
  if (!review && written[key] !== value && call("SetValue", key, value) === "true") {
    written[key] = value;
  }
}
const commit = () => review || call("Commit", "");
const itemIndex = (id) => course.items.findIndex((i) => i.id === id);
const focus = (el) => { if (el) { el.tabIndex = -1; el.focus(); } };
const status = (text) => { document.getElementById("liane-status").textContent = text; };

function run(data, found) {
  course = data; api = found; L = course.labels; N = course.cmi; // names: export/site.py
  v12 = course.standard === "scorm12";
  closed = !api;
  online = call("Initialize", "") === "true";
  closed = !online;
  started = Date.now();
  sections = all("section.sco-item");
  quizzes = course.quizzes.map((quiz, qi) => {
    const section = sections[itemIndex(quiz.id)], form = section.querySelector("form");
    return { quiz, qi, section, form, boxes: all("fieldset[data-question]", form),
      result: section.querySelector(".quiz-result"), plan: null,
      get rec() { return state.quizzes[qi]; } };
  });

  const saved = online ? get("cmi.suspend_data")
    : safe(() => localStorage.getItem(course.store_key));
  const location = get(N.location);
  review = get(N.mode) === "review"; // "" is normal
  // only never to write lower
  const was = rankOf(v12 ? get("cmi.core.lesson_status")
    : get("cmi.success_status") === "passed" ? "passed" : get("cmi.completion_status"));
  if (!online) status(L.standalone);
  state = decodeState(saved);
  if (!state || state.version !== course.version) {
    state = { version: course.version, seen: [], quizzes: [],
      rank: state ? state.rank : 0, count: state ? state.count : 0,
      item: Math.max(0, itemIndex(location)) };
  }
  state.quizzes = course.quizzes.map((q, k) => state.quizzes[k] || null);
  state.seen = state.seen.filter((i) => i < sections.length);
  if (!sections[state.item]) state.item = 0;
  state.rank = Math.max(state.rank, was);
  const count = get("cmi.interactions._count");
  if (/^\d+$/.test(count)) state.count = +count;

  quizzes.forEach((z) => {
    if (!z.rec || z.rec.seed === null) return;
    applyPlan(z);
    writeForm(z);
    if (z.rec.graded) showResult(z, gradeAll(z));
    else z.rec.checked.forEach((k) => showChecked(z, k));
  });
  if (review) showFinished();
  set(N.exit, "suspend"); // early: an empty exit can mean a new attempt next time
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
    else if (href && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) { // "<item id>.html#anchor"
      const index = itemIndex(safe(() => decodeURIComponent(href.split("#")[0]
        .replace(/^\.\//, "")).replace(/\.html$/, "")));
      if (index >= 0) { event.preventDefault(); goto(index, true); }
    }
  });
  quizzes.forEach((z) => {
    z.form.addEventListener("submit", (event) => { event.preventDefault(); submit(z); });
    const draft = () => {
      if (ended || !z.rec || z.rec.graded || !z.plan) return;
      z.rec.responses = readForm(z);
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    z.form.addEventListener("change", draft);
    z.form.addEventListener("input", draft);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !ended) save(true);
  });
  window.addEventListener("pagehide", () => finish(false));
}

function save(andCommit) {
  clearTimeout(timer);
  const text = encodeState(state, LIMITS[course.standard]);
  if (online) set("cmi.suspend_data", text);
  else safe(() => localStorage.setItem(course.store_key, text)); // may be full or blocked
  if (andCommit === true) commit();
}

const courseStatus = () => G.courseStatus(course, state.seen.map((i) => course.items[i].id),
  Object.fromEntries(quizzes.map((z) => [z.quiz.id, z.rec])));
const scored = (st) => st.score !== null
  && quizzes.some((z) => G.isGraded(z.quiz) && (z.rec || {}).attempts);

function report(finishing) {
  if (!online || review) return;
  const st = courseStatus();
  const rank = st.state === "failed" && course.failed_as === "incomplete" ? 0 : rankOf(st.state);
  // 1.2: a score only once final, else a mastery override stores "failed"
  if (scored(st) && (!v12 || rank >= 2 || (finishing && rank))) {
    set(N.score + "min", "0"); // 0..100: an LMS divides raw by 100 whatever max says
    set(N.score + "max", "100");
    set(N.score + "raw", decimal(st.score * 100, 2));
    if (!v12) set("cmi.score.scaled", decimal(st.score, 4));
  }
  if (rank < state.rank) return;
  state.rank = rank;
  if (v12) set("cmi.core.lesson_status", STATUSES[rank]);
  else {
    set("cmi.completion_status", st.completed || rank % 2 ? "completed" : "incomplete");
    if (rank >= 2) set("cmi.success_status", STATUSES[rank]);
  }
}
const saveAll = () => { report(); save(true); };

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
  set(N.location, id.length <= 255 ? id : String(index));
  saveAll();
}

const left = (z, max = z.quiz.max_attempts) => (max // null: unlimited
  ? Math.max(0, max - ((z.rec || {}).attempts || 0)) : null);
const leftText = (rest) => (rest ? fill(L.attempts_left, rest) : L.no_attempt_left);
const boxOf = (z, qid) => z.boxes.find((b) => b.dataset.question === qid);
const indexOf = (z, qid) => z.quiz.questions.findIndex((q) => q.id === qid);
const lock = (z, on) => Array.from(z.form.elements).forEach((e) => { e.disabled = on; });
const newSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 1; // 31 bits
const button = (data, label) => '<p class="actions"><button type="button" '
  + 'class="button secondary" ' + data + ">" + esc(label) + "</button></p>";
const gradeAll = (z) => G.gradeAttempt(z.quiz, z.plan, Object.fromEntries(z.quiz.questions
  .map((q, k) => [q.id, z.rec.responses[k] ?? null])));
const attempt = () => ({ seed: newSeed(), graded: false, checked: [], responses: [] });

function openQuiz(z) {
  if (!z.rec) state.quizzes[z.qi] = { attempts: 0, best_score: null, passed: false, ...attempt() };
  if (z.rec.seed === null) z.rec.seed = newSeed();
  if (!z.plan) applyPlan(z);
  showLeft(z);
}
function showLeft(z) {
  const rest = left(z);
  if (rest !== null) z.section.querySelector("[data-quiz-meta]").textContent = leftText(rest);
}

function applyPlan(z) {
  const plan = z.plan = G.planAttempt(z.quiz, z.rec.seed);
  z.boxes.forEach((box) => { box.hidden = !plan.questions.includes(box.dataset.question); });
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

function readForm(z) { // by question index; a checked answer is final
  const data = new FormData(z.form); // strings or null: no file inputs
  return z.quiz.questions.map((q, k) => {
    if (!z.plan.questions.includes(q.id)) return null;
    if (z.rec.checked.includes(k)) return z.rec.responses[k] ?? null;
    return questionType(q.type).read(q, data);
  });
}

function writeForm(z) {
  z.quiz.questions.forEach((q, k) => {
    const r = z.rec.responses[k] ?? null;
    const put = (field, v) => Array.from(z.form.elements).forEach((e) => {
      if (e.name !== field) return;
      if (/radio|checkbox/.test(e.type)) e.checked = [].concat(v).map(String).includes(e.value);
      else e.value = typeof v === "string" ? v : "";
    });
    if (!q.parts) put("q-" + q.id, r);
    else q.parts.forEach(([at, f]) => put(f, own(r, at) ? r[at] : ""));
  });
}

function submit(z) {
  const rec = z.rec;
  if (ended || !rec || rec.graded || left(z) === 0) return;
  rec.responses = readForm(z);
  const result = gradeAll(z);
  rec.attempts++;
  rec.graded = true;
  if (result.score !== null) rec.best_score = Math.max(rec.best_score || 0, result.score);
  if (result.passed) rec.passed = true;
  if (online && !review) writeInteractions(z, result);
  showResult(z, result);
  saveAll();
  focus(z.result);
}

function check(z, el) {
  const k = indexOf(z, el.dataset.check);
  if (ended || k < 0 || !z.rec || z.rec.graded || z.rec.checked.includes(k)) return;
  z.rec.responses = readForm(z);
  z.rec.checked.push(k);
  focus(showChecked(z, k));
  save(true);
}
function showChecked(z, k) {
  const q = z.quiz.questions[k], box = q && boxOf(z, q.id);
  if (!box) return null;
  box.disabled = true;
  box.querySelector("[data-check]")?.parentNode.remove();
  return showReview(box, q, G.grade(q, z.rec.responses[k] ?? null), true);
}

// q.scorm: from export/interactions.py, its id without the attempt; s.parts: likert
// statements [id, description], one interaction each
function writeInteractions(z, result) {
  z.plan.questions.forEach((qid) => {
    const k = indexOf(z, qid), q = z.quiz.questions[k], r = z.rec.responses[k], s = q.scorm;
    const grade = result.grades[qid], time = timestamp(new Date(), course.standard);
    const kind = questionType(q.type);
    if (!grade || !grade.answered || (kind.interacts && !kind.interacts(r))) return;
    (s.parts ? s.parts.filter(([id]) => own(r, id)).map(([id, d]) => [r[id], "-s" + id, d])
      : [[r, "", s.description]]).forEach(([answer, suffix, description]) => {
      const fields = { id: s.id + z.rec.attempts + suffix, type: s.type, description,
        weighting: s.weighting, "correct_responses.0.pattern": s.correct,
        [N.response]: formatResponse(course.standard, q, answer),
        result: grade.correct === null ? "neutral" : grade.correct ? "correct"
          : v12 ? "wrong" : "incorrect",
        [N.time]: time };
      const at = "cmi.interactions." + state.count++ + ".";
      for (const key in fields) if (fields[key]) set(at + key, fields[key]);
    });
  });
}

const p = (cls, text) => '<p class="' + cls + '">' + esc(text) + "</p>";
const div = (cls, html) => '<div class="' + cls + '">' + html + "</div>";
const pct = (x) => Math.round(x * 100);

function showReview(box, q, grade, reveal) {
  const out = box.querySelector(".question-feedback");
  const html = (grade.correct ? p("verdict-title is-right", L.right)
    : grade.correct === false && grade.score > 0
      ? p("verdict-title is-partial", L.partly + " (" + pct(grade.score) + " %)")
    : grade.correct === false ? p("verdict-title is-wrong", L.wrong) : "")
    + grade.feedback.map((t) => div("feedback-text", t)).join("")
    + (q.explanation ? div("explanation", p("explanation-title", L.explanation) + q.explanation)
      : "");
  out.innerHTML = html && div("verdict", html);
  if (reveal && !box.querySelector(".mark")) all(".option", box).forEach((li) => {
    if (!q.right_options.includes(li.querySelector("input").value)) return;
    li.classList.add("is-right");
    li.querySelector("label").insertAdjacentHTML("beforeend",
      ' <span class="mark">' + esc(L.right_answer) + "</span>");
  });
  return out;
}

// Right answers shown once they can no longer help
function showResult(z, result) {
  const quiz = z.quiz, rest = left(z), graded = G.isGraded(quiz);
  const outcome = result.outcome;
  z.form.classList.add("is-reviewed");
  lock(z, true);
  quiz.questions.forEach((q) => {
    const box = boxOf(z, q.id);
    if (box && result.grades[q.id] && quiz.feedback !== "none") {
      showReview(box, q, result.grades[q.id], z.rec.passed || rest === 0 || !graded);
    }
  });
  z.result.innerHTML = (!graded ? p("score", fill(L.your_total, decimal(result.survey_total, 2)))
      + (outcome ? div("outcome", p("outcome-title", outcome.title) + (outcome.text || "")) : "")
    : (result.score === null ? "" : p("score", L.score + pct(result.score) + " % ("
      + decimal(result.points_earned, 2) + " / " + decimal(result.points_possible, 2) + ")"))
      + p("verdict-title " + (result.passed ? "is-right" : "is-wrong"),
        result.passed ? L.passed : L.not_passed))
    + (rest === null ? "" : p("attempts", leftText(rest)))
    + (rest === 0 ? "" : button('data-retry="' + z.qi + '"', L.retry));
  z.result.hidden = false;
  showLeft(z);
}

function retry(z) {
  if (ended || !z.rec.graded || left(z) === 0) return;
  Object.assign(z.rec, attempt());
  z.form.reset();
  z.form.classList.remove("is-reviewed");
  lock(z, false);
  all(".question-feedback", z.form).forEach((e) => { e.innerHTML = ""; });
  all(".mark", z.form).forEach((e) => e.remove());
  all(".is-right", z.form).forEach((e) => e.classList.remove("is-right"));
  z.result.hidden = true;
  applyPlan(z);
  showLeft(z);
  save(true);
  focus(z.section.querySelector("h1"));
}

function finish(byLearner) {
  if (ended) return;
  ended = true;
  if (byLearner) report(true);
  set(N.exit, byLearner && state.rank >= 1 ? (v12 ? "" : "normal") : "suspend");
  set(N.session_time, sessionTime(Date.now() - started, course.standard));
  save(true);
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

// Review mode (an attempt the LMS holds as finished): say so, with the result it gave back
// or our state's, instead of what looks like a blank start.
function showFinished() {
  const st = courseStatus(), raw = get(N.score + "raw"), rank = Math.max(state.rank,
    rankOf(v12 ? get("cmi.core.lesson_status") : get("cmi.success_status")));
  const score = /^\d+(\.\d+)?$/.test(raw) ? Math.round(+raw)
    : scored(st) ? pct(st.score) : null;
  document.getElementById("main").insertAdjacentHTML("afterbegin", div("card sco-finished",
    p("sco-review", L.review) + (score === null ? "" : p("score", L.score + score + " %"))
    + (rank === 3 ? p("verdict-title is-right", L.passed)
      : rank === 2 ? p("verdict-title is-wrong", L.failed) : "")));
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

return { LIMITS, encodeState, decodeState, sessionTime, timestamp, formatResponse, decimal,
  findAPI, QUESTION_TYPES, questionType };
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeRuntime; }

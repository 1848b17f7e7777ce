/* Liane SCORM runtime. An exported page holds every lesson and quiz of a SCO, each in a hidden
 * <section class="sco-item">; this script makes it a SCORM 1.2 or 2004 SCO, or a standalone
 * page (no LMS, e.g. file://: progress kept in localStorage). run(), below, in 5 steps:
 * find the API and restore the state kept in cmi.suspend_data; report status and score;
 * navigate; quizzes (planned, graded and reviewed by LianeGrading, from liane-grading.js:
 * nothing is graded here); Terminate once (Finish button or pagehide, never unload).
 * Real LMSs differ: never read back a value we wrote to decide anything, write numbers as
 * plain decimal strings, keep exit "suspend" until the learner is done, never lower a status.
 * Classic script: the top-level var is window.LianeRuntime; Node's require() returns it.
 */
var LianeRuntime = (function () {
"use strict";

const LIMITS = { scorm12: 4096, scorm2004: 64000 }; // characters of cmi.suspend_data
const MAX_TEXT = 10000; // characters kept of a typed answer, as in engine/responses.py
// Pages load liane-grading.js before us; the Node tests require it.
const grading = () => (typeof LianeGrading !== "undefined" ? LianeGrading
  : require("./liane-grading.js"));

// --- text and numbers ---------------------------------------------------------------------

const own = (o, k) => o !== null && typeof o === "object"
  && Object.prototype.hasOwnProperty.call(o, k);
const byId = (list, id) => (list || []).find((x) => x.id === id) || null;
const pad = (n) => String(n).padStart(2, "0");
const esc = (t) => String(t === undefined ? "" : t)
  .replace(/[&<>"]/g, (c) => "&#" + c.charCodeAt(0) + ";");
const fill = (label, key, value) => String(label || "").replace("%(" + key + ")s", value);

/** A plain decimal string ("0.5"; never "5e-7" nor "-0"), as CMIDecimal wants. */
function decimal(x, places) {
  const s = Number(x).toFixed(places).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return s === "-0" ? "0" : s;
}

/** At most n UTF-16 units, never half a surrogate pair. */
const cut = (t, n) => (t.length <= n ? t
  : t.slice(0, /[\ud800-\udbff]/.test(t[n - 1]) ? n - 1 : n));
// Python's value[:MAX_TEXT] counts code points.
const keepText = (v) => (v.length <= MAX_TEXT ? v : Array.from(v).slice(0, MAX_TEXT).join(""));

/** Text an LMS accepts: one line (players check with "." regexes, which stop at newlines),
 *  no 2004 delimiter ([,] [.] [:]) nor leading "{" (read as a {lang=} tag), n at most. */
const cmiText = (t, n) => cut(String(t).replace(/\s+/g, " ").trim()
  .replace(/\[([,.:])\]/g, "($1)").replace(/^\{/, "("), n);

/** session_time: SCORM 1.2 HHHH:MM:SS.SS (2 to 4 hour digits), 2004 ISO 8601 (PT1H2M3.5S). */
function sessionTime(ms, standard) {
  const cs = Math.max(0, Math.round((Number(ms) || 0) / 10)); // centiseconds
  const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
  if (standard === "scorm12") {
    return h > 9999 ? "9999:59:59.99"
      : pad(h) + ":" + pad(m) + ":" + pad(Math.floor(cs / 100) % 60) + "." + pad(cs % 100);
  }
  const s = (cs % 6000) / 100;
  return "PT" + ((h ? h + "H" : "") + (m ? m + "M" : "") + (s ? decimal(s, 2) + "S" : "") || "0S");
}

/** Interaction id, unique per quiz, question and attempt: letters, digits, _ and - only
 *  (SCORM 1.2's CMIIdentifier), 250 characters at most. */
function interactionId(quiz, question, attempt) {
  const clean = (s, n) => String(s).replace(/[^\w-]/g, "_").slice(0, n);
  return clean(quiz, 120) + "-" + clean(question, 115) + "-" + attempt;
}

/** A question and its response as an interaction: {type, response, pattern} in the format
 *  of the standard; response or pattern is null when there is nothing valid to write. */
function formatInteraction(standard, q, r) {
  const v12 = standard === "scorm12";
  const as = (type, response, pattern) =>
    ({ type, response: response || null, pattern: pattern || null });
  const list = (xs) => xs.join(v12 ? "," : "[,]");
  const pair = (p) => p[0] + (v12 ? "." : "[.]") + p[1];
  const text = (t) => cmiText(t, v12 ? 255 : 250);
  const num = (x) => (x !== null && /^-?\d{1,10}(\.\d{1,18})?$/.test(x = decimal(x, 10))
    ? x : null);
  const given = r === null || r === undefined ? [] : [].concat(r);
  switch (q.type) {
    case "single_choice": case "multiple_choice": {
      const ids = (keep) => list(q.options.filter(keep).map((o) => o.id));
      return as("choice", ids((o) => given.includes(o.id)), ids((o) => o.correct));
    }
    case "true_false": {
      const tf = (b) => (typeof b !== "boolean" ? null : v12 ? (b ? "t" : "f") : String(b));
      return as("true-false", tf(r), tf(q.answer));
    }
    case "short_answer":
      return as("fill-in", typeof r === "string" && text(r),
        q.answers.length && text(q.answers[0]));
    case "numeric": { // 2004 gives the tolerance as a range: min[:]max
      const t = q.tolerance || 0;
      return as("numeric", num(grading().parseNumber(typeof r === "string" ? r : "")),
        num(q.answer) && (v12 || !t ? num(q.answer)
          : num(q.answer - t) + "[:]" + num(q.answer + t)));
    }
    case "matching":
      return as("matching", list(q.lefts.filter((l) => own(r, l.id) && typeof r[l.id] === "string"
        && r[l.id]).map((l) => pair([l.id, r[l.id]]))), list(q.solution.map(pair)));
    case "ordering":
      return as("sequencing", list(given.filter((x) => typeof x === "string" && x)),
        list(q.solution));
    case "fill_blanks": { // 2004: a text per blank, [,] between (10 at most); 1.2: one text
      const join = (ts) => (v12 ? cut(ts.map((t) => cmiText(t, 255)).join(","), 255)
        : ts.length > 10 ? text(ts.join(" | ")) : ts.map(text).join("[,]"));
      return as("fill-in", Array.isArray(r) && join(r.map((t) => (typeof t === "string" ? t : ""))),
        join(q.blanks.map((b) => b.answers[0] || "")));
    }
    case "likert": // statement/value pairs, e.g. 1/4;2/3
      return as("likert", q.statements.filter((s) => own(r, s.id) && Number.isInteger(r[s.id]))
        .map((s) => s.id + "/" + r[s.id]).join(";"), null);
    default: // open: 2004 long-fill-in; 1.2 has none, so a fill-in of 255 characters
      return as(v12 ? "fill-in" : "long-fill-in",
        typeof r === "string" && cmiText(r, v12 ? 255 : 4000), null);
  }
}

// --- suspend_data -------------------------------------------------------------------------
// The state, by position in LIANE_COURSE (items, quizzes, quiz.questions):
//   {version, item, seen: [item indexes], rank, count, quizzes: [record or null]}
// rank: best status reported (0 incomplete, 1 completed, 2 failed, 3 passed); count:
// interactions written; record: {attempts, best (0..1 or null), passed, seed of the current
// or last attempt, graded (that attempt is submitted), responses by question index}.
// Encoded as JSON by position, no keys: [1, version, item, seen as hex bits, rank, count,
// quiz...], a quiz being 0 (never opened) or [attempts, best x 10000 or -1, passed, seed or
// -1, graded, response...], 0 standing for no response. Only typed texts can be long.

const blank = (x) => x === null || x === undefined || x === "" || (Array.isArray(x)
  ? x.every((e) => e === "") : typeof x === "object" && !Object.keys(x).length);

function pack(s, withResponses) {
  const bits = [];
  (s.seen || []).forEach((i) => {
    if (i >= 0 && i < 1e5) bits[i >> 2] = (bits[i >> 2] || 0) | (1 << (i & 3));
  });
  const quizzes = (s.quizzes || []).map((r) => {
    if (!r) return 0;
    const best = r.best === null || r.best === undefined ? -1 : Math.round(r.best * 1e4);
    const responses = withResponses ? (r.responses || []).map((x) => (blank(x) ? 0 : x)) : [];
    const row = [r.attempts || 0, best, r.passed ? 1 : 0, Number.isInteger(r.seed) ? r.seed : -1,
      r.graded ? 1 : 0].concat(responses);
    while (row.length > 5 && row[row.length - 1] === 0) row.pop();
    return row;
  });
  const seen = Array.from(bits, (b) => (b || 0).toString(16)).join("");
  return [1, cut(String(s.version || ""), 40), s.item || 0, seen, s.rank || 0, s.count || 0]
    .concat(quizzes);
}

/** encodeState(state, limit): the suspend_data text, never longer than limit. When it would
 *  be, the learner's strings are cut fairly (short ones kept whole, long ones cut to one same
 *  length); if even that cannot fit, responses go, then all but the essentials. */
function encodeState(state, limit) {
  limit = limit || LIMITS.scorm12;
  const data = pack(state, true), size = (t) => JSON.stringify(t).length - 2; // escaped length
  let text = JSON.stringify(data);
  if (text.length > limit) {
    const slots = []; // [holder, key, size] of every string in the responses
    const visit = (o, k) => (typeof o[k] === "string" ? slots.push([o, k, size(o[k])])
      : o[k] && typeof o[k] === "object" && Object.keys(o[k]).forEach((j) => visit(o[k], j)));
    data.slice(6).forEach((q) => { for (let k = 5; k < q.length; k++) visit(q, k); });
    // Water-filling: the largest cap such that the sum of min(size, cap) fits the budget.
    let budget = limit - text.length + slots.reduce((t, s) => t + s[2], 0), cap = Infinity;
    const sizes = slots.map((s) => s[2]).sort((a, b) => a - b);
    for (let i = 0; i < sizes.length; i++) {
      const share = Math.floor(budget / (sizes.length - i));
      if (sizes[i] > share) { cap = share; break; }
      budget -= sizes[i];
    }
    for (const [o, k, n] of slots) {
      if (n <= cap) continue;
      let kept = "", used = 0;
      for (const ch of o[k]) { // by code point: JSON escapes character by character
        used += size(ch);
        if (used > cap) break;
        kept += ch;
      }
      o[k] = kept;
    }
    text = JSON.stringify(data);
  }
  if (text.length > limit) text = JSON.stringify(pack(state, false));
  if (text.length > limit) {
    const { version, item, rank, count } = state;
    text = JSON.stringify(pack({ version, item, rank, count }, false)).slice(0, limit);
  }
  return text;
}

/** decodeState(text): the state encodeState wrote, or null for anything else. */
function decodeState(text) {
  let d;
  try { d = JSON.parse(text); } catch (e) { return null; }
  if (!Array.isArray(d) || d[0] !== 1) return null;
  const int = (x, otherwise) => (Number.isInteger(x) && x >= 0 ? x : otherwise);
  const seen = [];
  String(d[3] || "").split("").forEach((c, k) => {
    for (let b = 0; b < 4; b++) if ((parseInt(c, 16) || 0) & (1 << b)) seen.push(k * 4 + b);
  });
  return { version: String(d[1]), item: int(d[2], 0), seen, rank: Math.min(int(d[4], 0), 3),
    count: int(d[5], 0), quizzes: d.slice(6).map((q) => (!Array.isArray(q) ? null : {
      attempts: int(q[0], 0), best: int(q[1], -1) < 0 ? null : Math.min(q[1], 1e4) / 1e4,
      passed: q[2] === 1, seed: int(q[3], null), graded: q[4] === 1,
      responses: q.slice(5).map((x) => (x === 0 ? null : x)) })) };
}

// --- the LMS ------------------------------------------------------------------------------

const NAMES = {
  scorm12: { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
    commit: "LMSCommit", location: "cmi.core.lesson_location", exit: "cmi.core.exit",
    time: "cmi.core.session_time", mode: "cmi.core.lesson_mode", score: "cmi.core.score.",
    response: "student_response", when: "time" },
  scorm2004: { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
    commit: "Commit", location: "cmi.location", exit: "cmi.exit", time: "cmi.session_time",
    mode: "cmi.mode", score: "cmi.score.", response: "learner_response", when: "timestamp" }
};

/** The ADL search: win and its parents (500 at most), then the openers and their parents.
 *  A frame of another origin throws when read: skip it. */
function findAPI(name, win) {
  const search = (w) => {
    for (let n = 0; w && n < 500; n++) {
      try { if (w[name]) return w[name]; } catch (e) { /* another origin */ }
      let up = null;
      try { up = w.parent; } catch (e) { /* none */ }
      if (!up || up === w) break;
      w = up;
    }
    return null;
  };
  let api = search(win);
  for (const opener of [() => win.opener, () => win.top.opener]) {
    try { api = api || search(opener()); } catch (e) { /* closed, or another origin */ }
  }
  return api || null;
}

/** A thin wrapper around the API: Initialize and Terminate at most once, no call before or
 *  after, values as strings, a value already written in the session not sent again. */
function connect(api, standard) {
  const n = NAMES[standard], written = {};
  let phase = "new"; // new -> open -> closed
  const call = (fn, ...args) => { // values back as strings: "" for null, "false" if it throws
    try { return String(api[n[fn]](...args) ?? ""); } catch (e) { return "false"; }
  };
  return {
    init() {
      if (phase === "new") phase = call("init", "") === "true" ? "open" : "closed";
      return phase === "open";
    },
    get: (key) => (phase === "open" ? call("get", key) : ""),
    set(key, value) {
      value = String(value);
      if (phase !== "open" || written[key] === value) return;
      if (call("set", key, value) === "true") written[key] = value;
    },
    commit() { if (phase === "open") call("commit", ""); },
    finish() { if (phase === "open") { phase = "closed"; call("finish", ""); } }
  };
}

// --- the page -----------------------------------------------------------------------------

function start() {
  const course = window.LIANE_COURSE;
  if (!course || !document.querySelector(".sco-item")) return;
  let framed = true; // a top window with no opener: no player can inject an API later
  try { framed = window.parent !== window || !!window.opener; } catch (e) { /* framed */ }
  const name = course.standard === "scorm12" ? "API" : "API_1484_11";
  const until = Date.now() + (framed ? 2000 : 0);
  (function look() {
    const api = findAPI(name, window);
    if (api || Date.now() >= until) run(course, api); else setTimeout(look, 100);
  })();
}

const RANKS = { completed: 1, failed: 2, passed: 3 };
const rankOf = (status) => (own(RANKS, status) ? RANKS[status] : 0);

function run(course, api) {
  const G = grading(), L = course.labels || {};
  const v12 = course.standard === "scorm12", standard = v12 ? "scorm12" : "scorm2004";
  const n = NAMES[standard], lms = api && connect(api, standard), online = !!lms && lms.init();
  const started = Date.now();
  const all = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const sections = all("section.sco-item"); // in the order of course.items
  const quizItem = course.quizzes.map((q) => course.items.findIndex((i) => i.id === q.id));
  const forms = quizItem.map((i) => sections[i] && sections[i].querySelector("form[data-quiz]"));
  const status = document.getElementById("liane-status");
  const storeKey = "liane:" + course.id + "@" + course.version + ":"
    + ((course.items[0] || {}).id || ""); // a course may have one page per module
  const graded = (quiz) => (quiz.kind || "graded") === "graded";
  const plans = []; // the plan of each quiz's current attempt
  let ended = false, timer = null, review = false, was = 0, saved = "", location = "";

  // 1. Where the learner was: suspend_data (or the location alone), else localStorage.
  if (online) {
    saved = lms.get("cmi.suspend_data");
    location = lms.get(n.location);
    review = lms.get(n.mode) === "review"; // unset ("") is normal
    // Read once, only so as never to write lower than this if our own state was lost.
    was = rankOf(v12 ? lms.get("cmi.core.lesson_status")
      : lms.get("cmi.success_status") === "passed" ? "passed" : lms.get("cmi.completion_status"));
  } else {
    try { saved = localStorage.getItem(storeKey) || ""; } catch (e) { /* storage blocked */ }
    if (status) status.textContent = L.standalone || "";
  }
  let state = decodeState(saved);
  if (!state || state.version !== String(course.version)) { // none, or another version's
    state = { version: String(course.version), seen: [], quizzes: [],
      rank: state ? state.rank : 0, count: state ? state.count : 0,
      item: Math.max(0, course.items.findIndex((i) => i.id === location)) };
  }
  state.quizzes = course.quizzes.map((q, k) => state.quizzes[k] || null);
  state.seen = state.seen.filter((i) => i < sections.length);
  if (!sections[state.item]) state.item = 0;
  state.rank = Math.max(state.rank, was);
  const count = online ? lms.get("cmi.interactions._count") : ""; // the LMS's count, if it says
  if (/^\d+$/.test(count)) state.count = parseInt(count, 10);

  function save() {
    clearTimeout(timer);
    const text = encodeState(state, LIMITS[standard]);
    if (online) lms.set("cmi.suspend_data", text);
    else try { localStorage.setItem(storeKey, text); } catch (e) { /* full or blocked */ }
  }
  const commit = () => online && lms.commit();

  // 2. Score and status, from LianeGrading.courseStatus and the course's completion rule.
  function report() {
    if (!online || review) return;
    const lessons = state.seen.map((i) => course.items[i].id)
      .filter((id) => course.lessons.includes(id));
    const records = {};
    course.quizzes.forEach((q, k) => {
      const r = state.quizzes[k];
      if (r) records[q.id] = { attempts: r.attempts, best_score: r.best || 0, passed: r.passed };
    });
    const st = G.courseStatus(course, lessons, records);
    const tried = course.quizzes.some((q, k) => graded(q) && (state.quizzes[k] || {}).attempts);
    if (st.score !== null && tried) {
      lms.set(n.score + "min", "0"); // 0..100: one player divides raw by 100 whatever max says
      lms.set(n.score + "max", "100");
      lms.set(n.score + "raw", decimal(st.score * 100, 2));
      if (!v12) lms.set("cmi.score.scaled", decimal(st.score, 4));
    }
    // Some LMSs lock out a "failed" learner: failed_as "incomplete" reports that instead.
    const rank = st.state === "failed" && course.failed_as === "incomplete" ? 0 : rankOf(st.state);
    if (rank < state.rank) return; // never downgrade
    state.rank = rank;
    if (v12) {
      lms.set("cmi.core.lesson_status", ["incomplete", "completed", "failed", "passed"][rank]);
    } else { // completion and success are separate in 2004
      lms.set("cmi.completion_status", st.completed || rank % 2 ? "completed" : "incomplete");
      if (rank >= 2) lms.set("cmi.success_status", rank === 3 ? "passed" : "failed");
    }
  }

  const focus = (el) => { if (el) { el.tabIndex = -1; el.focus(); } };

  // 3. Navigation: one section shown; the location (bookmark) is the item's id.
  function goto(index, moveFocus) {
    if (ended || !sections[index]) return;
    sections.forEach((s, k) => { s.hidden = k !== index; });
    all(".sco-outline a[data-goto]").forEach((a) => a.setAttribute("aria-current",
      a.getAttribute("data-goto") === String(index) ? "step" : "false"));
    state.item = index;
    if (!state.seen.includes(index)) state.seen.push(index);
    if (quizItem.includes(index)) openQuiz(quizItem.indexOf(index));
    if (moveFocus) focus(sections[index].querySelector("h1, h2"));
    const id = course.items[index].id;
    if (online) lms.set(n.location, id.length <= 255 ? id : String(index));
    save();
    report();
    commit();
  }

  // 4. Quizzes.
  const left = (qi) => { // attempts left, null when unlimited
    const max = course.quizzes[qi].max_attempts || 0;
    return max ? Math.max(0, max - ((state.quizzes[qi] || {}).attempts || 0)) : null;
  };
  const fields = (qi, name) => Array.from(forms[qi].elements).filter((e) => e.name === name);
  const resultBox = (qi) => sections[quizItem[qi]].querySelector(".quiz-result");
  const newSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 1; // 31 bits

  function openQuiz(qi) { // first display: an attempt with a new seed
    const rec = state.quizzes[qi] || (state.quizzes[qi] = { attempts: 0, best: null, passed: false,
      seed: null, graded: false, responses: [] });
    if (rec.seed === null) rec.seed = newSeed();
    if (!plans[qi]) applyPlan(qi);
    showLeft(qi);
  }
  function showLeft(qi) {
    const meta = sections[quizItem[qi]].querySelector("[data-quiz-meta]"), rest = left(qi);
    if (meta && rest !== null) {
      meta.textContent = rest ? fill(L.attempts_left, "n", rest) : L.no_attempt_left;
    }
  }

  // The drawn questions, in the plan's order and renumbered, their parts in the plan's order.
  function applyPlan(qi) {
    const form = forms[qi];
    const plan = plans[qi] = G.planAttempt(course.quizzes[qi], state.quizzes[qi].seed);
    if (!form) return;
    const boxes = all("fieldset[data-question]", form);
    boxes.forEach((b) => { b.hidden = !plan.questions.includes(b.getAttribute("data-question")); });
    plan.questions.forEach((qid, k) => {
      const box = boxes.find((b) => b.getAttribute("data-question") === qid);
      if (!box) return;
      form.insertBefore(box, form.querySelector(".actions"));
      const number = box.querySelector(".question-n");
      if (number) number.textContent = String(k + 1);
      (plan.orders[qid] || []).forEach((id) => { // options (li), or <option>s of each select
        all(".options > li, select", box).forEach((el) => {
          const part = el.tagName === "LI" ? el.querySelector("input") : null;
          if (part && part.value === id) el.parentNode.appendChild(el);
          const option = el.tagName === "SELECT"
            && Array.from(el.options).find((o) => o.value === id);
          if (option) el.appendChild(option);
        });
      });
    });
  }

  // The form's responses, read exactly as engine/responses.py reads a submitted form.
  function readForm(qi) {
    const quiz = course.quizzes[qi], data = new FormData(forms[qi]), out = {};
    const get = (name) => { const v = data.get(name); return typeof v === "string" ? v : null; };
    for (const qid of plans[qi].questions) {
      const q = byId(quiz.questions, qid);
      if (!q) continue;
      const name = "q-" + q.id, v = get(name), part = (p) => get(name + "-" + p) || "";
      const pairs = (list, value) => Object.fromEntries(list.filter((x) => value(x) !== null)
        .map((x) => [x.id, value(x)]));
      const digits = (s) => (/^\d+$/.test(part(s.id)) ? parseInt(part(s.id), 10) : null);
      out[qid] = q.type === "multiple_choice"
        ? data.getAll(name).filter((x) => typeof x === "string")
        : q.type === "true_false" ? (v === "true" ? true : v === "false" ? false : null)
        : q.type === "matching" ? pairs(q.lefts, (l) => part(l.id) || null)
        : q.type === "ordering" ? q.items.map((x, i) => part(i + 1))
        : q.type === "fill_blanks" ? q.blanks.map((b) => keepText(part(b.id)))
        : q.type === "likert" ? pairs(q.statements, digits)
        : v === null ? null : keepText(v); // single choice, short answer, numeric, open
    }
    return out;
  }

  // Saved responses back into the form.
  function writeForm(qi, responses) {
    course.quizzes[qi].questions.forEach((q) => {
      const r = own(responses, q.id) ? responses[q.id] : null, name = "q-" + q.id;
      const at = (k) => (own(r, k) ? r[k] : "");
      const put = (field, v) => fields(qi, field).forEach((e) => {
        if (e.type !== "radio" && e.type !== "checkbox") e.value = typeof v === "string" ? v : "";
        else e.checked = [].concat(v).map(String).includes(e.value);
      });
      if (q.type === "matching") q.lefts.forEach((l) => put(name + "-" + l.id, at(l.id)));
      else if (q.type === "ordering") q.items.forEach((x, i) => put(name + "-" + (i + 1), at(i)));
      else if (q.type === "fill_blanks") q.blanks.forEach((b, i) => put(name + "-" + b.id, at(i)));
      else if (q.type === "likert") q.statements.forEach((s) => put(name + "-" + s.id, at(s.id)));
      else put(name, r);
    });
  }

  // Responses by question id (as the grader takes them) <-> by question index (the state).
  const byQuestion = (qi, responses) => course.quizzes[qi].questions
    .map((q) => (own(responses, q.id) ? responses[q.id] : null));
  const responsesOf = (qi) => Object.fromEntries(course.quizzes[qi].questions
    .map((q, k) => [q.id, state.quizzes[qi].responses[k]])
    .filter((e) => e[1] !== null && e[1] !== undefined));

  function submit(qi) {
    const quiz = course.quizzes[qi], rec = state.quizzes[qi];
    if (ended || !rec || rec.graded || left(qi) === 0) return;
    const responses = readForm(qi), result = G.gradeAttempt(quiz, plans[qi], responses);
    Object.assign(rec, { attempts: rec.attempts + 1, graded: true,
      responses: byQuestion(qi, responses) });
    if (result.score !== null) rec.best = Math.max(rec.best || 0, result.score);
    if (result.passed === true) rec.passed = true;
    if (online && !review) writeInteractions(qi, responses, result);
    showResult(qi, result);
    save();
    report();
    commit();
    focus(resultBox(qi));
  }

  // One interaction per answered question of the attempt, at the next free index.
  function writeInteractions(qi, responses, result) {
    const quiz = course.quizzes[qi];
    for (const qid of plans[qi].questions) {
      const q = byId(quiz.questions, qid), grade = result.grades[qid], r = responses[qid];
      if (!q || !grade || !(q.type === "ordering" ? r.some(Boolean) : grade.answered)) continue;
      const f = formatInteraction(standard, q, r), now = new Date();
      const at = "cmi.interactions." + state.count++ + ".";
      lms.set(at + "id", interactionId(quiz.id, q.id, state.quizzes[qi].attempts));
      lms.set(at + "type", f.type);
      if (!v12) { // the prompt's text (DOMParser loads no image)
        const prompt = new DOMParser().parseFromString(q.prompt || "", "text/html").body;
        lms.set(at + "description", cmiText(prompt.textContent, 250));
      }
      const weight = graded(quiz) && G.hasKey(q) ? Math.min(100, q.points) : 0;
      lms.set(at + "weighting", decimal(weight, 4));
      if (f.pattern) lms.set(at + "correct_responses.0.pattern", f.pattern);
      if (f.response) lms.set(at + n.response, f.response);
      lms.set(at + "result", grade.correct === null ? "neutral"
        : grade.correct ? "correct" : v12 ? "wrong" : "incorrect");
      lms.set(at + n.when, !v12 ? now.toISOString()
        : [now.getHours(), now.getMinutes(), now.getSeconds()].map(pad).join(":"));
    }
  }

  // The review: verdict, feedback and explanation of each question (unless feedback is "none"),
  // right answers marked once they can no longer help: passed, no attempt left, or a survey.
  function showResult(qi, result) {
    const quiz = course.quizzes[qi], form = forms[qi], rest = left(qi);
    const reveal = state.quizzes[qi].passed || rest === 0 || !graded(quiz);
    const pct = (x) => Math.round(x * 100);
    const p = (cls, text) => '<p class="' + cls + '">' + esc(text) + "</p>";
    form.classList.add("is-reviewed");
    Array.from(form.elements).forEach((e) => { e.disabled = true; });
    all("fieldset[data-question]", form).forEach((box) => {
      const q = byId(quiz.questions, box.getAttribute("data-question"));
      const grade = q && result.grades[q.id];
      const out = box.querySelector(".question-feedback");
      if (!grade || !out || quiz.feedback === "none") return;
      let html = grade.correct === true ? p("verdict-title is-right", L.right)
        : grade.correct === false && grade.score > 0
          ? p("verdict-title is-partial", L.partly + " (" + pct(grade.score) + " %)")
        : grade.correct === false ? p("verdict-title is-wrong", L.wrong) : "";
      grade.feedback.forEach((t) => { html += '<div class="feedback-text">' + t + "</div>"; });
      if (q.explanation) {
        html += '<div class="explanation">' + p("explanation-title", L.explanation)
          + q.explanation + "</div>";
      }
      out.innerHTML = html && '<div class="verdict">' + html + "</div>";
      const right = q.type === "true_false" ? [String(q.answer)]
        : (q.options || []).filter((o) => o.correct).map((o) => o.id);
      if (reveal) { // as the player: only choices and true/false are marked
        all(".option", box).forEach((li) => {
          const input = li.querySelector("input"), label = li.querySelector("label");
          if (!input || !label || !right.includes(input.value)) return;
          li.classList.add("is-right");
          label.insertAdjacentHTML("beforeend", ' <span class="mark">' + esc(L.right_answer)
            + "</span>");
        });
      }
    });
    let html;
    if (graded(quiz)) {
      const colon = /^fr/.test(course.language) ? " : " : ": ";
      html = (result.score === null ? "" : p("score", L.score + colon + pct(result.score) + " % ("
        + decimal(result.points_earned, 2) + " / " + decimal(result.points_possible, 2) + ")"))
        + p("verdict-title " + (result.passed ? "is-right" : "is-wrong"),
          result.passed ? L.passed : L.not_passed);
    } else {
      html = p("score", fill(L.your_total, "t", decimal(result.survey_total, 2))) + (result.outcome
        ? '<div class="outcome">' + p("outcome-title", result.outcome.title)
          + (result.outcome.text || "") + "</div>" : "");
    }
    if (rest !== null) {
      html += p("attempts", rest ? fill(L.attempts_left, "n", rest) : L.no_attempt_left);
    }
    if (rest !== 0) {
      html += '<p class="actions"><button type="button" class="button secondary" data-retry="'
        + qi + '">' + esc(L.retry) + "</button></p>";
    }
    const box = resultBox(qi);
    box.innerHTML = html;
    box.hidden = false;
    showLeft(qi);
  }

  function retry(qi) { // a new attempt: new seed, new plan, an empty form
    const rec = state.quizzes[qi], form = forms[qi];
    if (ended || !rec || !rec.graded || left(qi) === 0) return;
    Object.assign(rec, { seed: newSeed(), graded: false, responses: [] });
    form.reset();
    form.classList.remove("is-reviewed");
    Array.from(form.elements).forEach((e) => { e.disabled = false; });
    all(".question-feedback", form).forEach((e) => { e.innerHTML = ""; });
    all(".mark", form).forEach((e) => e.remove());
    all(".is-right", form).forEach((e) => e.classList.remove("is-right"));
    resultBox(qi).hidden = true;
    applyPlan(qi);
    showLeft(qi);
    save();
    commit();
    focus(sections[quizItem[qi]].querySelector("h1"));
  }

  // 5. The end. Exit stays "suspend" unless the course is done and the learner chose to finish.
  function finish(byLearner) {
    if (ended) return;
    ended = true;
    if (online) {
      lms.set(n.exit, byLearner && state.rank >= 1 ? (v12 ? "" : "normal") : "suspend");
      lms.set(n.time, sessionTime(Date.now() - started, standard));
    }
    save();
    if (online) { lms.commit(); lms.finish(); }
    if (!byLearner) return;
    if (status) status.textContent = L.finished || "";
    all(".sco-item, .sco-outline").forEach((e) => { e.hidden = true; });
    all("#liane-finish, [data-finish]").forEach((b) => { b.disabled = true; });
    const note = Object.assign(document.createElement("p"),
      { className: "card sco-finished", textContent: L.finished || "" });
    (document.getElementById("main") || document.body).prepend(note);
    focus(note);
  }

  // Restore each opened quiz: its attempt's order, the answers, the results if submitted.
  course.quizzes.forEach((quiz, qi) => {
    const rec = state.quizzes[qi];
    if (!rec || rec.seed === null || !forms[qi]) return;
    applyPlan(qi);
    writeForm(qi, responsesOf(qi));
    if (rec.graded) showResult(qi, G.gradeAttempt(quiz, plans[qi], responsesOf(qi)));
  });
  if (online) lms.set(n.exit, "suspend"); // early: an empty exit can start a new attempt next time
  goto(state.item, false);

  document.addEventListener("click", (event) => {
    const el = event.target instanceof Element
      && event.target.closest("[data-goto], [data-finish], #liane-finish, [data-retry], a[href]");
    if (!el) return;
    if (el.hasAttribute("data-goto")) {
      event.preventDefault();
      goto(parseInt(el.getAttribute("data-goto"), 10), true);
    } else if (el.hasAttribute("data-retry")) retry(parseInt(el.getAttribute("data-retry"), 10));
    else if (el.matches("[data-finish], #liane-finish")) finish(true);
    else { // a lesson's link to another item of the page: "<item id>.html", maybe "#anchor"
      const href = el.getAttribute("href");
      if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) return;
      let id = null;
      try {
        id = decodeURIComponent(href.split("#")[0].replace(/^\.\//, "")).replace(/\.html$/, "");
      } catch (e) { return; } // a malformed %-escape
      const index = course.items.findIndex((i) => i.id === id);
      if (index >= 0) { event.preventDefault(); goto(index, true); }
    }
  });
  forms.forEach((form, qi) => {
    if (!form) return;
    form.addEventListener("submit", (event) => { event.preventDefault(); submit(qi); });
    const draft = () => { // answers not yet submitted: saved as the learner goes
      const rec = state.quizzes[qi];
      if (ended || !rec || rec.graded || !plans[qi]) return;
      rec.responses = byQuestion(qi, readForm(qi));
      clearTimeout(timer);
      timer = setTimeout(save, 500);
    };
    form.addEventListener("change", draft);
    form.addEventListener("input", draft);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !ended) { save(); commit(); }
  });
  window.addEventListener("pagehide", () => finish(false));
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

return { LIMITS, encodeState, decodeState, sessionTime, formatInteraction, interactionId, decimal,
  findAPI };
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeRuntime; }

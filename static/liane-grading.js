/* Liane grading in the browser (SCORM packages, kits): engine/grading.py and the attempt
 * and progress rules of engine/rules.py, giving exactly what the engine gives (tests/js/
 * checks it on tests/vectors/*.json): change both sides together. Classic script: the
 * top-level var is window.LianeGrading; Node's require() returns it. q is a question's
 * runtime dict (to_runtime_dict()), r a response; results use the engine's key names.
 */
var LianeGrading = (function () {
"use strict";

const EPSILON = 1e-9;
// Python's WHITESPACE class spelled out: JS's \s is another set (\ufeff in, \x85 out...).
const SPACES = /[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
const APOSTROPHES = /[\u2019\u2018\u02bc\u2032]/g;
const NUMBER = /^[+-]?[0-9]+(?:[.,][0-9]+)?$/;
const MARKS = /\p{Mn}/gu; // unicodedata.category(c) == "Mn", per code point

// --- stand-ins for Python built-ins ---
const collapse = (text) => text.replace(SPACES, " ").replace(/^ +| +$/g, ""); // .strip(" ")
const textOf = (v) => (typeof v === "string" ? v : ""); // _text
const isDict = (v) => v !== null && typeof v === "object" && !Array.isArray(v); // not a list
// dict.get(key): own keys only (not "constructor"...), missing is None
const get = (obj, key) => (isDict(obj) && Object.prototype.hasOwnProperty.call(obj, key)
  && obj[key] !== undefined ? obj[key] : null);
const byId = (list, id) => (list || []).find((item) => item.id === id) || null;
const idsOf = (list) => list.map((item) => item.id);
const count = (parts) => parts.filter(Boolean).length; // sum() of bools
const share = (parts) => (parts.length ? count(parts) / parts.length : 0);
// Python 3.11's sum() adds left to right like this (3.12+ compensates float sums, which can
// move the last bit: comparisons allow EPSILON).
const sum = (values) => values.reduce((total, x) => total + x, 0);
const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// _ids: the distinct string ids of a list, in order
const ids = (r) => (Array.isArray(r) ? r : [])
  .filter((x, i, list) => typeof x === "string" && list.indexOf(x) === i);

// --- grading.py ---
const stripAccents = (text) => text.normalize("NFD").replace(MARKS, "").normalize("NFC");

// Same order as Python: lower() can undo NFC, a dropped accent can leave spaces to fold.
function normalizeText(text, options) {
  const { caseSensitive = false, ignoreAccents = false } = options || {};
  text = text.normalize("NFC").replace(APOSTROPHES, "'");
  if (!caseSensitive) text = text.toLowerCase().normalize("NFC");
  if (ignoreAccents) text = stripAccents(text);
  return collapse(text);
}

// "3,5" is 3.5. Number() only sees what the regex lets through, read as float() reads it.
function parseNumber(text) {
  text = collapse(text);
  return NUMBER.test(text) ? Number(text.replace(",", ".")) : null;
}

function hasKey(q) { // Question.has_key, which the runtime dict does not carry
  switch (q.type) {
    case "single_choice": case "multiple_choice": return q.options.some((o) => o.correct);
    case "true_false": return q.answer !== null && q.answer !== undefined;
    case "likert": case "open": return false; // SCORED = False
    default: return true;
  }
}

const Grade = (score, correct, answered, parts, feedback, survey) => ({
  score, correct, answered, parts: parts || [], feedback: feedback || [],
  survey_score: survey || 0 });

function verdict(q, score, extra) {
  const general = score >= 1 - EPSILON ? q.feedback_correct : q.feedback_wrong;
  return (extra || []).concat([general]).filter(Boolean);
}
const byScore = (q, score, answered, parts) =>
  Grade(score, score >= 1 - EPSILON, answered, parts, verdict(q, score));
const unanswered = (q, key) =>
  Grade(0, key ? false : null, false, [], key ? verdict(q, 0) : []);

function gradeSingle(q, r) {
  const key = hasKey(q);
  const picked = byId(q.options, r); // ===, as Python's ==: 1 is not "1"
  if (!picked) return unanswered(q, key);
  const survey = picked.score || 0;
  const extra = picked.feedback ? [picked.feedback] : [];
  if (!key) return Grade(0, null, true, [], extra, survey);
  const right = !!picked.correct;
  const score = right ? 1 : 0;
  return Grade(score, right, true, [right], verdict(q, score, extra), survey);
}

function gradeMultiple(q, r) {
  const known = idsOf(q.options);
  const picked = ids(r).filter((i) => known.includes(i));
  const chosen = q.options.filter((o) => picked.includes(o.id));
  const survey = sum(chosen.map((o) => o.score || 0));
  const extra = chosen.map((o) => o.feedback).filter(Boolean);
  const answered = picked.length > 0;
  if (!hasKey(q)) return Grade(0, null, answered, [], extra, survey);
  const correctIds = new Set(idsOf(q.options.filter((o) => o.correct)));
  const parts = q.options.map((o) => picked.includes(o.id) === !!o.correct);
  const right = picked.filter((i) => correctIds.has(i)).length;
  const wrong = picked.length - right;
  const score = q.scoring === "all_or_nothing"
    ? (right === correctIds.size && !wrong ? 1 : 0) // picked == correct_ids, as sets
    : Math.max(0, (right - wrong) / correctIds.size);
  return Grade(score, score >= 1 - EPSILON, answered, parts,
    verdict(q, score, answered ? extra : []), survey);
}

function gradeTrueFalse(q, r) {
  const key = hasKey(q);
  if (typeof r !== "boolean") return unanswered(q, key);
  const own = r ? q.feedback_true : q.feedback_false;
  const extra = own ? [own] : [];
  if (!key) return Grade(0, null, true, [], extra);
  const right = r === q.answer;
  const score = right ? 1 : 0;
  return Grade(score, right, true, [right], verdict(q, score, extra));
}

// re.fullmatch(pattern, given, re.IGNORECASE unless case-sensitive). The validator
// (regex_problem in engine/quizzes.py) refuses what the two languages read differently.
function patternMatches(pattern, given, q) {
  pattern = pattern.replace(APOSTROPHES, "'"); // as in typed answers
  if (q.ignore_accents) pattern = stripAccents(pattern);
  const flags = q.case_sensitive ? "u" : "iu";
  try {
    new RegExp(pattern, flags); // alone first: "a)|(b" fails in Python, not once wrapped
    return new RegExp("^(?:" + pattern + ")$", flags).test(given);
  } catch (e) {
    return false; // a bad pattern is no match, never a crash
  }
}

function gradeShort(q, r) {
  const options = { caseSensitive: !!q.case_sensitive, ignoreAccents: !!q.ignore_accents };
  const given = normalizeText(textOf(r), options);
  if (!given) return Grade(0, false, false, [false], verdict(q, 0));
  const right = q.answers.some((a) => given === normalizeText(a, options))
    || q.patterns.some((p) => patternMatches(p, given, q));
  return byScore(q, right ? 1 : 0, true, [right]);
}

function gradeNumeric(q, r) {
  const value = parseNumber(textOf(r));
  if (value === null) return byScore(q, 0, collapse(textOf(r)) !== "", [false]);
  const right = Math.abs(value - q.answer) <= q.tolerance + EPSILON;
  return byScore(q, right ? 1 : 0, true, [right]);
}

function gradeMatching(q, r) {
  const given = isDict(r) ? r : {};
  const parts = q.solution.map(([left, right]) => get(given, left) === right);
  const rights = idsOf(q.rights);
  const answered = Object.values(given).some((v) => typeof v === "string" && rights.includes(v));
  const score = q.scoring === "all_or_nothing" ? (parts.every(Boolean) ? 1 : 0)
    : share(parts);
  return byScore(q, score, answered, parts);
}

function gradeOrdering(q, r) {
  const given = Array.isArray(r) ? r : [];
  const parts = q.solution.map((item, i) => i < given.length && given[i] === item);
  const score = q.scoring === "partial" ? share(parts)
    : (parts.every(Boolean) && given.length === q.solution.length ? 1 : 0);
  return byScore(q, score, given.length > 0, parts);
}

function gradeFillBlanks(q, r) {
  const given = Array.isArray(r) ? r : [];
  const parts = q.blanks.map((blank, i) => {
    const typed = i < given.length ? normalizeText(textOf(given[i])) : "";
    return typed !== "" && blank.answers.some((a) => normalizeText(a) === typed);
  });
  const answered = given.some((g) => normalizeText(textOf(g)) !== "");
  return byScore(q, share(parts), answered, parts);
}

function gradeLikert(q, r) {
  const given = isDict(r) ? r : {};
  // A whole number, not a bool: Number.isInteger is float(v).is_integer() (3.0 is 3).
  return Grade(0, null, Object.values(given).some(Number.isInteger));
}

const gradeOpen = (q, r) => Grade(0, null, normalizeText(textOf(r)) !== "");

const GRADERS = {
  single_choice: gradeSingle, multiple_choice: gradeMultiple, true_false: gradeTrueFalse,
  short_answer: gradeShort, numeric: gradeNumeric, matching: gradeMatching,
  ordering: gradeOrdering, fill_blanks: gradeFillBlanks, likert: gradeLikert, open: gradeOpen
};

/** grade(q, r): Grade.to_dict(). */
function grade(q, r) {
  if (!Object.prototype.hasOwnProperty.call(GRADERS, q.type)) {
    throw new Error("unknown question type: " + q.type);
  }
  return GRADERS[q.type](q, r === undefined ? null : r);
}

// --- rules.py ---
// mulberry32 on an unsigned 32-bit state as in Python: ">>> 0" is "& MASK", and
// Math.imul keeps the low 32 bits of the product as _imul does.
class SeededRandom {
  constructor(seed) { this.state = seed >>> 0; } // seed & MASK (exact below 2**53)

  nextFloat() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ ((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0)) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  shuffle(items) { // Fisher-Yates from the end; int() truncates as floor does here
    const out = Array.from(items);
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.nextFloat() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

/** shuffle(items, seed or SeededRandom): a new, shuffled array. */
const shuffle = (items, rng) =>
  (rng instanceof SeededRandom ? rng : new SeededRandom(rng)).shuffle(items);

const isGraded = (quiz) => (quiz.kind === undefined ? "graded" : quiz.kind) === "graded";
const counts = (quiz, q) => isGraded(quiz) && hasKey(q); // has_key => SCORED

function partOrder(q, shuffleOptions, rng) {
  switch (q.type) {
    case "single_choice": case "multiple_choice": case "matching": {
      const list = idsOf(q.type === "matching" ? q.rights : q.options);
      return shuffleOptions ? rng.shuffle(list) : list;
    }
    case "ordering": { // always shuffled, never shown in the right order
      const list = rng.shuffle(idsOf(q.items));
      return sameList(list, q.solution) ? list.slice(1).concat(list.slice(0, 1)) : list;
    }
    default: return null;
  }
}

/** plan_attempt: {seed, questions: [ids], orders: {qid: [part ids]}} */
function planAttempt(quiz, seed) {
  const rng = new SeededRandom(seed);
  let list = idsOf(quiz.questions);
  if (quiz.draw && quiz.draw < list.length) {
    const drawn = rng.shuffle(list).slice(0, quiz.draw);
    list = list.filter((id) => drawn.includes(id));
  }
  if (quiz.shuffle_questions) list = rng.shuffle(list);
  const orders = {}; // Python's entries (though JS lists key "7" before "q1")
  for (const qid of list) {
    const order = partOrder(byId(quiz.questions, qid), quiz.shuffle_options, rng);
    if (order !== null) orders[qid] = order;
  }
  return { seed, questions: list, orders };
}

const outcomeFor = (quiz, total) => (quiz.outcomes || []).find(
  (o) => o.min - 1e-9 <= total && total <= o.max + 1e-9) || null;

/** grade_attempt: {grades, points_earned, points_possible, score, passed, survey_total,
 *  outcome} where outcome is one of the quiz's outcome dicts or null. */
function gradeAttempt(quiz, plan, responses) {
  const grades = {};
  let earned = 0, possible = 0, survey = 0;
  for (const qid of plan.questions) {
    const q = byId(quiz.questions, qid);
    if (!q) continue; // the course changed under a saved attempt
    const result = grades[qid] = grade(q, get(responses, qid));
    survey += result.survey_score;
    if (counts(quiz, q)) {
      earned += result.score * q.points;
      possible += q.points;
    }
  }
  if (!isGraded(quiz)) {
    return { grades, points_earned: 0, points_possible: 0, score: null, passed: null,
      survey_total: survey, outcome: outcomeFor(quiz, survey) };
  }
  const score = possible ? earned / possible : null;
  return { grades, points_earned: earned, points_possible: possible, score,
    passed: score === null || score >= quiz.pass_mark - EPSILON, survey_total: survey,
    outcome: null };
}

function quizWeight(quiz) {
  const scored = quiz.questions.filter((q) => counts(quiz, q)).map((q) => q.points);
  if (!scored.length) return 0;
  const n = quiz.questions.length;
  return quiz.draw && quiz.draw < n ? sum(scored) / n * quiz.draw : sum(scored);
}

/** course_status. course: {lessons: [ids], quizzes: [runtime quiz dicts], completion:
 *  {lessons, quizzes}}; lessonsSeen: array or Set of ids; quizRecords: {quiz id:
 *  {attempts, best_score, passed}}. Returns CourseStatus as a dict. */
function courseStatus(course, lessonsSeen, quizRecords) {
  const seen = new Set(lessonsSeen || []);
  const lessons = course.lessons || [];
  const quizzes = course.quizzes || [];
  const completion = Object.assign({ lessons: "all", quizzes: "passed" }, course.completion);
  const graded = quizzes.filter(isGraded);
  const done = lessons.filter((id) => seen.has(id)).length;
  // Maps, not objects: they keep insertion order for every key, as Python dicts do.
  const record = new Map(quizzes.map((q) => {
    const r = get(quizRecords, q.id) || {};
    return [q.id, { attempts: r.attempts || 0, best_score: r.best_score || 0,
      passed: !!r.passed }];
  }));
  const rec = (q) => record.get(q.id);
  const allPassed = graded.every((q) => rec(q).passed);

  const lessonsOk = completion.lessons === "none" || done === lessons.length;
  const quizzesOk = completion.quizzes === "passed" ? allPassed
    : completion.quizzes === "attempted" ? graded.every((q) => rec(q).attempts > 0) : true;
  const completed = lessonsOk && quizzesOk;

  const weights = new Map(graded.map((q) => [q.id, quizWeight(q)]));
  const total = sum(Array.from(weights.values()));
  const score = total
    ? sum(graded.map((q) => rec(q).best_score * weights.get(q.id))) / total : null;

  const failed = graded.some((q) => !!q.max_attempts && rec(q).attempts >= q.max_attempts
    && !rec(q).passed);
  const started = done > 0 || Array.from(record.values()).some((r) => r.attempts);
  const state = failed ? "failed" : completed && allPassed ? "passed"
    : completed ? "completed" : started ? "in_progress" : "not_started";
  return { state, completed, score, lessons_done: done, lessons_total: lessons.length };
}

return {
  EPSILON, normalizeText, stripAccents, parseNumber, hasKey, grade, GRADERS, SeededRandom,
  shuffle, planAttempt, gradeAttempt, quizWeight, courseStatus
};
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeGrading; }

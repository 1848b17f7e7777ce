/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* A port of engine/grading.py and engine/rules.py (their docstrings give the rules): change
 * both together (tests/vectors/). TYPES holds each question type's browser behaviour in one
 * object. Node's require() returns window.LianeGrading. */
var LianeGrading = (function () {
"use strict";

const EPSILON = 1e-9;
// grading.py's WHITESPACE: JS's \s is another set
const SPACES = /[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/g;
const APOSTROPHES = /[\u2019\u2018\u02bc\u2032]/g;
const NUMBER = /^[+-]?[0-9]+(?:[.,][0-9]+)?$/;
const MARKS = /\p{Mn}/gu;

const collapse = (text) => text.replace(SPACES, " ").replace(/^ +| +$/g, "");
const textOf = (v) => (typeof v === "string" ? v : "");
const isDict = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
// dict.get: own keys only (not "constructor"...)
const get = (obj, key) => (isDict(obj) && Object.prototype.hasOwnProperty.call(obj, key)
  && obj[key] !== undefined ? obj[key] : null);
const byId = (list, id) => (list || []).find((item) => item.id === id) || null;
const idsOf = (list) => list.map((item) => item.id);
const share = (parts) => (parts.length ? parts.filter(Boolean).length / parts.length : 0);
const sum = (values) => values.reduce((total, x) => total + x, 0);
const ids = (r) => (Array.isArray(r) ? r : [])
  .filter((x, i, list) => typeof x === "string" && list.indexOf(x) === i);

const stripAccents = (text) => text.normalize("NFD").replace(MARKS, "").normalize("NFC");

function normalizeText(text, { caseSensitive = false, ignoreAccents = false } = {}) {
  text = text.normalize("NFC").replace(APOSTROPHES, "'");
  if (!caseSensitive) text = text.toLowerCase().normalize("NFC");
  if (ignoreAccents) text = stripAccents(text);
  return collapse(text);
}

function parseNumber(text) {
  text = collapse(text);
  return NUMBER.test(text) ? Number(text.replace(",", ".")) : null;
}

// Question.has_key, which runtime dicts do not carry: the type's hasKey
const hasKey = (q) => questionType(q.type).hasKey(q);

const Grade = (score, correct, answered, parts = [], feedback = [], survey_score = 0) =>
  ({ score, correct, answered, parts, feedback, survey_score });
const isRight = (score) => score >= 1 - EPSILON;
const verdict = (q, score, extra = []) =>
  extra.concat(isRight(score) ? q.feedback_correct : q.feedback_wrong).filter(Boolean);
const byScore = (q, score, answered, parts) =>
  Grade(score, isRight(score), answered, parts, verdict(q, score));
const unanswered = (q) => (hasKey(q) ? Grade(0, false, false, [], verdict(q, 0))
  : Grade(0, null, false));

function onePick(q, right, own, survey) {
  const extra = own ? [own] : [];
  return hasKey(q) ? Grade(+right, right, true, [right], verdict(q, +right, extra), survey)
    : Grade(0, null, true, [], extra, survey);
}

function gradeSingle(q, r) {
  const picked = byId(q.options, r); // ===, as Python's ==: 1 is not "1"
  return picked ? onePick(q, !!picked.correct, picked.feedback, picked.score || 0)
    : unanswered(q);
}

function gradeMultiple(q, r) {
  const picked = ids(r).filter((i) => byId(q.options, i));
  const chosen = q.options.filter((o) => picked.includes(o.id));
  const survey = sum(chosen.map((o) => o.score || 0));
  const extra = chosen.map((o) => o.feedback).filter(Boolean);
  const answered = picked.length > 0;
  if (!hasKey(q)) return Grade(0, null, answered, [], extra, survey);
  const correctIds = new Set(idsOf(q.options.filter((o) => o.correct)));
  const right = picked.filter((i) => correctIds.has(i)).length, wrong = picked.length - right;
  const score = q.scoring === "all_or_nothing"
    ? +(right === correctIds.size && !wrong) // picked == correct_ids, as sets
    : Math.max(0, (right - wrong) / correctIds.size);
  return Grade(score, isRight(score), answered,
    q.options.map((o) => picked.includes(o.id) === !!o.correct),
    verdict(q, score, answered ? extra : []), survey);
}

function gradeTrueFalse(q, r) {
  return typeof r === "boolean"
    ? onePick(q, r === q.answer, r ? q.feedback_true : q.feedback_false) : unanswered(q);
}

// engine/quizzes.py refuses patterns the two languages read differently
function patternMatches(pattern, given, q) {
  pattern = pattern.replace(APOSTROPHES, "'");
  if (q.ignore_accents) pattern = stripAccents(pattern);
  const flags = q.case_sensitive ? "u" : "iu";
  try {
    new RegExp(pattern, flags); // alone first: "a)|(b" fails in Python, not once wrapped
    return new RegExp("^(?:" + pattern + ")$", flags).test(given);
  } catch (e) {
    return false;
  }
}

function gradeShort(q, r) {
  const options = { caseSensitive: !!q.case_sensitive, ignoreAccents: !!q.ignore_accents };
  const given = normalizeText(textOf(r), options);
  const right = !!given && (q.answers.some((a) => given === normalizeText(a, options))
    || q.patterns.some((p) => patternMatches(p, given, q)));
  return byScore(q, +right, !!given, [right]);
}

function gradeNumeric(q, r) {
  const value = parseNumber(textOf(r));
  const right = value !== null && Math.abs(value - q.answer) <= q.tolerance + EPSILON;
  return byScore(q, +right, collapse(textOf(r)) !== "", [right]);
}

function gradeMatching(q, r) {
  const given = isDict(r) ? r : {};
  const parts = q.solution.map(([left, right]) => get(given, left) === right);
  const rights = idsOf(q.rights);
  const score = q.scoring === "all_or_nothing" ? +parts.every(Boolean) : share(parts);
  return byScore(q, score, Object.values(given)
    .some((v) => typeof v === "string" && rights.includes(v)), parts);
}

function gradeOrdering(q, r) {
  const given = Array.isArray(r) ? r : [];
  const parts = q.solution.map((item, i) => i < given.length && given[i] === item);
  const score = q.scoring === "partial" ? share(parts)
    : +(parts.every(Boolean) && given.length === q.solution.length);
  const items = idsOf(q.items); // answered once an item is placed: "" is "Choose…"
  return byScore(q, score, given.some((v) => typeof v === "string" && items.includes(v)), parts);
}

function gradeFillBlanks(q, r) {
  const given = (Array.isArray(r) ? r : []).map((g) => normalizeText(textOf(g)));
  const parts = q.blanks.map((blank, i) => !!given[i]
    && blank.answers.some((a) => normalizeText(a) === given[i]));
  return byScore(q, share(parts), given.some(Boolean), parts);
}

// 3.0 is 3, true is no number, as in Python
const gradeLikert = (q, r) => Grade(0, null, Object.values(isDict(r) ? r : {})
  .some(Number.isInteger));

const gradeOpen = (q, r) => Grade(0, null, normalizeText(textOf(r)) !== "");

/** @param {Question} q @param {*} r @returns {Grade} */
function grade(q, r) {
  return questionType(q.type).grade(q, r === undefined ? null : r);
}

// rules.py: ">>> 0" is "& MASK", Math.imul is _imul
class SeededRandom {
  constructor(seed) { this.state = seed >>> 0; }

  nextFloat() {
    let t = this.state = (this.state + 0x6d2b79f5) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ ((t + Math.imul(t ^ (t >>> 7), t | 61)) >>> 0)) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  shuffle(items) {
    const out = Array.from(items);
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.nextFloat() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
}

const isGraded = (quiz) => (quiz.kind === undefined ? "graded" : quiz.kind) === "graded";
const counts = (quiz, q) => isGraded(quiz) && hasKey(q);

// rules.py's part order: ids as the page shows them, shuffled when the quiz says so
const idsInOrder = (parts, shuffleOptions, rng) =>
  (shuffleOptions ? rng.shuffle(idsOf(parts)) : idsOf(parts));
const noParts = () => null;
const choiceParts = (q, shuffleOptions, rng) => idsInOrder(q.options, shuffleOptions, rng);
const choiceHasKey = (q) => q.options.some((o) => o.correct);
const always = () => true;
const never = () => false;

function orderingParts(q, shuffleOptions, rng) { // always shuffled, never in the right order
  const list = rng.shuffle(idsOf(q.items));
  return list.length === q.solution.length && list.every((id, i) => id === q.solution[i])
    ? list.slice(1).concat(list.slice(0, 1)) : list;
}

/** liane-questions.js: how the page reads answers from the form and writes SCORM responses.
 * The page loads it after this script and node loads this script alone for the vectors, so a
 * type's `read` and `response` look it up when called, never at load. @returns {*} */
const page = () => (typeof LianeQuestions !== "undefined" ? LianeQuestions
  : require("./liane-questions.js"));
/** One of liane-questions.js's readers or formats, looked up when called.
 * @param {string} name @returns {*} */
const use = (name) => (/** @type {*[]} */ ...args) => page()[name](...args);

// One object per question type (engine.questions.TYPES), all its browser behaviour in one
// place: hasKey (Question.has_key), grade (its grader in engine/questions/<type>.py),
// partOrder (the order rules.py gives its options, rights or items; null: nothing to order),
// read (its answer in the form, as engine/responses.py reads it), response (its SCORM
// response in either standard, as export/interactions.py writes patterns; false: nothing to
// write) and, where an answered response may write no interaction, interacts.
// questionType() throws on a type it does not know: a missing entry must never borrow
// another type's rules nor write wrong SCORM data.
/** @type {Object<string, QuestionType>} */
const TYPES = {
  single_choice: { hasKey: choiceHasKey, grade: gradeSingle, partOrder: choiceParts,
    read: use("readText"), response: use("choiceResponse") },
  multiple_choice: { hasKey: choiceHasKey, grade: gradeMultiple, partOrder: choiceParts,
    read: use("readAll"), response: use("choiceResponse") },
  true_false: { hasKey: (/** @type {*} */ q) => q.answer != null, grade: gradeTrueFalse,
    partOrder: noParts,
    read: use("readBoolean"), response: use("booleanResponse") },
  short_answer: { hasKey: always, grade: gradeShort, partOrder: noParts,
    read: use("readText"), response: use("textResponse") },
  numeric: { hasKey: always, grade: gradeNumeric, partOrder: noParts,
    read: use("readText"), response: use("numericResponse") },
  numeric_range: { hasKey: always, partOrder: noParts, // right within [min, max], inclusive
    /** @param {Question & { answer: number[] }} q @param {*} r @returns {Grade} */
    grade: (q, r) => {
      const x = parseNumber(textOf(r)), right = x !== null
        && q.answer[0] - EPSILON <= x && x <= q.answer[1] + EPSILON;
      return byScore(q, +right, collapse(textOf(r)) !== "", [right]);
    },
    read: use("readText"), response: use("numericResponse") }, // the number typed
  matching: { hasKey: always, grade: gradeMatching,
    partOrder: (/** @type {*} */ q, shuffleOptions, rng) =>
      idsInOrder(q.rights, shuffleOptions, rng),
    read: use("readMatching"), response: use("matchingResponse"), review: "pairs" },
  ordering: { hasKey: always, grade: gradeOrdering, partOrder: orderingParts,
    read: use("readOrdering"), response: use("listResponse"), review: "ordering" }, // nothing placed: unanswered
  fill_blanks: { hasKey: always, grade: gradeFillBlanks, partOrder: noParts,
    read: use("readBlanks"), response: use("blanksResponse"), review: "blanks" },
  likert: { hasKey: never, grade: gradeLikert, partOrder: noParts,
    read: use("readLikert"), response: use("likertResponse") }, // one interaction per statement
  open: { hasKey: never, grade: gradeOpen, partOrder: noParts,
    read: use("readText"), response: use("openResponse") }
};

/** A type's browser behaviour; throws on a type it does not know.
 * @param {string} type @returns {QuestionType} */
function questionType(type) {
  const entry = get(TYPES, type);
  if (!entry) throw new Error("unknown question type: " + type);
  return entry;
}

/** @param {Quiz} quiz @param {number} seed @returns {Plan} */
function planAttempt(quiz, seed) {
  const rng = new SeededRandom(seed);
  let list = idsOf(quiz.questions);
  if (quiz.draw && quiz.draw < list.length) {
    const drawn = rng.shuffle(list).slice(0, quiz.draw);
    list = list.filter((id) => drawn.includes(id));
  }
  if (quiz.shuffle_questions) list = rng.shuffle(list);
  /** @type {Object<string, string[]>} */
  const orders = {};
  for (const qid of list) {
    const q = byId(quiz.questions, qid);
    const order = questionType(q.type).partOrder(q, quiz.shuffle_options, rng);
    if (order) orders[qid] = order;
  }
  return { seed, questions: list, orders };
}

/** @param {Quiz} quiz @param {Plan} plan @param {Object<string, *>} responses */
function gradeAttempt(quiz, plan, responses) {
  /** @type {Object<string, Grade>} */
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
  const score = possible ? earned / possible : null, graded = isGraded(quiz);
  return { grades, points_earned: earned, points_possible: possible, score,
    passed: graded ? score === null || score >= quiz.pass_mark - EPSILON : null,
    survey_total: survey, outcome: graded ? null : (quiz.outcomes || []).find(
      (o) => o.min - EPSILON <= survey && survey <= o.max + EPSILON) || null };
}

/** Attempts the learner may still start; null: any number (engine/rules.py attempts_left).
 * @param {Quiz} quiz @param {number} used @returns {number | null} */
function attemptsLeft(quiz, used) {
  return quiz.max_attempts ? Math.max(0, quiz.max_attempts - used) : null;
}

/** Whether the right answers may be shown: once they can no longer help pass, and always
 * for a survey (engine/rules.py may_reveal).
 * @param {Quiz} quiz @param {number} used @param {boolean} passed */
function mayReveal(quiz, used, passed) {
  return passed || attemptsLeft(quiz, used) === 0 || !isGraded(quiz);
}

/** Points as learners read them: two decimals at most, a decimal comma in French
 * (engine/numbers.py; toFixed rounds half up on the exact value, as Decimal does there).
 * @param {number} value @param {string} language */
function formatPoints(value, language) {
  let text = Number(value).toFixed(2).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  if (text === "-0") text = "0";
  return /^fr/i.test(language) ? text.replace(".", ",") : text;
}

/** A share as a whole percentage (engine/numbers.py format_percent). @param {number} fraction */
const formatPercent = (fraction) => String(Math.round(fraction * 100));

function quizWeight(quiz) {
  const scored = sum(quiz.questions.filter((q) => counts(quiz, q)).map((q) => q.points));
  const n = quiz.questions.length;
  return quiz.draw && quiz.draw < n ? scored / n * quiz.draw : scored;
}

function courseStatus(course, lessonsSeen, quizRecords) {
  const seen = new Set(lessonsSeen || []), lessons = course.lessons || [];
  const quizzes = course.quizzes || [], graded = quizzes.filter(isGraded);
  const completion = Object.assign({ lessons: "all", quizzes: "passed" }, course.completion);
  const done = lessons.filter((id) => seen.has(id)).length;
  const record = (q) => get(quizRecords, q.id) || {};
  const allPassed = graded.every((q) => record(q).passed);
  const completed = (completion.lessons === "none" || done === lessons.length)
    && (completion.quizzes === "passed" ? allPassed : completion.quizzes !== "attempted"
      || graded.every((q) => record(q).attempts > 0));
  const weights = graded.map(quizWeight), total = sum(weights);
  const score = total ? sum(graded.map((q, i) => (record(q).best_score || 0) * weights[i])) / total
    : null;
  const failed = graded.some((q) => q.max_attempts && record(q).attempts >= q.max_attempts
    && !record(q).passed);
  const state = failed ? "failed" : completed && allPassed ? "passed" : completed ? "completed"
    : done > 0 || quizzes.some((q) => record(q).attempts) ? "in_progress" : "not_started";
  return { state, completed, score, lessons_done: done, lessons_total: lessons.length };
}

return {
  EPSILON, normalizeText, stripAccents, parseNumber, hasKey, grade, TYPES, questionType,
  SeededRandom,
  isGraded, planAttempt, gradeAttempt, quizWeight, courseStatus, attemptsLeft, mayReveal,
  formatPoints, formatPercent
};
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeGrading; }

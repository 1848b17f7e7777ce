/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* The page controller of Liane's SCORM runtime: shows one item at a time, runs the quizzes,
 * keeps the learner's state and reports as the learner goes (docs/runtime.md tells why).
 * Loaded after the page's data, LianeGrading, LianeScorm, LianeState and LianeQuestions.
 * Node's require() returns window.LianeRuntime, and starts nothing. */
var LianeRuntime = (function () {
"use strict";

/** @type {typeof LianeGrading} */
const Grading = typeof LianeGrading !== "undefined" ? LianeGrading
  : require("./liane-grading.js");
/** @type {typeof LianeScorm} */
const Scorm = typeof LianeScorm !== "undefined" ? LianeScorm : require("./liane-scorm.js");
/** @type {typeof LianeState} */
const States = typeof LianeState !== "undefined" ? LianeState : require("./liane-state.js");
/** @type {typeof LianeQuestions} */
const Questions = typeof LianeQuestions !== "undefined" ? LianeQuestions
  : require("./liane-questions.js");

const DRAFT_DELAY = 500; // ms after the last change before a draft answer is saved
const API_WAIT = 2000; // ms to look again for an API that players inject late
const API_LOOK_EVERY = 100;

// Small helpers

/** @param {*} value */
const orNull = (value) => (value === undefined ? null : value);

/** @param {string} selector @param {ParentNode} [root] @returns {HTMLElement[]} */
const selectAll = (selector, root) =>
  Array.from((root || document).querySelectorAll(selector));

/** @param {Element | null} element */
function moveFocusTo(element) {
  if (!(element instanceof HTMLElement)) return;
  element.tabIndex = -1;
  element.focus();
}

/** @param {number} fraction */
const percent = (fraction) => Grading.formatPercent(fraction);

/** A new attempt's seed: 31 random bits. */
const newSeed = () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;

// The session

/** @type {CourseData} */
let course;
/** @type {Object<string, string>} */
let labels;
/** @type {LmsSession} */
let lms;
/** @type {State} */
let state;
/** @type {HTMLElement[]} one per item */
let sections;
/** @type {QuizView[]} */
let quizzes;
let startedAt = 0;
/** @type {number | undefined} */
let draftTimer;
let ended = false; // finish() ran: nothing more is done

/** @param {string} id */
const itemIndex = (id) => course.items.findIndex((item) => item.id === id);

/** @param {string} text */
function showStatus(text) {
  const status = document.getElementById("liane-status");
  if (status) status.textContent = text;
}

/** Finds the API, waiting for players that inject it late when framed, then runs. */
function start() {
  const data = /** @type {CourseData | undefined} */ (/** @type {*} */ (window).LIANE_COURSE);
  if (!data || !document.querySelector(".sco-item")) return;
  const framed = Scorm.safely(() => window.parent !== window || !!window.opener, true);
  const until = Date.now() + (framed ? API_WAIT : 0);
  (function look() {
    const api = Scorm.findAPI(data.cmi.api, window);
    if (api || Date.now() >= until) run(data, api);
    else setTimeout(look, API_LOOK_EVERY);
  })();
}

/** The whole session: Initialize, read, restore, show the saved item, listen.
 * @param {CourseData} data @param {ScormApi | null} api null: standalone */
function run(data, api) {
  course = data;
  labels = course.labels;
  lms = new Scorm.LmsSession(api, course.standard, course.cmi);
  lms.initialize();
  startedAt = Date.now();
  sections = selectAll("section.sco-item");
  // The page reads without script; what only the runtime can run shows now.
  selectAll("[data-runtime]").forEach((element) => { element.hidden = false; });
  selectAll('form.quiz input[type="text"], form.quiz input:not([type])').forEach((input) => {
    input.setAttribute("enterkeyhint", "next");
  });
  quizzes = course.quizzes.map((quiz, index) => {
    const section = sections[itemIndex(quiz.id)];
    const form = /** @type {HTMLFormElement} */ (section.querySelector("form"));
    return {
      quiz, index, section, form,
      boxes: /** @type {HTMLFieldSetElement[]} */ (selectAll("fieldset[data-question]", form)),
      result: /** @type {HTMLElement} */ (section.querySelector(".quiz-result")),
      plan: /** @type {Plan | null} */ (null),
      get record() { return state.quizzes[index]; }
    };
  });

  const saved = lms.online ? lms.readSuspendData()
    : Scorm.safely(() => localStorage.getItem(course.store_key), null);
  const location = lms.readLocation();
  lms.review = lms.readReviewMode();
  const rankHeld = lms.readStatusRank();
  if (!lms.online) showStatus(labels.standalone);
  restoreState(States.decodeState(saved), location, rankHeld);
  const count = lms.readInteractionCount();
  if (count !== null) state.count = count;

  quizzes.forEach((view) => {
    if (!view.record || view.record.seed === null) return;
    applyPlan(view);
    writeForm(view);
    if (view.record.graded) showResult(view, gradeAttempt(view));
    else view.record.checked.forEach((k) => showChecked(view, k));
  });
  if (lms.review) showFinished();
  lms.writeExit(false); // at once: an empty exit can mean a new attempt next time
  goto(state.item, false);
  listen();
}

/** The saved state, or a new one keeping the old one's rank and count, fitted to the page.
 * @param {State | null} saved @param {string} location @param {number} rankHeld */
function restoreState(saved, location, rankHeld) {
  state = saved && saved.version === course.version ? saved : {
    version: course.version, seen: [], quizzes: [],
    rank: saved ? saved.rank : 0, count: saved ? saved.count : 0,
    item: Math.max(0, itemIndex(location))
  };
  state.quizzes = course.quizzes.map((quiz, k) => state.quizzes[k] || null);
  state.seen = state.seen.filter((index) => index < sections.length);
  if (!sections[state.item]) state.item = 0;
  state.rank = Math.max(state.rank, rankHeld);
}

/** Navigation, links between lessons, quiz submissions, checks, retries, Finish, drafts. */
function listen() {
  document.addEventListener("click", (event) => {
    const target = /** @type {*} */ (event.target);
    /** @type {HTMLElement | null} */
    const element = target && typeof target.closest === "function" ? target.closest(
      "[data-goto], [data-retry], [data-check], [data-finish], #liane-finish, a[href]") : null;
    const dataset = element ? element.dataset : {};
    const href = element && element.getAttribute("href");
    if (dataset.goto) {
      event.preventDefault();
      goto(Number(dataset.goto), true);
    } else if (dataset.retry) {
      retry(quizzes[Number(dataset.retry)]);
    } else if (dataset.check) {
      const form = /** @type {HTMLButtonElement} */ (element).form;
      const view = quizzes.find((v) => v.form === form);
      if (view) check(view, dataset.check);
    } else if (element && element.matches("[data-finish], #liane-finish")) {
      finish(true);
    } else if (href && !/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) {
      // a link to another item of the course: "<item id>.html#anchor"
      const index = itemIndex(Scorm.safely(() => decodeURIComponent(href.split("#")[0]
        .replace(/^\.\//, "")).replace(/\.html$/, ""), ""));
      if (index >= 0) {
        event.preventDefault();
        goto(index, true);
      }
    }
  });
  quizzes.forEach((view) => {
    view.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const blanks = blankQuestions(view);
      if (blanks.length) confirmBlanks(view, blanks);
      else submit(view);
    });
    // Enter in a field (a phone's OK/Go key) moves on to the next field, never sends.
    view.form.addEventListener("keydown", (event) => {
      const field = /** @type {HTMLInputElement} */ (event.target);
      if (event.key !== "Enter" || event.isComposing || field.tagName !== "INPUT"
        || /^(submit|button|reset|image|file)$/.test(field.type)) return;
      event.preventDefault();
      const next = nextField(view.form, field);
      if (next) next.focus();
    });
    // a draft, without Commit
    const saveDraft = () => {
      if (ended || !view.record || view.record.graded || !view.plan) return;
      view.record.responses = readForm(view);
      clearTimeout(draftTimer);
      draftTimer = setTimeout(save, DRAFT_DELAY);
    };
    view.form.addEventListener("change", saveDraft);
    view.form.addEventListener("input", saveDraft);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !ended) save(true);
  });
  window.addEventListener("pagehide", () => finish(false)); // the last chance
}

/** The state to the LMS, or to localStorage (maybe full or blocked) when standalone.
 * @param {boolean} [andCommit] */
function save(andCommit) {
  clearTimeout(draftTimer);
  const text = States.encodeState(state, States.LIMITS[course.standard]);
  if (lms.online) lms.writeSuspendData(text);
  else Scorm.safely(() => localStorage.setItem(course.store_key, text), null);
  if (andCommit === true) lms.commit();
}

/** The course's status and score (the engine's course_status). */
function courseStatus() {
  /** @type {Object<string, QuizRecord | null>} */
  const records = {};
  quizzes.forEach((view) => { records[view.quiz.id] = view.record; });
  return Grading.courseStatus(course, state.seen.map((i) => course.items[i].id), records);
}

/** A graded quiz was attempted. @param {{score: number | null}} status */
const hasScore = (status) => status.score !== null
  && quizzes.some((view) => Grading.isGraded(view.quiz) && (view.record || {}).attempts);

/** Score and status, never lowering it; in 1.2 the score only once final (a mastery override
 * would store "failed"). @param {boolean} [finishing] the learner pressed Finish */
function report(finishing) {
  if (!lms.online || lms.review) return;
  const status = courseStatus();
  const rank = status.state === "failed" && course.failed_as === "incomplete" ? 0
    : Scorm.rankOf(status.state);
  if (hasScore(status) && (!lms.isScorm12 || rank >= Scorm.FAILED || (finishing && rank))) {
    lms.writeScore(status.score);
  }
  if (rank < state.rank) return;
  state.rank = rank;
  lms.writeStatus(rank, status.completed);
}


function saveAll() {
  report();
  save(true);
}

// Navigation

/** @param {number} index @param {boolean} moveFocus */
function goto(index, moveFocus) {
  if (ended || !sections[index]) return;
  sections.forEach((section, k) => { section.hidden = k !== index; });
  selectAll(".sco-outline a").forEach((link) => link.setAttribute("aria-current",
    link.dataset.goto === String(index) ? "step" : "false"));
  state.item = index;
  if (state.seen.indexOf(index) < 0) state.seen.push(index);
  const view = quizzes.find((v) => v.section === sections[index]);
  if (view) openQuiz(view);
  if (moveFocus) moveFocusTo(sections[index].querySelector("h1, h2"));
  lms.writeLocation(course.items[index].id, index);
  saveAll();
}

// Quizzes

/** The attempts left; null: unlimited. @param {QuizView} view */
const attemptsLeft = (view) => Grading.attemptsLeft(view.quiz, (view.record || {}).attempts || 0);

/** @param {number} value */
const points = (value) => Grading.formatPoints(value, course.language);

/** "Attempts left: 2", or none left. @param {number} left */
const attemptsLeftPiece = (left) => (left ? fromTemplate("liane-attempts-left", { n: left })
  : fromTemplate("liane-no-attempt-left"));

/** @param {QuizView} view @param {string} questionId */
const boxOf = (view, questionId) => view.boxes.find((box) => box.dataset.question === questionId);

/** @param {QuizView} view @param {string} questionId */
const questionIndex = (view, questionId) =>
  view.quiz.questions.findIndex((q) => q.id === questionId);

/** @param {QuizView} view @param {boolean} locked */
function lockForm(view, locked) {
  Array.from(view.form.elements).forEach((element) => {
    /** @type {HTMLInputElement} */ (element).disabled = locked;
  });
}

/** @param {QuizView} view */
function gradeAttempt(view) {
  /** @type {Object<string, *>} */
  const responses = {};
  view.quiz.questions.forEach((q, k) => { responses[q.id] = orNull(view.record.responses[k]); });
  return Grading.gradeAttempt(view.quiz, view.plan, responses);
}

/** @returns {Pick<QuizRecord, "seed" | "graded" | "checked" | "responses">} */
const newAttempt = () => ({ seed: newSeed(), graded: false, checked: [], responses: [] });

/** The first display creates the record and draws a seed. @param {QuizView} view */
function openQuiz(view) {
  if (!view.record) {
    state.quizzes[view.index] = Object.assign({ attempts: 0, best_score: null, passed: false },
      newAttempt());
  }
  if (view.record.seed === null) view.record.seed = newSeed();
  if (!view.plan) applyPlan(view);
  showAttemptsLeft(view);
}

/** @param {QuizView} view */
function showAttemptsLeft(view) {
  const left = attemptsLeft(view);
  if (left === null) return;
  view.section.querySelector("[data-quiz-meta]").textContent = attemptsLeftPiece(left).textContent;
}

/** The page as the plan says: questions shown, numbers, option order, check buttons.
 * @param {QuizView} view */
function applyPlan(view) {
  const plan = view.plan = Grading.planAttempt(view.quiz, view.record.seed);
  view.boxes.forEach((box) => { box.hidden = plan.questions.indexOf(box.dataset.question) < 0; });
  plan.questions.forEach((questionId, k) => {
    const box = boxOf(view, questionId);
    if (!box) return;
    view.form.insertBefore(box, view.form.querySelector(":scope > .actions"));
    box.querySelector(".question-n").textContent = String(k + 1);
    (plan.orders[questionId] || []).forEach((id) => {
      selectAll(".options input, option", box).forEach((input) => {
        const part = input.tagName === "OPTION" ? input : input.closest("li");
        if (/** @type {HTMLInputElement} */ (input).value === id) part.parentNode.appendChild(part);
      });
    });
    if (view.quiz.feedback === "immediate" && !box.querySelector("[data-check]")) {
      const line = fromTemplate("liane-check");
      /** @type {HTMLElement} */ (line.querySelector("[data-check]")).dataset.check = questionId;
      box.insertBefore(line, box.querySelector(".question-feedback"));
    }
  });
}

/** The answers by question index; a checked answer is final. @param {QuizView} view */
function readForm(view) {
  const form = new FormData(view.form);
  return view.quiz.questions.map((q, k) => {
    if (view.plan.questions.indexOf(q.id) < 0) return null;
    if (view.record.checked.indexOf(k) >= 0) return orNull(view.record.responses[k]);
    return Grading.questionType(q.type).read(q, form);
  });
}

/** @param {QuizView} view */
function writeForm(view) {
  const elements = /** @type {HTMLInputElement[]} */ (Array.from(view.form.elements));
  /** @param {string} name @param {*} value */
  const put = (name, value) => elements.forEach((element) => {
    if (element.name !== name) return;
    if (/radio|checkbox/.test(element.type)) {
      element.checked = [].concat(value).map(String).indexOf(element.value) >= 0;
    } else {
      element.value = typeof value === "string" ? value : "";
    }
  });
  view.quiz.questions.forEach((q, k) => {
    const response = orNull(view.record.responses[k]);
    if (!q.parts) put("q-" + q.id, response);
    else q.parts.forEach(([key, name]) => put(name, hasOwn(response, key) ? response[key] : ""));
  });
}

/** @param {*} object @param {string | number} key */
const hasOwn = (object, key) => object !== null && typeof object === "object"
  && Object.prototype.hasOwnProperty.call(object, key);

/** @param {QuizView} view */
function submit(view) {
  const record = view.record;
  if (ended || !record || record.graded || attemptsLeft(view) === 0) return;
  record.responses = readForm(view);
  const result = gradeAttempt(view);
  record.attempts++;
  record.graded = true;
  if (result.score !== null) record.best_score = Math.max(record.best_score || 0, result.score);
  if (result.passed) record.passed = true;
  if (lms.online && !lms.review) writeInteractions(view, result);
  showResult(view, result);
  saveAll();
  moveFocusTo(view.result);
}

/** Immediate feedback: one answer graded and locked.
 * @param {QuizView} view @param {string} questionId */
function check(view, questionId) {
  const k = questionIndex(view, questionId);
  const record = view.record;
  if (ended || k < 0 || !record || record.graded || record.checked.indexOf(k) >= 0) return;
  record.responses = readForm(view);
  record.checked.push(k);
  moveFocusTo(showChecked(view, k));
  save(true);
}

/** @param {QuizView} view @param {number} k the question's index */
function showChecked(view, k) {
  const q = view.quiz.questions[k];
  const box = q && boxOf(view, q.id);
  if (!box) return null;
  box.disabled = true;
  const button = box.querySelector("[data-check]");
  if (button) button.parentElement.remove();
  // The attempt under way counts as used: a checked answer is final in it.
  const reveal = Grading.mayReveal(view.quiz, view.record.attempts + 1, view.record.passed);
  const response = orNull(view.record.responses[k]);
  return showReview(box, q, Grading.grade(q, response), reveal, response);
}

/** One per question answered, one per likert statement. @param {QuizView} view
 * @param {{grades: Object<string, Grade>}} result */
function writeInteractions(view, result) {
  const time = new Date();
  view.plan.questions.forEach((questionId) => {
    const k = questionIndex(view, questionId);
    const q = view.quiz.questions[k];
    const response = view.record.responses[k];
    const grade = result.grades[questionId];
    const type = Grading.questionType(q.type);
    if (!grade || !grade.answered || (type.interacts && !type.interacts(response))) return;
    const scorm = q.scorm;
    // [the answer, the id's suffix, the description]
    const answers = scorm.parts
      ? scorm.parts.filter(([id]) => hasOwn(response, id))
        .map(([id, description]) => [response[id], "-s" + id, description])
      : [[response, "", scorm.description]];
    answers.forEach(([answer, suffix, description]) => {
      lms.writeInteraction(state.count++, {
        id: scorm.id + view.record.attempts + suffix,
        type: scorm.type,
        description,
        weighting: scorm.weighting,
        pattern: scorm.correct,
        response: Questions.formatResponse(course.standard, q, answer),
        correct: grade.correct,
        time
      });
    });
  });
}

/** Verdict, feedback, explanation, the parts' review; `reveal`: the right answers may be
 * shown (marked, or the parts' right answers).
 * An explanation and an option's own feedback often state the right answer: after a wrong
 * answer they wait for `reveal`, as in the player (engine/rules.py may_explain and
 * shown_feedback); the question's feedback_correct / feedback_wrong show at once.
 * @param {HTMLElement} box @param {Question} q @param {Grade} grade @param {boolean} reveal
 * @param {*} response */
function showReview(box, q, grade, reveal, response) {
  const explain = reveal || grade.correct !== false;
  const out = /** @type {HTMLElement} */ (box.querySelector(".question-feedback"));
  const verdict = fromTemplate("liane-verdict");
  verdict.id = box.id.replace("question-", "verdict-"); // as content/_questions.html names it
  const kind = grade.correct ? "right" : grade.correct !== false ? null
    : grade.score > 0 ? "partial" : "wrong";
  if (kind) {
    verdict.appendChild(fromTemplate("liane-verdict-" + kind, { pct: percent(grade.score) }));
  }
  grade.feedback.forEach((html) => {
    if (!explain && html !== q.feedback_correct && html !== q.feedback_wrong) return;
    verdict.appendChild(fromTemplate("liane-feedback")).innerHTML = html;
  });
  if (q.explanation && explain) {
    verdict.appendChild(fromTemplate("liane-explanation"))
      .insertAdjacentHTML("beforeend", q.explanation);
  }
  out.textContent = "";
  if (verdict.firstChild) out.appendChild(verdict);
  showParts(box, q, response, grade.parts, reveal);
  if (reveal && !box.querySelector(".mark")) {
    selectAll(".option", box).forEach((option) => {
      const input = /** @type {HTMLInputElement} */ (option.querySelector("input"));
      if (q.right_options.indexOf(input.value) < 0) return;
      option.classList.add("is-right");
      option.querySelector("label").append(" ", fromTemplate("liane-right-mark"));
    });
  }
  return out;
}

// The parts of a matching, ordering or fill_blanks question reviewed as text, as the player
// writes them (content/_pairs.html's macros, the page's <template>s liane-pair-right…): each
// answer given marked, the right one once `reveal`. Texts are copies of the page's nodes (the
// choices' list, the left items) or the learner's text as text; the fields stay, hidden, for
// a retry.

/** The fields a parts' review hides. */
const FIELDS = ".pair-choices, .pairs, .ordering, .pairs-warning, .blank";

/** @param {Element} element */
const nodesOf = (element) => Array.from(element.childNodes, (node) => node.cloneNode(true));

/** A choice's text (matching's right items, ordering's items) as the page shows it; null: none.
 * @param {HTMLElement} box @param {*} id */
function choice(box, id) {
  const text = typeof id === "string" && id
    && box.querySelector("[data-choice=\"" + id + "\"] .choice-text");
  return text ? nodesOf(text) : null;
}

/** A part reviewed (liane-<kind>-right or -wrong): `given` and `expected` fill their slots,
 * else "none" and no right answer; `head`: a pair's left item, or a position's number.
 * @param {string} kind @param {boolean} right @param {*} given @param {*} expected
 * @param {Node[] | number} [head] */
function partRow(kind, right, given, expected, head) {
  const row = fromTemplate("liane-" + kind + (right ? "-right" : "-wrong"));
  const first = row.firstElementChild, more = row.querySelector(".part-expected");
  if (typeof head === "number") first.textContent = fill(first.textContent, { n: head });
  else if (head) first.append(...head);
  const slot = row.querySelector(".blank-given-text, .pair-given > span");
  if (given) slot.append(...given);
  else slot.replaceWith(/** @type {HTMLTemplateElement} */ (document.getElementById("liane-none")).content.textContent);
  if (more && expected) more.lastElementChild.append(...expected);
  else if (more) more.remove();
  return row;
}

/** The layouts of a parts' review, named by a type's `review` (liane-grading.js): the list's
 * template (liane-<layout>) and its rows. A new type picks one; only a new layout adds here.
 * @type {Object<string, function(HTMLElement, Question, *, boolean[], boolean): [string, HTMLElement[]]>} */
const PART_REVIEWS = {
  pairs: (box, q, given, parts, reveal) => ["pairs", q.solution.map(([left, right], i) =>
    partRow("pair", parts[i], choice(box, hasOwn(given, left) && given[left]),
      reveal && choice(box, right), nodesOf(box.querySelector("label[for$=\"q-" + q.id + "-" + left + "\"]"))))],
  ordering: (box, q, given, parts, reveal) => ["ordering", q.solution.map((item, i) =>
    partRow("position", parts[i], choice(box, Array.isArray(given) && given[i]),
      reveal && choice(box, item), i + 1))],
  blanks: (box, q, given, parts, reveal) => {
    const fields = selectAll(".blank", box);
    return ["blanks", q.blanks.map((blank, i) => {
      const text = (Array.isArray(given) && given[i]) || "";
      const inline = fromTemplate("liane-given-" + (parts[i] ? "right" : "wrong"));
      if (text) inline.firstChild.nodeValue = text;
      inline.lastChild.textContent = String(i + 1);
      fields[i].after(inline);
      return partRow("blank", parts[i], text && [text], reveal && [blank.answers.join(" / ")]);
    })];
  }
};

/** @param {HTMLElement} box @param {Question} q @param {*} given @param {boolean[]} parts
 * @param {boolean} reveal */
function showParts(box, q, given, parts, reveal) {
  const layout = Grading.questionType(q.type).review;
  clearParts(box);
  if (!layout) return;
  const review = PART_REVIEWS[layout];
  selectAll(FIELDS, box).forEach((element) => { element.hidden = true; });
  const [list, rows] = review(box, q, given, parts, reveal);
  const holder = fromTemplate("liane-" + list);
  holder.append(...rows);
  box.insertBefore(holder, box.querySelector(".question-feedback"));
}

/** The parts' review gone, the fields back. @param {HTMLElement} root */
function clearParts(root) {
  selectAll(".is-review, .blank-review, .blank-given", root).forEach((element) => element.remove());
  selectAll(FIELDS, root).forEach((element) => { element.hidden = false; });
}

/** A copy of one of the page's pieces (engine/templates/content/_review.html and
 * _results.html: the player's own markup, never written again here), its {placeholders}
 * replaced by `values`: only pieces whose element holds nothing but its text take values.
 * @param {string} id @param {Object<string, string | number>} [values] @returns {HTMLElement} */
function fromTemplate(id, values) {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById(id));
  const piece = /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
  if (values) piece.textContent = fill(piece.textContent || "", values);
  return piece;
}

/** `text` with its {placeholders} replaced by `values`.
 * @param {string} text @param {Object<string, string | number>} values */
const fill = (text, values) => text.replace(/\{(\w+)\}/g,
  (all, key) => (hasOwn(values, key) ? String(values[key]) : all));

/** Whether a question has no answer at all: no box ticked, no text typed, every select on
 * "Choose…" (as liane.js and the server count them). @param {Element} box */
const isBlank = (box) => selectAll("input, select, textarea", box).every((element) => {
  const field = /** @type {HTMLInputElement} */ (element);
  return /radio|checkbox/.test(field.type) ? !field.checked : field.value.trim() === "";
});

/** The questions of the attempt still to answer (a checked one is locked), in page order.
 * @param {QuizView} view */
const blankQuestions = (view) => view.plan.questions.map((id) => boxOf(view, id))
  .filter((box) => box && !box.disabled && isBlank(box));

/** Ask before grading an attempt with blank questions: how many, a link to the first, "Send
 * anyway" or "Back to the quiz" (content/_confirm.html, the player's panel).
 * @param {QuizView} view @param {HTMLFieldSetElement[]} blanks */
function confirmBlanks(view, blanks) {
  selectAll(".confirm-unanswered").forEach((old) => old.remove());
  const panel = fromTemplate("liane-confirm");
  const text = /** @type {HTMLElement} */ (panel.querySelector(".confirm-text"));
  text.textContent = fill(text.dataset[blanks.length === 1 ? "one" : "many"] || "",
    { n: blanks.length, total: view.plan.questions.length });
  const first = blanks[0];
  const link = /** @type {HTMLAnchorElement} */ (panel.querySelector(".first-blank"));
  link.href = "#" + first.id;
  link.textContent = fill(link.dataset.text || "",
    { number: first.querySelector(".question-n").textContent || "" });
  const actions = /** @type {HTMLElement} */ (view.form.querySelector(":scope > .actions"));
  /** @param {string} selector @param {function(Event): void} then */
  const on = (selector, then) => panel.querySelector(selector).addEventListener("click",
    (event) => { panel.remove(); then(event); });
  on(".first-blank", (event) => {
    event.preventDefault();
    first.scrollIntoView();
    const field = /** @type {HTMLElement | null} */ (first.querySelector("input, select, textarea"));
    if (field) field.focus();
  });
  on("[data-confirm]", () => submit(view));
  on("[data-cancel]", () => /** @type {HTMLElement} */ (actions.querySelector("button")).focus());
  view.form.insertBefore(panel, actions);
  panel.focus();
}

/** The field after `from` for Enter to move to (a radio group counts once: its checked
 * button, or its first), as liane.js does in the player.
 * @param {HTMLFormElement} form @param {HTMLInputElement} from @returns {HTMLElement | null} */
function nextField(form, from) {
  const all = /** @type {HTMLInputElement[]} */ (Array.from(form.elements));
  for (let i = all.indexOf(from) + 1; i < all.length; i++) {
    const field = all[i];
    if (field.disabled || field.type === "hidden" || /^(BUTTON|FIELDSET)$/.test(field.tagName)
      || /^(submit|button|reset|image)$/.test(field.type) || field.closest("[hidden]")) continue;
    if (field.type !== "radio") return field;
    if (field.name === from.name) continue;
    const group = all.filter((other) => other.type === "radio" && other.name === field.name
      && !other.disabled);
    return group.find((other) => other.checked) || group[0];
  }
  return null;
}

/** Right answers shown once they can no longer help (Grading.mayReveal, the player's rule).
 * @param {QuizView} view @param {ReturnType<typeof Grading.gradeAttempt>} result */
function showResult(view, result) {
  const quiz = view.quiz, left = attemptsLeft(view), graded = Grading.isGraded(quiz);
  const reveal = Grading.mayReveal(quiz, (view.record || {}).attempts || 0,
    Boolean(view.record.passed));
  const outcome = result.outcome;
  view.form.classList.add("is-reviewed");
  lockForm(view, true);
  selectAll("[data-check]", view.form).forEach((button) => button.parentElement.remove());
  quiz.questions.forEach((q, k) => {
    const box = boxOf(view, q.id);
    if (box && result.grades[q.id] && quiz.feedback !== "none") {
      showReview(box, q, result.grades[q.id], reveal, orNull(view.record.responses[k]));
    }
  });
  /** @type {HTMLElement[]} */
  const pieces = [];
  if (!graded) {
    pieces.push(fromTemplate("liane-total", { total: points(result.survey_total) }));
    if (outcome) {
      const box = fromTemplate("liane-outcome");
      box.querySelector(".outcome-title").textContent = outcome.title;
      box.insertAdjacentHTML("beforeend", outcome.text || "");
      pieces.push(box);
    }
  } else {
    if (result.score !== null) {
      pieces.push(fromTemplate("liane-score", { score: percent(result.score),
        earned: points(result.points_earned), possible: points(result.points_possible) }));
    }
    pieces.push(result.passed ? fromTemplate("liane-passed")
      : fromTemplate("liane-not-passed", { mark: percent(quiz.pass_mark) }));
  }
  if (left !== null) pieces.push(attemptsLeftPiece(left));
  if (left !== 0) {
    const retryButton = fromTemplate("liane-retry");
    /** @type {HTMLElement} */ (retryButton.querySelector("[data-retry]")).dataset.retry =
      String(view.index);
    pieces.push(retryButton);
  }
  view.result.textContent = "";
  pieces.forEach((piece) => view.result.appendChild(piece));
  view.result.hidden = false;
  showAttemptsLeft(view);
}

/** @param {QuizView} view */
function retry(view) {
  if (ended || !view.record.graded || attemptsLeft(view) === 0) return;
  Object.assign(view.record, newAttempt());
  view.form.reset();
  view.form.classList.remove("is-reviewed");
  clearParts(view.form);
  lockForm(view, false);
  selectAll(".question-feedback", view.form).forEach((element) => { element.innerHTML = ""; });
  selectAll(".mark", view.form).forEach((element) => element.remove());
  selectAll(".is-right", view.form).forEach((element) => element.classList.remove("is-right"));
  view.result.hidden = true;
  applyPlan(view);
  showAttemptsLeft(view);
  save(true);
  moveFocusTo(view.section.querySelector("h1"));
}

// The end

/** Ends the session once; the attempt is over when the learner pressed Finish on a course at
 * least completed. @param {boolean} byLearner */
function finish(byLearner) {
  if (ended) return;
  ended = true;
  if (byLearner) report(true);
  lms.writeExit(byLearner && state.rank >= Scorm.COMPLETED);
  lms.writeSessionTime(Date.now() - startedAt);
  save(true);
  lms.terminate();
  if (!byLearner) return;
  const main = document.getElementById("main");
  const notice = fromTemplate("liane-finished");
  showStatus(notice.textContent);
  selectAll(".sco-item, .sco-outline").forEach((element) => { element.hidden = true; });
  selectAll("#liane-finish, [data-finish]").forEach((button) => {
    /** @type {HTMLButtonElement} */ (button).disabled = true;
  });
  main.insertBefore(notice, main.firstChild);
  moveFocusTo(notice);
}

/** Review mode: says the course is finished, with the result, not a blank start. */
function showFinished() {
  const status = courseStatus();
  const raw = lms.readScore();
  const rank = Math.max(state.rank, lms.readSuccessRank());
  const score = /^\d+(\.\d+)?$/.test(raw) ? Math.round(Number(raw))
    : hasScore(status) ? percent(status.score) : null;
  const notice = fromTemplate("liane-review-notice");
  if (score !== null) notice.appendChild(fromTemplate("liane-course-score", { score }));
  if (rank === Scorm.PASSED) notice.appendChild(fromTemplate("liane-passed"));
  else if (rank === Scorm.FAILED) notice.appendChild(fromTemplate("liane-failed"));
  const main = document.getElementById("main");
  main.insertBefore(notice, main.firstChild);
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

// The codec's functions stay reachable here for the browser tests.
return { start, encodeState: States.encodeState, decodeState: States.decodeState,
  LIMITS: States.LIMITS };
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeRuntime; }

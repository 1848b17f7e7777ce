/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* The LMS adapter of Liane's SCORM runtime: finds the API as ADL describes, speaks SCORM 1.2
 * and 2004 side by side, writes values in the strictest form both standards and Moodle accept
 * (docs/runtime.md). It knows nothing of the page. Node's require() returns window.LianeScorm. */
var LianeScorm = (function () {
"use strict";

/**
 * What `task` returns, or `otherwise` if it throws: reading a property of a frame of another
 * origin throws, and an LMS that throws is an LMS that said no.
 * @template T, U @param {() => T} task @param {U} otherwise @returns {T | U}
 */
function safely(task, otherwise) {
  try {
    return task();
  } catch (error) {
    return otherwise;
  }
}

// Values in the strictest form

/** A plain decimal, `places` decimals at most, never 5e-7 nor -0 (as export/interactions.py).
 * @param {number} x @param {number} places */
function decimal(x, places) {
  const text = Number(x).toFixed(places).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return text === "-0" ? "0" : text;
}

/** The first `length` UTF-16 units of `text`, one fewer rather than half a surrogate pair.
 * @param {string} text @param {number} length */
function cutText(text, length) {
  return text.slice(0, /[\ud800-\udbff]/.test(text[length - 1]) ? length - 1 : length);
}

/** A learner's text as a CMI value: one line (LMSs check values with `.` regexes), without
 * 2004's delimiters ([,] becomes (,)) nor a leading { (a {lang=} tag), cut to `length`.
 * @param {string} text @param {number} length */
function cmiText(text, length) {
  return cutText(String(text).replace(/\s+/g, " ").trim()
    .replace(/\[([,.:])\]/g, "($1)").replace(/^\{/, "("), length);
}

/** @param {number} n */
const twoDigits = (n) => String(n).padStart(2, "0");

/** The session's duration: HHHH:MM:SS.SS in 1.2 (2 to 4 hour digits, 9999 hours at most),
 * an ISO 8601 duration in 2004 (PT1H2M3.5S; PT0S for nothing).
 * @param {number} milliseconds @param {string} standard */
function sessionTime(milliseconds, standard) {
  const centiseconds = Math.max(0, Math.round((Number(milliseconds) || 0) / 10));
  const hours = Math.floor(centiseconds / 360000);
  const minutes = Math.floor(centiseconds / 6000) % 60;
  const seconds = centiseconds % 6000 / 100;
  if (standard !== "scorm12") {
    return "PT" + ((hours ? hours + "H" : "") + (minutes ? minutes + "M" : "")
      + (seconds ? decimal(seconds, 2) + "S" : "") || "0S");
  }
  if (hours > 9999) return "9999:59:59.99";
  return [hours, minutes, Math.floor(seconds)].map(twoDigits).join(":")
    + "." + twoDigits(centiseconds % 100);
}

/** An interaction's time: HH:MM:SS local in 1.2; in 2004 ISO in UTC with two decimals of
 * seconds at most (the data model's 0.01 s: Moodle refuses a third).
 * @param {Date} date @param {string} standard */
function timestamp(date, standard) {
  return standard === "scorm12" ? date.toTimeString().slice(0, 8)
    : date.toISOString().replace(/(\.\d\d)\d*/, "$1");
}

// Finding the API

/**
 * ADL's API discovery: `name` (API or API_1484_11) on the window and up its parents (500
 * levels at most; a loop of parents ends), then on the opener and the top window's opener and
 * up their parents (an LMS can open the course in a pop-up). A foreign frame is "not here".
 * @param {string} name @param {*} start @returns {ScormApi | null}
 */
function findAPI(name, start) {
  /** @param {*} win */
  const searchUp = (win) => {
    for (let level = 0; win && level < 500; level++) {
      const api = safely(() => win[name], null);
      const parent = safely(() => win.parent, null);
      if (api) return api;
      if (!parent || parent === win) break;
      win = parent;
    }
    return null;
  };
  return searchUp(start) || searchUp(safely(() => start.opener, null))
    || searchUp(safely(() => start.top.opener, null));
}

// Statuses

// A course's statuses by rank: a status is never lowered (docs/runtime.md).
const STATUSES = ["incomplete", "completed", "failed", "passed"];
const PASSED = 3, FAILED = 2, COMPLETED = 1;

/** @param {string} status a status, or anything else (rank 0) */
const rankOf = (status) => Math.max(0, STATUSES.indexOf(status));

// One session with the LMS

/**
 * One session in either standard. Nothing is sent outside it (LMSs count it as errors) nor
 * written in review mode, and a value only when it differs from the last one accepted.
 */
class LmsSession {
  /** @param {ScormApi | null} api null: no LMS @param {string} standard @param {CmiNames} names */
  constructor(api, standard, names) {
    this.api = api;
    this.names = names;
    this.isScorm12 = standard === "scorm12";
    this.standard = standard;
    this.open = false; // between a successful Initialize and Terminate
    this.online = false; // Initialize succeeded: there is an LMS to report to
    this.review = false; // the LMS reopened a finished attempt: never write to it again
    /** @type {Object<string, string>} the values the LMS accepted in this session */
    this.written = {};
  }

  /** Calls a method by its 2004 name (1.2's starts with LMS): "" outside a session, "false"
   * when the LMS throws. @param {string} method @param {...string} args @returns {string} */
  call(method, ...args) {
    const api = this.api;
    if (!this.open || !api) return "";
    const name = (this.isScorm12 ? "LMS" : "") + method;
    return safely(() => {
      const result = api[name](...args);
      return result === undefined || result === null ? "" : String(result);
    }, "false");
  }

  /** Initialize: true when the LMS accepted it. */
  initialize() {
    this.open = !!this.api;
    this.online = this.call("Initialize", "") === "true";
    this.open = this.online;
    return this.online;
  }

  /** @param {string} key */
  get(key) {
    return this.call("GetValue", key);
  }

  /** @param {string} key @param {string | number} value */
  set(key, value) {
    const text = String(value);
    if (!this.review && this.written[key] !== text
        && this.call("SetValue", key, text) === "true") {
      this.written[key] = text;
    }
  }

  commit() {
    if (!this.review) this.call("Commit", "");
  }

  /** Terminate (LMSFinish in 1.2): nothing is sent afterwards. */
  terminate() {
    this.call(this.isScorm12 ? "Finish" : "Terminate", "");
    this.open = false;
  }

  // Reads at launch: LMSs may return "" for most; they only raise the state or fill a gap.

  readSuspendData() {
    return this.get("cmi.suspend_data");
  }

  readLocation() {
    return this.get(this.names.location);
  }

  /** Review mode: the LMS reopened an attempt it holds as finished ("" is normal mode). */
  readReviewMode() {
    return this.get(this.names.mode) === "review";
  }

  /** The status the LMS holds, as a rank, only so that nothing lower is ever written. */
  readStatusRank() {
    if (this.isScorm12) return rankOf(this.get("cmi.core.lesson_status"));
    return rankOf(this.get("cmi.success_status") === "passed" ? "passed"
      : this.get("cmi.completion_status"));
  }

  /** The rank of passed or failed the LMS holds (2004: its success status). */
  readSuccessRank() {
    return rankOf(this.get(this.isScorm12 ? "cmi.core.lesson_status" : "cmi.success_status"));
  }

  /** The raw score the LMS holds, "" when none. */
  readScore() {
    return this.get(this.names.score + "raw");
  }

  /** Where new interactions go, when the LMS says: a count, or null. */
  readInteractionCount() {
    const count = this.get("cmi.interactions._count");
    return /^\d+$/.test(count) ? Number(count) : null;
  }

  // What the runtime writes.

  /** @param {string} text */
  writeSuspendData(text) {
    this.set("cmi.suspend_data", text);
  }

  /** The item shown: its id, or its index when the id is over 1.2's 255 characters.
   * @param {string} id @param {number} index */
  writeLocation(id, index) {
    this.set(this.names.location, id.length <= 255 ? id : String(index));
  }

  /** The score (0 to 1) on the only scale every LMS reads right, 0..100 (one LMS divides raw
   * by 100 whatever max says), and 2004's scaled score. @param {number} score */
  writeScore(score) {
    this.set(this.names.score + "min", "0");
    this.set(this.names.score + "max", "100");
    this.set(this.names.score + "raw", decimal(score * 100, 2));
    if (!this.isScorm12) this.set("cmi.score.scaled", decimal(score, 4));
  }

  /** The status: 1.2 has one lesson_status; 2004 splits it into completion_status and
   * success_status (once passed or failed). @param {number} rank @param {boolean} completed */
  writeStatus(rank, completed) {
    if (this.isScorm12) {
      this.set("cmi.core.lesson_status", STATUSES[rank]);
      return;
    }
    this.set("cmi.completion_status", completed || rank % 2 ? "completed" : "incomplete");
    if (rank >= FAILED) this.set("cmi.success_status", STATUSES[rank]);
  }

  /** "suspend" keeps the attempt open (an empty exit can mean a new attempt, with empty data,
   * next time); an attempt over is "" in 1.2, "normal" in 2004. @param {boolean} attemptOver */
  writeExit(attemptOver) {
    this.set(this.names.exit, attemptOver ? (this.isScorm12 ? "" : "normal") : "suspend");
  }

  /** @param {number} milliseconds */
  writeSessionTime(milliseconds) {
    this.set(this.names.session_time, sessionTime(milliseconds, this.standard));
  }

  /** The type before the response (strict LMSs check one by the other), no empty value.
   * @param {number} index @param {Interaction} interaction */
  writeInteraction(index, interaction) {
    const correct = interaction.correct;
    /** @type {Array<[string, string | number | null | undefined]>} */
    const fields = [
      ["id", interaction.id],
      ["type", interaction.type],
      ["description", interaction.description],
      ["weighting", interaction.weighting],
      ["correct_responses.0.pattern", interaction.pattern],
      [this.names.response, interaction.response],
      ["result", correct === null ? "neutral" : correct ? "correct"
        : this.isScorm12 ? "wrong" : "incorrect"],
      [this.names.time, timestamp(interaction.time, this.standard)]
    ];
    const prefix = "cmi.interactions." + index + ".";
    fields.forEach(([name, value]) => {
      if (value) this.set(prefix + name, value);
    });
  }
}

return {
  safely, decimal, cutText, cmiText, sessionTime, timestamp, findAPI, STATUSES, PASSED, FAILED,
  COMPLETED, rankOf, LmsSession
};
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeScorm; }

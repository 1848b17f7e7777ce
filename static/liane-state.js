/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* The state codec of Liane's SCORM runtime: the learner's state in and out of
 * cmi.suspend_data (or localStorage) within each standard's limit; docs/runtime.md,
 * "suspend_data", gives the format. Node's require() returns window.LianeState. */
var LianeState = (function () {
"use strict";

/** @type {typeof LianeScorm} */
const Scorm = typeof LianeScorm !== "undefined" ? LianeScorm : require("./liane-scorm.js");

// Characters of cmi.suspend_data each standard allows.
const LIMITS = { scorm12: 4096, scorm2004: 64000 };

const FORMAT = 1; // the first value of every text this codec writes

/** A list of small indexes as hex digits of 4 bits each: 500 items take 125 characters.
 * @param {number[]} indexes */
function toBits(indexes) {
  /** @type {number[]} */
  const nibbles = [];
  indexes.forEach((i) => {
    if (i >= 0 && i < 1e5) nibbles[i >> 2] |= 1 << (i & 3);
  });
  return Array.from(nibbles, (nibble) => (nibble || 0).toString(16)).join("");
}

/** The indexes toBits wrote. @param {*} hex @returns {number[]} */
function fromBits(hex) {
  /** @type {number[]} */
  const indexes = [];
  String(hex || "").split("").forEach((digit, position) => {
    for (let bit = 0; bit < 4; bit++) {
      if (parseInt(digit, 16) & (1 << bit)) indexes.push(position * 4 + bit);
    }
  });
  return indexes;
}

/**
 * An empty response, written as 0: nothing, "", a list of "", an empty dict. @param {*} response
 */
function isBlank(response) {
  if (response === null || response === undefined || response === "") return true;
  if (Array.isArray(response)) return response.every((part) => part === "");
  return typeof response === "object" && !Object.keys(response).length;
}

/**
 * The state as a list without keys: [1, version, item, seen, rank, count, quiz...], each
 * quiz 0 or [attempts, best_score × 10000 (or -1), passed, seed (or -1), 1 if graded else
 * checked, response or 0...], trailing zeros dropped. @param {Partial<State>} state
 * @param {((response: *) => *) | null} keep what is written of a response; null: none
 */
function pack(state, keep) {
  /** @type {Array<*>} */
  const head = [FORMAT, Scorm.cutText(String(state.version || ""), 40), state.item || 0,
    toBits(state.seen || []), state.rank || 0, state.count || 0];
  return head.concat((state.quizzes || []).map((record) => {
    if (!record) return 0;
    /** @type {Array<*>} */
    const row = [
      record.attempts || 0,
      record.best_score === null || record.best_score === undefined ? -1
        : Math.round(record.best_score * 1e4),
      record.passed ? 1 : 0,
      Number.isInteger(record.seed) ? record.seed : -1,
      record.graded ? 1 : toBits(record.checked || []) || 0
    ];
    if (keep) {
      (record.responses || []).forEach((response) => {
        row.push(isBlank(response) ? 0 : keep(response));
      });
    }
    while (row.length > 5 && row[row.length - 1] === 0) row.pop();
    return row;
  }));
}

/** The length of a string once JSON-escaped, quotes aside. @param {string} text */
const escapedLength = (text) => JSON.stringify(text).length - 2;

/** `value` with every string in it replaced by `change(string)`. @param {*} value
 * @param {(text: string) => string} change */
const mapStrings = (value, change) =>
  JSON.stringify(value, (key, v) => (typeof v === "string" ? change(v) : v));

/**
 * The largest length such that every text cut to it fits in `room` (water-filling: short
 * texts stay whole, long ones are cut to the same length); Infinity when all fit whole.
 * @param {number[]} sizes @param {number} room
 */
function fairCap(sizes, room) {
  sizes.sort((a, b) => a - b);
  for (let i = 0; i < sizes.length; i++) {
    const share = Math.floor(room / (sizes.length - i));
    if (sizes[i] > share) return share;
    room -= sizes[i];
  }
  return Infinity;
}

/**
 * The state in `limit` characters at most: if need be the texts are cut fairly (by code
 * point, counting escapes), then responses dropped, then all but version, item, rank, count.
 * @param {State} state @param {number} limit
 */
function encodeState(state, limit) {
  /** @param {((response: *) => *) | null} keep */
  const write = (keep) => JSON.stringify(pack(state, keep));
  let text = write((response) => response);
  if (text.length > limit) {
    /** @type {number[]} */
    const sizes = [];
    write((response) => mapStrings(response, (v) => {
      sizes.push(escapedLength(v));
      return v;
    }));
    const room = limit - text.length + sizes.reduce((total, size) => total + size, 0);
    const cap = fairCap(sizes, room);
    text = write((response) => JSON.parse(mapStrings(response, (v) => {
      let kept = "", used = 0;
      for (const character of v) {
        used += escapedLength(character);
        if (used > cap) break;
        kept += character;
      }
      return kept;
    })));
  }
  if (text.length > limit) text = write(null);
  if (text.length <= limit) return text;
  const { version, item, rank, count } = state;
  return JSON.stringify(pack({ version, item, rank, count }, null)).slice(0, limit);
}

/** The state encodeState wrote, its numbers clamped; null for anything else.
 * @param {string | null} text @returns {State | null} */
function decodeState(text) {
  const data = Scorm.safely(() => JSON.parse(String(text)), null);
  if (!Array.isArray(data) || data[0] !== FORMAT) return null;
  /** @template T @param {*} x @param {T} otherwise @returns {number | T} */
  const count = (x, otherwise) => (Number.isInteger(x) && x >= 0 ? x : otherwise);
  return {
    version: String(data[1]),
    item: count(data[2], 0),
    seen: fromBits(data[3]),
    rank: Math.min(count(data[4], 0), 3),
    count: count(data[5], 0),
    quizzes: data.slice(6).map((row) => (!Array.isArray(row) ? null : {
      attempts: count(row[0], 0),
      best_score: count(row[1], -1) < 0 ? null : Math.min(row[1], 1e4) / 1e4,
      passed: row[2] === 1,
      seed: count(row[3], null),
      graded: row[4] === 1,
      checked: typeof row[4] === "string" ? fromBits(row[4]) : [],
      responses: row.slice(5).map((response) => (response === 0 ? null : response))
    }))
  };
}

return { LIMITS, encodeState, decodeState };
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeState; }

/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* The readers and SCORM formats the question types of LianeGrading.TYPES use as their `read`
 * and `response`: how the page reads an answer from the form (as engine/responses.py) and
 * writes it as a SCORM response (as export/interactions.py writes patterns). A new type uses
 * these or writes its own in its object there. Node's require() returns window.LianeQuestions. */
var LianeQuestions = (function () {
"use strict";

/** @type {typeof LianeGrading} */
const Grading = typeof LianeGrading !== "undefined" ? LianeGrading
  : require("./liane-grading.js");
/** @type {typeof LianeScorm} */
const Scorm = typeof LianeScorm !== "undefined" ? LianeScorm : require("./liane-scorm.js");

// Reading the form

const MAX_TEXT = 10000; // characters of a text kept, by code point

/** @param {string} text */
const keepText = (text) => Array.from(text).slice(0, MAX_TEXT).join("");

/** A field's value: a string, or null when the form has no such field (no file inputs).
 * @param {FormData} form @param {string} name */
function field(form, name) {
  const value = form.get(name);
  return typeof value === "string" ? value : null;
}

/** @param {Question} q */
const fieldName = (q) => "q-" + q.id;

/** One field, q-<question id>, kept as text. @type {QuestionType["read"]} */
function readText(q, form) {
  const value = field(form, fieldName(q));
  return value === null ? null : keepText(value);
}

/** Every value of q-<question id> (checkboxes). @type {QuestionType["read"]} */
const readAll = (q, form) => form.getAll(fieldName(q));

/** true, false or null. @type {QuestionType["read"]} */
function readBoolean(q, form) {
  const value = field(form, fieldName(q));
  return value === "true" ? true : value === "false" ? false : null;
}

/** A question answered in several fields (q.parts), as a list in the parts' order.
 * @param {(value: string) => *} keep @returns {QuestionType["read"]} */
const readPartsAsList = (keep) => (q, form) =>
  q.parts.map(([, name]) => keep(field(form, name) || ""));

/** A question answered in several fields (q.parts), as a dict by part key, without the parts
 * `keep` turns into null. @param {(value: string) => *} keep @returns {QuestionType["read"]} */
const readPartsAsDict = (keep) => (q, form) => {
  /** @type {Object<string, *>} */
  const response = {};
  q.parts.forEach(([key, name]) => {
    const value = keep(field(form, name) || "");
    if (value !== null) response[key] = value;
  });
  return response;
};

const readMatching = readPartsAsDict((right) => right || null); // left id: right id
const readOrdering = readPartsAsList((item) => item); // item ids by position, "" where none
const readBlanks = readPartsAsList(keepText);
const readLikert = readPartsAsDict((point) => (/^\d+$/.test(point) ? Number(point) : null));

// SCORM formats

/** @param {*} object @param {string} key */
const hasOwn = (object, key) => object !== null && typeof object === "object"
  && Object.prototype.hasOwnProperty.call(object, key);

/** @param {*} response */
const asList = (response) =>
  (response === null || response === undefined ? [] : [].concat(response));

/** @param {string[]} values @param {boolean} isScorm12 */
const joinList = (values, isScorm12) => values.join(isScorm12 ? "," : "[,]");

/** A learner's text: 255 characters in 1.2, 250 in 2004 unless said. @param {*} text
 * @param {boolean} isScorm12 @param {number} [length] */
const textValue = (text, isScorm12, length) => typeof text === "string"
  && Scorm.cmiText(text, length || (isScorm12 ? 255 : 250));

/** The options picked, in the question's order. @type {QuestionType["response"]} */
const choiceResponse = (q, response, isScorm12) => joinList(q.options
  .filter((option) => asList(response).includes(option.id)).map((option) => option.id), isScorm12);

/** @type {QuestionType["response"]} */
const textResponse = (q, response, isScorm12) => textValue(response, isScorm12);

/** 5 integer digits at most (Moodle's CMIDecimal). @type {QuestionType["response"]} */
function numericResponse(q, response) {
  const number = Grading.parseNumber(typeof response === "string" ? response : "");
  const text = number === null ? "" : Scorm.decimal(number, 10);
  return /^-?\d{1,5}(\.\d+)?$/.test(text) && text;
}

/** left.right pairs, in the question's order of lefts. @type {QuestionType["response"]} */
const matchingResponse = (q, response, isScorm12) => joinList(q.lefts
  .filter((left) => hasOwn(response, left.id) && typeof response[left.id] === "string"
    && response[left.id])
  .map((left) => left.id + (isScorm12 ? "." : "[.]") + response[left.id]), isScorm12);

/** The blanks: one text joined with "," in 1.2; a list in 2004, or one text joined with " | "
 * beyond 10 blanks (2004's fill-in takes 10 strings at most). @type {QuestionType["response"]} */
function blanksResponse(q, response, isScorm12) {
  if (!Array.isArray(response)) return false;
  const texts = response.map((text) => (typeof text === "string" ? text : ""));
  if (isScorm12) return Scorm.cutText(texts.map((text) => Scorm.cmiText(text, 255)).join(","), 255);
  if (texts.length > 10) return textValue(texts.join(" | "), isScorm12);
  return joinList(texts.map((text) => textValue(text, isScorm12) || ""), isScorm12);
}

/** A likert statement's scale point: one character in 1.2 (1…9, then a…z), the number in 2004.
 * @type {QuestionType["response"]} */
const likertResponse = (q, point, isScorm12) => Number.isInteger(point) && point > 0
  && (isScorm12 ? point < 36 && point.toString(36) : String(point));

/** t/f in 1.2, true/false in 2004. @type {QuestionType["response"]} */
const booleanResponse = (q, answer, isScorm12) => typeof answer === "boolean"
  && (isScorm12 ? String(answer)[0] : String(answer));

/** The ids placed, in order. @type {QuestionType["response"]} */
const listResponse = (q, response, isScorm12) => joinList(asList(response)
  .filter((item) => typeof item === "string" && item), isScorm12);

/** 4,000 characters in 2004 (long-fill-in). @type {QuestionType["response"]} */
const openResponse = (q, response, isScorm12) =>
  textValue(response, isScorm12, isScorm12 ? 255 : 4000);

/** An interaction's student_response (1.2) or learner_response (2004); null: nothing valid.
 * @param {string} standard @param {Question} q @param {*} response */
function formatResponse(standard, q, response) {
  return Grading.questionType(q.type).response(q, response, standard === "scorm12") || null;
}

return {
  MAX_TEXT, formatResponse, field, fieldName, keepText, hasOwn, textValue, joinList, asList,
  readText, readAll, readBoolean, readPartsAsList, readPartsAsDict, readMatching, readOrdering,
  readBlanks, readLikert, choiceResponse, booleanResponse, textResponse, numericResponse,
  matchingResponse, listResponse, blanksResponse, likertResponse, openResponse
};
})();
if (typeof module !== "undefined" && module.exports) { module.exports = LianeQuestions; }

// A strict checker of the values a SCORM package writes: the strictest patterns of each
// standard's data model (SCORM 1.2 RTE, SCORM 2004 4th Edition RTE) and of Moodle 4.5's SCORM
// API objects (mod/scorm/datamodels/scorm_12.js, scorm_13.js), which refuse what the lenient
// LMS of the browser tests (scorm-again) accepts. See ../shared/lms-quirks.md.
//
// `CmiStrict.checker(standard)` returns `check(element, value)`, to call with every SetValue
// in order: it returns null for a valid value, else why not. It remembers each interaction's
// type (which must come before its response and pattern) and refuses any element it does not
// know. Loaded by the harness page of tests/export/ and by node (tests/js/cmi-strict.test.js).
"use strict";

const CmiStrict = (function () {
  const re = (source) => new RegExp("^(?:" + source + ")$");
  const decimal = (digits) => "-?\\d{1," + digits + "}(\\.\\d{1,18})?";
  const inRange = (low, high) => (v) => +v >= low && +v <= high;
  const ID12 = "[0-9a-z]"; // 1.2: choice, likert, matching, sequencing are single characters
  const SHORT = "[\\w.]{1,250}"; // 2004 short_identifier_type as Moodle checks it (no "-")

  // 1.2: one pattern per interaction type (SCORM 1.2 RTE 3.4.4, "student_response")
  const RESPONSES_12 = {
    "true-false": re("[01tf]"),
    choice: re(ID12 + "(," + ID12 + ")*"),
    "fill-in": /^[^\n\r\u2028\u2029]{0,255}$/,
    numeric: re("-?\\d+(\\.\\d+)?"),
    likert: re(ID12),
    matching: re(ID12 + "\\." + ID12 + "(," + ID12 + "\\." + ID12 + ")*"),
    performance: /^.{0,255}$/,
    sequencing: re(ID12 + "(," + ID12 + ")*")
  };

  // 2004: [delimiter, most items, unique, item pattern] (Moodle's learner_response table)
  const LANG250 = "(\\{lang=[a-zA-Z]{2,3}(-[a-zA-Z0-9-]{2,8})?\\})?([^{\\n\\r\\u2028\\u2029]"
    + "[^\\n\\r\\u2028\\u2029]{0,249})?";
  const LANG4000 = LANG250.replace("{0,249}", "{0,3999}");
  const RESPONSES_2004 = {
    "true-false": ["", 1, false, re("true|false")],
    choice: ["[,]", 36, true, re(SHORT)],
    "fill-in": ["[,]", 10, false, re(LANG250)],
    "long-fill-in": ["", 1, false, re(LANG4000)],
    matching: ["[,]", 36, false, re(SHORT + "\\[\\.\\]" + SHORT)],
    sequencing: ["[,]", 36, false, re(SHORT)],
    likert: ["", 1, false, re(SHORT)],
    numeric: ["", 1, false, re(decimal(5))],
    other: ["", 1, false, /^[^]{0,4000}$/]
  };
  const PATTERN_NUMERIC_2004 = re("(" + decimal(5) + ")?(\\[:\\](" + decimal(5) + ")?)?");

  function list2004(type, value, pattern) {
    const [delimiter, most, unique, item] = RESPONSES_2004[type];
    if (type === "numeric" && pattern) return PATTERN_NUMERIC_2004.test(value) || "a range";
    const items = delimiter ? value.split(delimiter) : [value];
    if (items.length > most) return "more than " + most + " items";
    if (unique && new Set(items).size < items.length) return "an item twice";
    const bad = items.find((x) => !item.test(x));
    return bad === undefined || "item " + JSON.stringify(bad) + " is not " + item;
  }

  // element (interaction index as n) -> test of the value
  const MODELS = {
    scorm12: {
      "cmi.core.lesson_location": /^[^]{0,255}$/,
      "cmi.core.lesson_status": re("passed|completed|failed|incomplete|browsed"),
      "cmi.core.score.raw": [re(decimal(3)), inRange(0, 100)],
      "cmi.core.score.min": [re(decimal(3)), inRange(0, 100)],
      "cmi.core.score.max": [re(decimal(3)), inRange(0, 100)],
      "cmi.core.exit": re("time-out|suspend|logout|"),
      // HHHH:MM:SS.SS, hours 2 to 4 digits, 2 decimals at most
      "cmi.core.session_time": re("\\d{2,4}:[0-5]\\d:[0-5]\\d(\\.\\d{1,2})?"),
      "cmi.suspend_data": /^[^]{0,4096}$/,
      "cmi.comments": /^[^]{0,4096}$/,
      "cmi.interactions.n.id": re("[\\x21-\\x7e]{1,255}"),
      "cmi.interactions.n.time": re("([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d"),
      "cmi.interactions.n.type": re(Object.keys(RESPONSES_12).join("|")),
      "cmi.interactions.n.weighting": [re(decimal(3)), inRange(-100, 100)],
      "cmi.interactions.n.result": re("correct|wrong|unanticipated|neutral|" + decimal(3)),
      "cmi.interactions.n.student_response": (v, type) => !type ? "type not set before"
        : RESPONSES_12[type].test(v) || "not a " + type + " response",
      "cmi.interactions.n.correct_responses.0.pattern": (v, type) => !type
        ? "type not set before" : RESPONSES_12[type].test(v) || "not a " + type + " pattern"
    },
    scorm2004: {
      "cmi.location": /^[^]{0,1000}$/,
      "cmi.completion_status": re("completed|incomplete|not attempted|unknown"),
      "cmi.success_status": re("passed|failed|unknown"),
      "cmi.score.scaled": [re(decimal(5)), inRange(-1, 1)],
      "cmi.score.raw": re(decimal(5)),
      "cmi.score.min": re(decimal(5)),
      "cmi.score.max": re(decimal(5)),
      "cmi.progress_measure": [re(decimal(5)), inRange(0, 1)],
      "cmi.exit": re("time-out|suspend|logout|normal|"),
      // ISO 8601 duration, seconds with 2 decimals at most, never "P" alone nor "PT"
      "cmi.session_time": [re("P(\\d+Y)?(\\d+M)?(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d{1,2})?S)?)?"),
        (v) => v !== "P" && !v.endsWith("T") || "no unit"],
      "cmi.suspend_data": /^[^]{0,64000}$/,
      "cmi.interactions.n.id": re("(?!urn:)\\S{1,4000}"),
      "cmi.interactions.n.type": re("true-false|choice|fill-in|long-fill-in|matching|"
        + "performance|sequencing|likert|numeric|other"),
      // Moodle's CMITime: years 1970-2038, at most 2 decimals of seconds, then the zone
      "cmi.interactions.n.timestamp": re("(19[7-9]\\d|20[0-2]\\d|203[0-8])-(0[1-9]|1[0-2])-"
        + "(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,2})?"
        + "(Z|[+-]([01]\\d|2[0-3])(:[0-5]\\d)?)?"),
      "cmi.interactions.n.weighting": re(decimal(5)),
      "cmi.interactions.n.result": re("correct|incorrect|unanticipated|neutral|"
        + "-?\\d{1,4}(\\.\\d{1,18})?"),
      "cmi.interactions.n.description": re(LANG250),
      "cmi.interactions.n.learner_response": (v, type) => !type ? "type not set before"
        : list2004(type, v, false),
      "cmi.interactions.n.correct_responses.0.pattern": (v, type) => !type
        ? "type not set before" : list2004(type, v, true)
    }
  };

  function checker(standard) {
    const model = MODELS[standard], types = {};
    return function check(element, value) {
      const index = /^cmi\.interactions\.(\d+)\./.exec(element);
      const name = index ? element.replace(/\.\d+\./, ".n.") : element;
      const tests = model[name];
      if (typeof value !== "string") return "not a string";
      if (!tests) return "an element the strict model does not allow";
      const type = index ? types[index[1]] : undefined;
      for (const test of [].concat(tests)) {
        const ok = test instanceof RegExp ? test.test(value) || "does not match " + test
          : test(value, type);
        if (ok !== true) return ok;
      }
      if (name.endsWith(".type")) types[index[1]] = value;
      return null;
    };
  }

  return { checker, MODELS };
})();

if (typeof window !== "undefined") window.CmiStrict = CmiStrict;
if (typeof module !== "undefined" && module.exports) module.exports = CmiStrict;

/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
/* The shapes of the data the SCORM runtime's scripts share, for `tsc --noEmit` only
 * (tsconfig.json): packages never ship this file, so its explanations cost learners nothing.
 * The scripts name these types in their JSDoc. Where the data comes from: export/site.py
 * (course_data, runtime_quiz), export/interactions.py (the `scorm` dicts), engine/model.py
 * (to_runtime_dict). docs/runtime.md tells how the runtime uses them. */

/** The page's data script: `window.LIANE_COURSE = {...}`. */
interface Window {
  LIANE_COURSE?: CourseData;
}

/** Node's, for the footer and the fallbacks by which `node --test` loads the scripts. */
declare var module: { exports: unknown } | undefined;
declare function require(path: string): any;

/* Each script is one global in a page (its module.exports in Node, which makes tsc read the
 * scripts as CommonJS modules: their globals are declared here). */
declare var LianeGrading: typeof import("./liane-grading.js");
declare var LianeScorm: typeof import("./liane-scorm.js");
declare var LianeState: typeof import("./liane-state.js");
declare var LianeQuestions: typeof import("./liane-questions.js");
declare var LianeRuntime: typeof import("./liane-runtime.js");
type SeededRandom = InstanceType<typeof import("./liane-grading.js")["SeededRandom"]>;
type LmsSession = InstanceType<typeof import("./liane-scorm.js")["LmsSession"]>;

/** window.LIANE_COURSE, written by course_data() in export/site.py. */
interface CourseData {
  id: string;
  title: string;
  version: string;
  language: string;
  standard: "scorm12" | "scorm2004";
  cmi: CmiNames;
  /** "incomplete": report a failed course as incomplete (some LMSs lock failed learners out) */
  failed_as: "failed" | "incomplete";
  completion: { lessons: string; quizzes: string };
  items: Array<{ id: string; kind: string; title: string }>;
  /** the ids of the page's lessons */
  lessons: string[];
  quizzes: Quiz[];
  /** interface texts in the course's language (RUNTIME_LABELS in export/site.py) */
  labels: Record<string, string>;
  /** localStorage's key in standalone mode */
  store_key: string;
}

/** The names that differ between the standards (CMI_NAMES in export/site.py). */
interface CmiNames {
  /** the API object: API (1.2) or API_1484_11 (2004) */
  api: string;
  location: string;
  mode: string;
  exit: string;
  session_time: string;
  /** the prefix of min, max and raw: "cmi.core.score." or "cmi.score." */
  score: string;
  /** an interaction's student_response (1.2) or learner_response (2004) */
  response: string;
  /** an interaction's time (1.2) or timestamp (2004) */
  time: string;
}

/** The LMS's API object: LMSInitialize, LMSGetValue... in 1.2; Initialize, GetValue... in 2004. */
type ScormApi = Record<string, (...args: string[]) => unknown>;

/** A quiz's runtime dict (Quiz.to_runtime_dict), its questions completed by export/site.py. */
interface Quiz {
  id: string;
  title: string;
  kind?: "graded" | "survey";
  feedback: "immediate" | "after_submit" | "none";
  /** null: unlimited */
  max_attempts: number | null;
  pass_mark: number;
  draw?: number | null;
  shuffle_questions?: boolean;
  shuffle_options?: boolean;
  outcomes?: Array<{ min: number; max: number; title: string; text?: string }>;
  questions: Question[];
}

/**
 * A question's runtime dict (Question.to_runtime_dict) and what export/site.py adds: `scorm`,
 * `right_options`, and `parts` for a question answered in several fields. Each type has some of
 * the optional keys (engine/model.py).
 */
interface Question {
  id: string;
  /** a key of engine.questions.TYPES and LianeGrading.TYPES */
  type: string;
  points: number;
  prompt?: string;
  explanation?: string;
  /** shown at once after a right or a wrong answer (an option's own feedback waits) */
  feedback_correct?: string;
  feedback_wrong?: string;
  options?: Array<{ id: string; correct?: boolean; feedback?: string; score?: number }>;
  lefts?: Array<{ id: string }>;
  /** matching: [left id, right id] pairs; ordering: the item ids in order */
  solution?: any[];
  /** fill_blanks: each blank's accepted answers */
  blanks?: Array<{ id: string; answers: string[] }>;
  /** [key in the response, field name] of each field (form_parts in export/site.py) */
  parts?: Array<[number | string, string]>;
  /** the values of the inputs to mark "(right answer)" once they can no longer help */
  right_options: string[];
  scorm: ScormData;
}

/** What export/interactions.py computed of a question's interaction. */
interface ScormData {
  /** `<quiz id>-<question id>-`, to which the runtime adds the attempt number */
  id: string;
  type: string;
  /** the question's points when they count toward the score, else 0 */
  weighting: number;
  /** the correct response's pattern, when there is one */
  correct?: string;
  /** 2004 only: the prompt's text */
  description?: string;
  /** likert: [statement id, description] per statement, one interaction each */
  parts?: Array<[string, string?]>;
}

/** A question type's browser behaviour, one object per type (LianeGrading.TYPES). */
interface QuestionType {
  /** Question.has_key: whether it has a right answer (runtime dicts do not say) */
  hasKey(q: Question): boolean;
  /** its grader, a port of the Python one (engine/questions/<type>.py) */
  grade(q: Question, response: any): Grade;
  /** the display order of its parts' ids for one attempt (engine/rules.py); null: none */
  partOrder(q: Question, shuffleOptions: boolean, rng: SeededRandom): string[] | null;
  /** the answer in the form, as engine/responses.py reads it; null: none */
  read(q: Question, form: FormData): unknown;
  /** the response in the standard's format; false or null: nothing valid to write */
  response(q: Question, response: any, isScorm12: boolean): string | false | null;
  /** false: no interaction for this response */
  interacts?(response: any): boolean;
  /** a question reviewed part by part, as text: the layout of its rows (liane-runtime.js
   * PART_REVIEWS: pairs, ordering, blanks); none: reviewed on its fields */
  review?: string;
}

/** An attempt's plan (LianeGrading.planAttempt): its questions and the order of their parts. */
interface Plan {
  seed: number;
  questions: string[];
  orders: Record<string, string[]>;
}

/** A question's grade (engine/grading.py's Grade). */
interface Grade {
  score: number;
  /** null: a question without a right answer */
  correct: boolean | null;
  answered: boolean;
  parts: boolean[];
  feedback: string[];
  survey_score: number;
}

/** A quiz's record in the state: the engine's QuizRecord and the current attempt. */
interface QuizRecord {
  attempts: number;
  /** 0 to 1 */
  best_score: number | null;
  passed: boolean;
  /** gives the attempt's plan */
  seed: number | null;
  /** the current attempt was submitted */
  graded: boolean;
  /** the indexes of the answers checked one by one (immediate feedback) */
  checked: number[];
  /** by question index; null: no response */
  responses: any[];
}

/** The learner's state, kept in cmi.suspend_data (LianeState). */
interface State {
  /** the course version it belongs to */
  version: string;
  /** the index of the item shown */
  item: number;
  /** the indexes of the items seen */
  seen: number[];
  /** the status rank reached (LianeScorm.STATUSES) */
  rank: number;
  /** the number of interactions written */
  count: number;
  /** null: never opened */
  quizzes: Array<QuizRecord | null>;
}

/** What an interaction says, before LmsSession.writeInteraction spells it in CMI names. */
interface Interaction {
  id: string;
  type: string;
  description?: string;
  weighting?: number;
  /** the correct response's pattern */
  pattern?: string;
  /** formatted by LianeQuestions.formatResponse; null: nothing valid */
  response: string | null;
  /** null: a question without a right answer */
  correct: boolean | null;
  time: Date;
}

/** A quiz of the page: its data, its elements, its plan and its record in the state. */
interface QuizView {
  quiz: Quiz;
  /** in course.quizzes and state.quizzes */
  index: number;
  section: HTMLElement;
  form: HTMLFormElement;
  /** one fieldset per question */
  boxes: HTMLFieldSetElement[];
  result: HTMLElement;
  plan: Plan | null;
  /** the quiz's record in the state (a getter: the state can be replaced) */
  readonly record: QuizRecord | null;
}

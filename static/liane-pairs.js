/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* Matching and ordering questions (engine/templates/content/questions/matching.html,
 * ordering.html), in the player and in packages alike: says at once, in the question's own
 * live region, when one choice is placed twice (before the attempt is sent, not after it is
 * graded), and keeps the lettered list of choices and the selects' "A. <text>" in the order
 * the selects show (a package's runtime reorders the options when it draws a plan).
 * It starts by itself: nothing else calls it. */
(function () {
  "use strict";

  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** @param {HTMLFieldSetElement} box @returns {HTMLSelectElement[]} */
  const selectsOf = (box) => Array.from(box.querySelectorAll("select"));

  /** The choices' ids in the order the first select shows them. @param {HTMLFieldSetElement} box */
  const shownOrder = (box) => {
    const first = selectsOf(box)[0];
    return first ? Array.from(first.options).map((o) => o.value).filter(Boolean) : [];
  };

  /** Letters follow the options' order: the list is put in that order, and each option's
   * text starts with its letter. @param {HTMLFieldSetElement} box */
  function reletter(box) {
    const order = shownOrder(box);
    const list = box.querySelector(".pair-choices-list");
    order.forEach((id, k) => {
      const item = list && list.querySelector('[data-choice="' + id + '"]');
      if (!item || !list) return;
      list.appendChild(item);
      const letter = item.querySelector(".choice-letter");
      if (letter) letter.textContent = LETTERS[k] + ".";
    });
    selectsOf(box).forEach((select) => Array.from(select.options).forEach((option) => {
      const k = order.indexOf(option.value);
      const text = LETTERS[k] + ". " + (option.textContent || "").replace(/^[A-Z]\. /, "");
      if (k >= 0 && option.textContent !== text) option.textContent = text;
    }));
  }

  /** Says which choices are placed more than once, and where; an ordering's places are
   * marked invalid (an item has one place; a matching's choice may fit two items).
   * @param {HTMLFieldSetElement} box */
  function warn(box) {
    const region = /** @type {HTMLElement | null} */ (box.querySelector(".pairs-warning"));
    if (!region) return;
    const order = shownOrder(box);
    /** @type {Object<string, number[]>} */
    const places = {};
    const selects = selectsOf(box);
    selects.forEach((select, k) => {
      if (select.value) (places[select.value] = places[select.value] || []).push(k + 1);
    });
    const twice = order.filter((id) => (places[id] || []).length > 1);
    const strict = region.hasAttribute("data-strict");
    selects.forEach((select) => {
      if (strict && twice.indexOf(select.value) >= 0) select.setAttribute("aria-invalid", "true");
      else select.removeAttribute("aria-invalid");
    });
    const text = twice.map((id) => (region.dataset.text || "")
      .replace("{letter}", LETTERS[order.indexOf(id)])
      .replace("{n}", String(places[id].length))
      .replace("{positions}", places[id].join(", "))).join(" ");
    if (region.textContent !== text) region.textContent = text;
  }

  /** @param {HTMLFieldSetElement} box */
  function watch(box) {
    box.addEventListener("change", () => warn(box));
    const form = box.form;
    if (form) form.addEventListener("reset", () => setTimeout(() => warn(box)));
    const first = selectsOf(box)[0];
    if (first) new MutationObserver(() => reletter(box)).observe(first, { childList: true });
    reletter(box);
    warn(box);
  }

  function start() {
    document.querySelectorAll("fieldset.question-ordering, fieldset.question-matching")
      .forEach((box) => watch(/** @type {HTMLFieldSetElement} */ (box)));
  }

  // Loaded without a page (node, for the runtime's checks): nothing to watch.
  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

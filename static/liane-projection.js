/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* The workshop kit's projection mode (export/projection.py renders projection.html).
 *
 * In the offline site (index.html) it only opens projection mode at the item shown, from the
 * header's link or the P key. In projection.html it shows one slide at a time, in type as
 * large as the screen allows, and reveals a question's answer when the facilitator asks:
 * arrows and page keys (what presenter remotes send) move, R or Enter reveals, Escape goes
 * back to the course. It never touches localStorage: projecting records no progress.
 */
var LianeProjection = (function () {
"use strict";

const LARGEST = 34; // px of body text on a 1024 x 768 projector, scaled with the screen
const SMALLEST = 16; // px: below this a room cannot read, the slide scrolls instead
const STEP = 2;
const NEXT_KEYS = ["ArrowRight", "ArrowDown", "PageDown", " "];
const PREVIOUS_KEYS = ["ArrowLeft", "ArrowUp", "PageUp"];

/** @param {string} selector @param {ParentNode} [root] @returns {HTMLElement[]} */
const selectAll = (selector, root) =>
  Array.from((root || document).querySelectorAll(selector));

/** A field where keys type text: our keys leave it alone. @param {EventTarget | null} target */
const isTextField = (target) => target instanceof HTMLElement
  && (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)
    || (target.tagName === "INPUT" && !/^(radio|checkbox|button|submit)$/
      .test(/** @type {HTMLInputElement} */ (target).type)));

/** A key with Ctrl, Alt or Meta belongs to the browser. @param {KeyboardEvent} event */
const isPlain = (event) => !event.ctrlKey && !event.altKey && !event.metaKey;

// In the offline site

/** projection.html at the item the site shows (its section's data-item). */
function projectFromSite() {
  const shown = document.querySelector("section.sco-item:not([hidden])");
  const item = shown instanceof HTMLElement ? shown.dataset.item || "" : "";
  window.location.href = "projection.html" + (item ? "#item=" + encodeURIComponent(item) : "");
}

/** @param {HTMLElement} link the header's "Projection mode" */
function startInSite(link) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    projectFromSite();
  });
  document.addEventListener("keydown", (event) => {
    if (!isPlain(event) || isTextField(event.target) || event.key.toLowerCase() !== "p") return;
    event.preventDefault();
    projectFromSite();
  });
}

// In projection.html

/** @type {HTMLElement[]} */
let slides = [];
let current = 0;

/** @param {string} selector @returns {HTMLElement} */
const one = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));

/** The slide the address names: #slide-N, #item=<item id> (from the site), else the first. */
function slideOfHash() {
  const hash = window.location.hash;
  const number = /^#slide-(\d+)$/.exec(hash);
  if (number) return Math.min(Number(number[1]), slides.length - 1);
  if (hash.indexOf("#item=") === 0) {
    const item = decodeURIComponent(hash.slice(6));
    const found = slides.findIndex((slide) => slide.dataset.item === item);
    if (found >= 0) return found;
  }
  return 0;
}

/** @param {HTMLElement} slide */
const answerOf = (slide) => /** @type {HTMLElement | null} */ (slide.querySelector("[data-answer]"));

/** @param {number} index */
function show(index) {
  if (!slides[index]) return;
  slides[current].hidden = true;
  current = index;
  const slide = slides[index];
  slide.hidden = false;
  one("[data-reveal]").hidden = !slide.hasAttribute("data-revealable");
  setRevealed(slide, slide.classList.contains("is-revealed"));
  one("[data-previous]").toggleAttribute("disabled", index === 0);
  one("[data-next]").toggleAttribute("disabled", index === slides.length - 1);
  one("#projection-count").textContent = (index + 1) + " / " + slides.length;
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", "#slide-" + index);
  }
  fit();
  window.scrollTo(0, 0);
}

/** The answer shown or hidden, with the right options marked in place.
 * @param {HTMLElement} slide @param {boolean} revealed */
function setRevealed(slide, revealed) {
  const answer = answerOf(slide);
  const button = one("[data-reveal]");
  const labels = one("#liane-labels").dataset;
  button.textContent = (revealed ? labels.hide : labels.show) || "";
  button.setAttribute("aria-expanded", String(revealed));
  slide.classList.toggle("is-revealed", revealed);
  if (answer) answer.hidden = !revealed;
  const form = /** @type {HTMLElement | null} */ (slide.querySelector("[data-right]"));
  /** @type {string[]} */
  const right = form ? JSON.parse(form.dataset.right || "[]") : [];
  selectAll(".option", slide).forEach((option) => {
    const input = /** @type {HTMLInputElement | null} */ (option.querySelector("input"));
    const isRight = revealed && !!input && right.indexOf(input.value) >= 0;
    option.classList.toggle("is-right", isRight);
    const mark = option.querySelector(".mark");
    if (!isRight && mark) mark.remove();
    if (isRight && !mark) option.querySelector("label").append(" ", rightMark());
  });
}

/** The player's "(right answer)" mark (engine/templates/content/_review.html). */
function rightMark() {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById("liane-right-mark"));
  return /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
}

function toggleAnswer() {
  const slide = slides[current];
  if (!slide.hasAttribute("data-revealable")) return false;
  setRevealed(slide, !slide.classList.contains("is-revealed"));
  fit();
  return true;
}

/** The largest type, scaled to the screen, at which the slide and its bar fit without
 * scrolling; a slide too long even at SMALLEST scrolls. */
function fit() {
  const root = document.documentElement;
  const scale = Math.min(window.innerWidth / 1024, window.innerHeight / 768);
  let size = Math.max(SMALLEST, Math.round(LARGEST * scale));
  root.style.fontSize = size + "px";
  while (size > SMALLEST && root.scrollHeight > window.innerHeight) {
    size -= STEP;
    root.style.fontSize = size + "px";
  }
}

/** @param {KeyboardEvent} event */
function onKey(event) {
  if (!isPlain(event)) return;
  const target = event.target;
  const onControl = target instanceof HTMLElement && /^(BUTTON|A)$/.test(target.tagName);
  const key = event.key;
  if (key === "Escape") {
    window.location.href = "index.html";
  } else if (isTextField(target)) {
    return;
  } else if (NEXT_KEYS.indexOf(key) >= 0 && !(onControl && key === " ")) {
    show(current + 1);
  } else if (PREVIOUS_KEYS.indexOf(key) >= 0) {
    show(current - 1);
  } else if (key === "Home" || key === "End") {
    show(key === "Home" ? 0 : slides.length - 1);
  } else if (key.toLowerCase() === "r" || (key === "Enter" && !onControl)) {
    if (!toggleAnswer() && key === "Enter") show(current + 1);
  } else {
    return;
  }
  event.preventDefault();
}

function startProjection() {
  slides = selectAll("section.slide");
  one("[data-previous]").addEventListener("click", () => show(current - 1));
  one("[data-next]").addEventListener("click", () => show(current + 1));
  one("[data-reveal]").addEventListener("click", toggleAnswer);
  // Enter in a typed answer would send the form: it reveals instead.
  selectAll("form.projection-question").forEach((form) => form.addEventListener("submit",
    (event) => {
      event.preventDefault();
      toggleAnswer();
    }));
  document.addEventListener("keydown", onKey);
  window.addEventListener("resize", fit);
  window.addEventListener("hashchange", () => show(slideOfHash()));
  current = slideOfHash();
  slides[current].hidden = false;
  show(current);
}

function start() {
  const link = document.getElementById("liane-projection");
  if (link) startInSite(link);
  else if (document.querySelector("section.slide")) startProjection();
}

if (typeof window !== "undefined" && typeof document !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

return { start };
})();

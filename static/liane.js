// @ts-check
/* Liane player: small progressive enhancements; every page works without this script.
 * - active time: while the page is visible and the learner active, report time every
 *   HEARTBEAT seconds (the server caps it by what really elapsed and cuts idle time);
 * - quiz autosave: answers are saved as the learner types, so a closed tab loses nothing,
 *   and kept in the browser (localStorage) while the connection is down, then sent again;
 * - quizzes that never trap: Enter in a field moves on (never checks nor submits), an
 *   attempt with blank questions is sent only once confirmed, and "Check this answer"
 *   shows the server's verdict in place, announced in the question's live region.
 * The server stays the only judge: nothing here grades an answer.
 */
(function () {
  "use strict";

  // The page's CSRF token (base.html puts it in a meta tag): fetch sends it as a header.
  /** @param {string} url @param {FormData} data @param {Object<string, string>} [extraHeaders] */
  function post(url, data, extraHeaders) {
    var token = document.querySelector('meta[name="csrf-token"]');
    /** @type {Object<string, string>} */
    var headers = { "X-CSRFToken": token ? token.getAttribute("content") : "" };
    for (var k in extraHeaders || {}) headers[k] = extraHeaders[k];
    return fetch(url, { method: "POST", body: data, headers: headers, credentials: "same-origin" });
  }

  /** @param {HTMLElement} el */
  function trackTime(el) {
    var url = el.getAttribute("data-time-url");
    var item = el.getAttribute("data-item");
    var beat = parseInt(el.getAttribute("data-heartbeat"), 10) || 30;
    var idle = parseInt(el.getAttribute("data-idle"), 10) || 60;
    var lastActivity = Date.now();
    var lastBeat = Date.now();
    ["mousemove", "keydown", "scroll", "touchstart", "input"].forEach(function (type) {
      document.addEventListener(type, function () { lastActivity = Date.now(); },
        { passive: true });
    });
    function report() {
      var now = Date.now();
      var active = document.visibilityState === "visible" && now - lastActivity < idle * 1000;
      var seconds = Math.round((now - lastBeat) / 1000);
      lastBeat = now;
      if (!active || seconds <= 0) return;
      var data = new FormData();
      data.append("item", item);
      data.append("seconds", String(Math.min(seconds, idle)));
      post(url, data).catch(function () { /* offline: the next beat will tell */ });
    }
    setInterval(report, beat * 1000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") report(); else lastBeat = Date.now();
    });
  }

  /* Drafts: a quiz's answers kept on this device, under "liane-draft:<user id>:<attempt
   * id>" (the page gives the key), as {saved, at, fields: [[name, value], ...]}. `saved`
   * false means the server may not have them yet: only such a draft is put back into the
   * page, so answers given later on another device are never overwritten by an old copy. */
  var DRAFT_PREFIX = "liane-draft:";
  var DRAFT_DAYS = 30;

  /** @typedef {{saved: boolean, at: number, fields: string[][]}} Draft */

  /** @returns {Storage | null} */
  function store() {
    try { return window.localStorage; } catch (e) { return null; } // private mode, policies
  }

  /** @param {string} key @returns {Draft | null} */
  function readDraft(key) {
    var s = store();
    try {
      var draft = s && JSON.parse(s.getItem(key) || "null");
      return draft && Array.isArray(draft.fields) ? draft : null;
    } catch (e) { return null; }
  }

  /** @param {string} key @param {Draft} draft */
  function writeDraft(key, draft) {
    var s = store();
    try { if (s) s.setItem(key, JSON.stringify(draft)); } catch (e) { /* full: the server has the last save */ }
  }

  /** Remove the drafts whose key and value `test` accepts.
   * @param {function(string, Draft | null): boolean} test */
  function removeDrafts(test) {
    var s = store();
    if (!s) return;
    var keys = [];
    for (var i = 0; i < s.length; i++) {
      var key = s.key(i);
      if (key && key.indexOf(DRAFT_PREFIX) === 0) keys.push(key);
    }
    keys.forEach(function (key) { if (test(key, readDraft(key))) s.removeItem(key); });
  }

  /** The answer fields of a quiz form (inputs named q-...), as [name, value] pairs.
   * @param {HTMLFormElement} form @returns {string[][]} */
  function fieldsOf(form) {
    var pairs = [];
    var controls = form.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i++) {
      var el = /** @type {HTMLInputElement} */ (controls[i]);
      if (el.disabled || !el.name || el.name.indexOf("q-") !== 0) continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      pairs.push([el.name, el.value]);
    }
    return pairs;
  }

  /** Put a draft's answers back into the form (locked, checked questions stay as they are).
   * @param {HTMLFormElement} form @param {string[][]} fields */
  function restore(form, fields) {
    /** @type {Object<string, string[]>} */
    var values = {};
    fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    var controls = form.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i++) {
      var el = /** @type {HTMLInputElement} */ (controls[i]);
      if (el.disabled || !el.name || el.name.indexOf("q-") !== 0) continue;
      var given = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = given.indexOf(el.value) >= 0;
      else el.value = given.length ? given[0] : "";
    }
  }

  /** Whether a question (its fieldset) has no answer at all: no box ticked, no text typed,
   * every select on "Choose…". The server counts blank responses the same way.
   * @param {Element} fieldset */
  function isBlank(fieldset) {
    var controls = fieldset.querySelectorAll("input, select, textarea");
    for (var i = 0; i < controls.length; i++) {
      var el = /** @type {HTMLInputElement} */ (controls[i]);
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) return false; }
      else if (el.value.trim() !== "") return false;
    }
    return true;
  }

  /** The field after `from` in the form, for Enter to move to (a radio group counts once:
   * its checked button, or its first).
   * @param {HTMLFormElement} form @param {HTMLInputElement} from @returns {HTMLElement | null} */
  function nextField(form, from) {
    var all = Array.prototype.slice.call(form.elements);
    for (var i = all.indexOf(from) + 1; i < all.length; i++) {
      var el = all[i];
      if (el.disabled || el.type === "hidden" || el.tagName === "BUTTON" || el.tagName === "FIELDSET"
        || /^(submit|button|reset|image)$/.test(el.type)) continue;
      if (el.type === "radio") {
        if (el.name === from.name) continue;
        var group = form.querySelectorAll('input[type="radio"][name="' + el.name + '"]:not(:disabled)');
        var checked = form.querySelector('input[type="radio"][name="' + el.name + '"]:checked');
        return /** @type {HTMLElement} */ (checked && !checked.matches(":disabled") ? checked : group[0]);
      }
      return el;
    }
    return null;
  }

  /** @param {HTMLFormElement} form */
  function quizForm(form) {
    var url = form.getAttribute("action") || window.location.pathname;
    var key = form.getAttribute("data-draft-key") || "";
    var actions = form.querySelector(".actions");
    /** @type {number | undefined} */
    var timer;
    var changes = 0;   // answers given since the page opened
    var offline = false;
    /** @type {HTMLButtonElement | null} */
    var clicked = null;

    // A polite status line, made here since only this script ever fills it.
    var status = document.createElement("p");
    status.className = "save-status";
    status.setAttribute("role", "status");
    if (actions && actions.getAttribute("lang")) status.setAttribute("lang", actions.getAttribute("lang") || "");
    form.insertBefore(status, actions);

    /** @param {string} name */
    function say(name) { status.textContent = form.getAttribute("data-text-" + name) || ""; }
    function wentOffline() { offline = true; say("offline"); }

    function keep() {
      changes++;
      if (key) writeDraft(key, { saved: false, at: Date.now(), fields: fieldsOf(form) });
    }
    function unsent() {
      var draft = key ? readDraft(key) : null;
      return !!draft && draft.saved === false;
    }
    function markSent() {
      var draft = key ? readDraft(key) : null;
      if (draft) { draft.saved = true; writeDraft(key, draft); }
    }

    function save() {
      if (navigator.onLine === false) { wentOffline(); return; }
      var upTo = changes;
      var data = new FormData(form);
      data.set("action", "save");
      // Not form.action: the form's buttons are named "action", and form.action is them.
      post(url, data, { "X-Liane-Autosave": "1" }).then(function (response) {
        if (response.status === 409) { // sent meanwhile, from another tab: nothing to keep
          removeDrafts(function (k) { return k === key; });
          return;
        }
        if (!response.ok) return; // refused: the draft stays unsent, the Save button tells why
        if (upTo === changes) markSent();
        if (offline) { offline = false; say("online"); }
      }, wentOffline);
    }

    /** Send the form as the button would, without this script's interceptions.
     * @param {Object<string, string>} fields */
    function sendPlainly(fields) {
      for (var name in fields) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = fields[name];
        form.appendChild(input);
      }
      form.submit(); // fires no submit event
    }

    /* Check one answer in place: the server grades it (its rules: attempt, lock, what may be
     * shown) and returns the question drawn with its verdict by the page's own partial. */
    /** @param {HTMLButtonElement} button @param {string} qid */
    function check(button, qid) {
      if (navigator.onLine === false) { keep(); wentOffline(); return; }
      var data = new FormData(form);
      data.set("action", "check:" + qid);
      button.disabled = true;
      post(url, data, { "X-Liane-Check": "1" }).then(function (response) {
        if (response.status !== 200) { // sent from another tab, or refused: the server decides
          sendPlainly({ action: "check:" + qid });
          return;
        }
        return response.text().then(function (html) {
          if (!showVerdict(qid, html, button)) sendPlainly({ action: "check:" + qid });
          markSent();
        });
      }, function () { button.disabled = false; keep(); wentOffline(); });
    }

    /** @param {string} qid @param {string} html @param {HTMLButtonElement} button */
    function showVerdict(qid, html, button) {
      var holder = document.createElement("template");
      holder.innerHTML = html;
      var fresh = holder.content.querySelector("fieldset.question");
      var old = document.getElementById("question-" + qid);
      var region = document.getElementById("feedback-" + qid);
      if (!fresh || !old || !region || region.parentNode !== old) return false;
      var verdict = fresh.querySelector(".verdict");
      var freshRegion = fresh.querySelector(".question-feedback");
      if (verdict) fresh.removeChild(verdict);
      if (freshRegion) fresh.removeChild(freshRegion);
      // The fieldset's content replaced, its live region kept (a new region may go unheard).
      Array.prototype.slice.call(old.childNodes).forEach(function (node) {
        if (node !== region) old.removeChild(node);
      });
      while (fresh.firstChild) old.insertBefore(fresh.firstChild, region);
      old.className = fresh.className;
      var line = button.closest(".check");
      (line || button).remove();
      // Focus where the button was, on the (still empty) region, then fill it: the verdict
      // is announced once, by the region, and Tab goes on to the next question.
      region.setAttribute("tabindex", "-1");
      region.focus();
      var shown = /** @type {Element} */ (verdict);
      setTimeout(function () { if (shown) region.appendChild(shown); }, 100);
      return true;
    }

    /** Ask before sending an attempt with blank questions: how many, and a link to the first.
     * @param {Element[]} blanks @param {number} total @param {HTMLButtonElement} button */
    function confirmBlanks(blanks, total, button) {
      var previous = form.querySelector(".confirm-unanswered");
      if (previous) previous.remove();
      var template = /** @type {HTMLTemplateElement | null} */ (document.getElementById("confirm-unanswered"));
      if (!template) { sendPlainly({ action: "submit" }); return; }
      var panel = /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
      var text = /** @type {HTMLElement} */ (panel.querySelector(".confirm-text"));
      var count = blanks.length;
      text.textContent = (text.getAttribute(count === 1 ? "data-one" : "data-many") || "")
        .replace("{n}", String(count)).replace("{total}", String(total));
      var first = blanks[0];
      var number = Array.prototype.indexOf.call(form.querySelectorAll("fieldset.question"), first) + 1;
      var link = /** @type {HTMLAnchorElement} */ (panel.querySelector(".first-blank"));
      link.href = "#" + first.id;
      link.textContent = (link.getAttribute("data-text") || "").replace("{number}", String(number));
      link.addEventListener("click", function (event) {
        event.preventDefault();
        panel.remove();
        first.scrollIntoView();
        var control = /** @type {HTMLElement | null} */ (first.querySelector("input, select, textarea"));
        if (control) control.focus();
      });
      /** @type {HTMLElement} */ (panel.querySelector("[data-confirm]")).addEventListener("click", function () {
        sendPlainly({ action: "submit", confirm: "1" });
      });
      /** @type {HTMLElement} */ (panel.querySelector("[data-cancel]")).addEventListener("click", function () {
        panel.remove();
        button.focus();
      });
      form.insertBefore(panel, status);
      panel.focus();
    }

    form.addEventListener("click", function (event) {
      var target = /** @type {Element} */ (event.target);
      var button = target.closest && target.closest("button");
      if (button && button.type === "submit") clicked = /** @type {HTMLButtonElement} */ (button);
    });

    // Enter in a field (a phone's OK/Go key) moves on to the next field, never sends.
    form.addEventListener("keydown", function (event) {
      var el = /** @type {HTMLInputElement} */ (event.target);
      if (event.key !== "Enter" || event.isComposing || el.tagName !== "INPUT"
        || /^(submit|button|reset|image|file)$/.test(el.type)) return;
      event.preventDefault();
      var next = nextField(form, el);
      if (next) next.focus();
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[type="text"], input:not([type])'),
      function (/** @type {HTMLInputElement} */ el) { el.setAttribute("enterkeyhint", "next"); });

    form.addEventListener("submit", function (event) {
      var button = /** @type {HTMLButtonElement | null} */ (
        /** @type {SubmitEvent} */ (event).submitter || clicked);
      clicked = null;
      var action = button ? button.value : "";
      if (navigator.onLine === false) { // the page would be lost for the browser's offline page
        event.preventDefault();
        keep();
        wentOffline();
        return;
      }
      if (action.indexOf("check:") === 0 && button) {
        event.preventDefault();
        check(button, action.slice("check:".length));
      } else if (action === "submit" && button) {
        var questions = form.querySelectorAll("fieldset.question");
        var blanks = Array.prototype.filter.call(questions, function (/** @type {Element} */ q) {
          return !q.classList.contains("is-reviewed") && isBlank(q);
        });
        if (blanks.length) {
          event.preventDefault();
          confirmBlanks(blanks, questions.length, button);
        }
      }
    });

    function changed(/** @type {number} */ delay) {
      keep();
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }
    form.addEventListener("change", function () { changed(400); });
    form.addEventListener("input", function () { changed(1500); });
    window.addEventListener("online", function () { if (unsent()) save(); });
    window.addEventListener("pageshow", function (event) { if (event.persisted && unsent()) save(); });

    // Answers given here that the server may not have (the connection dropped, the page
    // was left for the browser's offline page): back into the page, and sent again.
    var draft = key ? readDraft(key) : null;
    if (draft && draft.saved === false) {
      restore(form, draft.fields);
      save();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A page that answers an action (the results of a quiz) puts focus where it starts.
    var first = /** @type {HTMLElement | null} */ (document.querySelector("[data-autofocus]"));
    if (first) first.focus({ preventScroll: true });
    Array.prototype.forEach.call(document.querySelectorAll("[data-time-url]"), trackTime);
    Array.prototype.forEach.call(document.querySelectorAll("form.autosave"), quizForm);
    // An attempt's results: its draft has done its work. Old drafts go too.
    var results = /\/attempts\/(\d+)\/?$/.exec(window.location.pathname);
    var oldest = Date.now() - DRAFT_DAYS * 24 * 3600 * 1000;
    removeDrafts(function (key, draft) {
      return (!!results && key.split(":")[2] === results[1]) || !draft || draft.at < oldest;
    });
  });
})();

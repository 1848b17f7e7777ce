// @ts-check
/* Liane player: small progressive enhancements; every page works without this script.
 * - active time: while the page is visible and the learner active, report time every
 *   HEARTBEAT seconds (the server caps it by what really elapsed and cuts idle time);
 * - quiz autosave: answers are saved as the learner types, so a closed tab loses nothing.
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

  /** @param {HTMLFormElement} form */
  function autosave(form) {
    /** @type {number | undefined} */
    var timer;
    function save() {
      var data = new FormData(form);
      data.set("action", "save");
      // Not form.action: the form's buttons are named "action", and form.action is them.
      post(form.getAttribute("action") || window.location.pathname, data,
        { "X-Liane-Autosave": "1" })
        .catch(function () { /* the explicit Save button still works */ });
    }
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 400);
    });
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A page that answers an action (the results of a quiz) puts focus where it starts.
    var first = /** @type {HTMLElement | null} */ (document.querySelector("[data-autofocus]"));
    if (first) first.focus({ preventScroll: true });
    Array.prototype.forEach.call(document.querySelectorAll("[data-time-url]"), trackTime);
    Array.prototype.forEach.call(document.querySelectorAll("form.autosave"), autosave);
  });
})();

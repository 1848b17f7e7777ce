/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* Liane live sessions: the one script of the participants' page, the projected screen and
 * the phone remote. No framework, no module (old phones).
 *
 * Every page polls its small JSON state (`data-live-state`) with the ETag it last got: an
 * unchanged state is a 304. When the state's version differs from the one the page was
 * drawn at (`data-live-version`), the page reloads: the server draws every phase, so this
 * script never decides what a phase shows. Without this script, waiting pages refresh
 * themselves (<noscript><meta refresh>).
 *
 * Participants: an answer is sent in the background; with no network it is kept and sent
 * again when the connection comes back. Screen: → PageDown Space next step, ← PageUp back,
 * B or . a blank screen, F full screen.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-state]");
  if (!root || !window.fetch) {
    return;
  }
  var stateUrl = root.getAttribute("data-live-state");
  var version = root.getAttribute("data-live-version");
  var isScreen = root.hasAttribute("data-live-screen");
  // A phone's page is drawn at the state its ETag names: its first poll can be a 304 too.
  // (The screen's ETag also counts answers and participants: it starts with none.)
  /** @type {string | null} */
  var etag = version && !isScreen ? '"' + version + '"' : null;
  var timer = null;
  var pending = null; // an answer not yet sent: {url, body}
  var connection = root.querySelector("[data-live-connection]");

  function interval() {
    return document.hidden ? 5000 : 1000;
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, delay === undefined ? interval() : delay);
  }

  function say(text) {
    if (connection) {
      connection.textContent = text || "";
    }
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) {
          return null;
        }
        if (!response.ok) {
          throw new Error("state " + response.status);
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        if (pending) {
          send();
          return;
        }
        say("");
        if (state && state.version !== version) {
          window.location.reload();
          return;
        }
        if (state) {
          show(state);
        }
        schedule();
      })
      .catch(function () {
        say(pending ? root.getAttribute("data-text-offline") : root.getAttribute("data-text-waiting"));
        schedule(2000);
      });
  }

  function setText(selector, value) {
    var element = root.querySelector(selector);
    if (element && value !== undefined && value !== null) {
      element.textContent = String(value);
    }
  }

  function show(state) {
    setText("[data-live-answers]", state.answers);
    setText("[data-live-participants]", state.participants);
    countdownFrom(state.left);
  }

  // The countdown ticks here between polls; the server closes the answers on its own clock.
  var left = null;
  var ticking = null;
  var countdown = root.querySelector("[data-live-left]");
  function countdownFrom(seconds) {
    if (!countdown || seconds === undefined || seconds === null) {
      return;
    }
    left = seconds;
    if (!ticking) {
      ticking = window.setInterval(function () {
        left = Math.max(0, left - 1);
        countdown.textContent = countdown.textContent.replace(/\d+/, String(left));
        if (left === 0) {
          schedule(300);
        }
      }, 1000);
    }
  }
  if (countdown) {
    countdownFrom(parseInt(countdown.getAttribute("data-live-left"), 10));
  }

  // --- participants: the answer form ------------------------------------------------------
  var form = /** @type {HTMLFormElement | null} */ (root.querySelector("[data-live-answer]"));
  function send() {
    var sending = pending;
    fetch(sending.url, {
      method: "POST",
      body: sending.body,
      headers: { "X-Liane-Live": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("answer " + response.status);
        }
        return response.json();
      })
      .then(function (result) {
        pending = null;
        if (result.outcome === "blank") {
          say(form.getAttribute("data-text-blank"));
          disable(false);
          schedule();
          return;
        }
        window.location.reload();
      })
      .catch(function () {
        say(root.getAttribute("data-text-offline"));
        schedule(2000);
      });
  }
  /** @param {boolean} state */
  function disable(state) {
    var button = form && /** @type {HTMLButtonElement | null} */ (form.querySelector("button[type=submit]"));
    if (button) {
      button.disabled = state;
    }
  }
  if (form && window.FormData) {
    var answerForm = form;
    answerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (pending) {
        return; // a double tap: one answer is on its way
      }
      pending = { url: answerForm.action, body: new FormData(answerForm) };
      disable(true);
      send();
    });
  }

  // --- the screen: keys of the keyboard and of a presenter remote -------------------------
  function press(kind) {
    var button = /** @type {HTMLElement | null} */ (root.querySelector("[data-live-key=" + kind + "]"));
    if (button) {
      button.click();
    }
  }
  var blank = /** @type {HTMLElement | null} */ (document.querySelector("[data-live-blank]"));
  if (isScreen && blank) {
    document.addEventListener("keydown", function (event) {
      var target = /** @type {HTMLElement | null} */ (event.target);
      if (event.altKey || event.ctrlKey || event.metaKey || (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) {
        return;
      }
      var key = event.key;
      if (key === "ArrowRight" || key === "PageDown" || key === " " || key === "Spacebar") {
        event.preventDefault();
        press("next");
      } else if (key === "ArrowLeft" || key === "PageUp") {
        event.preventDefault();
        press("back");
      } else if (key === "b" || key === "B" || key === ".") {
        blank.hidden = !blank.hidden;
      } else if (key === "Escape") {
        blank.hidden = true;
      } else if ((key === "f" || key === "F") && document.documentElement.requestFullscreen) {
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else {
          document.documentElement.requestFullscreen();
        }
      }
    });
  }

  // The projected screen fits its type to the screen: a long question or chart shrinks
  // rather than hides under the buttons, since the keys of a presenter remote are steps,
  // not scrolling. (CSSOM, which the CSP allows; inline style attributes it refuses.)
  var screenMain = /** @type {HTMLElement | null} */ (document.querySelector(".live-screen"));
  function fit() {
    if (!screenMain) {
      return;
    }
    screenMain.style.fontSize = "";
    var size = parseFloat(window.getComputedStyle(screenMain).fontSize);
    var floor = 14; // px: smaller, the back of the room cannot read; the page scrolls instead
    for (var tries = 0; tries < 30 && size > floor; tries += 1) {
      if (document.documentElement.scrollHeight <= window.innerHeight) {
        break;
      }
      size = Math.max(floor, size * 0.92);
      screenMain.style.fontSize = size + "px";
    }
  }
  if (screenMain) {
    fit();
    window.addEventListener("resize", fit);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      schedule(0); // a phone back from sleep asks at once
    }
  });
  window.addEventListener("online", function () {
    schedule(0);
  });
  schedule();
})();

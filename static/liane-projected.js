/* Liane - SPDX-License-Identifier: AGPL-3.0-or-later */
// @ts-check
/* The player's projected view (engine/player/projected.py): the keys a presenter remote or a
 * laptop sends move along the course without leaving the view. ArrowRight and PageDown follow
 * the pager's "Next" link, ArrowLeft and PageUp its "Previous", Escape the menu's "Leave the
 * projected view". The links already carry the view (?view=projected): this only presses
 * them, so the page works the same without script, by clicking.
 */
(function () {
  "use strict";

  /** Which link each key follows. @type {Object<string, string>} */
  var LINKS = {
    ArrowRight: 'a[rel="next"]',
    PageDown: 'a[rel="next"]',
    ArrowLeft: 'a[rel="prev"]',
    PageUp: 'a[rel="prev"]',
    Escape: "a[data-projected-leave]",
  };

  document.addEventListener("keydown", function (event) {
    // Ctrl, Alt, Meta and Shift with a key belong to the browser (Alt+ArrowLeft: history).
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    if (!Object.prototype.hasOwnProperty.call(LINKS, event.key)) return;
    // A quiz's answer box keeps its keys (the caret moves, nothing else happens).
    var target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) return;
    var link = document.querySelector(LINKS[event.key]);
    if (!(link instanceof HTMLAnchorElement)) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
})();

/* Margin notes. The no-JavaScript checkbox becomes a disclosure button (Enter, Space, click, tap),
   which opens a note in place on narrow screens and shows it whole in the wide margin. On wide
   screens this script also places every note beside the line that calls it (the arithmetic is
   notes-layout.js), again whenever anything that moves a line or a note changes: the window's
   size, the text size, the kinds of note shown, a font arriving, a note opened or closed. */
(function (DPR) {
  "use strict";
  var root = document.documentElement;
  var wide = window.matchMedia("(min-width: 76.25em)");
  var frame = 0;

  function enhanceToggles() {
    document.querySelectorAll(".sn-toggle").forEach(function (toggle) {
      var label = toggle.nextElementSibling;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sn-ref";
      button.setAttribute("aria-expanded", String(toggle.checked));
      button.setAttribute("aria-controls", toggle.getAttribute("aria-controls"));
      button.setAttribute("aria-label", toggle.getAttribute("aria-label"));
      button.textContent = label.textContent;
      label.remove();
      toggle.replaceWith(button);
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest(".sn-ref");
      var note = !button && !event.target.closest("a") && event.target.closest(".sidenote");
      if (note && wide.matches) button = note.parentElement.querySelector(".sn-ref");  // a tap on the note itself
      if (!button || button.tagName !== "BUTTON") return;
      button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
      schedule();
    });
  }

  /* The y of the line that calls a note: the middle of the last letter before the call, passing
     over other notes' calls and text. */
  function callMiddle(sn) {
    var block = sn.parentElement.closest("p, li, dd, dt, td, th, blockquote, figcaption") || sn.parentElement;
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    walker.currentNode = sn;
    for (var text = walker.previousNode(); text; text = walker.previousNode()) {
      var end = text.textContent.replace(/\s+$/, "").length;
      if (!end || text.parentElement.closest(".sn")) continue;
      range.setStart(text, end - 1);
      range.setEnd(text, end);
      var rects = range.getClientRects();
      if (rects.length) return (rects[rects.length - 1].top + rects[rects.length - 1].bottom) / 2;
    }
    var box = sn.querySelector(".sn-ref").getBoundingClientRect();
    return (box.top + box.bottom) / 2;
  }

  function layout() {
    frame = 0;
    var box = document.querySelector(".md-content__inner");
    var placing = wide.matches && root.hasAttribute("data-sn-js") && box;
    document.querySelectorAll(".sidenote").forEach(function (note) {
      note.classList.toggle("is-clamped", false);
    });
    if (!placing) return;
    var notes = Array.prototype.filter.call(box.querySelectorAll(".sidenote"), function (note) {
      return note.getClientRects().length > 0;  // not of a kind the reader has hidden
    });
    var columns = parseInt(getComputedStyle(box).getPropertyValue("--sn-columns"), 10) || 1;
    // Measure every note whole (one reflow), then place them all (one more).
    root.setAttribute("data-sn-measure", "");
    var outer = box.getBoundingClientRect();
    var measured = notes.map(function (note) {
      var style = getComputedStyle(note);
      var line = parseFloat(style.lineHeight);
      var padTop = parseFloat(style.paddingTop);
      return {
        anchor: callMiddle(note.parentElement) - outer.top - padTop - line / 2,
        full: note.offsetHeight,
        base: padTop + parseFloat(style.paddingBottom),
        line: line,
        open: note.parentElement.querySelector(".sn-ref").getAttribute("aria-expanded") === "true",
        width: note.offsetWidth,
      };
    });
    root.removeAttribute("data-sn-measure");
    var spots = DPR.notesLayout.place(measured, {
      top: 0, bottom: box.offsetHeight, columns: columns, gap: measured.length ? measured[0].line / 3 : 0, maxLines: 6,
    });
    var parents = notes.map(function (note) {
      var parent = note.offsetParent || box, rect = parent.getBoundingClientRect();
      return {top: rect.top + parent.clientTop - outer.top, left: rect.left + parent.clientLeft - outer.left};
    });
    notes.forEach(function (note, i) {
      var spot = spots[i];
      var x = spot.column === 0 ? box.clientWidth - measured[i].width : 0;
      note.dataset.side = spot.column === 0 ? "right" : "left";
      note.style.top = (spot.top - parents[i].top) + "px";
      note.style.left = (x - parents[i].left) + "px";
      note.style.setProperty("--sn-lines", spot.lines ? String(spot.lines) : "none");
      note.classList.toggle("is-clamped", spot.lines > 0 || (!measured[i].open && !!note.querySelector(".sn-full")));
    });
    root.setAttribute("data-sn-ready", "");
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(layout);
  }

  enhanceToggles();
  layout();
  var content = document.querySelector(".md-content__inner");
  if (content && window.ResizeObserver) new ResizeObserver(schedule).observe(content);
  wide.addEventListener("change", schedule);
  document.addEventListener("reader:layout", schedule);
  if (document.fonts) document.fonts.addEventListener("loadingdone", schedule);
})(window.DPR = window.DPR || {});

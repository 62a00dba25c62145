/* The layer's controls: a small floating toolbar, modal dialogs and a lasting alert. Built with
   createElement and textContent only, so a reader's words are never parsed as HTML. */
(function (DPR) {
  "use strict";
  var bar = null, opener = null;
  var sheet = matchMedia("(pointer: coarse), (max-width: 44.9844em)");

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function button(label, action, attrs) {
    var b = el("button", Object.assign({type: "button"}, attrs), [label]);
    b.addEventListener("click", action);
    return b;
  }

  /* Above the words it acts on, or under them when there is no room; on phones and touch screens
     a bar at the foot of the screen, clear of the system's own selection menu. */
  function place(box, rect) {
    box.classList.toggle("an-sheet", sheet.matches);
    if (sheet.matches) return;
    var width = box.offsetWidth, height = box.offsetHeight;
    var top = rect.top - height - 8 < 56 ? rect.bottom + 8 : rect.top - height - 8;
    var left = Math.max(8, Math.min(rect.left + rect.width / 2 - width / 2, root().clientWidth - width - 8));
    box.style.top = top + scrollY + "px";
    box.style.left = left + scrollX + "px";
  }

  function root() {
    return document.documentElement;
  }

  function closeBar(refocus) {
    if (!bar) return;
    bar.remove();
    bar = null;
    if (opener && opener.hasAttribute("aria-expanded")) opener.setAttribute("aria-expanded", "false");
    if (refocus && opener && opener.isConnected) opener.focus();
  }

  /* A toolbar of buttons by rect; from (the element that opened it) takes focus back on Escape.
     A bar for a selection (from = null) leaves focus in the text until Tab moves it in. */
  function openBar(label, buttons, rect, from, focus) {
    closeBar(false);
    opener = from;
    bar = el("div", {class: "an-ui an-bar", role: "toolbar", "aria-label": label}, buttons);
    document.body.appendChild(bar);
    place(bar, rect);
    bar.addEventListener("focusout", function (event) {
      if (bar && event.relatedTarget && !bar.contains(event.relatedTarget) &&
          !(event.relatedTarget.closest && event.relatedTarget.closest("dialog"))) closeBar(false);
    });
    if (from && from.hasAttribute("aria-expanded")) from.setAttribute("aria-expanded", "true");
    if (focus) buttons[0].focus();
    return bar;
  }

  document.addEventListener("keydown", function (event) {
    if (!bar || document.querySelector("dialog[open]")) return;
    var inside = bar.contains(document.activeElement);
    var buttons = [].slice.call(bar.querySelectorAll("button"));
    if (event.key === "Escape") {
      closeBar(inside || document.activeElement === opener);
    } else if (event.key === "Tab" && !inside && !opener && !event.shiftKey) {
      event.preventDefault();     // from the selected words, Tab goes to their toolbar
      buttons[0].focus();
    } else if (inside && (event.key === "ArrowRight" || event.key === "ArrowLeft")) {
      var i = buttons.indexOf(document.activeElement) + (event.key === "ArrowRight" ? 1 : -1);
      buttons[(i + buttons.length) % buttons.length].focus();
    }
  });
  document.addEventListener("pointerdown", function (event) {
    if (bar && !bar.contains(event.target) && event.target !== opener) closeBar(false);
  });

  /* A modal dialog (the browser's own: focus moves in, Escape closes); focus returns to from, or
     to what from() gives once the dialog has closed (the element may have been redrawn). */
  function dialog(title, children, from) {
    var d = el("dialog", {class: "an-ui an-dialog", "aria-labelledby": "an-dialog-title"},
               [el("h2", {id: "an-dialog-title", text: title})].concat(children));
    document.body.appendChild(d);
    d.addEventListener("close", function () {
      d.remove();
      var back = typeof from === "function" ? from() : from;
      if (back && back.isConnected) back.focus();
    });
    d.showModal();
    return d;
  }

  /* A message that stays until closed: for what went wrong. */
  function alert(message) {
    var old = document.querySelector(".an-alert");
    if (old) old.remove();
    var box = el("div", {class: "an-ui an-alert", role: "alert"}, [el("p", {text: message})]);
    box.appendChild(button("Close", function () { box.remove(); }));
    document.body.appendChild(box);
  }

  function download(name, type, text) {
    var a = el("a", {href: URL.createObjectURL(new Blob([text], {type: type})), download: name});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }

  DPR.ui = {el: el, button: button, openBar: openBar, closeBar: closeBar, isOpen: function () { return !!bar; },
            dialog: dialog, alert: alert, download: download};
})(window.DPR = window.DPR || {});

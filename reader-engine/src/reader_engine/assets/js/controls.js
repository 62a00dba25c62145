/* Reading options: which kinds of note to show, clean text, text size, and the reader's own layer
   (print my notes, remember where I stopped, the reading-progress line). Saved on this device
   (localStorage, keys reader:*) and restored before first paint by early.js. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KINDS = [["context", "Context"], ["term", "Term"], ["correction", "Correction"],
               ["citation", "Citation"], ["cross-ref", "Cross-reference"], ["question", "Question"]];
  var SIZES = [["s", "Small"], ["m", "Medium"], ["l", "Large"], ["xl", "Extra large"]];
  // [key, label, value stored when the box is checked (else when unchecked), attribute on <html>]
  var MINE = [["print-notes", "Print my notes", "1", "data-rc-print-notes"],
              ["remember", "Remember where I stopped", "", "data-rc-noremember"],
              ["progress", "Show reading progress", "", "data-rc-noprogress"]];

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem("reader:" + key);
      else localStorage.setItem("reader:" + key, value);
    } catch (e) { /* private mode: choices last for this page only */ }
  }

  function hiddenKinds() {
    return (root.getAttribute("data-rc-hide") || "").split(" ").filter(Boolean);
  }

  function apply(hide, clean, size) {
    if (hide.length) root.setAttribute("data-rc-hide", hide.join(" "));
    else root.removeAttribute("data-rc-hide");
    if (clean) root.setAttribute("data-rc-clean", "");
    else root.removeAttribute("data-rc-clean");
    if (size && size !== "m") root.setAttribute("data-rc-size", size);
    else root.removeAttribute("data-rc-size");
    store("hide", hide.length ? hide.join(" ") : null);
    store("clean", clean ? "1" : null);
    store("size", size && size !== "m" ? size : null);
    document.dispatchEvent(new CustomEvent("reader:layout"));  // notes re-placed for what now shows
  }

  function applyMine(panel) {
    MINE.forEach(function (m) {
      var stored = panel.querySelector('input[name="' + m[0] + '"]').checked === !!m[2];
      root.toggleAttribute(m[3], stored);
      store(m[0], stored ? m[2] || "off" : null);
    });
  }

  function buildControls() {
    var host = document.querySelector(".md-header__inner");
    if (!host) return;
    var wrap = document.createElement("div");
    wrap.className = "rc";
    var hide = hiddenKinds();
    var size = root.getAttribute("data-rc-size") || "m";
    var kinds = KINDS.map(function (k) {
      return '<label data-kind="' + k[0] + '"><input type="checkbox" name="kind" value="' + k[0] + '"' +
        (hide.indexOf(k[0]) < 0 ? " checked" : "") + '><span class="rc-swatch" aria-hidden="true"></span>' + k[1] + "</label>";
    }).join("");
    var sizes = SIZES.map(function (s) {
      return '<label><input type="radio" name="size" value="' + s[0] + '"' + (s[0] === size ? " checked" : "") +
        ">" + s[1] + "</label>";
    }).join("");
    wrap.innerHTML =
      '<button type="button" class="md-header__button md-icon rc-button" aria-expanded="false" aria-controls="rc-panel">' +
      '<svg viewBox="0 0 24 24" aria-hidden="true" width="24" height="24"><path d="M3 5h18v2H3zm0 6h12v2H3zm0 6h18v2H3z"/></svg>' +
      '<span class="sr-only">Reading options</span></button>' +
      '<div class="rc-panel" id="rc-panel" role="group" aria-label="Reading options" hidden>' +
      '<fieldset><legend>Show notes</legend>' + kinds +
      '<label><input type="checkbox" name="clean"' + (root.hasAttribute("data-rc-clean") ? " checked" : "") +
      ">Clean text (hide all notes)</label></fieldset>" +
      '<fieldset><legend>Text size</legend><div class="rc-sizes">' + sizes + "</div></fieldset>" +
      "<fieldset><legend>My notes and reading</legend>" + MINE.map(function (m) {
        return '<label><input type="checkbox" name="' + m[0] + '"' +
          (root.hasAttribute(m[3]) === !!m[2] ? " checked" : "") + ">" + m[1] + "</label>";
      }).join("") + "</fieldset></div>";
    var search = host.querySelector(".md-search");
    host.insertBefore(wrap, search ? search.previousElementSibling || search : null);
    root.removeAttribute("data-rc-pending");
    var button = wrap.querySelector(".rc-button");
    var panel = wrap.querySelector(".rc-panel");
    function open(state) {
      panel.hidden = !state;
      button.setAttribute("aria-expanded", String(state));
    }
    button.addEventListener("click", function () { open(panel.hidden); });
    wrap.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        open(false);
        button.focus();
      }
    });
    document.addEventListener("pointerdown", function (event) {
      if (!wrap.contains(event.target)) open(false);
    });
    wrap.addEventListener("focusout", function (event) {  // tabbing on closes it, so it hides nothing
      if (event.relatedTarget && !wrap.contains(event.relatedTarget)) open(false);
    });
    panel.addEventListener("change", function () {
      var hidden = Array.prototype.filter.call(panel.querySelectorAll('input[name="kind"]'),
        function (box) { return !box.checked; }).map(function (box) { return box.value; });
      apply(hidden, panel.querySelector('input[name="clean"]').checked,
            panel.querySelector('input[name="size"]:checked').value);
      applyMine(panel);
    });
  }

  buildControls();
})();

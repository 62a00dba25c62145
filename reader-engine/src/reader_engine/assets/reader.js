/* Reader engine enhancements. Everything here is optional: the page works without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KINDS = [["context", "Context"], ["term", "Term"], ["correction", "Correction"],
               ["citation", "Citation"], ["cross-ref", "Cross-reference"], ["question", "Question"]];
  var SIZES = [["s", "Small"], ["m", "Medium"], ["l", "Large"], ["xl", "Extra large"]];
  var wide = window.matchMedia("(min-width: 76.25em)");

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem("reader:" + key);
      else localStorage.setItem("reader:" + key, value);
    } catch (e) { /* private mode: choices last for this page only */ }
  }

  /* 1. Notes: the no-JS checkbox becomes a disclosure button (Enter, Space, click, tap).
        On narrow screens it opens the note; in the wide margin it shows a long note whole. */
  function enhanceNotes() {
    document.querySelectorAll(".sn-toggle").forEach(function (toggle) {
      var label = toggle.nextElementSibling;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sn-ref";
      button.setAttribute("aria-expanded", String(toggle.checked));
      button.setAttribute("aria-controls", toggle.getAttribute("aria-controls"));
      button.setAttribute("aria-label", toggle.getAttribute("aria-label"));
      button.textContent = label.textContent;
      button.addEventListener("click", function () {
        button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
        markClamped();
      });
      label.remove();
      toggle.replaceWith(button);
    });
    markClamped();
    wide.addEventListener("change", markClamped);
    window.addEventListener("resize", function () {  // at most one measurement per frame
      cancelAnimationFrame(markClamped.frame);
      markClamped.frame = requestAnimationFrame(markClamped);
    });
  }

  /* Margin notes cut short by the line clamp get a visible "more" cue. */
  function markClamped() {
    document.querySelectorAll(".sidenote").forEach(function (note) {
      note.classList.toggle("is-clamped", wide.matches && note.scrollHeight > note.clientHeight + 2);
    });
  }

  /* 2. Paragraph numbers: one click copies the paragraph's permalink. */
  function toast(message) {
    var box = document.querySelector(".rd-toast");
    if (!box) {
      box = document.createElement("div");
      box.className = "rd-toast";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = message;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.textContent = ""; }, 2500);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function enhanceParagraphLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.para-num");
      if (!link) return;
      event.preventDefault();
      var url = location.href.split("#")[0] + link.getAttribute("href");
      history.replaceState(null, "", link.getAttribute("href"));
      var label = link.textContent.replace(/\s+/g, " ");
      copyText(url).then(function () { toast("Link to " + label + " copied"); },
                         function () { toast("Link to " + label + ": " + url); });
    });
  }

  /* 3. Glossary popovers: tap opens on touch screens (a second tap follows the link);
        Escape dismisses; on wide screens the popover is kept inside the viewport. */
  function placeTip(term) {
    var tip = term.querySelector(".term-tip");
    if (!tip) return;
    term.style.removeProperty("--tip-shift");
    var box = tip.getBoundingClientRect();
    if (getComputedStyle(tip).position !== "absolute" || !box.width) return;
    var margin = 8, shift = 0;
    if (box.right > window.innerWidth - margin) shift = window.innerWidth - margin - box.right;
    if (box.left + shift < margin) shift = margin - box.left;
    if (shift) term.style.setProperty("--tip-shift", shift + "px");
  }

  function closeTips(except) {
    document.querySelectorAll(".term.is-open").forEach(function (term) {
      if (term !== except) term.classList.remove("is-open");
    });
  }

  function enhanceTerms() {
    document.querySelectorAll(".term").forEach(function (term) {
      var link = term.querySelector(".term-link");
      term.addEventListener("mouseenter", function () { placeTip(term); });
      term.addEventListener("focusin", function () { placeTip(term); });
      term.addEventListener("mouseleave", function () { term.classList.remove("is-dismissed"); });
      term.addEventListener("focusout", function () { term.classList.remove("is-dismissed", "is-open"); });
      link.addEventListener("pointerup", function (event) { link.dataset.pointer = event.pointerType; });
      link.addEventListener("click", function (event) {
        var touch = link.dataset.pointer === "touch";
        delete link.dataset.pointer;
        if (!touch || term.classList.contains("is-open")) return;
        event.preventDefault();
        closeTips(term);
        term.classList.remove("is-dismissed");
        term.classList.add("is-open");
        placeTip(term);
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      document.querySelectorAll(".term:hover, .term:focus-within, .term.is-open").forEach(function (term) {
        term.classList.remove("is-open");
        term.classList.add("is-dismissed");
      });
    });
    document.addEventListener("pointerdown", function (event) {
      if (!event.target.closest(".term")) closeTips(null);
    });
  }

  /* 4. Reader controls: which kinds of note to show, clean text, text size. */
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
      '<fieldset><legend>Text size</legend><div class="rc-sizes">' + sizes + "</div></fieldset></div>";
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
    });
  }

  enhanceNotes();
  enhanceParagraphLinks();
  enhanceTerms();
  buildControls();
})();

/* The reader's own layer, bootstrap: always loaded, so it stays small. It remembers the last
   paragraph read in each chapter and offers to continue there, and it loads the layer itself
   (assets/reader/annotations.js and .css, beside this file) only when it is needed: when the
   reader selects words or opens a ¶ menu, or when this chapter has their notes (saved now or in
   another tab). The My notes page loads its own script (my-notes.js) with the layer's styles. */
(function (DPR) {
  "use strict";
  var root = document.documentElement;
  var src = (document.currentScript || {}).src || "";
  var base = src.slice(0, src.lastIndexOf("/") + 1);                 // …/assets/reader/
  var home = base.replace(/assets\/reader\/$/, "");
  // A page's address within the edition, the same however it is served: chapters/01-…/ (the
  // offline copy's chapters/01-….html and a folder's index.html are read the same way).
  var page = location.href.split(/[?#]/)[0].slice(home.length).replace(/(index)?\.html$/, "").replace(/([^/])$/, "$1/");
  var flat = !!document.querySelector('a.md-nav__link[href$=".html"]:not([href$="index.html"])');
  var RESUME = "reader:resume:v1", NOTES = "reader:annotations:v1:", loading;   // NOTES: as annotation-store.js
  var paras = document.querySelectorAll(".md-content .para");
  DPR.site = {home: home, page: page, href: function (to) {   // a page's URL, as this copy links to it
    return home + (flat ? (to ? to.slice(0, -1) + ".html" : "index.html") : to + (location.protocol === "file:" ? "index.html" : ""));
  }};

  function layer(script) {
    loading = loading || new Promise(function (resolve, reject) {
      var css = document.createElement("link"), js = document.createElement("script"), waiting = 2;
      css.rel = "stylesheet";
      css.href = base + "annotations.css";
      js.src = base + (script || "annotations.js");
      css.onload = js.onload = function () { if (!--waiting) resolve(DPR.annot); };
      css.onerror = js.onerror = reject;
      document.head.appendChild(css);
      document.body.appendChild(js);
    });
    return loading;
  }

  /* ¶ numbers open a menu (copy link, note, cite); paragraphs.js copies the link should it fail. */
  DPR.paraMenu = function (link) {
    return layer().then(function (annot) { annot.paraMenu(link); });
  };

  function selected() {
    var sel = getSelection(), node = sel.rangeCount && sel.anchorNode;
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    if (DPR.annot) DPR.annot.selected();
    else if (!sel.isCollapsed && el && el.closest(".md-content .para")) layer().then(function (a) { a.selected(); });
  }

  function read() {
    try { return JSON.parse(localStorage.getItem(RESUME)) || []; } catch (e) { return []; }
  }

  /* "Continue at ¶ 6.7": on Home, where the reader last read; atop a chapter, where they stopped in it. */
  function offerToContinue(list) {
    var heading = document.querySelector(".md-content h1");
    var last = page ? list.filter(function (r) { return r[0] === page; })[0] : list[0];
    if (!heading || !last || location.hash || (page && paras[0] && paras[0].id === last[1])) return;
    var p = document.createElement("p"), a = document.createElement("a");
    p.className = "rd-continue";
    a.href = (page ? "" : DPR.site.href(last[0])) + "#" + last[1];
    a.textContent = "Continue at ¶\u00a0" + last[1].slice(1).replace("-", ".");
    p.appendChild(a);
    if (!page) p.appendChild(document.createTextNode(" (" + last[2] + ")"));
    heading.after(p);
  }

  /* The paragraph being read: the last whose top has passed a quarter of the way down the window. */
  function track() {
    var timer = 0, line, at;
    addEventListener("scroll", function () {
      timer = timer || setTimeout(function () {
        timer = 0;
        line = innerHeight / 4;
        at = null;
        for (var i = 0; i < paras.length && paras[i].getBoundingClientRect().top < line; i++) at = paras[i];
        if (!at || root.hasAttribute("data-rc-noremember")) return;
        var title = document.querySelector(".md-content h1").textContent;
        var list = read().filter(function (r) { return r[0] !== page; }).slice(0, 99);
        try { localStorage.setItem(RESUME, JSON.stringify([[page, at.id, title]].concat(list))); } catch (e) { /* full */ }
      }, 500);
    }, {passive: true});
  }

  if (root.hasAttribute("data-rc-noremember")) {
    try { localStorage.removeItem(RESUME); } catch (e) { /* storage unavailable */ }
  } else {
    if (!page || paras.length) offerToContinue(read());
    if (paras.length) track();
  }
  var timer = 0;
  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(selected, 300);   // touch: once the handles stop moving
  });
  document.addEventListener("pointerup", function () { setTimeout(selected); });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) selected();
    if (event.key === " " && event.target.matches("a.para-num")) event.target.click();   // as buttons do
  });
  document.addEventListener("keydown", function (event) {   // Space on a ¶ number opens its menu, not scrolls
    if (event.key === " " && event.target.matches("a.para-num")) event.preventDefault();
  });
  var stored = false;
  try { stored = localStorage.getItem(NOTES + page) !== null; } catch (e) { /* none */ }
  if (document.getElementById("my-notes")) layer("my-notes.js");
  else if (paras.length && stored) layer();
  // Another tab saved notes on this chapter: the layer, once loaded, shows them and follows the rest.
  else if (paras.length) addEventListener("storage", function (event) { if (event.key === NOTES + page) layer(); });
})(window.DPR = window.DPR || {});

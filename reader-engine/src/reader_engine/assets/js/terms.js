/* Glossary popovers: CSS shows them on hover and focus; this adds tap on touch screens (a second
   tap follows the link), Escape to dismiss, and keeps a popover inside the viewport on wide screens. */
(function () {
  "use strict";

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

  enhanceTerms();
})();

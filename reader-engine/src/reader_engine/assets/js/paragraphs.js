/* Paragraph numbers: one click copies the paragraph's permalink. */
(function (DPR) {
  "use strict";

  function enhanceParagraphLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.para-num");
      if (!link) return;
      event.preventDefault();
      var url = location.href.split("#")[0] + link.getAttribute("href");
      history.replaceState(null, "", link.getAttribute("href"));
      var label = link.textContent.replace(/\s+/g, " ");
      DPR.copy(url).then(function () { DPR.announce("Link to " + label + " copied"); },
                         function () { DPR.announce("Link to " + label + ": " + url); });
    });
  }

  enhanceParagraphLinks();
})(window.DPR = window.DPR || {});

/* Paragraph numbers: a click opens the paragraph's menu (annotations-boot.js), whose Copy link
   copies the paragraph's permalink; without the menu, the click copies it at once. */
(function (DPR) {
  "use strict";

  function copyLink(link) {
    var url = location.href.split("#")[0] + link.getAttribute("href");
    history.replaceState(null, "", link.getAttribute("href"));
    var label = link.textContent.replace(/\s+/g, " ");
    DPR.copy(url).then(function () { DPR.announce("Link to " + label + " copied"); },
                       function () { DPR.announce("Link to " + label + ": " + url); });
  }

  function enhanceParagraphLinks() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a.para-num");
      if (!link) return;
      event.preventDefault();
      if (DPR.paraMenu) DPR.paraMenu(link).catch(function () { copyLink(link); });
      else copyLink(link);
    });
  }

  DPR.copyParaLink = copyLink;

  enhanceParagraphLinks();
})(window.DPR = window.DPR || {});

/* Copying for the reader (links, citations) and saying so in a status message that screen
   readers announce. */
(function (DPR) {
  "use strict";

  function announce(message) {
    var box = document.querySelector(".rd-toast");
    if (!box) {
      box = document.createElement("div");
      box.className = "rd-toast";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = message;
    clearTimeout(announce.timer);
    announce.timer = setTimeout(function () { box.textContent = ""; }, 2500);
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

  DPR.copy = copyText;
  DPR.announce = announce;
})(window.DPR = window.DPR || {});

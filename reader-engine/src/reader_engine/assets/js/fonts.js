/* The reading face (the site's @font-face fonts). A first visit does not download it: the page
   reads in the system's fonts and stays light. Once the reader starts to use the page, the face is
   fetched into the browser's cache, without changing the page in front of them; a flag on this
   device (reader:face) then has early.js use it from the next page's first paint. */
(function () {
  "use strict";
  var INPUTS = ["pointerdown", "keydown", "wheel", "touchstart"];

  function fetchFace() {
    INPUTS.forEach(function (type) { removeEventListener(type, fetchFace, true); });
    document.fonts.forEach(function (face) { face.load().catch(function () {}); });
    try { localStorage.setItem("reader:face", "1"); } catch (e) { /* private mode: fetched again next time */ }
  }

  try {
    if (localStorage.getItem("reader:face") || !document.fonts) return;
  } catch (e) { return; }
  INPUTS.forEach(function (type) { addEventListener(type, fetchFace, {capture: true, passive: true}); });
})();

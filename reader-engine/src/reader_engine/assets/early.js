/* Runs in <head>, before the first paint, so a reader's saved choices never flash, the header
   keeps room for the reading options, and a reading face already on this device is used at once. */
(function () {
  var root = document.documentElement;
  /* Marks Material's script sets when it starts, which is after load (material.js). Set then, each
     restyled the whole page, up to 30 ms apiece on the Glossary; set here, before anything is
     styled, theirs change nothing. */
  root.classList.replace("no-js", "js");
  root.classList.add("js-focus-visible");
  root.setAttribute("data-js-focus-visible", "");
  try {
    root.setAttribute("data-rc-pending", "");  /* controls.js will add its button to the header */
    root.setAttribute("data-sn-js", "");       /* notes.js will place the margin notes */
    var hide = localStorage.getItem("reader:hide");
    var size = localStorage.getItem("reader:size");
    if (hide) root.setAttribute("data-rc-hide", hide);
    if (localStorage.getItem("reader:clean") === "1") root.setAttribute("data-rc-clean", "");
    if (size) root.setAttribute("data-rc-size", size);
    if (localStorage.getItem("reader:face")) root.setAttribute("data-reading-face", "");  /* cached: see fonts.js */
    if (localStorage.getItem("reader:print-notes") === "1") root.setAttribute("data-rc-print-notes", "");
    if (localStorage.getItem("reader:remember") === "off") root.setAttribute("data-rc-noremember", "");
    if (localStorage.getItem("reader:progress") === "off") root.setAttribute("data-rc-noprogress", "");
  } catch (e) { /* storage unavailable: defaults apply */ }
})();

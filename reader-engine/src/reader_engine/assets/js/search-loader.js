/* Search, on every page: opens the search box and loads the search itself (search.js, the library,
   the index) only when a reader starts a search, so a first visit does not pay for it. Also loads
   the marking of the matched words (search-mark.js) on a page opened from a search result.
   Opening: focus or a click in the box, the header's search button (phones), or "/", "s" or "f"
   (Material's keys). Closing: Escape, the back arrow or the overlay, or focus leaving the search. */
(function () {
  "use strict";
  var here = document.currentScript.src;
  var toggle = document.getElementById("__search");
  var search = document.querySelector(".md-search");
  var input = search && search.querySelector("input[name=query]");
  var status = search && search.querySelector("[role=status]");
  var narrow = window.matchMedia("(max-width: 59.984375em)");  // Material's: the box opens over the page
  var fromResult = /[?&]h=/.test(location.search);
  var started = false;

  function load(files) {  // in parallel, run in order
    files.forEach(function (file) {
      var script = document.createElement("script");
      script.src = new URL(file, here).href;
      script.async = false;
      document.body.appendChild(script);
    });
  }

  function style() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("search.css", here).href;
    document.head.appendChild(link);
  }

  if (fromResult) {
    style();
    load(["search-query.js", "search-mark.js"]);
  }
  if (!toggle || !input) return;

  function start() {
    if (started) return;
    started = true;
    status.textContent = "Loading search…";
    if (!fromResult) style();
    // search-index.js is written by the plugin two levels up, at search/search-index.js
    load(["vendor/minisearch.js", "search-query.js", "../../search/search-index.js", "search.js"]);
  }

  function open() {
    start();
    toggle.checked = true;
  }

  function close() {
    toggle.checked = false;
    if (narrow.matches) input.blur();  // on a phone the closed box is hidden
  }

  input.addEventListener("focus", open);
  input.addEventListener("click", open);
  input.addEventListener("input", open);
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      start();
      input.focus();
    }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      event.preventDefault();
      if (document.activeElement !== input) input.focus();
      close();
    }
  });
  search.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !search.contains(event.relatedTarget)) toggle.checked = false;
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (toggle.checked || event.ctrlKey || event.metaKey || event.altKey || ["/", "s", "f"].indexOf(event.key) < 0 ||
        target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
})();

/* The light/dark toggle, written just after the header (partials/header.html), so the colours and
   the toggle's icon are right from the first paint. It replaces Material's palette component, which
   started with the rest of Material's script after load and then restyled the whole page: most of
   the Glossary's blocking time in Lighthouse's phone test. The same form and the same record as
   Material's (__md_set "__palette"), written only when the reader chooses; until then the device's
   light or dark setting is followed, also when it changes. */
(function () {
  var inputs = document.querySelectorAll("input[name='__palette']");
  var body = document.body;
  var KEYS = ["media", "scheme", "primary", "accent"];   // an option's data-md-color-* attributes
  var current;
  if (!inputs.length) return;
  var system = Array.prototype.map.call(inputs, function (input) {
    return matchMedia(input.getAttribute("data-md-color-media"));
  });

  function saved() {
    try { return __md_get("__palette"); } catch (e) { return null; }   /* storage unavailable */
  }

  function chosen() {
    var choice = saved();
    if (choice && inputs[choice.index]) return choice.index;
    var index = system.findIndex(function (media) { return media.matches; });
    return Math.max(0, index);
  }

  function colours(input) {
    var colour = {};
    KEYS.forEach(function (key) { colour[key] = input.getAttribute("data-md-color-" + key); });
    return colour;
  }

  function meta(name, content) {
    var tag = document.head.querySelector("meta[name='" + name + "']");
    if (!tag) {
      tag = document.createElement("meta");
      tag.name = name;
      document.head.appendChild(tag);
    }
    tag.content = content;
  }

  function show(index) {
    var input = inputs[index], colour = colours(input);
    current = index;
    input.checked = true;
    KEYS.slice(1).forEach(function (key) { body.setAttribute("data-md-color-" + key, colour[key]); });
    Array.prototype.forEach.call(inputs, function (each, i) {   // each input's label toggles to the next
      if (each.nextElementSibling) each.nextElementSibling.hidden = i !== index;
    });
    meta("color-scheme", colour.scheme === "slate" ? "dark" : "light");
    var header = getComputedStyle(document.querySelector("[data-md-component='header']")).backgroundColor;
    meta("theme-color", "#" + header.match(/\d+/g).slice(0, 3).map(function (v) {
      return (+v).toString(16).padStart(2, "0");
    }).join(""));
  }

  function switchTo(index) {   // as Material does: no colour transitions while the scheme changes
    body.setAttribute("data-md-color-switching", "");
    show(index);
    setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
  }

  show(chosen());
  Array.prototype.forEach.call(inputs, function (input, index) {
    input.addEventListener("change", function () {
      __md_set("__palette", {index: index, color: colours(input)});
      switchTo(index);
    });
  });
  system.forEach(function (media) {
    media.addEventListener("change", function () {
      if (!saved() && chosen() !== current) switchTo(chosen());
    });
  });
})();

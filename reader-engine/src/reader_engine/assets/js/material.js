/* Material's own script (the header's title, the contents, back to top) starts once the page
   has loaded. Loaded with the page, it was evaluated before the first paint on some loads and not
   on others, which moved Lighthouse's simulated LCP between 1.2 and 1.7 s. Nothing in it is needed
   to read: the page works without it, as it does without JavaScript. The plugin leaves its address
   in a data block (its name carries a hash). Material starts on DOMContentLoaded, which has passed
   by then, so that event is sent again once the script has run: a script that listens for it must
   do so with {once: true} (none of ours listens). */
(function () {
  "use strict";
  var holder = document.getElementById("material-bundle");
  if (!holder) return;

  function start() {
    var script = document.createElement("script");
    script.src = holder.getAttribute("data-src");
    script.addEventListener("load", function () {   /* a task of its own, not one long one with the script's */
      setTimeout(function () { document.dispatchEvent(new Event("DOMContentLoaded")); });
    });
    document.head.appendChild(script);   /* not body: a new last child there restyled the whole page */
  }

  if (document.readyState === "complete") start();
  else addEventListener("load", start, {once: true});
})();

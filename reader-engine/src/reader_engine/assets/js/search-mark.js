/* On a page opened from a search result (…/?h=terms#anchor): marks the matched words in the
   paragraph or entry the result links to, from that element up to the next one with an id (the
   search index's record, see search_index.py), opens a margin note that holds a match, and brings
   the first match into view. The terms are search-query.js terms, so "Regis" marks "Régis". */
(function () {
  "use strict";
  var Q = window.DPR.searchQuery;
  var url = new URL(location.href);
  var terms = new Set((url.searchParams.get("h") || "").split(" ").filter(Boolean));
  var target = url.hash && document.getElementById(decodeURIComponent(url.hash.slice(1)));
  // The link a reader copies or shares is the plain one.
  url.searchParams.delete("h");
  history.replaceState(history.state, "", url.href);
  if (!target || !terms.size) return;

  var SKIP = ".term-tip, .para-num, .backlinks, .key-terms, .sn-list, .sn-head, .sn-ref, .sn-fallback";
  var marks = [];
  var region = [target];
  for (var next = target.nextElementSibling; next && !next.id; next = next.nextElementSibling) region.push(next);

  region.forEach(function (block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var found = [];
      // from the last word back, so that splitting the text leaves the earlier offsets as they were
      Q.words(node.data).filter(function (w) { return terms.has(Q.term(w.word)); }).reverse().forEach(function (w) {
        var word = node.splitText(w.start);
        word.splitText(w.end - w.start);
        var mark = document.createElement("mark");
        mark.className = "search-mark";
        word.replaceWith(mark);
        mark.appendChild(word);
        found.unshift(mark);
      });
      marks.push.apply(marks, found);
    });
  });
  if (!marks.length) return;

  marks.forEach(function (mark) {  // a closed note with a match opens (reader.js made its button)
    var note = mark.closest(".sn");
    var button = note && note.querySelector(":scope > button.sn-ref[aria-expanded=false]");
    if (button) button.click();
  });
  var first = marks[0];
  var box = first.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({block: "center"});
})();

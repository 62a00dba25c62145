/* Search, loaded when a reader starts one (see search-loader.js). Finds paragraphs, notes and entries
   in the index (search/search-index.js, set as DPR.searchIndex) with MiniSearch, under the rules of
   search-query.js, and lists them as links; a link opens its page at the paragraph or entry, where
   search-mark.js marks the matched words. Keys: arrows move between the box and the results, Enter
   in the box opens the first result (or the search again, after Escape). The result count is
   announced (role=status). */
(function () {
  "use strict";
  var Q = window.DPR.searchQuery;
  var index = window.DPR.searchIndex;
  var docs = index.docs;            // [page, anchor, kind, label, head, text]
  var root = new URL("../../", document.currentScript.src);
  var search = document.querySelector(".md-search");
  var toggle = document.getElementById("__search");
  var form = search.querySelector("form");
  var input = form.elements.query;
  var status = search.querySelector("[role=status]");
  var list = search.querySelector(".md-search-result__list");
  var scroller = search.querySelector(".md-search__scrollwrap");
  var SHOWN = 30;
  var OPTIONS = {
    boost: {head: 3},                                        // a heading or headword outranks a mention
    prefix: function (term) { return term.length > 2; },     // the last word may be half typed
    fuzzy: function (term) { return term.length > 4 ? 0.2 : false; },  // a misspelt name still finds
    boostDocument: function (id) { return Q.KIND_WEIGHT[docs[id][2]]; }
  };
  var engine = new window.MiniSearch({fields: ["head", "text"], tokenize: Q.tokenize, processTerm: Q.term});
  var ready = false;
  var pending = 0;
  var termsOf = {};
  var folded = {};

  engine.addAllAsync(docs.map(function (d, id) { return {id: id, head: d[4], text: d[5]}; }), {chunkSize: 300})
    .then(function () {
      ready = true;
      update();
    });

  function find(query) {
    var wanted = Q.terms(query);
    // A query with capitals or punctuation may have been copied from the essay: a correction note
    // that quotes it exactly as given ("Queercare", "Rosa-Negra", as the essay spells them) comes
    // first, so a misspelling copied from the essay finds the note that corrects it.
    var given = /[A-Z]|[^\p{L}\p{N}\s]/u.test(query) && query.trim();
    var all = engine.search(query, Object.assign({combineWith: "AND"}, OPTIONS));
    all.forEach(function (result, rank) {
      result.typed = Q.asTyped(Object.keys(result.match), wanted);
      if (rank >= 100) return;
      var id = result.id;
      var text = folded[id] = folded[id] || Q.fold(docs[id][4] + " " + docs[id][5]);
      termsOf[id] = termsOf[id] || Q.terms(text);
      result.copied = !!given && docs[id][3].indexOf("(correction)") > 0 &&
        (docs[id][5].indexOf("\"" + given) >= 0 || docs[id][5].indexOf("“" + given) >= 0);
      if (Q.hasPhrase(termsOf[id], wanted)) result.score *= 2;   // the query's words in its order
    });
    all.sort(function (a, b) { return b.typed - a.typed || b.copied - a.copied || b.score - a.score; });
    // results with every word first, then those with some
    var found = new Set(all.map(function (result) { return result.id; }));
    var some = engine.search(query, Object.assign({combineWith: "OR"}, OPTIONS));
    var results = all.concat(some.filter(function (result) { return !found.has(result.id); }));
    var anchor = Q.paragraphNumber(query);
    if (anchor) {  // that paragraph first, then its notes
      var own = [];
      docs.forEach(function (doc, id) {
        if (doc[1] === anchor && (doc[2] === "para" || doc[2] === "note")) own.push({id: id, terms: []});
      });
      results = own.concat(results);
    }
    return results;
  }

  function link(doc, terms) {
    var url = new URL(index.pages[doc[0]][0], root);
    if (terms.length) url.search = "?h=" + encodeURIComponent(terms.join(" "));
    url.hash = doc[1];
    return url.href;
  }

  /* text into element, with the words whose term is in matched marked; from the first match if cut */
  function fill(element, text, matched, length) {
    var words = Q.words(text);
    var hits = words.filter(function (w) { return matched.has(Q.term(w.word)); });
    var start = 0;
    if (length && hits.length && hits[0].start > length / 3) {
      start = text.lastIndexOf(" ", hits[0].start - length / 4) + 1;
      element.appendChild(document.createTextNode("… "));
    }
    var end = length && text.length > start + length ? text.lastIndexOf(" ", start + length) : text.length;
    if (end <= start) end = text.length;
    var at = start;
    hits.forEach(function (hit) {
      if (hit.start < start || hit.end > end) return;
      element.appendChild(document.createTextNode(text.slice(at, hit.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(hit.start, hit.end);
      element.appendChild(mark);
      at = hit.end;
    });
    element.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? " …" : "")));
  }

  function item(result) {
    var doc = docs[result.id];
    var matched = new Set(result.terms);
    var page = index.pages[doc[0]][1];
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = link(doc, result.terms);
    var box = document.createElement("div");
    box.className = "md-search-result__article md-typeset";
    var title = document.createElement("span");
    title.className = "search-hit__title";
    fill(title, doc[3] || doc[4], matched, 0);
    if ((doc[3] || doc[4]) !== page) title.appendChild(document.createTextNode(" · " + page));
    box.appendChild(title);
    if (doc[5]) {
      var snippet = document.createElement("span");
      snippet.className = "search-hit__text";
      fill(snippet, doc[5], matched, 220);
      box.appendChild(snippet);
    }
    a.appendChild(box);
    li.appendChild(a);
    return li;
  }

  function update() {
    pending = 0;
    if (!ready) return;
    var query = input.value.trim();
    var results = query ? find(query) : [];
    list.textContent = "";
    results.slice(0, SHOWN).forEach(function (result) { list.appendChild(item(result)); });
    scroller.scrollTop = 0;
    var count = !results.length ? "No results" : results.length === 1 ? "1 result" : results.length + " results";
    status.textContent = !query ? "Type to start searching" :
      count + " for “" + query + "”" + (results.length > SHOWN ? ", the first " + SHOWN + " shown" : "");
  }

  input.addEventListener("input", function () {
    if (!pending) pending = requestAnimationFrame(update);
  });
  form.addEventListener("reset", function () { setTimeout(update); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  search.addEventListener("keydown", function (event) {
    var links = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a")));
    var at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      links[(at + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length].focus();
    } else if (event.key === "Enter" && at === 0) {
      event.preventDefault();
      if (!toggle.checked) toggle.checked = true;   // closed with Escape: Enter opens it again
      else if (links[1]) links[1].click();
    }
  });
})();

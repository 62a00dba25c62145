/* Where a reader's annotation lies in this version of the text. An annotation keeps W3C Web
   Annotation selectors for its words: a TextQuoteSelector (exact, prefix, suffix) and a
   TextPositionSelector (start, end) within its paragraph's text. Pure: plain strings in, plain
   numbers out (annotations.js reads the paragraphs' text from the page).

   anchor(paras, a) takes the chapter's paragraphs in order, each {id, text}, and an annotation
   {para, exact, prefix, suffix, start, end}; it returns {id, start, end} (with the match's
   score or errors) or null (detached):
     1. the same words at the same place: unchanged;
     2. the same words elsewhere, in its paragraph first, then in the chapter, the one whose
        context matches best (a moved passage, or words added before it);
     3. the closest words within a quarter of the quote's length in edits, again paragraph first
        (an edited passage). Quotes shorter than 12 characters must match exactly. */
(function (exports) {
  "use strict";
  var CONTEXT = 32, FUZZY_MIN = 12;

  function describe(text, start, end) {
    return {exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT), start),
            suffix: text.slice(end, end + CONTEXT), start: start, end: end};
  }

  /* How many characters of context agree, counted outwards from the quote. */
  function contextScore(text, start, end, a) {
    var score = 0, i;
    for (i = 1; i <= a.prefix.length && text[start - i] === a.prefix[a.prefix.length - i]; i++) score++;
    for (i = 0; i < a.suffix.length && text[end + i] === a.suffix[i]; i++) score++;
    return score;
  }

  /* The best exact occurrence of the quote in one paragraph: most context, then nearest. */
  function exactIn(para, a) {
    var best = null;
    for (var at = para.text.indexOf(a.exact); at >= 0; at = para.text.indexOf(a.exact, at + 1)) {
      var score = contextScore(para.text, at, at + a.exact.length, a) * 1e6 - Math.abs(at - a.start);
      if (!best || score > best.score) best = {id: para.id, start: at, end: at + a.exact.length, score: score};
    }
    return best;
  }

  /* The substring of text fewest edits away from pattern (Sellers' dynamic programme, one column
     of the edit-distance table at a time), as {start, end, errors}, or null beyond maxErrors. */
  function closest(text, pattern, maxErrors) {
    var m = pattern.length, best = null;
    var prev = new Int32Array(m + 1), cur = new Int32Array(m + 1);
    var prevFrom = new Int32Array(m + 1), curFrom = new Int32Array(m + 1), swap;
    for (var i = 0; i <= m; i++) prev[i] = i;
    for (var j = 1; j <= text.length; j++) {
      var c = text.charCodeAt(j - 1);
      cur[0] = 0;
      curFrom[0] = j;
      for (i = 1; i <= m; i++) {
        var cost = prev[i - 1] + (pattern.charCodeAt(i - 1) === c ? 0 : 1), from = prevFrom[i - 1];
        if (prev[i] + 1 < cost) { cost = prev[i] + 1; from = prevFrom[i]; }
        if (cur[i - 1] + 1 < cost) { cost = cur[i - 1] + 1; from = curFrom[i - 1]; }
        cur[i] = cost;
        curFrom[i] = from;
      }
      if (cur[m] <= maxErrors && (!best || cur[m] < best.errors)) best = {start: curFrom[m], end: j, errors: cur[m]};
      swap = prev; prev = cur; cur = swap;
      swap = prevFrom; prevFrom = curFrom; curFrom = swap;
    }
    return best;
  }

  function anchor(paras, a) {
    var home = null, i, found, best = null;
    for (i = 0; i < paras.length; i++) if (paras[i].id === a.para) home = paras[i];
    if (home && home.text.slice(a.start, a.end) === a.exact) return {id: home.id, start: a.start, end: a.end};
    if (!a.exact) return null;
    if (home && (found = exactIn(home, a))) return found;
    for (i = 0; i < paras.length; i++) {
      if (paras[i] !== home && (found = exactIn(paras[i], a)) && (!best || found.score > best.score)) best = found;
    }
    if (best) return best;
    if (a.exact.length < FUZZY_MIN) return null;
    var limit = Math.floor(a.exact.length / 4);
    if (home && (found = closest(home.text, a.exact, limit))) return {id: home.id, start: found.start, end: found.end};
    for (i = 0; i < paras.length; i++) {
      if (paras[i] === home) continue;
      found = closest(paras[i].text, a.exact, best ? best.errors - 1 : limit);
      if (found) best = {id: paras[i].id, start: found.start, end: found.end, errors: found.errors};
    }
    return best;
  }

  exports.describe = describe;
  exports.anchor = anchor;
  exports.closest = closest;
})(typeof module === "object" ? module.exports : ((window.DPR = window.DPR || {}).anchoring = {}));

/* The rules of a search, shared by the search box (search.js) and the marking of a result's words
   on the page it opens (search-mark.js), so that both agree on what matched:
   - words: how text splits into words, and the form a word is indexed and searched under
     (accents optional, British and American spellings meet, plurals meet their singular);
   - paragraphNumber: "6.9" or "¶ 6.9" is a query for that paragraph;
   - ranking: how a result's kind and a phrase matched in order weigh.
   A plain script that runs in Node (node --test) and in the browser, where ES modules would not
   load from file://. */
(function (exports) {
  "use strict";

  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  // Too common to tell results apart; leaving them out also keeps the index small.
  var STOP = new Set(("a an and are as at be been but by for from had has have he her his if in into is it its " +
    "of on or she so than that the their them then there these they this those to was we were which who " +
    "will with would").split(" "));
  // Letters that Unicode does not decompose into a base letter and an accent.
  var LETTERS = {"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"};
  var SPECIAL = /[øłđßæœıþð]/g;

  // American spellings and their British forms (the edition's own); either finds both.
  var WHOLE = {
    aging: "ageing", aluminum: "aluminium", analog: "analogue", catalog: "catalogue", cozy: "cosy",
    defense: "defence", dialog: "dialogue", encyclopedia: "encyclopaedia", enroll: "enrol", fulfill: "fulfil",
    gray: "grey", jewelry: "jewellery", judgment: "judgement", acknowledgment: "acknowledgement",
    license: "licence", maneuver: "manoeuvre", mold: "mould", offense: "offence", pajama: "pyjama",
    plow: "plough", practise: "practice", pretense: "pretence", program: "programme", skeptic: "sceptic",
    skeptical: "sceptical", skepticism: "scepticism", whiskey: "whisky"
  };
  // color -> colour, colored, colorful, favorite, neighborhood ...
  var OUR = stems("arbor ardor armor behavior candor clamor color endeavor favor fervor flavor harbor honor humor " +
    "labor neighbor odor parlor rancor rigor rumor savior savor splendor tumor valor vapor vigor");
  var OUR_ENDINGS = ["", "s", "ed", "ing", "er", "ers", "ful", "ite", "ites", "able", "ably", "al", "hood", "hoods",
    "less", "ism", "ist", "ists"];
  // center -> centre, centers, centered -> centred, centering -> centring
  var RE = stems("cent theat met fib lit somb calib spect lust meag sab sepulch");
  var RE_ENDINGS = {er: "re", ers: "res", ered: "red", ering: "ring"};
  // traveled -> travelled, traveling, traveler ...
  var LL = stems("cancel channel counsel dial duel equal fuel jewel label level libel marvel model pedal pencil " +
    "quarrel rival shovel signal snorkel total travel tunnel unravel");
  var LL_ENDINGS = ["ed", "ing", "er", "ers"];
  // organize -> organise, organization -> organisation, analyze -> analyse; a word cut short while
  // typing ("organiz", "organizat") is read as the start of one of these.
  var IZE = /^(\p{L}{4,})([iy])z(\p{L}*)$/u;
  var IZE_ENDINGS = prefixes(["e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able"]);

  function stems(list) { return new Set(list.split(" ")); }

  function prefixes(endings) {
    var all = new Set([""]);
    endings.forEach(function (e) { for (var i = 1; i <= e.length; i++) all.add(e.slice(0, i)); });
    return all;
  }

  /* Lower case, without accents: "Régis" -> "regis", "Łódź" -> "lodz". */
  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
      .replace(SPECIAL, function (c) { return LETTERS[c]; });
  }

  function british(word) {
    if (WHOLE[word]) return WHOLE[word];
    for (var i = 2; i < word.length - 1; i++) {
      var stem = word.slice(0, i), rest = word.slice(i);
      if (OUR.has(stem + "or") && rest.slice(0, 2) === "or" && OUR_ENDINGS.indexOf(rest.slice(2)) >= 0)
        return stem + "our" + rest.slice(2);
      if (RE.has(stem) && RE_ENDINGS[rest]) return stem + RE_ENDINGS[rest];
      if (LL.has(stem) && LL_ENDINGS.indexOf(rest) >= 0) return stem + "l" + rest;
    }
    var ize = IZE.exec(word);
    return ize && IZE_ENDINGS.has(ize[3]) ? ize[1] + ize[2] + "s" + ize[3] : word;
  }

  /* One plural ending off, so "councils" finds "council" and "policies" finds "policy". */
  function singular(word) {
    if (word.length <= 3) return word;
    if (/ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/(ch|sh|ss|x)es$/.test(word)) return word.slice(0, -2);
    if (/[^su]s$/.test(word) && !/[^aeiou]is$/.test(word)) return word.slice(0, -1);
    return word;
  }

  /* The form a word is indexed and searched under, or null for a word not worth indexing.
     Remembered, since most words of a text recur. */
  var known = new Map();
  function term(word) {
    var found = known.get(word);
    if (found === undefined) {
      var folded = fold(word);
      found = folded.length < 2 || STOP.has(folded) ? null : british(singular(folded));
      known.set(word, found);
    }
    return found;
  }

  /* A text's words, with where each is: [{word, start, end}]. */
  function words(text) {
    var found = [], match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text))) {
      found.push({word: match[0], start: match.index, end: match.index + match[0].length});
    }
    return found;
  }

  function tokenize(text) { return text.match(WORD) || []; }

  /* The terms of a text, in order, without the words not worth indexing. */
  function terms(text) {
    return tokenize(text).map(term).filter(Boolean);
  }

  /* "6.9", "¶ 6.9", "¶6.9", "para 6.9", "p6-9" -> "p6-9" (the paragraph's id); otherwise null. */
  function paragraphNumber(query) {
    var m = /^\s*(?:¶|§|(?:para(?:graph)?|p)\.?)?\s*(\d{1,2})[.\-](\d{1,3})\s*$/i.exec(query);
    return m ? "p" + Number(m[1]) + "-" + Number(m[2]) : null;
  }

  /* A result's weight by kind: a paragraph, note or entry outranks a page's or section's general text. */
  var KIND_WEIGHT = {para: 1, note: 1, term: 1, bib: 1, event: 1, section: 0.7};

  /* Whether a result matched each query term as typed (or as its start), not only as a near
     spelling: such results come first, so that a misspelt name copied from the essay finds the
     note that quotes it before the entries spelt correctly. */
  function asTyped(matchedTerms, queryTerms) {
    return queryTerms.every(function (q) {
      return matchedTerms.some(function (t) { return t.slice(0, q.length) === q; });
    });
  }

  /* Whether a and b differ by at most one letter added, dropped or changed ("demcratic", "democratic"). */
  function oneApart(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
  }

  /* Whether the text's terms hold the query's terms one after another, as a phrase. The last query
     word may be half typed, and a longer word may be misspelt by a letter. */
  function hasPhrase(textTerms, queryTerms) {
    var n = queryTerms.length;
    if (n < 2) return false;
    outer: for (var i = 0; i + n <= textTerms.length; i++) {
      for (var j = 0; j < n; j++) {
        var t = textTerms[i + j], q = queryTerms[j];
        if (!(t === q || (j === n - 1 && t.slice(0, q.length) === q) || (q.length > 4 && oneApart(t, q)))) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  exports.fold = fold;
  exports.british = british;
  exports.singular = singular;
  exports.term = term;
  exports.words = words;
  exports.tokenize = tokenize;
  exports.terms = terms;
  exports.paragraphNumber = paragraphNumber;
  exports.KIND_WEIGHT = KIND_WEIGHT;
  exports.asTyped = asTyped;
  exports.oneApart = oneApart;
  exports.hasPhrase = hasPhrase;
})(typeof module === "object" ? module.exports : (window.DPR = window.DPR || {}).searchQuery = {});

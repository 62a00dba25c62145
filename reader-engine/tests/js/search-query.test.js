// The search's rules (assets/js/search-query.js), under Node's test runner: node --test
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Q = require("../../src/reader_engine/assets/js/search-query.js");

test("accents are optional: a name typed without them is the same term", () => {
  assert.equal(Q.term("Régis"), Q.term("Regis"));
  assert.equal(Q.term("Öcalan"), "ocalan");
  assert.equal(Q.term("Fjärde"), Q.term("Fjarde"));
  assert.equal(Q.term("Łódź"), "lodz");          // letters Unicode does not decompose
  assert.equal(Q.term("Encyclopædia"), Q.term("encyclopaedia"));
});

test("British and American spellings meet", () => {
  const pairs = [["organize", "organise"], ["organization", "organisation"], ["organizing", "organising"],
    ["analyzed", "analysed"], ["labor", "labour"], ["colorful", "colourful"], ["favorite", "favourite"],
    ["neighborhoods", "neighbourhoods"], ["center", "centre"], ["centered", "centred"], ["defense", "defence"],
    ["traveled", "travelled"], ["modeling", "modelling"], ["program", "programme"], ["judgment", "judgement"],
    ["defenses", "defences"], ["programs", "programmes"], ["centers", "centres"], ["organizations", "organisations"]];
  for (const [american, british] of pairs) assert.equal(Q.term(american), Q.term(british), american);
});

test("a word cut short while typing still reads as the start of the British form", () => {
  assert.ok(Q.term("organisation").startsWith(Q.term("organiz")));
  assert.ok(Q.term("organisation").startsWith(Q.term("organizat")));
});

test("words that only look like American spellings are left alone", () => {
  for (const word of ["citizen", "size", "prize", "Ortiz", "honorary", "rigorous", "laboratory", "motor", "actor"]) {
    assert.equal(Q.term(word), word.toLowerCase(), word);
  }
});

test("plurals meet their singular; words ending in -is or -ss keep theirs", () => {
  assert.equal(Q.term("councils"), "council");
  assert.equal(Q.term("policies"), "policy");
  assert.equal(Q.term("churches"), "church");
  assert.equal(Q.term("Zapatistas"), Q.term("Zapatista"));
  for (const word of ["analysis", "class", "Paris", "bus"]) assert.equal(Q.term(word), word.toLowerCase(), word);
});

test("common words and single letters are not terms", () => {
  for (const word of ["the", "of", "and", "s", "I"]) assert.equal(Q.term(word), null, word);
  assert.deepEqual(Q.terms("The Dual Power of Lenin's soviets"), ["dual", "power", "lenin", "soviet"]);
});

test("words keep their place in the text, apostrophes and hyphens between words", () => {
  assert.deepEqual(Q.words("Lenin's “Dual-Power”"), [
    {word: "Lenin", start: 0, end: 5}, {word: "s", start: 6, end: 7},
    {word: "Dual", start: 9, end: 13}, {word: "Power", start: 14, end: 19}]);
});

test("a paragraph number is a query for that paragraph", () => {
  for (const query of ["6.9", " 6.9 ", "¶ 6.9", "¶6.9", "§ 6.9", "para 6.9", "paragraph 6.9", "p6-9"]) {
    assert.equal(Q.paragraphNumber(query), "p6-9", query);
  }
  assert.equal(Q.paragraphNumber("¶ 12.104"), "p12-104");
  for (const query of ["1917", "6.9.1", "6.9 soviets", "page 6.9", ""]) assert.equal(Q.paragraphNumber(query), null, query);
});

test("a result matched as typed is told from one matched only by a near spelling", () => {
  assert.ok(Q.asTyped(["demcratic", "socialist"], ["demcratic", "socialist"]));
  assert.ok(Q.asTyped(["organisation"], ["organis"]));          // a word being typed
  assert.ok(!Q.asTyped(["democratic", "socialist"], ["demcratic", "socialist"]));
});

test("a phrase is the query's words one after another, a letter's slip allowed in long words", () => {
  const text = Q.terms("the Democratic Socialists of America, which the essay calls dominant");
  assert.ok(Q.hasPhrase(text, Q.terms("Democratic Socialists of America")));
  assert.ok(Q.hasPhrase(text, Q.terms("Demcratic Socialists of America")));   // as the essay spells it
  assert.ok(Q.hasPhrase(text, Q.terms("socialists of amer")));                  // still typing
  assert.ok(!Q.hasPhrase(text, Q.terms("America socialists")));                 // out of order
  assert.ok(!Q.hasPhrase(text, Q.terms("socialists")));                         // one word is no phrase
  assert.ok(Q.oneApart("hezbullah", "hezbollah") && !Q.oneApart("killkullin", "kilcullen"));
});

test("a section's general text weighs less than a paragraph, note or entry", () => {
  for (const kind of ["para", "note", "term", "bib", "event"]) assert.ok(Q.KIND_WEIGHT[kind] > Q.KIND_WEIGHT.section);
});

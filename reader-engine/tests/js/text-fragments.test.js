// Text directives for links to exact words (assets/js/text-fragments.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const {encode, textDirective} = require("../../src/reader_engine/assets/js/text-fragments.js");

const run = (text, words) => ({text, start: text.indexOf(words), end: text.indexOf(words) + words.length});

test("the directive's own characters are percent-encoded: comma, dash, ampersand", () => {
  assert.equal(encode("Insurrection & Infrastructure, self-help"), "Insurrection%20%26%20Infrastructure%2C%20self%2Dhelp");
});

test("a short selection is given whole, with context either side", () => {
  const d = textDirective([run("The councils, in Russia, had real power over the city.", "had real power")]);
  assert.equal(d, "text=councils%2C%20in%20Russia%2C-,had%20real%20power,-over%20the%20city.");
});

test("a selection starting or ending inside a word widens to whole words", () => {
  const text = "The councils had real power over the city.";
  assert.equal(textDirective([{text, start: text.indexOf("ad real"), end: text.indexOf("ower") + 2}]),
               "text=The%20councils-,had%20real%20power,-over%20the%20city.");
});

test("a long selection is given as its first and last words", () => {
  const text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen.";
  const d = textDirective([{text, start: 0, end: text.length}]);
  assert.equal(d, "text=one%20two%20three%20four%20five,thirteen%20fourteen%20fifteen%20sixteen%20seventeen.");
});

test("a selection across a note's number: start in the first run, end in the last", () => {
  const d = textDirective([run("organisers who were familiar with it.", "were familiar with it."),
                           run(" Kosigan then asks why.", " Kosigan then")]);
  assert.equal(d, "text=organisers%20who-,were%20familiar%20with%20it.,Kosigan%20then,-asks%20why.");
});

// Re-anchoring a reader's annotations in a later version of the text (assets/js/anchoring.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const {describe, anchor} = require("../../src/reader_engine/assets/js/anchoring.js");

const P1 = "Kosigan begins with a claim about timing: talk of dual power has at last reached the British revolutionary left.";
const P2 = "Until now, the author says, the idea had been passed over, apart from a handful of syndicalist organisers.";
const P3 = "The essay then turns to the question of infrastructure and what building it would mean in practice.";
const chapter = (...texts) => texts.map((text, i) => ({id: `p1-${i + 1}`, text}));
const annotate = (paras, id, words) => {
  const text = paras.find(p => p.id === id).text, start = text.indexOf(words);
  return {para: id, ...describe(text, start, start + words.length)};
};
const words = (paras, found) => paras.find(p => p.id === found.id).text.slice(found.start, found.end);

test("the selectors record the quote, its context and its place", () => {
  const a = annotate(chapter(P1), "p1-1", "dual power");
  assert.equal(a.exact, "dual power");
  assert.equal(a.prefix, "h a claim about timing: talk of ", "32 characters of context");
  assert.ok(a.suffix.startsWith(" has at last"));
  assert.equal(P1.slice(a.start, a.end), "dual power");
});

test("unchanged text: the same place", () => {
  const paras = chapter(P1, P2);
  const a = annotate(paras, "p1-2", "passed over");
  assert.deepEqual(anchor(paras, a), {id: "p1-2", start: a.start, end: a.end});
});

test("words added before the passage: found again in its paragraph", () => {
  const a = annotate(chapter(P1, P2), "p1-2", "passed over");
  const edited = chapter(P1, "In a new opening sentence we add context. " + P2);
  const found = anchor(edited, a);
  assert.equal(found.id, "p1-2");
  assert.equal(words(edited, found), "passed over");
});

test("a repeated phrase: the occurrence whose context matches", () => {
  const text = "power here, and power there, and power at last.";
  const a = {para: "p1-1", ...describe(text, text.indexOf("power at"), text.indexOf("power at") + 5)};
  const edited = chapter("Now: " + text);
  const found = anchor(edited, a);
  assert.equal(found.start, "Now: ".length + text.indexOf("power at"));
});

test("a moved passage: found in another paragraph of the chapter", () => {
  const a = annotate(chapter(P1, P2, P3), "p1-3", "question of infrastructure");
  const moved = chapter(P3, P1, P2);   // the paragraph now comes first, so it is ¶ 1.1
  const found = anchor(moved, a);
  assert.equal(found.id, "p1-1");
  assert.equal(words(moved, found), "question of infrastructure");
});

test("an edited passage: the closest words within a quarter of the quote in edits", () => {
  const a = annotate(chapter(P1, P2), "p1-1", "talk of dual power has at last reached the British revolutionary left");
  const edited = chapter(P1.replace("has at last reached", "has finally reached"), P2);
  const found = anchor(edited, a);
  assert.equal(found.id, "p1-1");
  assert.equal(words(edited, found), "talk of dual power has finally reached the British revolutionary left");
});

test("an edited passage that also moved paragraph", () => {
  const a = annotate(chapter(P1, P2, P3), "p1-3", "what building it would mean in practice");
  const edited = chapter(P3.replace("would mean", "might mean"), P1, P2);
  const found = anchor(edited, a);
  assert.equal(found.id, "p1-1");
  assert.equal(words(edited, found), "what building it might mean in practice");
});

test("a deleted passage: detached, never attached to something else", () => {
  const a = annotate(chapter(P1, P2, P3), "p1-2", "apart from a handful of syndicalist organisers");
  assert.equal(anchor(chapter(P1, P3), a), null);
  const rewritten = chapter(P1, "Until now the idea had been ignored by almost everyone on the left.", P3);
  assert.equal(anchor(rewritten, a), null);
});

test("a short quote must match exactly", () => {
  const a = annotate(chapter(P1), "p1-1", "timing");
  assert.equal(anchor(chapter(P1.replace("timing", "timings").replace("timings", "tuning")), a), null);
});

test("a whole-paragraph note follows its paragraph when the numbering changes", () => {
  const a = {para: "p1-2", ...describe(P2, 0, P2.length)};
  const {id, start, end} = anchor(chapter(P1, P3, P2), a);
  assert.deepEqual({id, start, end}, {id: "p1-3", start: 0, end: P2.length});
});

// The placement arithmetic of margin notes (assets/js/notes-layout.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const {place} = require("../../src/reader_engine/assets/js/notes-layout.js");

const LINE = 18, BASE = 8;
const note = (anchor, lines = 3, open = false) => ({anchor, full: BASE + lines * LINE, base: BASE, line: LINE, open});
const frame = (columns = 1, extra = {}) => ({top: 0, bottom: 10000, columns, gap: 6, maxLines: 6, ...extra});

test("a lone note sits level with its call and shows whole when it fits", () => {
  const [spot] = place([note(300)], frame());
  assert.deepEqual(spot, {column: 0, top: 300, lines: 0});
});

test("notes never overlap in a column and keep call order", () => {
  const spots = place([note(100), note(100), note(100), note(105)], frame());
  for (let i = 1; i < spots.length; i++) {
    assert.ok(spots[i].top >= spots[i - 1].top + BASE + LINE + 6, `note ${i} overlaps note ${i - 1}`);
  }
});

test("a crowded stretch collapses to one line a note; a sparse one shows more", () => {
  const spots = place([note(100, 5), note(100, 5), note(100, 5), note(2000, 5)], frame());
  assert.deepEqual(spots.slice(0, 2).map(s => s.lines), [1, 1]);
  assert.equal(spots[3].lines, 0, "the last note has room to show whole");
});

test("long notes are clamped to maxLines even with room", () => {
  const [spot] = place([note(0, 20)], frame());
  assert.equal(spot.lines, 6);
});

test("an opened note is whole and pushes the next one down", () => {
  const spots = place([note(100, 10, true), note(110)], frame());
  assert.equal(spots[0].lines, 0);
  assert.ok(spots[1].top >= 100 + BASE + 10 * LINE + 6);
});

test("two columns: the right is preferred, the left takes the overflow of a crowd", () => {
  const spots = place([note(100), note(400), note(100 + 1), note(100 + 2)], frame(2));
  assert.equal(spots[0].column, 0);
  assert.equal(spots[1].column, 0);
  const crowd = place([note(100), note(100), note(100), note(100)], frame(2));
  assert.deepEqual(crowd.map(s => s.column), [0, 1, 0, 1]);
  assert.ok(Math.max(...crowd.map(s => s.top)) - 100 <= 2 * (BASE + LINE + 6), "a crowd of four spreads over both margins");
});

test("tops never go above the previous note's, across columns", () => {
  const spots = place([note(100), note(100), note(50)], frame(2));
  for (let i = 1; i < spots.length; i++) assert.ok(spots[i].top >= spots[i - 1].top);
});

test("notes pushed past the foot of the band move up instead", () => {
  const spots = place([note(900), note(950), note(990)], frame(1, {bottom: 1000}));
  const last = spots[2];
  assert.ok(last.top + BASE + LINE <= 1000, "the last note stays inside the band");
  assert.ok(spots[1].top + BASE + LINE + 6 <= last.top, "and still clears the note above");
});

test("nothing to place", () => {
  assert.deepEqual(place([], frame()), []);
});

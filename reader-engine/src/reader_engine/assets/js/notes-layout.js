/* Where each margin note goes: pure arithmetic on plain numbers, so Node's test runner can check
   it (reader-engine/tests/js). notes.js measures the page and applies the result.

   place(notes, frame) takes the notes in call order, each {anchor, full, base, line, open}:
     anchor  the y (px) the note's top should have: level with the line that calls it
     full    the note's height shown whole; base + k * line is its height clamped to k lines
     open    the reader has opened it: it is shown whole
   and frame {top, bottom, columns, gap, maxLines}: the band notes may use, how many columns
   (0 is the right-hand margin, 1 the left), the space between notes, and the most lines a note
   shows unopened. It returns, per note, {column, top, lines}; lines is 0 when shown whole.

   Each note first takes one line, in the column where it can sit nearest its call (the right
   margin unless the left is nearer by more than a line), never above the note before it. Then
   every note grows into the free space below it, so sparse stretches show more of each note and
   crowded ones less. */
(function (exports) {
  "use strict";

  function height(note, lines) {
    return Math.min(note.full, note.base + lines * note.line);
  }

  function place(notes, frame) {
    var gap = frame.gap;
    var bottoms = [];
    for (var c = 0; c < frame.columns; c++) bottoms.push(frame.top - gap);
    var previous = frame.top;
    var placed = notes.map(function (note) {
      var best = null;
      for (var c = 0; c < frame.columns; c++) {
        var top = Math.max(note.anchor, previous, bottoms[c] + gap);
        if (best === null || top < best.top - note.line) best = {column: c, top: top};
      }
      best.height = note.open ? note.full : height(note, 1);
      bottoms[best.column] = best.top + best.height;
      previous = best.top;
      return best;
    });
    fitAbove(placed, frame);
    return placed.map(function (spot, i) {
      var note = notes[i];
      var room = nextTop(placed, i, frame.bottom) - gap - spot.top;
      var lines = note.open ? Infinity : Math.max(1, Math.min(frame.maxLines, Math.floor((room - note.base) / note.line)));
      var whole = note.base + lines * note.line + note.line / 2 > note.full;  // within half a line: all of it
      return {column: spot.column, top: spot.top, lines: whole ? 0 : lines};
    });
  }

  /* The top of the next note in the same column, or the foot of the band. */
  function nextTop(placed, i, bottom) {
    for (var j = i + 1; j < placed.length; j++) {
      if (placed[j].column === placed[i].column) return placed[j].top;
    }
    return bottom;
  }

  /* Notes pushed past the foot of the band move up, column by column, without overlapping. */
  function fitAbove(placed, frame) {
    var limits = {};
    for (var i = placed.length - 1; i >= 0; i--) {
      var spot = placed[i];
      var limit = spot.column in limits ? limits[spot.column] : frame.bottom;
      if (spot.top + spot.height > limit) spot.top = Math.max(frame.top, limit - spot.height);
      limits[spot.column] = spot.top - frame.gap;
    }
  }

  exports.place = place;
})(typeof module === "object" ? module.exports : ((window.DPR = window.DPR || {}).notesLayout = {}));

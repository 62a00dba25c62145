"""Where a page's margin notes are, measured in the browser: shared by the notes tests and the
benchmark, so both measure the same thing."""

# Every visible margin note with the line that calls it (the last letter before the call, passing
# over other notes), and everything a note must not cover. Document coordinates.
GEOMETRY = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const callLine = sn => {
    const block = sn.parentElement.closest("p, li, dd, dt, td, th, blockquote, figcaption") || sn.parentElement;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), range = document.createRange();
    walker.currentNode = sn;
    for (let t = walker.previousNode(); t; t = walker.previousNode()) {
      const end = t.textContent.trimEnd().length;
      if (!end || t.parentElement.closest(".sn")) continue;
      range.setStart(t, end - 1); range.setEnd(t, end);
      const rects = range.getClientRects();
      if (rects.length) return rects[rects.length - 1].top + scrollY;
    }
    return box(sn.querySelector(".sn-ref")).top;
  };
  const typeset = document.querySelector(".md-typeset");
  const blocks = ":scope > :is(p, ul, ol, h1, h2, h3, blockquote, .admonition, details, aside, dl, table, figure, div:not(.footnote))";
  const text = [...typeset.querySelectorAll(blocks), ...typeset.querySelectorAll(".para-num")]
    .filter(e => e.checkVisibility()).map(box);
  const notes = [...document.querySelectorAll(".sidenote")].filter(n => n.checkVisibility()).map(n => ({
    number: n.querySelector(".sn-num").textContent, note: box(n), line: callLine(n.parentElement),
    lineHeight: parseFloat(getComputedStyle(n.closest("p, li, dd, blockquote") || typeset).lineHeight)}));
  return {text, notes, header: box(document.querySelector(".md-header")), footer: box(document.querySelector(".md-footer")),
          viewport: {width: innerWidth, height: innerHeight}};
}"""
# Resolves once fonts have loaded and two frames have passed: the notes' final places.
SETTLED = "() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))"

// Citations: the build's templates filled for a paragraph (assets/js/citations.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const {values, fill} = require("../../src/reader_engine/assets/js/citations.js");

const page = {title: "Leninist origins & early anarchist influences", url: "https://example.org/dpr/chapters/03/"};

test("the paragraph, chapter, address and date of reading in every form the styles use", () => {
  const v = values(page, "p3-7", new Date(2026, 1, 3));
  assert.equal(v.para, "3.7");
  assert.equal(v.chapter, "3");
  assert.equal(v.url, "https://example.org/dpr/chapters/03/#p3-7");
  assert.equal(v.accessed, "3 February 2026");
  assert.equal(v.accessed_apa, "February 3, 2026");
  assert.equal(v.accessed_mla, "3 Feb. 2026");
  assert.equal(v.accessed_iso, "2026-02-03");
  assert.equal(v.accessed_ris, "2026/02/03");
  assert.equal(v.title_bib, "Leninist origins \\& early anarchist influences");
  assert.equal(values(page, "p3-7", new Date(2026, 8, 30)).accessed_mla, "30 Sept. 2026");
});

test("every slot is filled", () => {
  const text = fill("“«title».” ¶ «para», «url». Accessed «accessed».", values(page, "p3-7", new Date(2026, 1, 3)));
  assert.equal(text, "“Leninist origins & early anarchist influences.” ¶ 3.7, https://example.org/dpr/chapters/03/#p3-7. Accessed 3 February 2026.");
});

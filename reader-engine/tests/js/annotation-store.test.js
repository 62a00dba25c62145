// The annotations' schema, merging and exports (assets/js/annotation-store.js).
const test = require("node:test");
const assert = require("node:assert/strict");
const store = require("../../src/reader_engine/assets/js/annotation-store.js");

const note = (over = {}) => ({
  id: "0b5e3c1e-5a43-4a2b-9f1d-1c2d3e4f5a6b", page: "chapters/01-why-dual-power/", title: "Why dual power, and why now",
  para: "p1-2", exact: "dual power", prefix: "talk of ", suffix: " has", start: 50, end: 60, whole: false,
  color: "yellow", note: "Compare Lenin.", edition: "2026-01-01.abcd1234", created: "2026-02-03T10:00:00.000Z",
  modified: "2026-02-03T10:00:00.000Z", ...over});

test("keys are namespaced and versioned", () => {
  assert.equal(store.PREFIX, "reader:annotations:v1:");
});

test("a stored chapter round-trips, and malformed entries are dropped", () => {
  const raw = store.serialize([note(), {id: "x", page: "../../etc"}]);
  assert.deepEqual(store.parse(raw), [note()]);
});

test("data from a newer schema is refused rather than misread", () => {
  assert.throws(() => store.parse(JSON.stringify({v: 2, items: []})));
});

test("validation: only known colours, well-formed places and bounded text", () => {
  assert.ok(store.validate(note()));
  assert.equal(store.validate(note({color: "red"})), null);
  assert.equal(store.validate(note({para: "p1-2\"><img>"})), null);
  assert.equal(store.validate(note({page: "https://evil.example/"})), null);
  assert.equal(store.validate(note({end: 70})), null, "the offsets must span the quote");
  assert.equal(store.validate(note({note: "x".repeat(20001)})), null);
  assert.equal(store.validate(note({extra: "<script>"})).extra, undefined, "unknown fields are not kept");
});

test("a tab's change is saved into the list as stored now, keeping what other tabs saved", () => {
  const mine = note(), theirs = note({id: "theirs", para: "p1-3"}), edited = note({note: "Edited"});
  assert.deepEqual(store.apply([mine, theirs], [edited], []), [theirs, edited]);
  assert.deepEqual(store.apply([mine, theirs], [], [mine.id]), [theirs]);
  assert.deepEqual(store.apply([theirs], [mine], []), [theirs, mine]);
  assert.deepEqual(store.apply([], [], ["gone already"]), []);
});

test("two copies of one annotation are the same whatever their fields' order", () => {
  const a = note(), reordered = Object.fromEntries(Object.entries(note()).reverse());
  assert.ok(store.same(a, reordered));
  assert.ok(!store.same(a, note({color: "green"})));
  assert.ok(!store.same(a, note({whole: true})));
  assert.ok(store.same(note({whole: false}), (({whole, ...rest}) => rest)(note())), "no 'whole' means false");
});

test("merging adds new ids, keeps later edits and never duplicates", () => {
  const a = note(), b = note({id: "b", para: "p1-3"}), newer = note({note: "Edited", modified: "2026-03-01T00:00:00.000Z"});
  assert.deepEqual(store.merge([a], [a, b]), {items: [a, b], added: 1});
  assert.deepEqual(store.merge([a], [newer]).items, [newer]);
  assert.deepEqual(store.merge([newer], [a]).items, [newer]);
});

test("W3C Web Annotation export carries both selectors and reads back the same", () => {
  const items = [note(), note({id: "p", whole: true, exact: "Whole text.", prefix: "", suffix: "", start: 0, end: 11, note: "On the paragraph", color: "green"})];
  const data = store.toW3C(items, "https://example.org/dpr/", "My notes");
  assert.equal(data["@context"], "http://www.w3.org/ns/anno.jsonld");
  assert.equal(data.type, "AnnotationCollection");
  const first = data.first.items.find(w => w.id === "urn:uuid:" + note().id);
  assert.equal(first.type, "Annotation");
  assert.equal(first.target.source, "https://example.org/dpr/chapters/01-why-dual-power/");
  assert.deepEqual(first.target.selector[0], {type: "FragmentSelector", value: "p1-2", refinedBy: {type: "TextPositionSelector", start: 50, end: 60}});
  assert.deepEqual(first.target.selector[1], {type: "TextQuoteSelector", exact: "dual power", prefix: "talk of ", suffix: " has"});
  assert.deepEqual(first.body, {type: "TextualBody", value: "Compare Lenin.", format: "text/plain"});
  assert.deepEqual(store.fromW3C(JSON.parse(JSON.stringify(data))), store.sorted(items));
  const offline = store.toW3C(items, "", "My notes");
  assert.deepEqual(store.fromW3C(offline), store.sorted(items));
});

test("a foreign or malformed file is refused whole, with a reason", () => {
  assert.throws(() => store.fromW3C({hello: "world"}), /not a notes file/);
  const data = store.toW3C([note(), note({id: "b"})], "", "x");
  data.first.items[1].target.styleClass = "<img src=x onerror=alert(1)>";
  assert.throws(() => store.fromW3C(data), /Note 2 .* nothing was imported/);
});

test("Markdown export: quotation, ¶ link and note, chapter by chapter", () => {
  const md = store.toMarkdown([note({id: "b", para: "p2-1", page: "chapters/02/", title: "Two"}), note()], "My notes",
                              a => "https://example.org/" + a.page + "#" + a.para);
  assert.equal(md, ["# My notes", "", "## Why dual power, and why now", "", "> dual power", ">",
    "> — [¶ 1.2](https://example.org/chapters/01-why-dual-power/#p1-2)", "", "Compare Lenin.", "",
    "## Two", "", "> dual power", ">", "> — [¶ 2.1](https://example.org/chapters/02/#p2-1)", "", "Compare Lenin.", ""].join("\n"));
});

test("the always-loaded bootstrap looks for stored notes under the same keys", () => {
  const boot = require("node:fs").readFileSync(require.resolve("../../src/reader_engine/assets/js/annotations-boot.js"), "utf8");
  assert.ok(boot.includes(`"${store.PREFIX}"`));
});

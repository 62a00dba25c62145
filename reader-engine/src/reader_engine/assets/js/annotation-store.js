/* The reader's annotations as data: the stored schema and its migrations, validation, merging,
   and the two exports (W3C Web Annotation JSON-LD, which Import reads back, and Markdown). Pure:
   annotations.js keeps them in localStorage, one key per chapter: PREFIX + the chapter's address.

   An annotation: {id, page ("chapters/01-…/"), title (the chapter's), para ("p1-2"), exact,
   prefix, suffix, start, end (its words and their place in the paragraph's text), whole (a note
   on the whole paragraph), color, note, edition (the text's version when last anchored),
   created, modified, and detached (the edition it could not be found in) when it is lost. */
(function (exports) {
  "use strict";
  var SCHEMA = 1;
  var PREFIX = "reader:annotations:v" + SCHEMA + ":";
  var COLORS = ["yellow", "green", "blue", "pink"];
  var LIMITS = {items: 10000, note: 20000, exact: 5000, context: 64, text: 300};
  // Stored data from an older schema is brought up to date one version at a time: MIGRATIONS[n]
  // turns version n into n + 1. Version 1 is the first.
  var MIGRATIONS = {};
  var FIELDS = ["id", "page", "title", "para", "exact", "prefix", "suffix", "start", "end", "color", "note", "edition",
                "created", "modified", "detached"];

  function isText(value, max) {
    return typeof value === "string" && value.length <= max;
  }

  function isOffset(value) {
    return typeof value === "number" && value >= 0 && value % 1 === 0;
  }

  /* A copy of a well-formed annotation with only the known fields, or null. */
  function validate(a) {
    var ok = a && typeof a === "object" &&
      isText(a.id, 64) && /^[\w-]+$/.test(a.id) &&
      isText(a.page, LIMITS.text) && /^([\w-]+\/)*$/.test(a.page) &&
      isText(a.title, LIMITS.text) && isText(a.para, 16) && /^p\d+-\d+$/.test(a.para) &&
      isText(a.exact, LIMITS.exact) && isText(a.prefix, LIMITS.context) && isText(a.suffix, LIMITS.context) &&
      isOffset(a.start) && isOffset(a.end) && a.end - a.start === a.exact.length &&
      COLORS.indexOf(a.color) >= 0 && isText(a.note, LIMITS.note) && isText(a.edition, 64) &&
      isText(a.created, 40) && isText(a.modified, 40) && (a.detached === undefined || isText(a.detached, 64));
    if (!ok) return null;
    var copy = {whole: a.whole === true};
    FIELDS.forEach(function (k) { if (a[k] !== undefined) copy[k] = a[k]; });
    return copy;
  }

  /* One chapter's stored value -> its annotations (invalid ones dropped). */
  function parse(raw) {
    var data = JSON.parse(raw);
    if (!data || typeof data.v !== "number" || data.v > SCHEMA || !Array.isArray(data.items)) {
      throw new Error("unknown schema");
    }
    for (var v = data.v; v < SCHEMA; v++) data = MIGRATIONS[v](data);
    return data.items.map(validate).filter(Boolean);
  }

  function serialize(items) {
    return JSON.stringify({v: SCHEMA, items: items});
  }

  /* incoming merged into existing: new ids added, known ones replaced only by a later edit. */
  function merge(existing, incoming) {
    var byId = {}, added = 0;
    var items = existing.slice();
    items.forEach(function (a, i) { byId[a.id] = i; });
    incoming.forEach(function (a) {
      if (!(a.id in byId)) {
        byId[a.id] = items.push(a) - 1;
        added++;
      } else if (a.modified > items[byId[a.id]].modified) {
        items[byId[a.id]] = a;
      }
    });
    return {items: items, added: added};
  }

  /* The stored list with put saved into it (by id: replaced where known, else added) and the ids
     in gone deleted. A tab saves only its own change into the list as stored now, so that it never
     writes back an older copy that lacks what another tab saved meanwhile. */
  function apply(stored, put, gone) {
    var replaced = put.map(function (a) { return a.id; }).concat(gone);
    return stored.filter(function (a) { return replaced.indexOf(a.id) < 0; }).concat(put);
  }

  /* Whether two annotations hold the same data (objects from storage and from this tab differ). */
  function same(a, b) {
    return FIELDS.every(function (k) { return a[k] === b[k]; }) && !a.whole === !b.whole;
  }

  function colourName(color) {
    return color[0].toUpperCase() + color.slice(1);
  }

  function paraLabel(para) {
    return para.slice(1).replace("-", ".");
  }

  function sorted(items) {
    var key = function (a) {
      var n = /^p(\d+)-(\d+)$/.exec(a.para);
      return [+n[1], +n[2], a.whole ? -1 : a.start];
    };
    return items.slice().sort(function (x, y) {
      var a = key(x), b = key(y);
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    });
  }

  /* W3C Web Annotation Data Model, as JSON-LD. site: the published address, or "" (the page's
     address is then relative to the edition's home page). */
  function toW3C(items, site, label) {
    return {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      label: label,
      total: items.length,
      first: {type: "AnnotationPage", items: sorted(items).map(function (a) {
        var note = {
          id: "urn:uuid:" + a.id, type: "Annotation", motivation: a.note ? "commenting" : "highlighting",
          created: a.created, modified: a.modified,
          target: {
            source: site + a.page, styleClass: a.color, "schema:name": a.title, "schema:version": a.edition,
            selector: [
              a.whole ? {type: "FragmentSelector", value: a.para}
                      : {type: "FragmentSelector", value: a.para,
                         refinedBy: {type: "TextPositionSelector", start: a.start, end: a.end}},
              {type: "TextQuoteSelector", exact: a.exact, prefix: a.prefix, suffix: a.suffix},
            ],
          },
        };
        if (a.note) note.body = {type: "TextualBody", value: a.note, format: "text/plain"};
        return note;
      })},
    };
  }

  /* A file's annotations, all well-formed, or an Error saying what is wrong for the reader. */
  function fromW3C(data) {
    var page = data && data.first;
    if (!data || data.type !== "AnnotationCollection" || !page || !Array.isArray(page.items)) {
      throw new Error("This file is not a notes file exported from this edition (its W3C Web Annotation collection is missing).");
    }
    if (page.items.length > LIMITS.items) throw new Error("This file holds more than " + LIMITS.items + " notes.");
    return page.items.map(function (w, i) {
      var t = w && w.target, sel = t && Array.isArray(t.selector) ? t.selector : [];
      var frag = sel.filter(function (s) { return s && s.type === "FragmentSelector"; })[0];
      var quote = sel.filter(function (s) { return s && s.type === "TextQuoteSelector"; })[0];
      var pos = frag && frag.refinedBy;
      var source = t && typeof t.source === "string" ? t.source : "";
      var a = frag && quote && validate({
        id: typeof w.id === "string" ? w.id.replace(/^urn:uuid:/, "") : "",
        // Chapters lie two folders below the home page: the address's last two parts name one.
        page: (/(?:^|\/)([\w-]+\/[\w-]+\/)(?:index\.html)?$/.exec(source) || [])[1] || "",
        title: t["schema:name"], para: frag.value, exact: quote.exact, prefix: quote.prefix || "",
        suffix: quote.suffix || "", start: pos ? pos.start : 0, end: pos ? pos.end : (quote.exact || "").length,
        whole: !pos, color: t.styleClass, note: w.body ? w.body.value : "", edition: t["schema:version"],
        created: w.created, modified: w.modified,
      });
      if (!a) throw new Error("Note " + (i + 1) + " in this file is incomplete or malformed, so nothing was imported.");
      return a;
    });
  }

  /* For an essay or a group's shared document: each chapter, each passage quoted with its ¶ link,
     then the note. link(a) gives a passage's address. */
  function toMarkdown(items, heading, link) {
    var out = ["# " + heading, ""], chapter = null;
    sorted(items).forEach(function (a) {
      if (a.page !== chapter) {
        chapter = a.page;
        out.push("## " + a.title, "");
      }
      var where = "[¶ " + paraLabel(a.para) + "](" + link(a) + ")";
      if (a.whole) out.push("On " + where + ":", "");
      else out.push("> " + a.exact.replace(/\s*\n\s*/g, " "), ">", "> — " + where, "");
      if (a.note) out.push(a.note, "");
    });
    return out.join("\n");
  }

  exports.PREFIX = PREFIX;
  exports.COLORS = COLORS;
  exports.validate = validate;
  exports.parse = parse;
  exports.serialize = serialize;
  exports.merge = merge;
  exports.apply = apply;
  exports.same = same;
  exports.sorted = sorted;
  exports.paraLabel = paraLabel;
  exports.colourName = colourName;
  exports.toW3C = toW3C;
  exports.fromW3C = fromW3C;
  exports.toMarkdown = toMarkdown;
})(typeof module === "object" ? module.exports : ((window.DPR = window.DPR || {}).store = {}));

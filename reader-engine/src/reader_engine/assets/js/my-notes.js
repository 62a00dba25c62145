/* The My notes page: every highlight and note in this browser, by chapter and paragraph, with a
   colour filter, Markdown and JSON exports, Import (merged, never duplicated; a file that is not
   ours changes nothing) and Forget all my notes. */
(function (DPR) {
  "use strict";
  var host = document.getElementById("my-notes");
  if (!host) return;
  var S = DPR.store, ui = DPR.ui, el = ui.el, button = ui.button, site = DPR.site;
  var MAX_BYTES = 5 * 1024 * 1024;
  var TITLE = "My notes from the Dual Power Reader";
  var publicUrl = (document.querySelector('meta[name="citation_public_url"]') || {}).content || "";
  var published = publicUrl ? publicUrl.slice(0, publicUrl.length - site.page.length) : "";
  var filter = "", status = el("p", {class: "an-status", role: "status"}), list = el("div", {class: "an-list"});

  function keys() {
    var out = [];
    for (var i = 0; i < localStorage.length; i++) {
      if (localStorage.key(i).indexOf(S.PREFIX) === 0) out.push(localStorage.key(i));
    }
    return out;
  }

  function all() {
    return keys().reduce(function (found, key) {
      try { return found.concat(S.parse(localStorage.getItem(key))); } catch (e) { return found; }
    }, []);
  }

  function link(a) {
    return site.href(a.page) + "#" + a.para;
  }

  function render() {
    var items = S.sorted(all()), shown = items.filter(function (a) { return !filter || a.color === filter; });
    list.textContent = "";
    if (!items.length) {
      list.appendChild(el("p", {text: "You have no highlights or notes in this browser yet. Select words in any " +
                                      "chapter to highlight them or add a note."}));
      return;
    }
    var chapter = null, para = null, group;
    shown.forEach(function (a) {
      if (a.page !== chapter) {
        chapter = a.page;
        para = null;
        list.appendChild(el("h2", {}, [el("a", {href: link(a).split("#")[0], text: a.title})]));
      }
      if (a.para !== para) {
        para = a.para;
        list.appendChild(el("h3", {}, [el("a", {href: link(a), text: "¶\u00a0" + S.paraLabel(a.para)})]));
        group = list.appendChild(el("ul", {class: "an-items"}));
      }
      group.appendChild(el("li", {class: "an-item an-" + a.color}, [
        a.detached ? el("p", {class: "an-detached", text: "Detached: these words were not found in this " +
                                                          "version of the text."}) : null,
        a.whole ? el("p", {class: "an-whole", text: "Note on the whole paragraph"}) : el("blockquote", {text: a.exact}),
        a.note ? el("p", {class: "an-note-text", text: a.note}) : null,
      ]));
    });
    if (!shown.length) list.appendChild(el("p", {text: "None of your highlights is in this colour."}));
  }

  function say(message) {
    status.textContent = message;
  }

  function exportAs(kind) {
    var items = all(), stamp = new Date().toISOString().slice(0, 10);
    if (!items.length) return say("There is nothing to export yet.");
    if (kind === "md") {
      ui.download("my-notes-" + stamp + ".md", "text/markdown", S.toMarkdown(items, TITLE, function (a) {
        return (published || "") + a.page + "#" + a.para;
      }));
    } else {
      ui.download("my-notes-" + stamp + ".json", "application/ld+json",
                  JSON.stringify(S.toW3C(items, published, TITLE), null, 1));
    }
    say("Exported " + items.length + (items.length === 1 ? " note." : " notes."));
  }

  /* All or nothing: every chapter's merged notes are written, or, should the browser refuse one,
     the earlier ones are put back as they were. */
  function importText(raw) {
    var incoming;
    try {
      incoming = S.fromW3C(JSON.parse(raw));
    } catch (e) {
      return say("Nothing was imported: " + (e instanceof SyntaxError ? "this file is not JSON." : e.message));
    }
    var pages = {}, added = 0, before = {};
    incoming.forEach(function (a) { (pages[a.page] = pages[a.page] || []).push(a); });
    try {
      Object.keys(pages).forEach(function (page) {
        var key = S.PREFIX + page, raw = localStorage.getItem(key), merged;
        before[key] = raw;
        merged = S.merge(raw ? S.parse(raw) : [], pages[page]);
        added += merged.added;
        localStorage.setItem(key, S.serialize(merged.items));
      });
    } catch (e) {
      Object.keys(before).forEach(function (key) {
        if (before[key] === null) localStorage.removeItem(key);
        else localStorage.setItem(key, before[key]);
      });
      return say("Nothing was imported: this browser's storage for the edition is full, or holds notes from a " +
                 "newer version of the edition. Your notes are as they were.");
    }
    say("Imported " + added + (added === 1 ? " note" : " notes") +
        (incoming.length > added ? "; " + (incoming.length - added) + " were already here." : "."));
    render();
  }

  var file = el("input", {type: "file", id: "an-import", accept: ".json,application/json,application/ld+json"});
  file.addEventListener("change", function () {
    var chosen = file.files[0];
    file.value = "";
    if (!chosen) return;
    if (chosen.size > MAX_BYTES) return say("Nothing was imported: this file is larger than 5 MB, far more than any notes file.");
    chosen.text().then(importText, function () { say("Nothing was imported: the file could not be read."); });
  });
  var colours = el("fieldset", {class: "an-filter"}, [el("legend", {text: "Show"})].concat(
    [["", "All colours"]].concat(S.COLORS.map(function (c) { return [c, S.colourName(c)]; }))
      .map(function (c) {
        var input = el("input", {type: "radio", name: "an-colour", value: c[0]});
        input.checked = !c[0];
        input.addEventListener("change", function () { filter = c[0]; render(); });
        return el("label", {class: c[0] ? "an-" + c[0] : ""}, [input, c[1]]);
      })));
  host.textContent = "";
  host.append(el("div", {class: "an-tools"}, [
    button("Export Markdown", function () { exportAs("md"); }),
    button("Export JSON", function () { exportAs("json"); }),
    el("label", {for: "an-import", class: "an-import", text: "Import"}), file,
    button("Forget all my notes", function () {
      if (!confirm("Delete all your highlights and notes, and the record of where you stopped reading, from this " +
                   "browser? This cannot be undone: export them first to keep a copy.")) return;
      keys().concat("reader:resume:v1").forEach(function (key) { localStorage.removeItem(key); });
      say("All your notes were deleted from this browser.");
      render();
    }, {class: "an-forget"}),
  ]), colours, status, list);
  render();
  // A chapter open in another tab saved or deleted notes: the list follows.
  addEventListener("storage", function (event) { if (!event.key || event.key.indexOf(S.PREFIX) === 0) render(); });
})(window.DPR = window.DPR || {});

/* The reader's own layer on a chapter: highlights, private notes, links to exact words and
   paragraph citations, kept in this browser only (localStorage, one key per chapter; the data
   is annotation-store.js). On load, each stored annotation is found again in this version of
   the text (anchoring.js) and drawn; one that cannot be found is kept, marked detached. */
(function (DPR) {
  "use strict";
  var start = performance.now();
  var S = DPR.store, ui = DPR.ui, site = DPR.site, el = ui.el, button = ui.button;
  var SKIP = ".para-num, .sn, .term-tip, .an-ui, .an-notes";
  var FULL = "This browser's storage for the edition is full, so this change was not saved. Everything saved " +
             "before is kept. To make room, export your notes from My notes and delete some.";
  var LOCKED = "A newer version of the edition saved your notes here, so this one leaves them as they are.";
  var edition = meta("dpr-edition");
  var paras = [].slice.call(document.querySelectorAll(".md-content .para"));
  var heading = document.querySelector(".md-content h1");
  var items = [], locked = false, texts = {}, selection = null;

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.content : "";
  }

  function uuid() {   // randomUUID needs a secure context (https, localhost or file:)
    return crypto.randomUUID ? crypto.randomUUID() : [].map.call(crypto.getRandomValues(new Uint8Array(16)),
      function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /* ---- This device's storage ---- */

  function load() {
    try {
      var raw = localStorage.getItem(S.PREFIX + site.page);
      return raw ? S.parse(raw) : [];
    } catch (e) {
      locked = true;   // unreadable here (a newer schema): never overwritten
      return [];
    }
  }

  /* Saves put (annotations) and deletes the ids in gone, in the chapter's list as stored now,
     which may hold what another tab saved since this one read it; then shows that list. False
     (and a message) if the browser refuses. */
  function commit(put, gone) {
    var list = S.apply(load(), put, gone || []);
    if (locked) {
      ui.alert(LOCKED);
      return false;
    }
    try {
      if (list.length) localStorage.setItem(S.PREFIX + site.page, S.serialize(list));
      else localStorage.removeItem(S.PREFIX + site.page);
    } catch (e) {
      ui.alert(FULL);
      return false;
    }
    show(list);
    return true;
  }

  function stored(a) {
    return items.some(function (b) { return b.id === a.id; });
  }

  /* ---- The paragraphs' text as anchoring sees it: the words, without ¶ numbers, notes or definitions ---- */

  function textNodes(p, breaks) {
    var out = [], at = 0;
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {acceptNode: function (n) {
      if (n.nodeType === 3) return NodeFilter.FILTER_ACCEPT;
      if (!n.matches(SKIP)) return NodeFilter.FILTER_SKIP;
      if (breaks && n.matches(".sn")) breaks.push(at);   // a note's number interrupts the line here
      return NodeFilter.FILTER_REJECT;
    }});
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      out.push({node: n, start: at});
      at += n.length;
    }
    return out;
  }

  function text(p) {
    if (!(p.id in texts)) texts[p.id] = textNodes(p).map(function (t) { return t.node.data; }).join("");
    return texts[p.id];
  }

  function paraOf(node) {
    var e = node && (node.nodeType === 1 ? node : node.parentElement);
    var p = e && e.closest(".para");
    return p && !e.closest(SKIP) && paras.indexOf(p) >= 0 ? p : null;
  }

  /* A range's place in its paragraph (the one it starts in) as text offsets, or null. */
  function offsets(range) {
    var p = paraOf(range.startContainer) || paraOf(range.endContainer), s = null, e = null;
    if (!p) return null;
    textNodes(p).forEach(function (t) {
      if (!range.intersectsNode(t.node)) return;
      var from = t.node === range.startContainer ? range.startOffset : 0;
      var to = t.node === range.endContainer ? range.endOffset : t.node.length;
      if (to <= from) return;
      if (s === null) s = t.start + from;
      e = t.start + to;
    });
    var words = s === null ? "" : text(p).slice(s, e);
    s += words.length - words.replace(/^\s+/, "").length;   // never start or end on a space
    e -= words.length - words.replace(/\s+$/, "").length;
    return s !== null && e > s ? {p: p, start: s, end: e} : null;
  }

  /* ---- Drawing ---- */

  function marks(id) {
    return [].slice.call(document.querySelectorAll('mark[data-an="' + id + '"]'));
  }

  function draw(a) {
    var p = document.getElementById(a.para), first = true;
    if (a.whole) return;
    textNodes(p).forEach(function (t) {
      var s = Math.max(a.start, t.start), e = Math.min(a.end, t.start + t.node.length), node = t.node;
      if (s >= e) return;
      if (e < t.start + node.length) node.splitText(e - t.start);
      if (s > t.start) node = node.splitText(s - t.start);
      var mark = el("mark", {class: "an-mark an-" + a.color, "data-an": a.id});
      if (first) mark.tabIndex = 0;   // each highlight is reached by Tab, and opens with Enter
      first = false;
      node.before(mark);
      mark.appendChild(node);
    });
  }

  function undraw(a) {
    marks(a.id).forEach(function (mark) {
      var parent = mark.parentNode;
      mark.replaceWith.apply(mark, [].slice.call(mark.childNodes));
      parent.normalize();
    });
  }

  function label(para) {
    return "¶\u00a0" + S.paraLabel(para);
  }

  function short(words) {
    return words.length > 60 ? words.slice(0, 57).replace(/\s+\S*$/, "") + "…" : words;
  }

  /* The reader's notes on a paragraph, under it: on screen always; in print when they choose. */
  function drawNotes(p) {
    var old = p.tagName === "LI" ? p.querySelector(".an-notes") : p.nextElementSibling;
    if (old && old.matches(".an-notes")) old.remove();
    var notes = S.sorted(items.filter(function (a) { return a.para === p.id && a.note && !a.detached; }));
    if (!notes.length) return;
    var box = el("div", {class: "an-notes"}, notes.map(function (a) {
      var on = a.whole ? "Your note on " + label(a.para) : "Your note on “" + short(a.exact) + "”";
      return el("div", {class: "an-note an-" + a.color}, [
        el("span", {class: "an-note-on", text: on + ": "}), el("span", {class: "an-note-text", text: a.note}), " ",
        button("Edit", function (event) { edit(a, event.currentTarget); }, {"aria-label": "Edit " + on.toLowerCase()}),
      ]);
    }));
    if (p.tagName === "LI") p.appendChild(box);
    else p.after(box);
  }

  /* Whether a's words are where it says in this version of the text (one saved by another tab
     running another version may not be until this page is loaded again and re-anchors it). */
  function inPlace(a) {
    var p = document.getElementById(a.para);
    return p !== null && paras.indexOf(p) >= 0 && text(p).slice(a.start, a.end) === a.exact;
  }

  /* Makes the page show list, the chapter's annotations as stored: undraws what went or changed
     (in this tab or another), draws what is new or changed, and keeps the objects of the rest. */
  function show(list) {
    var old = {}, fresh = [], touched = {};
    items.forEach(function (a) { old[a.id] = a; });
    items = list.map(function (a) {
      var was = old[a.id];
      delete old[a.id];
      if (was && S.same(was, a)) return was;
      if (was) {
        undraw(was);
        touched[was.para] = true;   // it may have moved to another paragraph
      }
      fresh.push(a);
      return a;
    });
    Object.keys(old).forEach(function (id) {
      undraw(old[id]);
      touched[old[id].para] = true;
    });
    fresh.forEach(function (a) {
      if (!a.detached && inPlace(a)) draw(a);   // a note on a whole paragraph has no marks to draw
      touched[a.para] = true;
    });
    paras.forEach(function (p) { if (touched[p.id]) drawNotes(p); });
    if (fresh.length || Object.keys(old).length) {
      document.dispatchEvent(new CustomEvent("reader:layout"));   // margin notes move with the text
    }
  }

  /* ---- Actions ---- */

  function create(p, s, e, whole) {
    var d = DPR.anchoring.describe(text(p), s, e), now = new Date().toISOString();
    return {id: uuid(), page: site.page, title: heading.textContent.trim(), para: p.id, exact: d.exact,
            prefix: d.prefix, suffix: d.suffix, start: s, end: e, whole: whole, color: "yellow", note: "",
            edition: edition, created: now, modified: now};
  }

  function change(a, fields) {
    var updated = Object.assign({}, a, fields, {modified: new Date().toISOString()});
    return commit([updated]) ? updated : null;
  }

  function remove(a) {
    if (a.note && !confirm("Delete this highlight and your note on it?")) return;
    if (!commit([], [a.id])) return;
    ui.closeBar(false);
    DPR.announce("Highlight deleted");
  }

  /* The note editor: a text box and Save. An empty note removes the note. */
  function edit(a, from) {
    var box = el("textarea", {id: "an-note-text", rows: "5"});
    box.value = a.note;
    var error = el("p", {class: "an-error", role: "alert"});
    var d = ui.dialog("Note on " + label(a.para), [
      a.whole ? null : el("blockquote", {text: a.exact}),
      el("label", {for: "an-note-text", text: "Your note"}), box, error,
      el("div", {class: "an-actions"}, [
        button("Save", function () {
          var note = box.value.trim(), saved;
          if (note || !a.whole) {   // a highlight stays when its note is emptied
            saved = change(a, {note: note});
          } else {                  // an emptied note on the whole paragraph goes
            saved = !stored(a) || commit([], [a.id]);
          }
          if (!saved) {
            error.textContent = FULL;
            return;
          }
          d.close();
          DPR.announce(note ? "Note saved" : "Note removed");
        }),
        button("Cancel", function () { d.close(); }),
      ]),
    ], function () { return marks(a.id)[0] || from; });
    box.focus();
  }

  function citeDialog(p, from) {
    var anchor = p.id, page = {title: meta("citation_title"), url: meta("citation_public_url")};
    var values = DPR.citations.values(page, anchor, new Date());
    var styles = DPR.citeStyles, fill = DPR.citations.fill;
    var names = {chicago: "Chicago (author-date)", apa: "APA", mla: "MLA"};
    var d = ui.dialog("Cite " + label(anchor), Object.keys(names).map(function (style) {
      var text = fill(styles[style], values), shown = el("p", {class: "an-cite"});
      text.split("*").forEach(function (part, i) {   // *…* is italic
        shown.appendChild(i % 2 ? el("i", {text: part}) : document.createTextNode(part));
      });
      return el("section", {}, [el("h3", {text: names[style]}), shown, button("Copy", function () {
        DPR.copy(text.replace(/\*/g, "")).then(function () { DPR.announce(names[style] + " citation copied"); });
      }, {"aria-label": "Copy the " + names[style] + " citation"})]);
    }).concat([el("div", {class: "an-actions"}, [
      button("Download BibTeX", function () {
        ui.download("dual-power-reader-" + anchor + ".bib", "application/x-bibtex", fill(styles.bibtex, values));
      }),
      button("Download RIS", function () {
        ui.download("dual-power-reader-" + anchor + ".ris", "application/x-research-info-systems", fill(styles.ris, values));
      }),
      button("Close", function () { d.close(); }),
    ])]), from);
  }

  /* A link that opens the page at the paragraph with exactly these words marked. */
  function copyWords(p, s, e) {
    var breaks = [], all = text(p), runs = [], from = 0;
    textNodes(p, breaks);
    breaks.concat(all.length).forEach(function (to) {
      if (to > s && from < e && to > from) runs.push({text: all.slice(from, to), start: Math.max(s - from, 0), end: Math.min(e, to) - from});
      from = to;
    });
    var url = location.href.split("#")[0] + "#" + p.id + ":~:" + DPR.fragments.textDirective(runs);
    DPR.copy(url).then(function () { DPR.announce("Link to the selected words copied"); },
                       function () { DPR.announce("Link: " + url); });
  }

  function barFor(a, from, focus) {
    var p = document.getElementById(a.para), first = marks(a.id)[0];
    var colours = S.COLORS.map(function (c) {
      var name = S.colourName(c);
      return button(el("span", {class: "sr-only", text: name}), function () {
        a = change(a, {color: c}) || a;
        barFor(a, marks(a.id)[0], true);
      }, {class: "an-swatch an-" + c, title: name, "aria-pressed": String(a.color === c)});
    });
    ui.openBar("Highlight", colours.concat([
      button(a.note ? "Edit note" : "Add note", function () { edit(a, from); }),
      button("Delete", function () { remove(a); p.querySelector(".para-num").focus(); }),
      button("Copy link", function () { copyWords(p, a.start, a.end); }),
      button("Cite", function () { citeDialog(p, marks(a.id)[0] || from); }),
    ]), (first || p).getBoundingClientRect(), from, focus);
  }

  /* The toolbar for selected words (annotations-boot.js calls this whenever the selection changes). */
  function selected() {
    var sel = getSelection();
    var found = !sel.isCollapsed && sel.rangeCount ? offsets(sel.getRangeAt(0)) : null;
    if (!found) {
      if (selection && (!ui.isOpen() || !document.activeElement.closest(".an-bar"))) ui.closeBar(false);
      selection = null;
      return;
    }
    if (selection && selection.p === found.p && selection.start === found.start && selection.end === found.end) return;
    selection = found;
    var rect = sel.getRangeAt(0).getBoundingClientRect();
    ui.openBar("Selected text", [
      button("Highlight", function () {
        var a = change(create(found.p, found.start, found.end, false), {});
        if (!a) return;
        sel.removeAllRanges();
        selection = null;
        DPR.announce("Highlighted");
        barFor(a, marks(a.id)[0], document.activeElement.closest(".an-bar") !== null);
      }),
      button("Add note", function () {
        sel.removeAllRanges();
        selection = null;
        edit(create(found.p, found.start, found.end, false), found.p.querySelector(".para-num"));
      }),
      button("Copy link", function () { copyWords(found.p, found.start, found.end); }),
      button("Cite", function () { citeDialog(found.p, found.p.querySelector(".para-num")); }),
    ], rect, null, false);
  }

  /* The ¶ number's menu: copy the paragraph's link, a note on the whole paragraph, cite it. */
  function paraMenu(link) {
    var p = link.closest(".para");
    if (ui.isOpen() && link.getAttribute("aria-expanded") === "true") return ui.closeBar(true);
    var note = items.filter(function (a) { return a.para === p.id && a.whole; })[0];
    link.setAttribute("aria-expanded", "false");
    ui.openBar(label(p.id), [
      button("Copy link", function () { DPR.copyParaLink(link); ui.closeBar(true); }),
      button(note ? "Edit note" : "Add note", function () {
        edit(note || create(p, 0, text(p).length, true), link);
      }),
      button("Cite", function () { citeDialog(p, link); }),
    ], link.getBoundingClientRect(), link, true);
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.an-mark");
    if (!mark || event.target.closest("a") || !getSelection().isCollapsed) return;
    var a = items.filter(function (b) { return b.id === mark.dataset.an; })[0];
    if (a) barFor(a, marks(a.id)[0], false);
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target.matches && event.target.matches("mark.an-mark[tabindex]") && event.target;
    if (!mark || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    var a = items.filter(function (b) { return b.id === mark.dataset.an; })[0];
    if (a) barFor(a, mark, true);
  });

  /* ---- On load: find every stored annotation in this version of the text, and draw it ---- */

  function anchorAll() {
    var list = load(), moved = [], lost = 0, chapter = null;
    list.forEach(function (a) {
      if (a.detached === edition) {   // already looked for in this version
        lost++;
        return;
      }
      var found;
      if (inPlace(a)) {
        found = {id: a.para, start: a.start, end: a.end};
      } else {
        chapter = chapter || paras.map(function (q) { return {id: q.id, text: text(q)}; });
        found = DPR.anchoring.anchor(chapter, a);
      }
      if (!found) {
        a.detached = edition;
        moved.push(a);
        lost++;
        return;
      }
      if (a.whole) found = {id: found.id, start: 0, end: text(document.getElementById(found.id)).length};
      if (found.id !== a.para || found.start !== a.start || found.end !== a.end || a.edition !== edition || a.detached) {
        var d = DPR.anchoring.describe(text(document.getElementById(found.id)), found.start, found.end);
        Object.assign(a, d, {para: found.id, edition: edition});
        delete a.detached;
        moved.push(a);
      }
    });
    if (!(moved.length && !locked && commit(moved))) show(list);
    if (lost) {
      var notes = el("a", {href: site.href("my-notes/"), text: "My notes"});
      heading.after(el("p", {class: "an-lost"}, ["Notes of yours not found in this version of the text: " + lost +
        ". They are kept, marked “detached”, on ", notes, "."]));
    }
    performance.measure("reader:annotations", {start: start});   // the benchmark reads this
  }

  DPR.annot = {selected: selected, paraMenu: paraMenu};
  if (paras.length && heading) {
    anchorAll();
    // Another tab of the edition saved this chapter's notes (or cleared them): show them here too.
    addEventListener("storage", function (event) {
      if (event.key === S.PREFIX + site.page || event.key === null) show(load());
    });
  }
})(window.DPR = window.DPR || {});

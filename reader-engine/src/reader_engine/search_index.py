"""The search index: each paragraph, margin note, glossary entry, bibliography entry and timeline
event of the built site is a record of its own, read from each page's rendered HTML.

A record starts at every top-level element that has an id (a numbered paragraph, a heading, a
glossary headword, a bibliography entry, a timeline event); the id-less elements after it (a
quotation, a definition's paragraphs, an editors' note) belong to it. A result links to that id,
and the search script marks the matched words from there up to the next element with an id.
A margin note is a record of its own that links to the record that calls it.

The index is a script that sets a global, not JSON, so that it loads from file:// too. Its text is
searched in the browser; the matching rules (accents, spellings, ¶ numbers) are all in
assets/js/search-query.js.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import lxml.html

PATH = "search/search-index.js"   # where a built site keeps its index (the benchmark reads it too)
VERSION = 1
# Not text a reader searches for: definition pop-ups repeat the glossary, a ¶ number is a label,
# "Used in" lists and the key-terms box repeat other pages, a note's head is its number and kind,
# and the brackets round a note are for reading without CSS.
SKIP = {"term-tip", "para-num", "backlinks", "key-terms", "sn-plain", "sn-head", "headerlink", "az-nav"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CONTAINERS = {"div", "ul", "ol", "section"}   # looked into when they hold elements with ids


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def text_of(el, notes: list | None = None) -> str:
    """el's reading text, without the parts in SKIP; the margin notes it calls go to notes."""
    parts = [el.text or ""]

    def walk(node):
        for child in node:
            if isinstance(child.tag, str):
                classes = _classes(child)
                if "sn" in classes:            # a note call: the note is a record of its own
                    if notes is not None:
                        notes.extend(child.iterfind(".//*[@data-kind][@role='note']"))
                elif not (classes & SKIP or child.get("data-search-exclude") is not None):
                    parts.append(child.text or "")
                    walk(child)
            parts.append(child.tail or "")

    walk(el)
    return " ".join("".join(parts).split())


def _aliases(meta) -> str:
    """The names after "Also:" in a glossary entry's line of metadata."""
    also = next((em for em in meta.iter("em") if (em.text or "").strip() == "Also:"), None)
    return (also.tail or "").split("·")[0].strip() if also is not None else ""


def _blocks(container):
    """Top-level blocks in reading order, looking into containers that hold elements with ids."""
    for child in container:
        if not isinstance(child.tag, str) or _classes(child) & SKIP:
            continue
        if child.get("id") is None and child.tag in CONTAINERS and any(c.get("id") for c in child):
            yield from _blocks(child)
        else:
            yield child


@dataclass
class _Record:
    anchor: str
    kind: str      # para, section, term, bib, event
    label: str     # what a result is called, e.g. "¶ 6.9"
    head: str      # the words that outrank the text: a heading, a headword, an entry, an event
    text: list[str] = field(default_factory=list)
    notes: list = field(default_factory=list)


def _record(block, title: str) -> _Record:
    classes, notes = _classes(block), []
    text = text_of(block, notes)
    anchor = block.get("id") or ""
    if block.get("data-para"):
        return _Record(anchor, "para", f"¶ {block.get('data-para')}", "", [text], notes)
    if "term-entry" in classes:
        return _Record(anchor, "term", text, text, [], notes)
    if "bib-entry" in classes:
        return _Record(anchor, "bib", text, text, [], notes)
    if block.tag == "li" and anchor:   # a timeline event: its date and headline lead
        lead = [text_of(el) for el in (block.find(".//span[@class='tl-date']"), block.find(".//strong"))
                if el is not None]
        rest = text.removeprefix(" ".join(lead)).strip()
        return _Record(anchor, "event", " · ".join(lead), " ".join(lead), [rest], notes)
    if block.tag in HEADINGS:
        return _Record(anchor, "section", title if block.tag == "h1" else text, text, [], notes)
    return _Record(anchor, "section", title, "", [text], notes)


class SearchIndex:
    """Collects every page's records (add_page), then writes them all as one script (script())."""

    def __init__(self):
        self.pages: list[list[str]] = []   # [url, title]
        self.docs: list[list] = []         # [page, anchor, kind, label or "", head, text]

    def add_page(self, url: str, title: str, html: str) -> None:
        if not (html or "").strip():
            return
        self.pages.append([url, title])
        records: list[_Record] = []
        for block in _blocks(lxml.html.fragment_fromstring(html, create_parent="div")):
            if block.get("id") or not records:
                records.append(_record(block, title))
            elif "term-meta" in _classes(block):   # "Also:" names are headwords; "Related:" are other entries
                records[-1].head += " " + _aliases(block)
                text_of(block, records[-1].notes)
            else:
                records[-1].text.append(text_of(block, records[-1].notes))
        for record in records:
            self._add(len(self.pages) - 1, record)

    def _add(self, page: int, record: _Record) -> None:
        text = " ".join(t for t in record.text if t)
        head = record.head.strip()
        label = "" if record.label == head else record.label   # the head stands for a label it repeats
        if head or text:
            self.docs.append([page, record.anchor, record.kind, label, head, text])
        called_from = f" in {record.label}" if record.kind in ("para", "term", "event") else ""
        for note in record.notes:
            number = note.findtext(".//*[@class='sn-num']") or ""
            self.docs.append([page, record.anchor, "note", f"Note {number} ({note.get('data-kind')}){called_from}",
                              "", text_of(note)])

    def script(self) -> str:
        data = json.dumps({"version": VERSION, "pages": self.pages, "docs": self.docs},
                          ensure_ascii=False, separators=(",", ":"))
        return f"(window.DPR=window.DPR||{{}}).searchIndex={data};\n"

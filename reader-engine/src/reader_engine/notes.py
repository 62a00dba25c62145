"""Footnotes become typed margin notes (sidenotes).

Authors write ordinary footnotes whose text starts with a kind label:
    Lenin wrote this in April 1917.[^tasks]
    [^tasks]: Context: The passage comes from ...
Each reference becomes an inline note that CSS places in the margin (wide screens), opens in place
(narrow screens) or sets under its line (print). The footnote list is not kept: it would repeat
every note. Without CSS a note reads inline, in brackets, right after the words that call it.
"""
from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER, FootnoteExtension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .edition import Edition
from .source import FOOTNOTE_DEF, prose_lines

KINDS = {"context": "Context", "term": "Term", "correction": "Correction",
         "citation": "Citation", "cross-ref": "Cross-ref", "question": "Question"}
LABELS = ", ".join(f"'{label}:'" for label in KINDS.values())
KIND_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z-]*):\s*")
FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")


class NoteChecker(Preprocessor):
    """Checks references, definitions and kinds against the source lines, so errors name a line."""

    def __init__(self, md, edition: Edition):
        super().__init__(md)
        self.edition = edition

    def run(self, lines):
        page = self.edition.page
        refs, defs = {}, {}
        for i, line, note in prose_lines(lines):
            d = FOOTNOTE_DEF.match(line)
            if d:
                ident, text = d.groups()
                if ident in defs:
                    raise page.error(i, f"note [^{ident}] is defined twice (first on line {defs[ident][0] + 1 + page.line_offset}).",
                                     "give one of the two definitions another id.")
                defs[ident] = (i, text)
                line = line[d.end(1) + 2:]
            for m in FOOTNOTE_REF.finditer(line) if "[^" in line else ():
                if note is not None:
                    raise page.error(i, f"note [^{note}] contains a reference to another note [^{m.group(1)}].",
                                     "notes cannot nest; merge the two notes or move the reference into the text.")
                refs.setdefault(m.group(1), i)
        for ident, i in refs.items():
            if ident not in defs:
                raise page.error(i, f"note reference [^{ident}] has no definition.",
                                 f"add a line '[^{ident}]: Context: ...' at the end of the file, or correct the id.")
        for ident, (i, text) in defs.items():
            if ident not in refs:
                raise page.error(i, f"note [^{ident}] is defined but never referenced.",
                                 f"reference it in the text as [^{ident}], or delete the definition.")
            label = KIND_LABEL.match(text)
            if not label:
                raise page.error(i, f"note [^{ident}] does not start with a kind.",
                                 f"begin the note with one of {LABELS}.")
            if label.group(1).lower() not in KINDS:
                raise page.error(i, f"note [^{ident}] has unknown kind '{label.group(1)}'.",
                                 f"use one of {LABELS}.")
        return lines


class SidenoteTreeprocessor(Treeprocessor):
    """Puts a copy of each footnote beside its reference, as phrasing content with a kind."""

    def run(self, root):
        footnotes = root.find(".//div[@class='footnote']")
        if footnotes is None:
            return
        notes = {li.get("id")[3:]: li for li in footnotes.iter("li") if li.get("id", "").startswith("fn:")}
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: dict[str, int] = {}
        for sup in [s for s in root.iter("sup") if s.get("id", "").startswith("fnref")]:
            if self._inside(sup, footnotes, parents):
                continue
            link = sup.find("a")
            ident = link.get("href")[4:]
            seen[ident] = seen.get(ident, 0) + 1
            suffix = "" if seen[ident] == 1 else f"-{seen[ident]}"
            wrapper = self._sidenote(notes[ident], ident + suffix, link.text)
            parent = parents[sup]
            index = list(parent).index(sup)
            parent.remove(sup)
            wrapper.tail, sup.tail = sup.tail, None
            parent.insert(index, wrapper)
            self._group(parent, index, wrapper)
        root.remove(footnotes)

    @staticmethod
    def _group(parent, index, wrapper):
        """Calls that stand together ("3,4", never "34") share a group no line breaks inside."""
        previous = parent[index - 1] if index else None
        if previous is None or (previous.tail or "").strip():
            return
        if previous.get("class") == "sn-group":
            previous.tail, wrapper.tail = wrapper.tail, None
        elif previous.get("class", "").split()[:1] == ["sn"]:
            group = ET.Element("span", {"class": "sn-group"})
            parent.insert(index - 1, group)
            parent.remove(previous)
            group.append(previous)
            group.tail, previous.tail, wrapper.tail = wrapper.tail, None, None
        else:
            return
        parent.remove(wrapper)
        wrapper.set("class", "sn sn-follows")
        parent[index - 1].append(wrapper)

    @staticmethod
    def _inside(element, ancestor, parents):
        while element is not None:
            if element is ancestor:
                return True
            element = parents.get(element)
        return False

    def _sidenote(self, li, uid, number):
        body = [_renamed_copy(child, f"-sn-{uid}") for child in li]
        kind = self._take_kind(body)
        label = f"Note {number}, {kind}"
        wrapper = ET.Element("span", {"class": "sn", "data-kind": kind, "data-n": number})
        ET.SubElement(wrapper, "input", {
            "type": "checkbox", "class": "sn-toggle", "id": f"sn-toggle-{uid}",
            "aria-label": label, "aria-controls": f"sn-{uid}", "hidden": "hidden"})
        ref = ET.SubElement(wrapper, "label", {"class": "sn-ref", "for": f"sn-toggle-{uid}", "hidden": "hidden"})
        # The checkbox's aria-label already names the note; a bare number would be read twice.
        # HTML forbids aria-hidden on the label of a control, so it goes on the number inside.
        ET.SubElement(ref, "span", {"aria-hidden": "true"}).text = AtomicString(number)
        # Brackets for reading without CSS, which hides them otherwise.
        ET.SubElement(wrapper, "span", {"class": "sn-plain", "aria-hidden": "true"}).text = AtomicString(" [")
        note = ET.SubElement(wrapper, "span", {"class": "sidenote", "id": f"sn-{uid}", "role": "note",
                                               "data-kind": kind})
        ET.SubElement(wrapper, "span", {"class": "sn-plain", "aria-hidden": "true"}).text = AtomicString("]")
        head = ET.SubElement(note, "span", {"class": "sn-head"})
        hidden = ET.SubElement(head, "span", {"class": "sr-only"})
        # The note's own labels are atomic: no inline pattern may rewrite a number or a kind.
        hidden.text = AtomicString("Note ")
        num = ET.SubElement(head, "span", {"class": "sn-num"})
        num.text, num.tail = AtomicString(number), AtomicString(" ")
        name = ET.SubElement(head, "span", {"class": "sn-kind"})
        name.text = AtomicString(KINDS[kind])
        stop = ET.SubElement(head, "span", {"class": "sr-only"})
        stop.text = AtomicString(". ")
        for i, block in enumerate(body):
            kind_of_block = "sn-p" if block.tag == "p" else "sn-block"
            if i and uid.startswith("cite-"):
                kind_of_block += " sn-full"    # a citation note's full reference: shown when opened
            block.tag, block.attrib = "span", {"class": kind_of_block}
            note.append(block)
        return wrapper

    @staticmethod
    def _take_kind(body):
        """Remove the 'Kind:' label from the note's first paragraph and return the kind."""
        first = body[0]
        for block in body:
            for a in list(block.iter("a")):
                if "footnote-backref" in a.get("class", ""):
                    _remove(block, a)
        m = KIND_LABEL.match(first.text or "")
        first.text = (first.text or "")[m.end():]
        return m.group(1).lower()


def _remove(root, element):
    """Remove element from root's subtree, keeping its tail text."""
    for parent in root.iter():
        children = list(parent)
        if element in children:
            i = children.index(element)
            tail = (element.tail or "").rstrip()
            if i:
                prev = children[i - 1]
                prev.tail = (_trim(prev.tail) + tail) or None
            else:
                parent.text = (_trim(parent.text) + tail) or None
            parent.remove(element)
            return


def _renamed_copy(element, suffix):
    """A deep copy whose ids (and the references to them) get a suffix, so copies stay unique."""
    clone = copy.deepcopy(element)
    renamed = {}
    for e in clone.iter():
        if e.get("id"):
            renamed[e.get("id")] = e.get("id") + suffix
            e.set("id", renamed[e.get("id")])
    for e in clone.iter():
        for attr in ("aria-describedby", "aria-controls"):
            if e.get(attr) in renamed:
                e.set(attr, renamed[e.get(attr)])
    return clone


def _trim(text):
    return (text or "").replace(NBSP_PLACEHOLDER, "").rstrip()


class NotesExtension(Extension):
    def __init__(self, edition: Edition | None = None, **kwargs):
        self.edition = edition or Edition()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Numbers follow reading order, so note 3 comes after note 2 in the margin.
        FootnoteExtension(USE_DEFINITION_ORDER=False).extendMarkdown(md)
        md.preprocessors.register(NoteChecker(md, self.edition), "reader_notes_check", 28)   # after citations (29)
        md.treeprocessors.register(SidenoteTreeprocessor(md), "reader_sidenotes", 14)


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown entry point
    return NotesExtension(**kwargs)

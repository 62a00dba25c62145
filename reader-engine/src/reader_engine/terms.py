"""Glossary terms in the text: [[term]] or [[shown words|term]].

A marked use becomes a link to the glossary entry with an accessible definition popover
(role=tooltip, referenced by aria-describedby). CSS shows it on hover and focus; JS adds tap
and Escape. Without CSS or JS it is a plain link to the glossary.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .edition import Edition
from .glossary import Glossary
from .paragraphs import numbered_blocks
from .source import prose_lines

TERM = r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]"
TERM_MARK = re.compile(TERM)


class TermChecker(Preprocessor):
    def __init__(self, md, ext: "TermsExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, lines):
        page = self.ext.edition.page
        for i, line, _ in prose_lines(lines):
            for m in TERM_MARK.finditer(line) if "[[" in line else ():
                name = m.group(2) or m.group(1)
                if self.ext.glossary.lookup(name) is None:
                    raise page.error(i, f"unknown glossary term '{name}'{self.ext.glossary.suggest(name)}.",
                                     f"add '{name}' to {self.ext.glossary.path} (as a term or an alias), "
                                     "or write [[shown words|headword]].")
        return lines


class TermInline(InlineProcessor):
    def __init__(self, pattern, ext: "TermsExtension"):
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m, data):
        page = self.ext.edition.page
        shown, name = m.group(1), m.group(2) or m.group(1)
        term = self.ext.glossary.lookup(name)
        if term is None:  # the checker normally reports this, with a line number
            raise page.error(None, f"unknown glossary term '{name}'.", f"add it to {self.ext.glossary.path}.")
        span = ET.Element("span", {"class": "term", "data-term": term.slug})
        link = ET.SubElement(span, "a", {"class": "term-link",
                                         "href": page.link(f"{self.ext.getConfig('glossary_page')}#{term.slug}")})
        link.text = AtomicString(" ".join(shown.split()))
        if page.path == self.ext.getConfig("glossary_page"):
            return span, m.start(0), m.end(0)   # on the Glossary itself the link leads to the definition
        self.ext.count += 1
        tip_id = f"tip-{term.slug}-{self.ext.count}"
        link.set("aria-describedby", tip_id)
        tip = ET.SubElement(span, "span", {"class": "term-tip", "role": "tooltip", "id": tip_id,
                                           "hidden": "hidden", "data-search-exclude": ""})
        head = ET.SubElement(tip, "strong")
        head.text = AtomicString(term.name)
        head.tail = AtomicString(" " + term.short)
        return span, m.start(0), m.end(0)


class TermUses(Treeprocessor):
    """Records which numbered paragraph uses which term; drops popovers from headings."""

    def __init__(self, md, ext: "TermsExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        for heading in (e for e in root.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")):
            for span in heading.iter("span"):
                for tip in span.findall("span[@class='term-tip']"):
                    span.remove(tip)
        page = self.ext.edition.page
        first_seen = []
        for block, anchor, label in numbered_blocks(root):
            for span in block.iter("span"):
                if span.get("class") == "term":
                    page.uses.append(("term", span.get("data-term"), anchor, label))
                    if span.get("data-term") not in first_seen:
                        first_seen.append(span.get("data-term"))
        if page.chapter is not None and first_seen:
            self._key_terms(root, first_seen)

    def _key_terms(self, root, slugs):
        """A box defining every term the chapter uses, so print readers meet none undefined."""
        box = ET.Element("aside", {"class": "key-terms", "aria-labelledby": "key-terms"})
        title = ET.SubElement(box, "h2", {"id": "key-terms"})
        title.text = "Key terms in this chapter"
        terms = ET.SubElement(box, "dl")
        for slug in slugs:
            term = self.ext.glossary.by_slug[slug]
            dt = ET.SubElement(terms, "dt")
            link = ET.SubElement(dt, "a", {"href": self.ext.edition.page.link(f"{self.ext.getConfig('glossary_page')}#{slug}")})
            link.text = AtomicString(term.name)
            ET.SubElement(terms, "dd").text = AtomicString(term.short)
        footnotes = next((i for i, child in enumerate(root) if "footnote" in child.get("class", "")), len(root))
        root.insert(footnotes, box)


class TermsExtension(Extension):
    def __init__(self, edition: Edition | None = None, glossary: Glossary | None = None, **kwargs):
        self.config = {
            "glossary_file": ["", "YAML glossary to load when no Glossary object is given"],
            "glossary_page": ["glossary.md", "docs/ path of the Glossary page"],
        }
        super().__init__(**kwargs)
        self.edition = edition or Edition()
        self.glossary = glossary or Glossary.load(self.getConfig("glossary_file"))
        self.count = 0

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.preprocessors.register(TermChecker(md, self), "reader_terms_check", 34)
        md.inlinePatterns.register(TermInline(TERM, self), "reader_term", 176)
        # Before toc (5), so heading names stay clean; after paragraph numbers (7).
        md.treeprocessors.register(TermUses(md, self), "reader_term_uses", 6)

    def reset(self):
        self.count = 0


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown entry point
    return TermsExtension(**kwargs)

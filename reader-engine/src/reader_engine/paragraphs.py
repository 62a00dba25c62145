"""Paragraph numbers: every body paragraph of a chapter gets a stable id and a visible ¶ number.

Numbered are the top-level paragraphs and top-level list items of a page whose Page has a
chapter number; boxes (admonitions), quotations and notes are not body text and are skipped.
The number is computed once here, at build time, so every output format shows the same ¶ 3.7.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .edition import Edition
from .source import find_line


def body_blocks(root) -> Iterator[ET.Element]:
    for child in root:
        if child.tag == "p":
            yield child
        elif child.tag in ("ul", "ol"):
            yield from child.findall("li")


def numbered_blocks(root) -> Iterator[tuple[ET.Element, str | None, str | None]]:
    """Yield (top-level element, anchor, ¶ label) for every top-level element of the page;
    anchor and label are None outside numbered paragraphs. The footnote list is skipped: its
    notes are also inline, beside their references."""
    for child in root:
        if "footnote" in child.get("class", ""):
            continue
        items = child.findall("li") if child.tag in ("ul", "ol") else [child]
        for item in items:
            yield item, item.get("data-para") and item.get("id"), item.get("data-para")


class ParagraphNumberer(Treeprocessor):
    def __init__(self, md, edition: Edition):
        super().__init__(md)
        self.edition = edition

    def run(self, root):
        chapter = self.edition.page.chapter
        if chapter is None:
            return
        for n, block in enumerate(body_blocks(root), 1):
            label, anchor = f"{chapter}.{n}", f"p{chapter}-{n}"
            block.set("id", anchor)
            block.set("data-para", label)
            block.set("class", (block.get("class", "") + " para").strip())
            mark = ET.Element("a", {"class": "para-num", "href": f"#{anchor}",
                                    "title": f"Link to paragraph {label}"})
            mark.text = AtomicString(f"¶\u00a0{label}")
            mark.tail, block.text = block.text, None
            block.insert(0, mark)


class SourceKeeper(Preprocessor):
    """Keeps the page's source lines, so problems found after parsing can still name a line."""

    def __init__(self, md, edition: Edition):
        super().__init__(md)
        self.edition = edition

    def run(self, lines):
        if not self.edition.page.lines:
            self.edition.page.lines = list(lines)
        return lines


class AnchorChecker(Treeprocessor):
    """Fails on two elements with one id: a link to either would be ambiguous."""

    def __init__(self, md, edition: Edition):
        super().__init__(md)
        self.edition = edition

    def run(self, root):
        seen = set()
        for element in root.iter():
            anchor = element.get("id")
            if anchor is None:
                continue
            if anchor in seen:
                page = self.edition.page
                line = find_line(page.lines, "#" + anchor)
                raise page.error(line, f"the anchor '#{anchor}' is used twice on this page.",
                                 "rename one of them (paragraph anchors #pC-N are generated: "
                                 "do not write them yourself).")
            seen.add(anchor)


class ParagraphsExtension(Extension):
    def __init__(self, edition: Edition | None = None, **kwargs):
        self.edition = edition or Edition()
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(SourceKeeper(md, self.edition), "reader_source", 100)
        # After attr_list (8), so an author's own ids exist for the duplicate check.
        md.treeprocessors.register(ParagraphNumberer(md, self.edition), "reader_paragraphs", 7)
        # After toc (5) has given headings their ids; before MkDocs rewrites links (0).
        md.treeprocessors.register(AnchorChecker(md, self.edition), "reader_anchors", 1)


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown entry point
    return ParagraphsExtension(**kwargs)

"""Citations: [@key] and [@key, p. 12], resolved against references.bib through the Bibliography seam.

In body text a citation becomes a footnote of kind 'citation' (and so a margin note): a one-liner
(author, year, locator, linked to the Bibliography entry), then the full reference as a second
paragraph, which readers see when they open the note. Inside a note a citation becomes a short
inline reference, because notes do not nest, and so it does on a reference page such as the
Glossary, whose entries would otherwise fill the margin with their sources.
"""
from __future__ import annotations

import posixpath
import re

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .bibliography import Bibliography, Cite
from .edition import Edition
from .paragraphs import numbered_blocks
from .source import prose_lines


class CitationRewriter(Preprocessor):
    def __init__(self, md, ext: "CitationsExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, lines):
        page, bib = self.ext.edition.page, self.ext.bibliography
        out, notes = list(lines), {}
        for i, line, in_note in prose_lines(lines):
            for raw, cites in bib.find(line):
                for cite in cites:
                    if cite.key not in bib.entries:
                        raise page.error(i, f"unknown citation key '{cite.key}'{bib.suggest(cite.key)}.",
                                         f"add an entry '{cite.key}' to {bib.path}, or correct the key.")
                if in_note is not None or page.inline_citations:
                    replacement = "(" + "; ".join(self._inline(c) for c in cites) + ")"
                else:
                    ids = []
                    for cite in cites:
                        ident = "cite-" + cite.key + (f"--{_slug(cite.locator)}" if cite.locator else "")
                        notes.setdefault(ident, self._note(cite))
                        ids.append(f"[^{ident}]")
                    replacement = "".join(ids)
                    start = out[i].index(raw)  # the mark hugs the word: take the spaces before it too
                    raw = out[i][len(out[i][:start].rstrip()):start + len(raw)]
                out[i] = out[i].replace(raw, replacement, 1)
        if notes:
            for ident, (short, full) in notes.items():
                out += ["", f"[^{ident}]: Citation: {short}", "", f"    {full}"]
        return out

    def _link(self, key):
        return self.ext.edition.page.link(f"{self.ext.getConfig('bibliography_page')}#{key}")

    def _inline(self, cite: Cite) -> str:
        bib = self.ext.bibliography
        words = " ".join(filter(None, [cite.prefix, bib.label(cite.key)]))
        return f"[{words}{', ' + cite.locator if cite.locator else ''}]({self._link(cite.key)})"

    def _note(self, cite: Cite) -> tuple[str, str]:
        """The one-liner and the full reference."""
        bib, key = self.ext.bibliography, cite.key
        short = f"[{bib.label(key)}]({self._link(key)})"
        if cite.locator:
            short += f", {cite.locator}"
        if cite.prefix:
            short = f"{cite.prefix[:1].upper()}{cite.prefix[1:]} {short}"
        return short + ".", self.md.htmlStash.store(bib.full_html(key))   # converted once, not per note


class CitationUses(Treeprocessor):
    """Records which numbered paragraph cites which key (any link to a Bibliography entry)."""

    def __init__(self, md, ext: "CitationsExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        page, target = self.ext.edition.page, self.ext.getConfig("bibliography_page")
        here = posixpath.dirname(page.path)
        for block, anchor, label in numbered_blocks(root):
            for a in block.iter("a"):
                path, _, key = a.get("href", "").partition("#")
                if key and path and posixpath.normpath(posixpath.join(here, path)) == target:
                    page.uses.append(("cite", key, anchor, label))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


class CitationsExtension(Extension):
    def __init__(self, edition: Edition | None = None, bibliography: Bibliography | None = None, **kwargs):
        self.config = {
            "bib_file": ["", "references.bib to load when no Bibliography object is given"],
            "bibliography_page": ["bibliography.md", "docs/ path of the Bibliography page"],
        }
        super().__init__(**kwargs)
        self.edition = edition or Edition()
        self.bibliography = bibliography or Bibliography(self.getConfig("bib_file"))

    def extendMarkdown(self, md):
        # After whitespace is normalised (30), which would strip the markers of the stashed full
        # references; before the note checker (28), which then sees citation notes like any other.
        md.preprocessors.register(CitationRewriter(md, self), "reader_citations", 29)
        md.treeprocessors.register(CitationUses(md, self), "reader_citation_uses", 6)


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown entry point
    return CitationsExtension(**kwargs)

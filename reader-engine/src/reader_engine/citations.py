"""Citations: [@key] and [@key, p. 12], resolved against references.bib through the Bibliography seam.

In body text a citation becomes a footnote of kind 'citation' (and so a margin note) with author,
year, short title, locator and a link. Inside a note it becomes a short inline reference, because
notes do not nest. Every citation links to its entry on the Bibliography page.
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
                if in_note is not None:
                    replacement = "(" + "; ".join(self._inline(c) for c in cites) + ")"
                else:
                    ids = []
                    for cite in cites:
                        ident = "cite-" + cite.key + (f"--{_slug(cite.locator)}" if cite.locator else "")
                        notes.setdefault(ident, "Citation: " + self._note(cite))
                        ids.append(f"[^{ident}]")
                    replacement = "".join(ids)
                    start = out[i].index(raw)  # the mark hugs the word: take the spaces before it too
                    raw = out[i][len(out[i][:start].rstrip()):start + len(raw)]
                out[i] = out[i].replace(raw, replacement, 1)
        if notes:
            out += ["", *(f"[^{ident}]: {text}" for ident, text in notes.items())]
        return out

    def _link(self, key):
        return self.ext.edition.page.link(f"{self.ext.getConfig('bibliography_page')}#{key}")

    def _inline(self, cite: Cite) -> str:
        bib = self.ext.bibliography
        words = " ".join(filter(None, [cite.prefix, f"{bib.authors(cite.key)} {bib.year(cite.key)}"]))
        return f"[{words}{', ' + cite.locator if cite.locator else ''}]({self._link(cite.key)})"

    def _note(self, cite: Cite) -> str:
        bib, key = self.ext.bibliography, cite.key
        title = f"*{bib.short_title(key)}*" if bib.is_book(key) else f"“{bib.short_title(key)}”"
        text = f"[{bib.authors(key)} {bib.year(key)}]({self._link(key)}), {title}"
        if cite.locator:
            text += f", {cite.locator}"
        if cite.prefix:
            text = f"{cite.prefix[:1].upper()}{cite.prefix[1:]} {text}"
        text += "."
        if bib.url(key):
            text += f" [Online]({bib.url(key)})."
        return text


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
        # Before the note checker (35), which then sees citation notes like any other note.
        md.preprocessors.register(CitationRewriter(md, self), "reader_citations", 40)
        md.treeprocessors.register(CitationUses(md, self), "reader_citation_uses", 6)


def makeExtension(**kwargs):  # pragma: no cover - Python-Markdown entry point
    return CitationsExtension(**kwargs)

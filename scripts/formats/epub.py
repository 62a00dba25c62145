"""EPUB 3 with ebooklib: chapters, glossary and bibliography; notes as popup footnotes."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from mkdocs.utils import get_build_datetime
from repro_zipfile import ReproducibleZipFile

from . import printable
from .site import BuiltSite

STYLE = """body { font-family: serif; line-height: 1.5; }
.pn { font-family: sans-serif; font-size: 0.7em; color: #555; margin-right: 0.4em; }
.call, .call-sep { font-size: 0.75em; vertical-align: super; text-decoration: none; }
.sn-group { white-space: nowrap; }
.para-notes { font-size: 0.85em; margin: 0 0 1em 1em; padding-left: 0.6em; border-left: 1px solid #999; }
.fn-kind { font-family: sans-serif; font-size: 0.8em; font-weight: bold; text-transform: uppercase; }
.admonition { border: 1px solid #999; padding: 0 0.8em; margin: 1em 0; }
.key-terms dt { font-weight: bold; }
.bib-entry { margin-left: 1.5em; text-indent: -1.5em; }"""


def _xhtml(element) -> str:
    body = "".join(etree.tostring(child, method="xml", encoding="unicode") for child in element)
    return (body.replace('data-noteref=""', 'epub:type="noteref"')
                .replace('<aside class="note ', '<aside epub:type="footnote" class="note '))


def build(site_dir: Path, out: Path) -> None:
    from ebooklib import epub
    site = BuiltSite(site_dir)
    book = epub.EpubBook()
    book.set_identifier("dual-power-reader-edition")
    book.set_title("Dual Power Reader: an annotated study edition")
    book.set_language("en-GB")
    book.add_author("The Dual Power Reader editors")
    book.add_metadata("DC", "description", f"A reader's edition of {printable.ESSAY}, in the editors' own words, "
                      "with notes, corrections, glossary and bibliography. Paragraph numbers match the website.")
    book.add_metadata("DC", "rights", "Text CC BY-SA 4.0")
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=STYLE)
    book.add_item(style)
    pages = [(f"chapter-{c.number:02d}.xhtml", f"{c.number}. {c.title}", c.article) for c in site.chapters]
    pages += [("glossary.xhtml", "Glossary", site.article("glossary")),
              ("bibliography.xhtml", "Bibliography", site.article("bibliography"))]
    items = []
    for name, title, article in pages:
        item = epub.EpubHtml(title=title, file_name=name, lang="en-GB")
        item.content = f"<html><head><title>{title}</title></head><body>{_xhtml(printable.clean(article, 'epub'))}</body></html>"
        item.add_item(style)
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *items]
    made = io.BytesIO()
    epub.write_epub(made, book, {"mtime": get_build_datetime(), "raise_exceptions": True})
    # ebooklib dates each zip member by the clock; copied in order, they take SOURCE_DATE_EPOCH.
    with zipfile.ZipFile(made) as source, ReproducibleZipFile(out, "w") as archive:
        for member in source.infolist():
            archive.writestr(member.filename, source.read(member), member.compress_type)

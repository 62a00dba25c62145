"""PDFs from parts: each part laid out once by WeasyPrint, documents assembled with PyMuPDF, and A5
booklets imposed two-up on A4 with pdfimpose.

A document (handout, book, session pack) is a list of parts: a cover, the contents, a chapter, a
page of back matter. Laying out is nearly all of the cost, so each part is laid out on its own and
kept in a folder of parts, named by a digest of its HTML and of everything else that shapes it: a
chapter's A4 layout serves its handout and the session packs, its A5 layout the book and the
booklet, and a run after an edit lays out only the parts that changed. A document is its parts' pages in order; then the running heads
and the page numbers ("page 3 of 40", which depend on the whole document) are written on, and the
outline and the contents' links are added. Heads and numbers are set as paged.css sets them: their
font, size, colour and place are read from one page that WeasyPrint lays out with that stylesheet.
Laying out the margins of every page with WeasyPrint was a sixteenth of all its work.
"""
from __future__ import annotations

import gc
import io
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from . import digests

STYLESHEET = Path(__file__).with_name("paged.css")
A5 = """@page { size: A5; margin: 16mm 13mm 17mm 21mm; }
html { font-size: 9.5pt; }
.pn { width: 11mm; left: -13.5mm; }
li .pn { left: -18.5mm; }
.cover { padding-top: 25mm; }
.cover-title { font-size: 22pt; }"""
# Parts get their running heads and numbers when they are assembled.
PARTS = "@page { @top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } }"
EDITION = "Dual Power Reader"   # paged.css's top-left head
# The characters running heads use. The sample page shows them, and any other a document's titles
# use, in the heads' type, so that the font read from it (subset to what it shows) has every one.
HEAD_CHARACTERS = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;!?&()/'-"
                   "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7\u00e0\u00e1\u00e7\u00e8\u00e9\u00ed\u00f1\u00f3\u00f6\u00fa\u00fc")
# The sample page: a head at each side, where a title and the edition's name go, and a number.
MARGINS = (f'@page {{ @top-right {{ content: "{EDITION}"; }} @bottom-center {{ content: "page 0123456789 of 0123456789"; }} }}'
           ' body { font: 7.5pt "DejaVu Sans", sans-serif; }')
PT = 0.75   # points per CSS pixel


@dataclass
class Part:
    """A laid-out part: its PDF in the parts folder, and what assembling needs to know of it."""

    name: str          # what the contents link to, e.g. ch-3
    path: Path
    pages: int
    numbered: bool     # False for covers and padding: no running head or page number is written on them
    a5: bool           # its page size: A5, else A4
    head: str          # its running head on the right: its title (paged.css: string(chapter)), or none
    bookmarks: list    # (level, label, page) from its headings
    links: list        # (target part name, page, rectangle in points): the contents' entries


@cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


@cache
def _styles(a5: bool, extra: str):
    """Parsed once per process, with one font configuration: loading the fonts costs a tenth of a
    second per document, more than laying out a short part."""
    from weasyprint import CSS
    fonts = _fonts()
    sheets = [CSS(filename=str(STYLESHEET), font_config=fonts)]
    if a5:
        sheets.append(CSS(string=A5, base_url=str(STYLESHEET), font_config=fonts))
    return sheets + [CSS(string=extra, font_config=fonts)], fonts


def ready() -> None:
    """WeasyPrint imported, its fonts loaded and both page sizes' styles parsed: most of a second,
    spent once while MkDocs builds the site. Workers forked after start with it."""
    for a5 in (False, True):
        _styles(a5, PARTS)


def worker() -> None:
    """A worker leaves what it started with to the garbage collector's permanent generation, and
    collects less often: laying out makes millions of short-lived objects, and collecting took a
    tenth of a worker's time (a fiftieth after, for 50 MB more memory)."""
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def key(html: str, a5: bool) -> str:
    """A part's name in the parts folder: a digest of its HTML and of what shapes every layout."""
    return digests.of(digests.common(), "A5" if a5 else "A4", html)


def characters(parts: list[Part]) -> str:
    """What the sample page must show for these parts' heads: HEAD_CHARACTERS, and any others."""
    return HEAD_CHARACTERS + "".join(sorted({c for part in parts for c in part.head} - set(HEAD_CHARACTERS)))


def margins_key(a5: bool, shown: str) -> str:
    return digests.of(digests.common(), "margins", "A5" if a5 else "A4", shown)


def lay_out(name: str, html: str, a5: bool, numbered: bool, folder: Path) -> Part:
    """The part from the folder if its digest is there, else laid out and written there."""
    name_in_folder = key(html, a5)
    path, about = folder / f"{name_in_folder}.pdf", folder / f"{name_in_folder}.json"
    if not (path.exists() and about.exists()):
        from weasyprint import HTML
        sheets, fonts = _styles(a5, PARTS)
        document = HTML(string=html, base_url=str(STYLESHEET)).render(stylesheets=sheets, font_config=fonts)
        links = []
        for n, page in enumerate(document.pages):   # links to other parts are added when assembling
            outward = [link for link in page.links if link[0] == "internal" and link[1] not in page.anchors]
            page.links = [link for link in page.links if link not in outward]
            links += [(target, n, (x * PT, y * PT, (x + w) * PT, (y + h) * PT)) for _, target, (x, y, w, h), _ in outward]
        marks = [(level, label, page) for level, label, page in _flatten(document.make_bookmark_tree())]
        # A part's title is its h1.chapter-title, the one heading at level 1 (paged.css), at its top.
        head = next((label for level, label, _ in marks if level == 1), "")
        partial = _partial(path)
        document.write_pdf(partial)
        partial.replace(path)
        partial.write_text(json.dumps({"pages": len(document.pages), "head": head, "bookmarks": marks, "links": links}))
        partial.replace(about)
    known = json.loads(about.read_text())
    return Part(name, path, known["pages"], numbered, a5, known["head"], known["bookmarks"], known["links"])


def _partial(path: Path) -> Path:
    """Where to write a file before renaming it into place: a reader never sees half a file, and two
    workers making the same sample page of margins at once never collide."""
    return path.with_suffix(f".{os.getpid()}.partial")


def _flatten(tree, level=1):
    for label, (page, _, _), children, _ in tree:
        yield level, label, page
        yield from _flatten(children, level + 1)


@dataclass(frozen=True)
class Place:
    """Where paged.css sets one margin's text, in points from the top left of the page."""

    left: float
    right: float
    baseline: float


@dataclass(frozen=True)
class MarginStyle:
    """How paged.css sets the running heads and page numbers, as WeasyPrint laid them out."""

    font: bytes      # the font WeasyPrint embedded, subset to the characters the sample shows
    size: float
    color: tuple
    head: Place      # top left: the edition's name
    title: Place     # top right: the part's title, set flush right
    number: Place    # bottom centre


@cache
def _margin_style(a5: bool, shown: str, folder: Path) -> MarginStyle:
    """Read from a sample page kept in the parts folder. Writing heads and numbers with PyMuPDF costs
    under a millisecond a page; WeasyPrint's margin boxes cost a sixteenth of its whole layout."""
    import pymupdf
    path = folder / f"{margins_key(a5, shown)}.pdf"
    if not path.exists():
        from weasyprint import HTML
        sheets, fonts = _styles(a5, MARGINS)
        partial = _partial(path)
        HTML(string=f"<!DOCTYPE html><html><body><p>{escape(shown)}</p></body></html>",
             base_url=str(STYLESHEET)).render(stylesheets=sheets, font_config=fonts).write_pdf(partial)
        partial.replace(path)
    with pymupdf.open(path) as sample:
        page = sample[0]
        spans = [span for block in page.get_text("dict")["blocks"] for line in block["lines"] for span in line["spans"]]
        (font,) = page.get_fonts()
        left, right = sorted((span for span in spans if span["text"] == EDITION), key=lambda span: span["bbox"][0])
        number = next(span for span in spans if span["text"].startswith("page "))
        places = [Place(span["bbox"][0], span["bbox"][2], span["origin"][1]) for span in (left, right, number)]
        color = tuple((left["color"] >> shift & 255) / 255 for shift in (16, 8, 0))
        return MarginStyle(sample.extract_font(font[0])[3], left["size"], color, *places)


def _write_margins(document, parts: list[Part], folder: Path) -> None:
    """The running heads and "page 3 of 40" on each page of the numbered parts, where paged.css sets them."""
    import pymupdf
    style = _margin_style(parts[0].a5, characters(parts), folder)
    font = pymupdf.Font(fontbuffer=style.font)
    pages = [part for part in parts for _ in range(part.pages)]
    advance = cache(lambda character: font.text_length(character, style.size))   # unkerned: a sum of advances
    width = lambda text: sum(map(advance, text))  # noqa: E731
    for index, (page, part) in enumerate(zip(document, pages, strict=True)):
        if not part.numbered:
            continue
        number = f"page {index + 1} of {document.page_count}"
        writer = pymupdf.TextWriter(page.rect, color=style.color)
        for text, x, y in ((EDITION, style.head.left, style.head.baseline),
                           (part.head, style.title.right - width(part.head), style.title.baseline),
                           (number, (style.number.left + style.number.right - width(number)) / 2, style.number.baseline)):
            if text:
                writer.append((x, y), text, font=font, fontsize=style.size)
        # Under the page's content, so before WeasyPrint's, whose flipped coordinates stay in force
        # at its end: balancing them first (wrap_contents) cost a third of assembling.
        writer.write_text(page, overlay=False)


def assemble(parts: list[Part], title: str, identifier: str, folder: Path):
    """The parts as one PyMuPDF document: numbered, with an outline and the contents' links."""
    import pymupdf
    document = pymupdf.open()
    starts, outline = {}, []
    for part in parts:
        starts[part.name] = start = document.page_count
        with pymupdf.open(part.path) as source:
            document.insert_pdf(source)
        outline += [[level, label, start + page + 1] for level, label, page in part.bookmarks]
    _write_margins(document, parts, folder)
    for part in parts:
        for target, page, rectangle in part.links:
            if target in starts:
                document[starts[part.name] + page].insert_link(
                    {"kind": pymupdf.LINK_GOTO, "from": pymupdf.Rect(rectangle), "page": starts[target],
                     "to": pymupdf.Point(0, 0)})
    document.set_toc(outline)
    document.set_metadata({"title": title, "producer": f"WeasyPrint, PyMuPDF {pymupdf.VersionBind}"})
    _identify(document, identifier)
    return document


def _identify(document, identifier: str) -> None:
    """A file identifier derived from what the document is made of, not MuPDF's random one, so the
    same parts always make the same file."""
    document.xref_set_key(-1, "ID", f"[<{identifier[:32]}><{identifier[:32]}>]")


def save(document, out: Path) -> int:
    pages = document.page_count
    document.save(out, garbage=3, deflate=True, use_objstms=True, no_new_id=True)
    document.close()
    return pages


def render(parts: list[Part], out: Path, title: str, identifier: str, folder: Path) -> int:
    """Write the document's PDF and return its page count."""
    return save(assemble(parts, title, identifier, folder), out)


def impose(pages: Path, count: int, padding: Part, out: Path, title: str, identifier: str) -> int:
    """An A5 document of count pages as a booklet: padded with notes pages to a multiple of four,
    then imposed two-up on A4 in saddle-stitch order (print double-sided, flip on the short edge,
    fold). Returns the number of A5 pages."""
    import pymupdf
    from pdfimpose.schema import saddle
    imposed = io.BytesIO()
    saddle.impose([pages, *[padding.path] * (-count % 4)], imposed, folds="h")  # one fold: two A5 pages side by side
    with pymupdf.open(stream=imposed.getvalue()) as imposition:
        # pdfimpose runs its sources' fields together ("Notes, Notes"); the pages' title is the one.
        imposition.set_metadata({"title": title, "author": "", "subject": "", "keywords": ""})
        _identify(imposition, identifier)
        imposition.save(out, garbage=3, deflate=True, use_objstms=True, no_new_id=True)
    return count + -count % 4


def book(parts: list[Part], padding: Part, out: Path, booklet_out: Path, title: str, identifier: str,
         folder: Path) -> tuple[int, int]:
    """The A5 book, then the same pages as a booklet: one assembly for both. Returns both page counts."""
    count = render(parts, out, title, identifier, folder)
    return count, impose(out, count, padding, booklet_out, title, digests.of(identifier, booklet_out.name))


def booklet(parts: list[Part], padding: Part, out: Path, title: str, identifier: str, folder: Path) -> int:
    """A session pack's A5 parts as a booklet alone."""
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp, "pages.pdf")
        return impose(pages, render(parts, pages, title, identifier, folder), padding, out, title, identifier)

"""PDF rendering with WeasyPrint, and A5 booklets imposed two-up on A4 with pdfimpose."""
from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from . import printable

STYLESHEET = Path(__file__).with_name("paged.css")
A5 = """@page { size: A5; margin: 16mm 13mm 17mm 21mm; }
html { font-size: 9.5pt; }
.pn { width: 11mm; margin-left: -13.5mm; }
li .pn { margin-left: -18.5mm; }
.cover { padding-top: 25mm; }
.cover-title { font-size: 22pt; }"""


def render(document: str, out: Path, a5: bool = False) -> int:
    """Write the PDF and return its page count."""
    from weasyprint import CSS, HTML
    styles = [CSS(filename=str(STYLESHEET))] + ([CSS(string=A5, base_url=str(STYLESHEET))] if a5 else [])
    pdf = HTML(string=document, base_url=str(STYLESHEET)).render(stylesheets=styles)
    pdf.write_pdf(out)
    return len(pdf.pages)


def booklet(document: str, out: Path) -> int:
    """An A5 booklet: the document on A5 pages, padded with notes pages to a multiple of four, then
    imposed two-up on A4 in saddle-stitch order (print double-sided, flip on the short edge, fold).
    Returns the number of A5 pages."""
    import pymupdf
    from pdfimpose.schema import saddle
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp, "pages.pdf")
        count = render(document, pages, a5=True)
        blank = (-count) % 4
        if blank:
            notes_page = Path(tmp, "notes.pdf")
            render(printable.document("Notes", printable.ruled_lines(14), "padding"), notes_page, a5=True)
            writer = PdfWriter(clone_from=pages)
            for _ in range(blank):
                writer.add_page(PdfReader(notes_page).pages[0])
            with open(pages, "wb") as handle:
                writer.write(handle)
        imposed = io.BytesIO()
        saddle.impose([str(pages)], imposed, folds="h")  # one fold: two A5 pages side by side
        identifier = hashlib.md5(pages.read_bytes()).hexdigest()
    # pdfimpose saves with MuPDF's random file identifier; derive it from the pages instead, as
    # WeasyPrint does, so the same document always makes the same booklet.
    with pymupdf.open(stream=imposed.getvalue()) as imposition:
        imposition.xref_set_key(-1, "ID", f"[<{identifier}><{identifier}>]")
        imposition.save(out, no_new_id=True)
    return count + blank

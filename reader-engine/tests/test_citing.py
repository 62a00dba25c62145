"""How the edition is cited: its version, reference managers' metadata and the citation templates."""
import datetime

from reader_engine import citing

EDITION = citing.EditionInfo(title="A Reader: an edition of “X & Y” (2020)", authors="The editors",
                             date=datetime.date(2026, 1, 1), digest="abcd1234", site_url=None)
PUBLISHED = citing.EditionInfo(**{**EDITION.__dict__, "site_url": "https://example.org/reader/"})
VALUES = {"title": "Origins", "title_bib": "Origins", "chapter": "3", "para": "3.7", "anchor": "p3-7",
          "url": "https://example.org/reader/chapters/03/#p3-7", "accessed": "3 February 2026",
          "accessed_apa": "February 3, 2026", "accessed_mla": "3 Feb. 2026", "accessed_iso": "2026-02-03",
          "accessed_ris": "2026/02/03"}


def test_the_version_changes_with_the_text_and_only_with_it():
    one = citing.text_digest([("a.md", "text"), ("b.md", "more")])
    assert one == citing.text_digest([("b.md", "more"), ("a.md", "text")])
    assert one != citing.text_digest([("a.md", "text!"), ("b.md", "more")])
    assert EDITION.version == "2026-01-01.abcd1234"


def test_every_style_names_the_edition_chapter_paragraph_place_and_date():
    for edition, where in ((PUBLISHED, VALUES["url"]), (EDITION, "Offline copy")):
        for style, template in citing.styles(edition).items():
            text = citing.fill(template, VALUES)
            assert "3.7" in text and where in text, (style, text)
            assert ("X \\& Y" if style == "bibtex" else "X & Y") in text, (style, text)
            assert any(date in text for date in ("3 February 2026", "February 3, 2026", "3 Feb. 2026", "2026-02-03",
                                                 "2026/02/03")), (style, text)
    assert "«" not in citing.fill(citing.styles(PUBLISHED)["chicago"], VALUES)


def test_reference_managers_metadata():
    meta = dict(citing.page_meta(PUBLISHED, "Origins", "chapters/03/", 3))
    assert meta["citation_title"] == "Origins" and meta["citation_author"] == "The editors"
    assert meta["citation_publication_date"] == "2026/01/01"
    assert meta["citation_public_url"] == "https://example.org/reader/chapters/03/"
    assert meta["citation_inbook_title"] == EDITION.title and meta["dpr-edition"] == EDITION.version
    assert "citation_public_url" not in dict(citing.page_meta(EDITION, "About", "about/", None))


def test_the_about_page_example_uses_the_same_templates():
    html = citing.about_html(PUBLISHED, "Origins", 3, "chapters/03/")
    assert "<i>A Reader: an edition of “X &amp; Y” (2020)</i>" in html
    assert "¶ 3.7" in html and "https://example.org/reader/chapters/03/#p3-7" in html and "[date]" in html

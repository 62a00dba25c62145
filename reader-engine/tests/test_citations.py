from pathlib import Path

import pytest

from reader_engine.bibliography import Bibliography
from reader_engine.errors import AuthoringError
from reader_engine.pages import bibliography_markdown


def test_body_citation_becomes_a_one_line_note_with_the_full_reference_to_open(convert):
    html, page = convert("A claim [@kilcullen2013, p. 12].", chapter=5, path="chapters/05.md")
    assert 'data-kind="citation"' in html
    note = html[html.index('class="sidenote"'):]
    assert '<span class="sn-p"><a href="../bibliography.md#kilcullen2013">Kilcullen 2013</a>, p. 12.</span>' in note
    assert '<span class="sn-p sn-full">Kilcullen, David. 2013. <em>Out of the Mountains' in note
    assert ("cite", "kilcullen2013", "p5-1", "5.1") in page.uses


def test_citation_with_url_links_out_from_its_full_reference(convert):
    html, _ = convert("See [@lenin1917tasks].")
    full = html[html.index('class="sn-p sn-full"'):]
    assert '<a href="https://www.marxists.org/archive/lenin/works/1917/tasks/index.htm">' in full[:full.index("</span>")]


def test_citation_inside_note_is_inline_not_nested(convert):
    html, _ = convert("Text.[^n]\n\n[^n]: Context: As argued [see @kilcullen2013, ch. 3].\n")
    assert html.count('class="sidenote"') == 1
    assert '(<a href="../bibliography.md#kilcullen2013">see Kilcullen 2013, ch. 3</a>)' in html


def test_unknown_key_names_line_and_suggests(convert):
    with pytest.raises(AuthoringError) as caught:
        convert("Fine.\n\nBad [@kilcullen2031].")
    assert str(caught.value).startswith("docs/chapters/01.md:3: unknown citation key 'kilcullen2031' (did you mean kilcullen2013?)")


def test_short_forms(edition_data):
    _, bib = edition_data
    assert bib.authors("kilcullen2013") == "Kilcullen" and bib.year("kilcullen2013") == "2013"
    assert bib.label("kilcullen2013") == "Kilcullen 2013"


def test_bibliography_page_groups_and_links(edition_data):
    _, bib = edition_data
    text = bibliography_markdown(bib)
    assert text.index("## Primary texts") < text.index("lenin1917tasks") < text.index("## Contemporary sources")
    assert '<p class="bib-entry" id="kilcullen2013">' in text and "<!-- uses:cite:kilcullen2013 -->" in text
    assert "<https://www.marxists.org/archive/lenin/works/1917/tasks/index.htm>" in bib.full("lenin1917tasks")
    url = "https://www.marxists.org/archive/lenin/works/1917/tasks/index.htm"
    assert f'<a href="{url}">{url}</a>' in bib.full_html("lenin1917tasks")   # the same, converted once


BAD_BIB = {
    "syntax": ("@book{a,\n  title = {T},\n  author = {X, Y}\n  year = {2000},\n}\n", "cannot be read"),
    "duplicate": ("@book{a, title={T}, author={X}, keywords={primary}}\n@book{a, title={U}, author={Y}, keywords={primary}}\n",
                  "invalid"),
    "no title": ("@book{a,\n  author = {X},\n  keywords = {primary},\n}\n", "entry 'a' has no title"),
    "no author": ("@book{a,\n  title = {T},\n  keywords = {primary},\n}\n", "entry 'a' has no author or editor"),
    "no group": ("@book{a,\n  title = {T},\n  author = {X},\n}\n", "not a bibliography group"),
    "bad url": ("@book{a,\n  title = {T},\n  author = {X},\n  keywords = {primary},\n  url = {www.x.org},\n}\n",
                "url that is not http(s)"),
}


@pytest.mark.parametrize("case", BAD_BIB)
def test_malformed_bib_entries_name_file_and_line(tmp_path, case):
    text, message = BAD_BIB[case]
    path = tmp_path / "references.bib"
    path.write_text("\n" + text)
    with pytest.raises(AuthoringError) as caught:
        Bibliography(path, shown_as="references.bib")
    assert str(caught.value).startswith("references.bib:") and message in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_without_pandoc_pybtex_output_is_clean(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@book{k,\n  author = {Kilcullen, David},\n  title = {Out of the Mountains},\n"
                    "  publisher = {Oxford University Press},\n  year = {2013},\n  keywords = {contemporary},\n}\n")
    assert Bibliography(path, csl=None).full("k") == "David Kilcullen. *Out of the Mountains*. Oxford University Press, 2013."
    path.write_text(path.read_text() + "@incollection{c,\n  author = {X, Y},\n  title = {T},\n  year = {2000},\n"
                    "  keywords = {primary},\n}\n")
    with pytest.raises(AuthoringError) as caught:
        Bibliography(path, csl=None, shown_as="references.bib").full("k")
    assert str(caught.value).startswith("references.bib:8: entry 'c' lacks the field 'booktitle'")


def test_pandoc_case_protection_spans_are_removed():
    from reader_engine.bibliography import _tidy
    assert _tidy("X. n.d. *[[Report on the 2018 conference]]{.nocase}*. Cosmonaut.") == \
        "X. n.d. *[Report on the 2018 conference]*. Cosmonaut."
    assert _tidy("Y. 2016. “Review of [Bookchin, *The Next Revolution*]{.nocase}.” pp. 1--9") == \
        "Y. 2016. “Review of Bookchin, *The Next Revolution*.” pp. 1–9"


def test_urls_from_pandoc_lose_their_markdown_escapes():
    from reader_engine.bibliography import _tidy
    assert _tidy("Site. <https://x.org/?p=1\\&env=1>. <https://y.org/a\\%20b>.") == \
        "Site. <https://x.org/?p=1&env=1>. <https://y.org/a%20b>."
    assert _tidy("[https://x.org/?p=1\\&e=1](https://x.org/?p=1\\&e=1).") == \
        "[https://x.org/?p=1&e=1](https://x.org/?p=1&e=1)."
    assert _tidy("[https://x.org/Party's\\_Free](https://x.org/Party’s_Free).") == \
        "[https://x.org/Party’s_Free](https://x.org/Party’s_Free)."   # as its target, to the letter
    assert _tidy("[https://x.org/a,\\%20b\\%20(c),\\%20d](https://x.org/a,%20b%20(c),%20d). Next") == \
        "[https://x.org/a,%20b%20(c),%20d](https://x.org/a,%20b%20(c),%20d). Next"
    assert _tidy("pp. 1--9. <https://x.gov.uk/groups--2>.") == "pp. 1–9. <https://x.gov.uk/groups--2>."


def test_formatted_references_are_cached_and_renewed_when_the_bib_changes(tmp_path, edition_data, monkeypatch):
    csl = edition_data[1]._csl
    path = tmp_path / "references.bib"
    path.write_text((Path(__file__).parent / "fixtures" / "references.bib").read_text())
    fresh = Bibliography(path, csl, cache_dir=tmp_path / "cache")
    keys = fresh.keys
    formatted = {k: fresh.full(k) for k in keys}
    assert formatted == {k: edition_data[1].full(k) for k in keys}      # the same as without a cache
    monkeypatch.setattr(Bibliography, "_format_all", lambda self: pytest.fail("formatted again"))
    assert {k: Bibliography(path, csl, cache_dir=tmp_path / "cache").full(k) for k in keys} == formatted
    path.write_text(path.read_text().replace("Out of the Mountains", "Out of the Hills"))
    with pytest.raises(pytest.fail.Exception, match="formatted again"):
        Bibliography(path, csl, cache_dir=tmp_path / "cache").full(keys[0])


def test_two_works_of_one_author_and_year_are_told_apart_as_in_the_bibliography(convert, edition_data):
    _, bib = edition_data
    labels = {bib.label("lenin1917dualpower"), bib.label("lenin1917tasks")}
    assert labels == {"Lenin 1917a", "Lenin 1917b"}
    for key in ("lenin1917dualpower", "lenin1917tasks"):
        assert bib.full(key).startswith(f"Lenin, V. I. {bib.label(key)[-5:]}.")   # the same letter in the list
    html, _ = convert("Both [@lenin1917tasks] and [@lenin1917dualpower, p. 3].")
    assert f">{bib.label('lenin1917tasks')}</a>." in html and f">{bib.label('lenin1917dualpower')}</a>, p. 3." in html
@pytest.mark.parametrize("line", [
    "A claim [@kilcullen2013, p. 12].", "Two [see @lenin1917tasks, ch. 3; @kilcullen2013] and [@bookchin1991].",
    "No citation [here] or [mail me@example.org] or [x@y.org; @kilcullen2013].", "[@a-b_c, pp. 1-2; also @d]",
    "Odd [@] and [pre @key, ] and [[term]] [@k1][@k2]", "plain text"])
def test_citation_grammar_is_mkdocs_bibtex_s(edition_data, line):
    from mkdocs_bibtex.citation import CitationBlock
    _, bib = edition_data
    theirs = [(f"[{b.raw}]", [(c.key, c.prefix.strip(), c.suffix.strip()) for c in b.citations])
              for b in CitationBlock.from_markdown(line)]
    ours = [(raw, [(c.key, c.prefix, c.locator) for c in cites]) for raw, cites in bib.find(line)]
    assert ours == theirs

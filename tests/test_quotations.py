"""Every quotation is cited to a place in its source, cited to a work without parts, or flagged
(issue 13, section 3; the checker is scripts/quotations.py, its convention in its docstring).

The first tests run the checker on small texts, to show that it fails where it should; the last one
runs it on the edition itself."""
import pytest
from pybtex.database import parse_string

from conftest import ROOT
from quotations import check_file, check_glossary, check_markdown, edition_files, load_works, works_from

BIB = r"""
@book{book, author = {Author, A.}, title = {{A Long Book: With a Subtitle}}, year = {2001}, keywords = {primary}}
@misc{page, author = {{Org}}, title = {{A Short Page}}, pagination = {none}, keywords = {contemporary}}
@misc{report, author = {{Org}}, title = {{``Defend Them All'': A Report}}, keywords = {contemporary}}
"""
WORKS = works_from(parse_string(BIB, "bibtex").entries)
FIX = ("add a locator `[@book, p. N]`, mark the entry `pagination = {none}` if it has no parts, "
       "or flag it with 'wording not confirmed' / 'source not identified'")


def problems(markdown: str) -> list[str]:
    return [str(p) for p in check_markdown(markdown, "page.md", WORKS)]


# --- block quotations ------------------------------------------------------------------------

def test_an_uncited_unflagged_block_quotation_fails():
    found = problems("Intro.\n\n> Some words that somebody wrote down once.\n\nAfter.\n")
    assert found == ["page.md:3: “Some words that somebody wrote down…” is a block quotation that is "
                     "not cited and is not flagged: add a locator `[@key, p. N]`, mark the entry "
                     "`pagination = {none}` if it has no parts, or flag it with 'wording not "
                     "confirmed' / 'source not identified'."]


def test_a_block_quotation_cited_without_a_locator_fails():
    assert problems("> Some words. [@book]\n") == [
        f"page.md:1: “Some words.” is cited without a locator ([@book]) and is not flagged: {FIX}."]


@pytest.mark.parametrize("text", [
    "> Some words. [@book, p. 12]\n",                      # the citation in the quotation
    "> Some words,\n> over two lines.\n\n[@book, pp. 3–4]\n",  # in the text just after it
    "> Some words.\n\nSo wrote Author [@book, ch. 2], and more.\n",
    "> Some words. [@page]\n",                              # a work without parts
    "As the next passage shows (wording not confirmed):\n\n> Some words. [@book]\n",
    "> Some words. [@book]\n\nSource not identified: we could not find them.\n",
    "Author wrote:[^n]\n\n> Some words.\n\n[^n]: Citation: Source not confirmed.\n",
])
def test_a_block_quotation_located_or_flagged_passes(text):
    assert problems(text) == []


def test_a_flag_two_paragraphs_away_does_not_count_for_a_block_quotation():
    text = "Wording not confirmed.\n\nA paragraph between.\n\n> Some words. [@book]\n"
    assert len(problems(text)) == 1


# --- quoted passages followed by a citation --------------------------------------------------

def test_a_quotation_cited_without_a_locator_fails():
    assert problems('He calls it "a strange thing" [@book].\n') == [
        f"page.md:1: “a strange thing” is cited without a locator ([@book]) and is not flagged: {FIX}."]


@pytest.mark.parametrize("locator", ["p. 12", "pp. 3–4", "ch. 2", "§ 5", "para. 7", 'sec. "A Heading?"',
                                     "thesis 5"])
def test_a_quotation_with_a_locator_passes(locator):
    assert problems(f'He calls it “a strange thing” [@book, {locator}].\n') == []


def test_a_locator_the_convention_does_not_know_fails():
    assert "a locator the convention does not know" in problems('He calls it "odd" [@book, 12].\n')[0]


def test_a_quotation_cited_to_a_work_without_parts_passes():
    assert problems('The page calls it "a strange thing" [@page].\n') == []


def test_a_flag_in_the_same_sentence_passes():
    assert problems('He calls it "a strange thing" [@book] (wording not confirmed).\n') == []
    assert problems('Wording\nnot confirmed: he calls it "a strange thing" [@book].\n') == []


def test_a_flag_in_another_sentence_does_not_count():
    assert len(problems('Wording not confirmed. He calls it "a strange thing" [@book].\n')) == 1


def test_a_flag_in_a_note_the_sentence_references_passes():
    text = 'He calls it "a strange thing" [@book].[^n] Next.\n\n[^n]: Citation: Source not identified.\n'
    assert problems(text) == []


def test_a_flag_in_a_note_another_sentence_references_does_not_count():
    text = 'He calls it "a strange thing" [@book]. Next.[^n]\n\n[^n]: Citation: Source not identified.\n'
    assert len(problems(text)) == 1


def test_a_quotation_inside_a_note_is_checked_and_its_own_sentence_can_flag_it():
    assert len(problems('Text.[^n]\n\n[^n]: Context: It says "a strange thing" [@book].\n')) == 1
    assert problems('Text.[^n]\n\n[^n]: Context: It says "a strange thing" [@book]; source not confirmed.\n') == []


@pytest.mark.parametrize("title, key", [("A Long Book", "book"), ("a long book: with a subtitle", "book"),
                                        ("Defend Them All", "report"), ("Defend Them All: A Report", "report")])
def test_the_title_or_short_title_of_the_cited_work_is_not_a_quotation(title, key):
    assert problems(f'In "{title}" [@{key}] she argues.\n') == []


def test_the_title_of_another_work_is_a_quotation():
    assert len(problems('In "A Long Book" [@report] she argues.\n')) == 1


@pytest.mark.parametrize("text", [
    'He calls it "a strange thing".\n',                     # no citation at all
    'He calls it "a strange thing". Others disagree [@book].\n',  # the citation is in the next sentence
    'He calls it "a strange thing".\nOthers disagree [@book].\n',
    'He calls it "a strange thing".\n\nOthers disagree [@book].\n',
    'Others disagree [@book] with what he calls "a strange thing".\n',  # the citation comes first
])
def test_a_quotation_not_followed_by_a_citation_in_its_sentence_is_out_of_scope(text):
    assert problems(text) == []


def test_a_full_stop_inside_the_quotation_or_after_an_initial_ends_no_sentence():
    assert len(problems('His verdict: "It is so." [@book] Next.\n')) == 1
    assert len(problems('He wrote "It is so. Then it was not" [@book].\n')) == 1
    assert len(problems('V. I. Lenin calls it "a strange thing" [@book].\n')) == 1
    assert problems('Wording not confirmed for V. I. Lenin, who calls it "odd" [@book].\n') == []
    assert len(problems('His "I am one" in What Is It? (1840) is famous [@book].\n')) == 1
    assert problems('His "I am one" in What Is It? (1840) It is famous [@book].\n') == []


def test_fenced_code_front_matter_html_and_admonition_titles_are_not_read():
    text = ('---\ntitle: "A title" [@book]\n---\n\n```\n> code [@book]\n```\n\n'
            '<span class="x" title="y">Text</span> [@book].\n\n!!! abstract "In brief"\n    Words [@book].\n')
    assert problems(text) == []


def test_a_quoted_heading_in_a_locator_is_not_a_quotation():
    assert problems('He calls it "odd" [@book, sec. "What is it?"], as others do [@report].\n') == []


# --- glossary.yml ----------------------------------------------------------------------------

def test_the_glossary_short_and_notes_fields_are_checked_with_their_line():
    yml = ('- term: "x"\n  short: "A short text."\n  notes: "It is \\"a strange thing\\" [@book]."\n'
           '  cite: [book]\n- term: "y"\n  short: "Called \\"odd\\" [@book, p. 3]."\n')
    assert [str(p) for p in check_glossary(yml, "glossary.yml", WORKS)] == [
        f"glossary.yml:3: “a strange thing” is cited without a locator ([@book]) and is not flagged: {FIX}."]


# --- the edition -----------------------------------------------------------------------------

def test_pagination_none_is_read_from_the_bibliography():
    assert WORKS["page"].unpaginated and not WORKS["book"].unpaginated
    assert load_works(ROOT / "references.bib")     # the edition's own, as pybtex reads it


@pytest.mark.parametrize("file", edition_files(ROOT), ids=lambda f: f.relative_to(ROOT).as_posix())
def test_every_quotation_is_located_or_flagged(file):
    found = check_file(file, ROOT, load_works(ROOT / "references.bib"))
    assert not found, "\n".join(map(str, found))

"""Search as a reader uses it, in Chromium, on the built site and on the offline copy from file://.
What a reader types finds its paragraph, note or entry among the first three results (QUERIES);
choosing a result opens the page there with the words marked; the keyboard and the announced
result count; and the search's own files load only once a reader starts a search."""
import re
import zipfile
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import NARROW, WIDE

CH3 = "chapters/03-leninist-and-anarchist-origins/"
CH4 = "chapters/04-bookchin-and-municipalism/"
CH5 = "chapters/05-guerrilla-and-insurgent-cases/"
CH6 = "chapters/06-the-infrastructural-turn/"
CH7 = "chapters/07-building-it-in-britain/"
CH8 = "chapters/08-appendix-definitions/"
# What a reader types, and where it must lead: a result among the first three links there.
QUERIES = [
    # names that appear once
    ("Dayton Martindale", CH4 + "#p4-3"),
    ("Barack Obama", CH6 + "#p6-3"),
    ("Judaeo-Christian", CH8 + "#p8-10"),
    # words found only in notes, and a phrase from a note (its result links to the calling ¶)
    ("Azovstal", CH5 + "#p5-9"),
    ("Tavistock and Portman", CH7 + "#p7-3"),
    ("Syntagma", CH4 + "#p4-2"),
    ("zemstvos", CH3 + "#p3-4"),
    ("against the backdrop of the Great Recession", CH6 + "#p6-3"),
    ("liberty machine in prototype", "chapters/01-why-dual-power/#p1-4"),
    # glossary terms
    ("soviet", "glossary/#soviet"),
    ("base-building", "glossary/#base-building"),
    ("mutual aid", "glossary/#mutual-aid"),
    # cited authors
    ("McAlevey", "bibliography/#mcalevey2016"),
    ("Kilcullen", "bibliography/#kilcullen2013"),
    # accented names typed without their accents
    ("Regis Debray", "bibliography/#debray1967"),
    ("Fjarde Internationalen", "bibliography/#fi1973dubbelmakten"),
    ("Ocalan", "glossary/#democratic-confederalism"),
    # the essay's misspellings, copied from it: our paragraph, through the note that corrects it
    ("Demcratic Socialists of America", CH6 + "#p6-10"),
    ("Hezbullahs", CH5 + "#p5-10"),
    ("David Killkullin", CH5 + "#p5-5"),
    ("Queercare", CH7 + "#p7-3"),
    ("Rosa-Negra", CH8 + "#p8-2"),
    # American spellings find the edition's British ones
    ("Labor Party", "glossary/#labour-party"),
    ("center-left", "glossary/#labour-party"),
    ("armed defense of the community", CH6 + "#p6-2"),
    ("analyzed the situation", CH3 + "#p3-2"),
    ("favored by liberal environmentalists", "chapters/01-why-dual-power/#p1-6"),
    # paragraph numbers
    ("6.9", CH6 + "#p6-9"),
    ("¶ 3.7", CH3 + "#p3-7"),
    # a timeline event
    ("Naxalbari rising", "timeline/#ev-1967"),
]
SEARCH_FILES = ("search-index.js", "minisearch.js", "search.js", "search.css", "search-query.js")


def where(href: str, root: str) -> str:
    """A result's place, as written in QUERIES, from its link: "chapters/06-…/#p6-9" served or
    from the offline copy (…/06-….html#p6-9), without the marking query."""
    parts = urlsplit(href)
    path = unquote(parts.path)[len(urlsplit(root).path):]
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    path = re.sub(r"\.html$", "/", path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def start_search(page):
    page.keyboard.press("/")
    box = page.locator("input[name=query]")
    expect(box).to_be_focused()
    return box


def search_for(page, query: str) -> list[str]:
    """Types query into the search box; the result links, once the count for it is announced."""
    page.locator("input[name=query]").fill(query)
    expect(page.get_by_role("status")).to_contain_text(f"for “{query}”")
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.href)")


def misses(page, root: str) -> list[str]:
    start_search(page)
    found = []
    for query, expected in QUERIES:
        top = [where(href, root) for href in search_for(page, query)[:3]]
        if expected not in top:
            found.append(f"{query!r}: wanted {expected}, first three {top}")
    return found


@pytest.fixture(scope="module")
def offline_copy(dist, tmp_path_factory):
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(dist[0] / "dual-power-reader-offline.zip") as archive:
        archive.extractall(folder)
    return folder / "dual-power-reader"


def test_queries_find_their_place_in_the_first_three_results(open_page, base_url):
    assert len(QUERIES) >= 20
    page = open_page(base_url + "chapters/01-why-dual-power/")
    assert not misses(page, base_url), misses(page, base_url)


def test_queries_find_their_place_in_the_offline_copy(open_page, offline_copy):
    page = open_page((offline_copy / "index.html").as_uri(), NARROW)
    root = offline_copy.as_uri() + "/"
    problems = misses(page, root)
    assert not problems, problems


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_a_result_opens_its_paragraph_with_the_words_marked(open_page, base_url, viewport):
    page = open_page(base_url, viewport)
    start_search(page)
    search_for(page, "Azovstal Mariupol")         # words of a note, in a closed note on a phone
    page.locator(".md-search-result__link").first.click()
    expect(page).to_have_url(re.compile(re.escape(CH5) + "#p5-9$"))   # the marking query is gone
    marks = page.locator("#p5-9 mark.search-mark")
    expect(marks.first).to_be_in_viewport()
    assert {m.lower() for m in marks.all_inner_texts()} == {"azovstal", "mariupol"}
    expect(page.locator("#p5-9 .sidenote:has(mark)").first).to_be_visible()   # its note is open


def test_marks_follow_the_search_rules(open_page, base_url):
    page = open_page(base_url + CH5)
    start_search(page)
    search_for(page, "Regis Debray")               # no accent typed: the accented name is marked
    page.locator(f".md-search-result__link[href*='{CH5}']").first.click()
    expect(page.locator("mark.search-mark").first).to_be_visible()
    marked = {m.lower() for m in page.locator("mark.search-mark").all_inner_texts()}
    assert "régis" in marked or "regis" in marked and "debray" in marked, marked


def test_search_from_the_keyboard_with_the_result_count_announced(open_page, base_url):
    page = open_page(base_url + CH6, WIDE)
    box = start_search(page)
    status = page.get_by_role("status")
    page.keyboard.type("Syntagma")
    expect(status).to_have_text("1 result for “Syntagma”")
    page.keyboard.press("ArrowDown")
    result = page.locator(".md-search-result__link").first
    expect(result).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".md-search__output")).to_be_hidden()
    expect(box).to_be_focused()                    # on a wide screen the closed box keeps focus
    page.keyboard.press("Enter")                   # and Enter opens it again,
    expect(result).to_be_visible()
    page.keyboard.press("Enter")                   # then opens the first result
    expect(page).to_have_url(re.compile(re.escape(CH4) + "#p4-2$"))


def test_phone_search_opens_from_the_header_button(open_page, base_url):
    page = open_page(base_url + CH6, NARROW)
    box = page.locator("input[name=query]")
    expect(box).not_to_be_in_viewport()
    page.locator("label.md-header__button[for=__search]").click()
    expect(box).to_be_focused()
    expect(box).to_be_in_viewport()
    assert search_for(page, "soviet")


def test_first_visit_loads_no_search_until_a_reader_starts_one(open_page, base_url):
    requested = []
    page = open_page("about:blank")
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + CH6)
    page.wait_for_load_state("networkidle")
    loaded = [url for url in requested if url.endswith(SEARCH_FILES)]
    assert not loaded, f"a first visit loads {loaded}"
    page.locator("input[name=query]").focus()
    expect(page.get_by_role("status")).to_have_text("Type to start searching")
    assert {url.rsplit("/", 1)[-1] for url in requested} >= set(SEARCH_FILES)

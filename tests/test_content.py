"""Editorial rules the edition's text must keep (the engine enforces the rest at build time)."""
import re
from html import unescape
from pathlib import Path

import pytest
from lxml import html as lhtml
from mkdocs.utils.yaml import yaml_load

from conftest import ROOT
from reader_engine.glossary import Glossary

CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))
TERM = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]")
# Words inside quotation marks or italics are the essay's or a title's, not ours to mark.
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|\*[^*\n]+\*")


def body_text(path: Path) -> str:
    """The retelling itself: paragraphs, without front matter, headings, boxes or notes."""
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    keep = [line for line in text.split("\n")
            if not line.startswith(("[^", "    ", "#", "!!!", ">"))]
    return "\n".join(keep)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_glossary_term_is_marked_at_its_first_use(chapter):
    glossary = Glossary.load(ROOT / "glossary.yml")
    body = body_text(chapter)
    first_marked = {}
    for m in TERM.finditer(body):
        first_marked.setdefault(glossary.lookup(m.group(2) or m.group(1)).slug, m.start())
    plain = TERM.sub(lambda m: "#" * len(m.group(0)), body)
    plain = QUOTED.sub(lambda m: "#" * len(m.group(0)), plain)
    plain = re.sub(r"\[\^[^\]]+\]|\[@[^\]]+\]|\]\([^)]*\)", lambda m: " " * len(m.group(0)), plain)
    unmarked = []
    for term in glossary.terms:
        for name in (term.name, *term.aliases):
            m = re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", plain, re.I)
            if m and m.start() < first_marked.get(term.slug, len(plain)):
                line = body[:m.start()].count("\n")
                unmarked.append(f"'{m.group(0)}' ({term.name}) first used unmarked in line {line + 1} of the body")
                break
    assert not unmarked, f"{chapter.name}: " + "; ".join(unmarked)


def test_every_page_has_its_own_description(site_dir, all_paths):
    """Search results and link previews show it: a sentence or two on what this page covers."""
    default = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_description"]
    pages_by_text = {}
    for path in (p for p in all_paths if p != "404.html"):   # the not-found page has the site's own
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<meta name="description" content="([^"]*)">', html)
        text, page = unescape(found.group(1)) if found else "", path or "home"
        assert text != default, f"{page} has only the site's description: give it a 'description:' in its front matter"
        assert 50 <= len(text) <= 200 and text.endswith("."), f"{page}: {text!r} is not a sentence or two"
        pages_by_text.setdefault(text, []).append(page)
    shared = [pages for pages in pages_by_text.values() if len(pages) > 1]
    assert not shared, f"pages share a description: {shared}"


def test_text_is_shown_as_written(site_dir, all_paths):
    """Nothing restyles what the sources wrote: an address shown as a link reads exactly as its
    target, no ordinal becomes a superscript ("20th Century", a heading of the essay's we quote), and
    sources cited together are one group."""
    problems = []
    for path in all_paths:
        html = (site_dir / path / ("index.html" if path != "404.html" else "")).read_text(encoding="utf-8")
        for href, text in re.findall(r'<a href="(https?://[^"]+)"[^>]*>(https?://.*?)</a>', html):
            if unescape(text) != unescape(href):
                problems.append(f"{path or 'home'}: a link to {href} reads {text!r}")
        problems += [f"{path or 'home'}: {m}" for m in re.findall(r"\d+<sup>(?:st|nd|rd|th)</sup>", html)]
        # Sources that stand together read as one group, "(A; B)", never "(A)(B)".
        problems += [f"{path or 'home'}: sources run together in {m!r}"
                     for m in re.findall(r"[^>]{0,30}</a>\)\(<a[^<]{0,30}", html)]
    assert not problems, "; ".join(problems[:5])


def test_every_address_in_the_bibliography_is_linked_as_recorded(site_dir):
    """The Bibliography links each entry's url exactly as references.bib records it (or its DOI,
    which the citation style prefers where an entry has both)."""
    from pybtex.database import parse_file
    html = unescape((site_dir / "bibliography" / "index.html").read_text(encoding="utf-8"))
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    missing = [f"{key}: {entry.fields['url']}" for key, entry in parse_file(str(ROOT / "references.bib")).entries.items()
               if "url" in entry.fields and entry.fields["url"] not in hrefs
               and "https://doi.org/" + entry.fields.get("doi", "-") not in hrefs]
    assert not missing, f"{len(missing)} addresses are not linked as recorded, e.g. {missing[:3]}"


def test_the_glossarys_contents_list_its_letters(site_dir):
    """The contents column gives the Glossary's letters, each leading to its entries, not every entry."""
    page = lhtml.parse(str(site_dir / "glossary" / "index.html"))
    targets = page.xpath('//*[@data-md-component="toc"]//a/@href')
    assert targets and all(re.fullmatch(r"#letter-[a-z]", t) for t in targets), targets
    assert all(page.xpath(f'//h2[@id="{t[1:]}"]') for t in targets)

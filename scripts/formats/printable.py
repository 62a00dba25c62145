"""HTML for paged media and for the EPUB, made from site HTML. The PDFs are assembled from parts
(pdf.py), each a document of its own: covers, the contents, chapters, pages of back matter.

Margin notes become footnotes numbered as on the site; glossary popovers become plain words
(the key-terms box defines them); ¶ numbers stay; links to other pages become plain text.
"""
from __future__ import annotations

import copy
import html

from lxml import etree
from lxml import html as lhtml
from mkdocs.utils import get_build_datetime

from .site import BuiltSite, Chapter, Session, has_class

EDITION = "Dual Power Reader"
ESSAY = "I. Kosigan, “Insurrection & Infrastructure: a Dual Power Guide for Leftists in Britain” (Medium, 2 May 2020)"
KEEP_IDS = ("p",)  # paragraph anchors stay; every other id is dropped to keep ids unique in a book


def _drop(root, xpath):
    for element in root.xpath(xpath):
        element.drop_tree()


def _unwrap(element, tag="span"):
    element.tag = tag
    for attr in list(element.attrib):
        if attr != "class":
            del element.attrib[attr]


def clean(article: lhtml.HtmlElement, notes: str = "print") -> lhtml.HtmlElement:
    """A print-ready copy of a page's article. Each note is numbered as on the website and set
    directly under the paragraph that calls it, so it is always on the same page (notes='print'),
    or becomes an EPUB 3 footnote after that paragraph (notes='epub')."""
    root = copy.deepcopy(article)
    _drop(root, f".//*[{has_class('sn-toggle')} or {has_class('sn-plain')} or {has_class('term-tip')} "
                f"or {has_class('headerlink')} or {has_class('md-source-file')}]"
                f" | .//label[{has_class('sn-ref')}] | .//nav[{has_class('az-nav')}]")
    seen = set()
    for block in _blocks(root):
        found = []
        for sn in block.xpath(f".//span[{has_class('sn')}]"):
            note = sn.xpath(f".//span[{has_class('sidenote')}]")[0]
            number = note.xpath(f".//span[{has_class('sn-num')}]")[0].text
            call = _call(number, notes)
            call.tail = sn.tail
            sn.getparent().replace(sn, call)
            if "sn-follows" in sn.get("class", "").split():  # "3,4", never "34"
                separator = etree.Element("span", {"class": "call-sep"})
                separator.text = ","
                call.addprevious(separator)
            if number not in seen:  # a source cited twice is noted once, at its first call
                seen.add(number)
                found.append(_note(number, note, notes))
        if found:
            _attach(block, found, notes)
    for num in root.xpath(f".//a[{has_class('para-num')}]"):
        _unwrap(num)
        num.set("class", "pn")
    for link in root.xpath(f".//a[{has_class('term-link')}]"):
        _unwrap(link)
        link.set("class", "term")
    for link in root.xpath(".//a[@href]"):
        href = link.get("href")
        if not href.startswith(("http://", "https://", "mailto:", "#note-")):
            _unwrap(link)
    if notes == "print":  # plain words on paper: an inline box per term or former link is layout work for nothing
        for span in root.xpath(f".//span[{has_class('term')}] | .//span[not(@*)]"):
            span.drop_tag()
    for element in root.xpath(".//*[@aria-labelledby or @aria-describedby or @aria-controls]"):
        for attr in ("aria-labelledby", "aria-describedby", "aria-controls"):
            element.attrib.pop(attr, None)  # their targets are not copied
    for element in root.xpath(".//*[@id]"):
        anchor = element.get("id")
        if not ((element.get("data-para") and anchor.startswith(KEEP_IDS)) or anchor.startswith("note-")):
            del element.attrib["id"]
    return root


def _blocks(root):
    """The blocks notes attach to: top-level elements, or each item of a top-level list."""
    for child in list(root):
        if child.tag in ("ul", "ol"):
            yield from child.findall("li")
        else:
            yield child


def _call(number, style):
    if style == "epub":
        call = etree.Element("a", {"class": "call", "href": f"#note-{number}", "data-noteref": ""})
    else:
        call = etree.Element("sup", {"class": "call"})
    call.text = number
    return call


def _note(number, sidenote, style):
    kind = sidenote.get("data-kind")
    note = etree.Element("aside" if style == "epub" else "p",
                         {"class": f"note note-{kind}", "id": f"note-{number}", "data-n": number})
    head = etree.SubElement(note, "span", {"class": "note-n"})
    head.text = f"{number}. "
    label = etree.SubElement(note, "span", {"class": "fn-kind"})
    label.text = kind.replace("-", " ").capitalize() + ". "
    # A citation note keeps its one-liner; the full reference is listed under "References cited".
    parts = sidenote.xpath(f"./span[({has_class('sn-p')} or {has_class('sn-block')}) and not({has_class('sn-full')})]")
    for i, part in enumerate(parts):
        part = copy.deepcopy(part)
        _unwrap(part)
        if i:
            part.text = " " + (part.text or "")
        note.append(part)
    return note


def _attach(block, found, style):
    """Set the block's notes right after it; keep block and notes on one page where they fit."""
    box = etree.Element("div", {"class": "para-notes"})
    box.extend(found)
    if block.tag == "li":
        block.append(box)
        return
    group = etree.Element("div", {"class": "with-notes"})
    block.addprevious(group)
    group.append(block)
    group.append(box)


def _html(element) -> str:
    return lhtml.tostring(element, encoding="unicode")


def _body_parts(chapter: Chapter):
    """(in brief, body, questions) of a cleaned chapter; the key-terms box is rebuilt per document."""
    root = clean(chapter.article)
    brief = root.xpath(f"./div[{has_class('admonition')} and {has_class('abstract')}]")
    questions = root.xpath(f"./div[{has_class('admonition')} and {has_class('question')}]")
    for element in brief + questions + root.xpath(f"./aside[{has_class('key-terms')}] | ./h1"):
        element.drop_tree()
    body = "".join(_html(child) for child in root)
    return (_html(brief[0]) if brief else ""), body, (_html(questions[0]) if questions else "")


def key_terms(terms: list[tuple[str, str]]) -> str:
    if not terms:
        return ""
    items = "".join(f"<dt>{html.escape(name)}</dt><dd>{html.escape(short)}</dd>" for name, short in terms)
    return f'<section class="key-terms"><h2>Key terms</h2><dl>{items}</dl></section>'


def references(keys: list[str], site: BuiltSite) -> str:
    entries = site.bibliography
    found = [k for k in keys if k in entries]
    if not found:
        return ""
    items = "".join(f'<p class="bib-entry">{_inner(clean(entries[k]))}</p>' for k in found)
    return f'<section class="references"><h2>References cited</h2>{items}</section>'


def _inner(element) -> str:
    return (html.escape(element.text or "")) + "".join(_html(child) for child in element)


def ruled_lines(n: int = 8) -> str:
    return '<section class="notes-lines"><h2>Notes</h2>' + '<div class="rule"></div>' * n + "</section>"


def document(title: str, body: str, kind: str) -> str:
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head><body class="{kind}">{body}</body></html>')


def chapter_part(chapter: Chapter, site: BuiltSite) -> str:
    """A chapter as every PDF shows it, laid out once: its handout, and a chapter of the book and of
    the session packs. "In brief", the text with its notes, key terms, questions, the references it
    cites and ruled lines for notes."""
    brief, body, questions = _body_parts(chapter)
    head = (f'<header class="doc-head"><p class="kicker">{EDITION} · Chapter {chapter.number}</p>'
            f'<h1 class="chapter-title">{html.escape(chapter.title)}</h1>'
            f'<p class="source">A reader\'s edition of {html.escape(ESSAY)}, in the editors\' own words.</p></header>')
    extras = key_terms(chapter.terms) + questions + references(chapter.cited_keys, site) + ruled_lines()
    return document(f"{chapter.title} – {EDITION}", head + brief + f'<div class="text">{body}</div>' + extras, "handout")


def back_matter(site: BuiltSite) -> list[tuple[str, str, str]]:
    """The book's back matter as (part name, contents label, HTML), one part per page of the site."""
    parts = []
    for path, anchor, label in BACK_MATTER:
        root = clean(site.article(path))
        title = root.xpath(".//h1")[0]
        title.set("class", "chapter-title")
        body = f'<section class="chapter back-matter">{"".join(_html(c) for c in root)}</section>'
        parts.append((anchor, label, document(f"{label} – {EDITION}", body, "book")))
    return parts


def cover(title: str, subtitle: str) -> str:
    return document(f"{title} – {EDITION}", _cover(title, subtitle), "cover")


def _cover(title: str, subtitle: str) -> str:
    return (f'<section class="cover"><p class="kicker">{EDITION}</p><h1 class="cover-title">{html.escape(title)}</h1>'
            f'<p class="cover-subtitle">{html.escape(subtitle)}</p>'
            f'<p class="cover-source">An annotated study edition of {html.escape(ESSAY)}, retold in the editors\' own words, '
            f'with notes, corrections, a glossary and a bibliography.</p>'
            f'<p class="cover-meta">Text CC BY-SA 4.0 · Built {get_build_datetime():%B %Y} · '
            f'¶ numbers match the website, the offline copy and the EPUB.</p></section>')


def contents(entries: list[tuple[str, str, int]]) -> str:
    """The contents, laid out after the parts they list: (part name, label, page number)."""
    items = "".join(f'<li><a href="#{name}" data-page="{page}">{html.escape(label)}</a></li>'
                    for name, label, page in entries)
    return document(f"Contents – {EDITION}", f'<nav class="toc"><h2>Contents</h2><ol>{items}</ol></nav>', "book")


BACK_MATTER = [("guide", "back-guide", "Reading-group guide"), ("timeline", "back-timeline", "Timeline"),
               ("strands", "back-strands", "Map of the strands"), ("glossary", "back-glossary", "Glossary"),
               ("bibliography", "back-bibliography", "Bibliography")]


def book_cover() -> str:
    return cover(EDITION, "The complete edition")


def pack_cover(chapters: list[Chapter], session: Session | None) -> str:
    return cover(*_pack_title(chapters, session))


def _pack_title(chapters: list[Chapter], session: Session | None) -> tuple[str, str]:
    if len(chapters) > 1:
        numbers = f"chapters {chapters[0].number}–{chapters[-1].number}"
    else:
        numbers = f"chapter {chapters[0].number}"
    title = f"Session {session.number}: {session.title}" if session else numbers.capitalize()
    return title, f"Session pack · {numbers}"


def pack_title(chapters: list[Chapter], session: Session | None) -> str:
    return f"{_pack_title(chapters, session)[0]} – {EDITION}"


def facilitator(session: Session) -> str:
    """The guide's notes for one session, which open its pack."""
    guide = lhtml.Element("div")
    guide.extend(copy.deepcopy(element) for element in session.section)
    notes = "".join(_html(child) for child in clean(guide))
    body = f'<section class="facilitator"><h1 class="chapter-title">Facilitator notes</h1>{notes}</section>'
    return document(f"Facilitator notes – {EDITION}", body, "pack")


def padding() -> str:
    """A page for notes, to bring a booklet to a multiple of four pages."""
    return document("Notes", ruled_lines(14), "padding")

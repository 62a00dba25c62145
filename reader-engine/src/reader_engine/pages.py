"""The Glossary and Bibliography pages, generated as Markdown from the data, plus backlinks.

Backlinks need every page converted first, so the generated Markdown carries placeholders
(<!-- uses:KIND:KEY -->) that the plugin fills once all pages are known.
"""
from __future__ import annotations

import html
import re
import string
from collections import OrderedDict
from dataclasses import dataclass

from .bibliography import GROUPS, Bibliography
from .glossary import Glossary

GLOSSARY_MARKER = "<!-- glossary -->"
READING_WORDS_PER_MINUTE = 180  # careful study reading, notes included
GUIDE_MARKER = re.compile(r"<!-- (reading-time|questions):(\d+)(?:-(\d+))? -->")
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"


def placeholder(kind: str, key: str) -> str:
    return f"<!-- uses:{kind}:{key} -->"


def letters_only(toc) -> None:
    """The Glossary's contents list its letters, not its hundred-odd entries: the list is shorter to
    scan, and Material's script, which follows every entry in it, starts about 60 ms sooner on a
    CPU slowed as Lighthouse slows it for a phone."""
    for entry in toc:
        entry.children = [child for child in entry.children if child.level < 3]
        letters_only(entry.children)


def glossary_markdown(glossary: Glossary, bib: Bibliography) -> str:
    letters = OrderedDict((c, []) for c in string.ascii_uppercase)
    for term in glossary.terms:
        letters.setdefault(term.name[:1].upper(), []).append(term)
    jump = " ".join(f'<a href="#letter-{c.lower()}">{c}</a>' if terms else f'<span aria-hidden="true">{c}</span>'
                    for c, terms in letters.items())
    out = [f'<nav class="az-nav" aria-label="Terms by letter">{jump}</nav>', ""]
    for letter, terms in letters.items():
        if not terms:
            continue
        out += [f"## {letter} {{#letter-{letter.lower()}}}", ""]
        for term in terms:
            out += [f"### {term.name} {{#{term.slug} .term-entry}}", "", term.short, ""]
            if term.notes:
                out += [term.notes, ""]
            meta = []
            if term.aliases:
                meta.append("*Also:* " + ", ".join(term.aliases))
            if term.related:
                meta.append("*Related:* " + ", ".join(f"[[{name}]]" for name in term.related))
            # Each source once in the margin: those the definition already cites are not repeated.
            cited = {c.key for _, cites in bib.find(f"{term.short} {term.notes}") for c in cites}
            sources = [key for key in term.cite if key not in cited]
            if sources:
                meta.append("*Sources:* [" + "; ".join(f"@{key}" for key in sources) + "]")   # one group: (A; B)
            if meta:
                out += [" · ".join(meta), "{: .term-meta }", ""]
            out += [placeholder("term", term.slug), ""]
    return "\n".join(out)


def bibliography_markdown(bib: Bibliography) -> str:
    out = []
    for group, title in GROUPS.items():
        keys = sorted((k for k in bib.keys if bib.group(k) == group), key=bib.sort_key)
        if not keys:
            continue
        out += [f"## {title} {{#group-{group}}}", ""]
        for key in keys:
            note = bib.entries[key].fields.get("note", "")
            out += [f'<p class="bib-entry" id="{key}">{bib.full_html(key)}</p>', ""]   # converted once
            if note and note not in bib.full(key):
                out += [f"*Editors' note:* {note}", "{: .bib-note }", ""]
            out += [placeholder("cite", key), ""]
    return "\n".join(out)


@dataclass(frozen=True)
class Use:
    url: str            # site URL of the page, e.g. chapters/03-origins/
    title: str
    anchor: str | None
    label: str | None   # ¶ label, e.g. 3.7


def backlinks_html(uses: list[Use], relative) -> str:
    """'Used in: ¶ 3.2, ¶ 3.7 (Chapter title); Reading-group guide' as links; relative(url) gives the href."""
    if not uses:
        return '<p class="backlinks backlinks-none">Not yet used in the text.</p>'
    by_page: dict[tuple[str, str], list[Use]] = OrderedDict()
    for use in uses:
        by_page.setdefault((use.url, use.title), [])
        if use not in by_page[(use.url, use.title)]:
            by_page[(use.url, use.title)].append(use)
    parts = []
    for (url, title), page_uses in by_page.items():
        numbered = [u for u in page_uses if u.anchor]
        if numbered:
            links = ", ".join(f'<a href="{html.escape(relative(url))}#{u.anchor}">¶\u00a0{u.label}</a>' for u in numbered)
            parts.append(f"{links} <span class=\"backlinks-page\">({html.escape(title)})</span>")
        else:
            parts.append(f'<a href="{html.escape(relative(url))}">{html.escape(title)}</a>')
    return f'<p class="backlinks"><span class="backlinks-label">Used in:</span> {"; ".join(parts)}</p>'


@dataclass
class Chapter:
    number: int
    title: str
    url: str
    src: str            # the file that declares it, for messages
    words: int
    questions: list[str]


def questions_markdown(questions: list[str]) -> str:
    """The chapter's discussion questions, in a box (so they are not numbered as body text)."""
    items = "\n".join(f"    {i}. {q}" for i, q in enumerate(questions, 1))
    return f'\n\n!!! question "Questions for discussion"\n\n{items}\n'


def count_words(markdown: str) -> int:
    """Words a reader reads: text and notes, without markup, link targets or note labels."""
    text = re.sub(r"\]\([^)]*\)|\[\^[^\]]+\]:?|\[@[^\]]+\]|\{[:#][^}]*\}|<[^>]+>", " ", markdown)
    return len(re.findall(r"[\w’']+", text))


def guide_html(kind: str, first: int, last: int, chapters: dict[int, Chapter], relative) -> str:
    """Computed parts of the reading-group guide: reading time for chapters first–last, or questions."""
    chosen = [chapters[n] for n in range(first, last + 1) if n in chapters]
    if kind == "reading-time":
        words = sum(c.words for c in chosen)
        minutes = max(5, round(words / READING_WORDS_PER_MINUTE / 5) * 5)
        return (f'<span class="reading-time">about {minutes} minutes '
                f"({words:,} words, notes included)</span>")
    parts = []
    for chapter in chosen:
        items = "".join(f"<li>{html.escape(_plain_terms(q))}</li>" for q in chapter.questions)
        link = f'<a href="{html.escape(relative(chapter.url))}">Chapter {chapter.number}: {html.escape(chapter.title)}</a>'
        parts.append(f'<p class="questions-source">From {link}:</p><ol class="questions">{items}</ol>')
    return "".join(parts)


def _plain_terms(text: str) -> str:
    """[[shown|term]] -> shown, for text rendered outside Markdown."""
    return re.sub(r"\[\[([^\]|]+)(?:\|[^\]]+)?\]\]", r"\1", text)

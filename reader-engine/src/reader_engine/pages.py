"""The Glossary and Bibliography pages, generated as Markdown from the data, plus backlinks.

Backlinks need every page converted first, so the generated Markdown carries placeholders
(<!-- uses:KIND:KEY -->) that the plugin fills once all pages are known.
"""
from __future__ import annotations

import html
import string
from collections import OrderedDict
from dataclasses import dataclass

from .bibliography import GROUPS, Bibliography
from .glossary import Glossary

GLOSSARY_MARKER = "<!-- glossary -->"
BIBLIOGRAPHY_MARKER = "<!-- bibliography -->"


def placeholder(kind: str, key: str) -> str:
    return f"<!-- uses:{kind}:{key} -->"


def glossary_markdown(glossary: Glossary) -> str:
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
            if term.cite:
                meta.append("*Sources:* " + "".join(f"[@{key}]" for key in term.cite))
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
            out += [bib.full(key), f"{{: #{key} .bib-entry }}", ""]
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

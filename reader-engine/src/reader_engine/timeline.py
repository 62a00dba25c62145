"""Timeline events: each list item that starts with a date (<span class="tl-date">) gets an id made
from that date (#ev-1902, then #ev-1902-2), so that a link or a search result can land on it."""
from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor

from .glossary import slugify

# After the raw-HTML postprocessor (priority 30) has put the date spans back.
EVENT = re.compile(r'<li>(\s*<p>)?(\s*<span class="tl-date">([^<]*)</span>)')
ID = re.compile(r'\bid="([^"]*)"')


class EventIds(Postprocessor):
    def run(self, text: str) -> str:
        if 'class="tl-date"' not in text:   # most pages have no timeline: skip the scan for ids
            return text
        taken = set(ID.findall(text))

        def name(match: re.Match) -> str:
            base = "ev-" + slugify(match.group(3))
            anchor, n = base, 1
            while anchor in taken:
                n += 1
                anchor = f"{base}-{n}"
            taken.add(anchor)
            return f'<li id="{anchor}">{match.group(1) or ""}{match.group(2)}'
        return EVENT.sub(name, text)


class TimelineExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(EventIds(md), "reader_timeline", 10)

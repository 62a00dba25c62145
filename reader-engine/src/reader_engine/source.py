"""Line-aware scanning of Markdown source, so errors can name the line they are on."""
from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+).+?\1")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*)$")


def prose_lines(lines: list[str]) -> Iterator[tuple[int, str, str | None]]:
    """Yield (index, line, note_id) for lines outside fenced code.

    Inline code spans are blanked out (same length, so columns still match).
    note_id is the footnote whose definition the line belongs to, or None for body text.
    """
    fence = None
    note = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        d = FOOTNOTE_DEF.match(line)
        if d:
            note = d.group(1)
        elif line.strip() and not line.startswith(("    ", "\t")):
            note = None
        yield i, CODE_SPAN.sub(lambda c: " " * len(c.group(0)), line) if "`" in line else line, note


def find_line(lines: list[str], needle: str) -> int | None:
    """Index of the first line containing needle, for locating problems found after parsing."""
    return next((i for i, line in enumerate(lines) if needle in line), None)

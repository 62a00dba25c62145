"""Internal links and anchors, checked across the whole site with the line of each link."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .errors import AuthoringError
from .source import prose_lines

INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]^]+\]:\s*<?([^\s>]+)")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
HTML_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@dataclass
class Link:
    src: str      # file shown in messages
    line: int
    target: str


def links_in(lines: list[str], src: str, line_offset: int) -> list[Link]:
    found = []
    for i, line, _ in prose_lines(lines):
        for m in [*INLINE_LINK.finditer(line), *REFERENCE_DEF.finditer(line)]:
            if not EXTERNAL.match(m.group(1)):
                found.append(Link(src, i + 1 + line_offset, m.group(1)))
    return found


def ids_in(html: str) -> set[str]:
    return set(HTML_ID.findall(html))


def check(links_by_page: dict[str, list[Link]], anchors: dict[str, set[str]], files: set[str]) -> None:
    """links_by_page and anchors are keyed by docs/ path; files is every docs/ path that exists."""
    problems = []
    for page, links in links_by_page.items():
        for link in links:
            path, _, anchor = link.target.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            where = f"{link.src}:{link.line}"
            if target not in files:
                close = _close(target, files)
                problems.append(AuthoringError(where, f"the link '{link.target}' points to '{target}', which does not exist.",
                                               f"correct the path{close} (paths are relative to this file)."))
            elif anchor and target in anchors and anchor not in anchors[target]:
                close = _close(anchor, anchors[target])
                problems.append(AuthoringError(where, f"the link '{link.target}' points to '#{anchor}', "
                                               f"which is not an anchor of '{target}'.",
                                               f"use an existing heading or paragraph anchor{close}."))
    if problems:
        raise AuthoringError.several(problems)


def _close(name, names):
    import difflib
    match = difflib.get_close_matches(name, list(names), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""

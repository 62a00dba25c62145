"""State shared by the extensions: the edition's data, and the page being converted."""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import AuthoringError


@dataclass
class Page:
    """The page being converted. The host (our MkDocs plugin, or a test) sets it before each conversion."""

    src: str = "<text>"          # path shown in messages, e.g. docs/chapters/03-origins.md
    path: str = "index.md"       # path inside docs/, for relative links
    chapter: int | None = None   # set for chapters: paragraphs are numbered chapter.n
    line_offset: int = 0         # lines removed before the Markdown we see (front matter)
    inline_citations: bool = False  # a reference page (the Glossary): citations inline, not as notes
    lines: list[str] = field(default_factory=list)
    # What the page uses, recorded during conversion: (kind, key, anchor, label).
    uses: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)

    def error(self, index: int | None, problem: str, fix: str) -> AuthoringError:
        """An AuthoringError at a 0-based line index of the Markdown we were given."""
        line = 1 if index is None else index + 1 + self.line_offset
        return AuthoringError(f"{self.src}:{line}", problem, fix)

    def link(self, target: str) -> str:
        """A relative link from this page to a docs/ path (MkDocs turns .md links into URLs)."""
        target_path, _, anchor = target.partition("#")
        rel = _relative(target_path, posixpath.dirname(self.path) or ".")
        return rel + ("#" + anchor if anchor else "")


@lru_cache(maxsize=4096)  # every term and citation on a page asks for the same few paths
def _relative(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


class Edition:
    """Holds the current Page; every extension of one site shares one Edition."""

    def __init__(self, glossary=None, bibliography=None):
        self.glossary = glossary
        self.bibliography = bibliography
        self.page = Page()

    def begin(self, **page_fields) -> Page:
        self.page = Page(**page_fields)
        return self.page

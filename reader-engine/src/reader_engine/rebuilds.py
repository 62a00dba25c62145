"""What one `mkdocs serve` remembers between its rebuilds, so that saving a page redoes little.

MkDocs rebuilds the whole site on every saved change. A page whose source and final Markdown are
unchanged, and whose conversion depends on nothing else that changed (the configuration, the
glossary, the bibliography, the set of files), gets its previous conversion back instead of being
converted again. The cross-page work (backlinks, the guide's figures, link and anchor checks) still
runs on every rebuild, from the per-page results remembered with the HTML. The glossary and the
bibliography are loaded again only when their files change. The memory lives as long as the
process, so a `mkdocs build` does everything. (Compiled templates are kept on disk: plugin.on_env.)
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Module-level, because `mkdocs serve` loads the configuration, and so makes a new plugin and a
# new template environment, for every rebuild.
_REMEMBERED: dict[str, "Conversion"] = {}   # conversions by digest
_LOADED: dict[tuple, object] = {}           # glossary and bibliography by their files' text


def loaded(key: tuple, load: Callable[[], object]) -> object:
    """load(), or what it returned last time for the same key (file texts and settings)."""
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load()
    return _LOADED[key]


@dataclass(frozen=True)
class Conversion:
    """What MkDocs' Page.render leaves on a page, plus what our extensions recorded."""

    content: str
    toc: object
    title: str | None
    anchor_ids: frozenset
    links_to_anchors: dict | None   # by the linked file's src_uri: File objects are new each build
    uses: tuple

    def replay(self, page: Page, files: Files) -> None:
        page.content, page.toc, page._title_from_render = self.content, self.toc, self.title
        page.present_anchor_ids = set(self.anchor_ids)
        if self.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(links)
                                     for uri, links in self.links_to_anchors.items()}


def context_digest(*parts: str | bytes) -> "hashlib._Hash":
    """A digest of what every page's conversion depends on, to be extended per page."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest


def page_key(context: "hashlib._Hash", page: Page, markdown: str) -> str:
    digest = context.copy()
    for part in (page.file.src_uri, page.file.content_string, markdown):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def recall(key: str) -> Conversion | None:
    return _REMEMBERED.get(key)


def remember(key: str, page: Page, uses: list) -> None:
    links = page.links_to_anchors
    _REMEMBERED[key] = Conversion(page.content, page.toc, page._title_from_render,
                                  frozenset(page.present_anchor_ids or ()),
                                  None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                                  tuple(uses))


def forget_all_but(keys: set[str]) -> None:
    """Keep only this build's conversions, so the memory does not grow with every edit."""
    for key in set(_REMEMBERED) - keys:
        del _REMEMBERED[key]

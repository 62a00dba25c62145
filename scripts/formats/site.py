"""Build the site with MkDocs and read the parts the formats need from its HTML."""
from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import html as lhtml

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def building(dest: Path, offline: bool = False):
    """The site built into dest by the end of the block, which runs while MkDocs works."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false"}
    with tempfile.TemporaryFile("w+") as errors:
        mkdocs = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors, text=True)
        try:
            yield
        except BaseException:
            mkdocs.kill()
            raise
        if mkdocs.wait():
            errors.seek(0)
            raise SystemExit(f"mkdocs build failed:\n{errors.read()}")


def build(dest: Path, offline: bool = False) -> None:
    with building(dest, offline):
        pass


def has_class(name: str) -> str:
    """An XPath test for one class among several."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@dataclass
class Chapter:
    number: int
    title: str
    slug: str
    article: lhtml.HtmlElement

    def part(self, xpath: str):
        found = self.article.xpath(xpath)
        return found[0] if found else None

    @property
    def cited_keys(self) -> list[str]:
        links = self.article.xpath(".//a[contains(@href, 'bibliography/#') or contains(@href, 'bibliography.html#')]")
        keys = [a.get("href").rsplit("#", 1)[1] for a in links]
        return list(dict.fromkeys(keys))

    @property
    def terms(self) -> list[tuple[str, str]]:
        """(name, short definition) from the chapter's key-terms box, in first-use order."""
        box = self.part(f".//aside[{has_class('key-terms')}]")
        if box is None:
            return []
        return [(dt.text_content().strip(), dd.text_content().strip())
                for dt, dd in zip(box.xpath(".//dt"), box.xpath(".//dd"))]


@dataclass
class Session:
    number: int
    title: str
    chapters: list[int]
    section: list[lhtml.HtmlElement] = field(default_factory=list)


class BuiltSite:
    """A built site, as served (chapters/01-…/index.html) or as the offline copy (chapters/01-….html):
    the formats read the offline copy they pack, whose pages differ only in their links."""

    def __init__(self, root: Path):
        self.root = root
        self.flat = any(root.glob("chapters/*.html"))
        pages = root.glob("chapters/*.html" if self.flat else "chapters/*/index.html")
        self.chapters = sorted((self._chapter(p.stem if self.flat else p.parent.name) for p in pages),
                               key=lambda c: c.number)

    def article(self, path: str) -> lhtml.HtmlElement:
        page = self.root / ((f"{path}.html" if self.flat else f"{path}/index.html") if path else "index.html")
        return lhtml.parse(str(page)).getroot().xpath(f"//article[{has_class('md-content__inner')}]")[0]

    def _chapter(self, slug: str) -> Chapter:
        article = self.article(f"chapters/{slug}")
        first = article.xpath(".//*[@data-para]")[0].get("data-para")
        return Chapter(int(first.split(".")[0]), article.xpath(".//h1")[0].text_content().strip(), slug, article)

    def chapter_range(self, first: int, last: int) -> list[Chapter]:
        return [c for c in self.chapters if first <= c.number <= last]

    @cached_property
    def bibliography(self) -> dict[str, lhtml.HtmlElement]:
        """Bibliography entries by key, read once for every document that lists references."""
        return {p.get("id"): p for p in self.article("bibliography").xpath(f".//p[{has_class('bib-entry')}]")}

    def sessions(self) -> list[Session]:
        """The reading-group guide's sessions: '## Session N: title' sections and their chapters."""
        found, current = [], None
        for element in self.article("guide"):
            if element.tag == "h2":
                m = re.match(r"Session (\d+):\s*(.*)", element.text_content().strip())
                current = Session(int(m.group(1)), m.group(2), []) if m else None
                if current:
                    found.append(current)
                continue
            if current is not None:
                current.section.append(copy.deepcopy(element))
                if not element.text_content().strip().startswith(("Chapters:", "Chapter:")):
                    continue
                for a in element.xpath(".//a[contains(@href, 'chapters/')]"):
                    n = int(re.search(r"chapters/(\d+)-", a.get("href")).group(1))
                    if n not in current.chapters:
                        current.chapters.append(n)
        return found

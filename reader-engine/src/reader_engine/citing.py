"""How to cite the edition: its version, the metadata reference managers read, and the citation styles.

The styles are templates written once, here. The build fills them for the About page's "How to
cite"; the reader's Cite dialog (assets/js/citations.js) fills the same templates in the browser,
where the paragraph and the date of reading are known. A «slot» is filled per paragraph:
title (the chapter's), title_bib, chapter, para (3.7), anchor (p3-7), url, and the access date as
accessed (3 February 2026), accessed_apa (February 3, 2026), accessed_mla (3 Feb. 2026),
accessed_iso (2026-02-03) and accessed_ris (2026/02/03). *Asterisks* mark italics.
"""
from __future__ import annotations

import datetime
import hashlib
import html
import os
import re
from dataclasses import dataclass

SLOT = re.compile(r"«(\w+)»")
ITALIC = re.compile(r"\*([^*]+)\*")
OFFLINE = "Offline copy"


@dataclass(frozen=True)
class EditionInfo:
    title: str               # the edition's full title
    authors: str             # as a reference list names them
    date: datetime.date      # of this build of the text
    digest: str              # of every page's Markdown: any change to the text changes it
    site_url: str | None     # the published address, or None for a local or offline copy

    @property
    def version(self) -> str:
        """Stored with each reader's annotation, so a later build can tell the text has changed."""
        return f"{self.date.isoformat()}.{self.digest}"


def build_date() -> datetime.date:
    """SOURCE_DATE_EPOCH (the last commit, set by the scripts) dates the edition; else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else \
        datetime.datetime.now(datetime.timezone.utc)
    return moment.date()


def text_digest(sources: list[tuple[str, str]]) -> str:
    """A short digest of the pages' Markdown, as (path, text) pairs, independent of their order."""
    digest = hashlib.sha256()
    for path, text in sorted(sources):
        digest.update(f"{path}\0{text}\0".encode())
    return digest.hexdigest()[:8]


def bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_])", r"\\\1", text)


def styles(edition: EditionInfo) -> dict[str, str]:
    """Chicago author-date (the edition's own style), APA, MLA, BibTeX and RIS, as templates."""
    a, y, t = edition.authors, edition.date.year, edition.title
    online = edition.site_url is not None
    where = "«url»" if online else OFFLINE
    return {
        "chicago": f"{a}. {y}. “«title».” Chapter «chapter», ¶ «para», in *{t}*. {where}. Accessed «accessed».",
        "apa": f"{a}. ({y}). «title» (¶ «para»). In *{t}* (chap. «chapter»). "
               + ("Retrieved «accessed_apa», from «url»" if online else f"{OFFLINE}, retrieved «accessed_apa»."),
        "mla": f"{a}. “«title».” *{t}*, {y}, ch. «chapter», par. «para». {where}. Accessed «accessed_mla».",
        "bibtex": "\n".join([
            f"@incollection{{dpr{y}-«anchor»,",
            f"  author = {{{{{bibtex_escape(a)}}}}},",
            "  title = {«title_bib»},",
            f"  booktitle = {{{bibtex_escape(t)}}},",
            "  chapter = {«chapter»},",
            f"  year = {{{y}}},",
            "  url = {«url»}," if online else "",
            "  urldate = {«accessed_iso»},",
            f"  note = {{Paragraph «para»{'' if online else '. ' + OFFLINE}}}",
            "}", ""]).replace("\n\n", "\n"),
        "ris": "\n".join([
            "TY  - CHAP", f"AU  - {a}", "TI  - «title»", f"T2  - {t}", f"PY  - {y}",
            f"DA  - {edition.date.strftime('%Y/%m/%d')}", "SE  - Chapter «chapter»", "N1  - Paragraph «para»",
            "UR  - «url»" if online else f"N1  - {OFFLINE}", "Y2  - «accessed_ris»", "LA  - en", "ER  - ", ""]),
    }


def fill(template: str, values: dict[str, str]) -> str:
    return SLOT.sub(lambda m: values[m.group(1)], template)


def page_meta(edition: EditionInfo, title: str, url: str, chapter: int | None) -> list[tuple[str, str]]:
    """Highwire Press tags, which Zotero and other reference managers read, and the edition's version."""
    meta = [("citation_title", title), ("citation_author", edition.authors),
            ("citation_publication_date", edition.date.strftime("%Y/%m/%d")), ("citation_language", "en")]
    if chapter is not None:
        meta.append(("citation_inbook_title", edition.title))
    if edition.site_url:
        meta.append(("citation_public_url", edition.site_url.rstrip("/") + "/" + url))
    return meta + [("dpr-edition", edition.version)]


def about_html(edition: EditionInfo, chapter_title: str, chapter: int, url: str) -> str:
    """The About page's suggested citations, for ¶ chapter.7 as an example, with the date left to the reader."""
    anchor = f"p{chapter}-7"
    values = {"title": chapter_title, "chapter": str(chapter), "para": f"{chapter}.7", "anchor": anchor,
              "url": f"{(edition.site_url or '').rstrip('/')}/{url}#{anchor}",
              **{k: "[date]" for k in ("accessed", "accessed_apa", "accessed_mla")}}
    names = {"chicago": "Chicago (author-date)", "apa": "APA", "mla": "MLA"}
    items = []
    for style, name in names.items():
        text = ITALIC.sub(r"<i>\1</i>", html.escape(fill(styles(edition)[style], values), quote=False))
        items.append(f"<dt>{name}</dt><dd>{text}</dd>")
    return f'<dl class="cite-examples">{"".join(items)}</dl>'

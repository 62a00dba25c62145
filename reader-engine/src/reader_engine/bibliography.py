"""The seam between the edition and mkdocs-bibtex (archived upstream).

Everything the engine needs from a bibliography goes through Bibliography: the keys, a full
formatted reference (CSL through pandoc when pandoc is available, else pybtex), the short label a
citation shows ("Lenin 1917a": CSL tells apart two works of one author and year, in the label and in
the full reference alike), and the parsing of [@key, p. 12] citations (mkdocs-bibtex's grammar,
reimplemented here so that a build need not import its plugin). Formatted references are kept in a cache
folder (by default .cache/reader-engine, safe to delete). Only this module imports mkdocs_bibtex;
replacing it means reimplementing this class (see the engine README).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from .errors import AuthoringError

GROUPS = {"primary": "Primary texts", "contemporary": "Contemporary sources",
          "organisation": "Organisations and movements", "edition": "Sources used by the editors"}
ENTRY_START = re.compile(r"^[ \t]*@(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.M)  # [ \t]: a blank line before is not the entry's line
# mkdocs-bibtex's citation grammar: [prefix @key, locator; @key2], e-mail addresses excepted.
CITATION_BLOCK = re.compile(r"\[(.*?)\]")
CITATION = re.compile(r"(?:(?P<prefix>[^@;]*?)\s*)?@(?P<key>[\w-]+)(?:,\s*(?P<suffix>[^;]+))?")
EMAIL = re.compile(r"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}")
# This module's own code shapes both caches (its checks, its tidying): read once, not per cache.
THIS_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass
class Entry:
    type: str
    fields: dict[str, str]   # field names in lower case
    names: list[str]         # the authors, or else the editors, as a short reference names them


@dataclass
class Cite:
    key: str
    prefix: str = ""
    locator: str = ""


class Bibliography:
    def __init__(self, path: str | Path, csl: str | Path | None = None, shown_as: str | None = None,
                 cache_dir: Path | None = None):
        self.path = shown_as or str(path)
        self._source, self._csl, self._cache_dir = Path(path), csl, cache_dir
        text = self._source.read_text(encoding="utf-8")
        self._digest = hashlib.sha256(text.encode())   # names the caches of entries and formatted references
        self._lines = _lines_of(text)
        self.entries = self._read()
        self._full: dict[str, str] | None = None

    def _read(self) -> dict[str, Entry]:
        """The checked entries. Importing pybtex and parsing take a tenth of a build, so what they
        give is kept in the cache folder, named by the .bib, this module (its checks) and pybtex's version."""
        cache = self._cache("entries", self._digest.hexdigest(), THIS_CODE, _version("pybtex"))
        if cache and cache.exists():
            return {key: Entry(**entry) for key, entry in json.loads(cache.read_text(encoding="utf-8")).items()}
        entries = self._parse()
        for key, entry in entries.items():
            self._check(key, entry)
        if cache:
            _write_whole(cache, {key: asdict(entry) for key, entry in entries.items()})
        return entries

    def _parse(self) -> dict[str, Entry]:
        from pybtex.database import BibliographyDataError, parse_file
        from pybtex.scanner import PybtexSyntaxError
        try:
            parsed = parse_file(str(self._source)).entries   # as mkdocs-bibtex reads it
        except PybtexSyntaxError as e:
            raise AuthoringError(f"{self.path}:{e.lineno}", f"references.bib cannot be read: {e.error_type}.",
                                 "check the braces, commas and quotes of that entry.") from None
        except BibliographyDataError as e:
            key = re.search(r"entry:? (\S+)", str(e))
            line = self._lines.get(key.group(1) if key else "", 1)
            raise AuthoringError(f"{self.path}:{line}", f"references.bib is invalid: {e}.",
                                 "give every entry its own key.") from None
        return {key: Entry(entry.type, {name.lower(): value for name, value in entry.fields.items()},
                           [_plain(" ".join(p.prelast_names + p.last_names)) or _plain(str(p))
                            for p in entry.persons.get("author") or entry.persons.get("editor") or []])
                for key, entry in parsed.items()}

    def _check(self, key, entry):
        where = f"{self.path}:{self.line(key)}"
        if "title" not in entry.fields:
            raise AuthoringError(where, f"entry '{key}' has no title.", "add a title field.")
        if not entry.names:
            raise AuthoringError(where, f"entry '{key}' has no author or editor.",
                                 "add one; for an organisation write author = {{Name of the organisation}}.")
        group = entry.fields.get("keywords", "")
        if group not in GROUPS:
            raise AuthoringError(where, f"entry '{key}' has keywords '{group}', which is not a bibliography group.",
                                 f"set keywords to one of: {', '.join(GROUPS)}.")
        url = entry.fields.get("url", "")
        if url and not re.match(r"https?://", url):
            raise AuthoringError(where, f"entry '{key}' has a url that is not http(s): '{url}'.",
                                 "give the full address, or remove the field.")

    @property
    def digest(self) -> str:
        """Of the .bib text and the citation style: names what was built from them."""
        digest = self._digest.copy()
        digest.update(Path(self._csl).read_bytes() if self._csl else b"pybtex")
        return digest.hexdigest()

    # --- lookups -------------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return list(self.entries)

    def line(self, key: str) -> int:
        return self._lines.get(key, 1)

    def group(self, key: str) -> str:
        return self.entries[key].fields["keywords"]

    def url(self, key: str) -> str:
        return self.entries[key].fields.get("url", "")

    def sort_key(self, key: str) -> tuple:
        return (self.authors(key).casefold(), self.year(key), key)

    def authors(self, key: str) -> str:
        """Surnames for short references: 'Lenin', 'Kuzmenko and Colborne', 'Colón et al.'"""
        names = self.entries[key].names
        if len(names) > 2:
            return f"{names[0]} et al."
        return " and ".join(names)

    def year(self, key: str) -> str:
        return self.entries[key].fields.get("year", "n.d.")

    # --- formatting ----------------------------------------------------------------------
    def full(self, key: str) -> str:
        """The full reference as Markdown, formatted once for the whole file."""
        return self._formatted()["full"][key]

    def full_html(self, key: str) -> str:
        """The full reference as inline HTML, converted once with the formatting and kept with it,
        so that a page citing a work, or the Bibliography listing it, need not parse it again."""
        return self._formatted()["html"][key]

    def label(self, key: str) -> str:
        """What a citation shows: author and year, with the letter that tells apart two works of
        one author and year ("Lenin 1917a"), as in the full reference."""
        return self._formatted()["label"].get(key) or f"{self.authors(key)} {self.year(key)}"

    def _formatted(self) -> dict[str, dict[str, str]]:
        if self._full is None:
            # Formatting every entry through pandoc takes most of a second, so the result is kept,
            # named by everything that shapes it: the .bib, the style and the formatting packages.
            cache = self._cache("references", self.digest, THIS_CODE,
                                *map(_version, ("mkdocs-bibtex", "pybtex", "pypandoc-binary", "pypandoc", "markdown")))
            if cache and cache.exists():
                self._full = json.loads(cache.read_text(encoding="utf-8"))
            else:
                self._full = self._format_all()
                if cache:
                    _write_whole(cache, self._full)
        return self._full

    def _cache(self, kind: str, *shaped_by: str) -> Path | None:
        """A file in the cache folder named by what it holds (kind) and everything that shapes it."""
        if self._cache_dir is None:
            return None
        digest = hashlib.sha256("\n".join(shaped_by).encode()).hexdigest()[:16]
        return Path(self._cache_dir) / f"{kind}-{digest}.json"

    def _format_all(self) -> dict[str, str]:
        from mkdocs_bibtex.citation import Citation, CitationBlock
        from mkdocs_bibtex.registry import PandocRegistry, SimpleRegistry
        if self._csl and _pandoc_available():
            registry = PandocRegistry(bib_files=[str(self._source)], csl_file=str(self._csl), csl_file_encoding=None)
        else:
            registry = SimpleRegistry(bib_files=[str(self._source)])
        blocks = {k: CitationBlock(citations=[Citation(key=k)]) for k in self.entries}
        registry.validate_citation_blocks(list(blocks.values()))
        # Every entry is cited in one document, so CSL disambiguates them all at once.
        inline = getattr(registry, "_inline_cache", {})
        full = {k: self._format(registry, k, Citation(key=k)) for k in self.entries}
        return {"full": full, "html": _inline_html(full),
                "label": {k: _tidy(inline[str(b)]).strip("()") for k, b in blocks.items() if str(b) in inline}}

    def _format(self, registry, key, citation) -> str:
        from pybtex.style.template import FieldIsMissing
        try:
            return _tidy(registry.reference_text(citation))
        except FieldIsMissing as e:  # only the pybtex fallback insists on fields by entry type
            raise AuthoringError(f"{self.path}:{self.line(key)}", f"entry '{key}' lacks the field '{e.field_name}' "
                                 f"that a @{self.entries[key].type} needs.",
                                 "add the field, or choose an entry type that fits the work.") from None

    def find(self, line: str) -> list[tuple[str, list[Cite]]]:
        """Citation blocks in a line of Markdown, as (raw text, cites): mkdocs-bibtex's grammar
        (tests/test_citations.py compares the two), without importing its plugin and, through it,
        an HTTP library on every build."""
        if "@" not in line:  # every citation has one; most lines have none
            return []
        found = []
        for block in CITATION_BLOCK.finditer(line):
            cites = [Cite(m.group("key"), (m.group("prefix") or "").strip(), (m.group("suffix") or "").strip())
                     for part in block.group(1).split(";") if not EMAIL.match(part)
                     for m in [CITATION.match(part)] if m]
            if cites:
                found.append((block.group(0), cites))
        return found

    def suggest(self, key: str) -> str:
        import difflib
        close = difflib.get_close_matches(key, self.keys, n=3)
        return f" (did you mean {', '.join(close)}?)" if close else ""


def _inline_html(markdown_by_key: dict[str, str]) -> dict[str, str]:
    """Each one-line reference converted by Python-Markdown, without its paragraph. With `tables`
    as MkDocs always has it, whose one inline effect is that pandoc's \\| reads as |."""
    import markdown
    md = markdown.Markdown(extensions=["tables"])
    return {key: md.reset().convert(text).removeprefix("<p>").removesuffix("</p>")
            for key, text in markdown_by_key.items()}


def _version(package: str) -> str:
    try:
        return f"{package} {metadata.version(package)}"
    except metadata.PackageNotFoundError:
        return f"{package} absent"


def _write_whole(path: Path, data) -> None:
    """Written whole, then renamed: a parallel build never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}")
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def _plain(text: str) -> str:
    """Drop BibTeX braces and the commonest accents macros' braces."""
    return re.sub(r"[{}]", "", text)


def _tidy(markdown: str) -> str:
    """Pandoc/pybtex output as one clean line of Markdown, with bare URLs made into links."""
    text = " ".join(markdown.split())
    text = _unspan(text)
    text = re.sub(r"(?<![<(/\w])(https?://[^\s<>)]+?)([.,;]?)(?=\s|$)", r"<\1>\2", text)
    # pandoc escapes Markdown punctuation inside URLs (\& \%); a link target has no escapes
    text = re.sub(r"https?://[^\s<>\]]+", lambda m: re.sub(r"\\(.)", r"\1", m.group(0)), text)
    # An address shown as a link reads exactly as its target (pandoc may retype an apostrophe in it).
    text = re.sub(r"\[https?://[^\]]*\]\((https?://\S*?)\)(?=[.,;]?(?:\s|$))", r"[\1](\1)", text)
    # A page range's double hyphen is a dash, but not in an address (gov.uk's "...organisations--2").
    return re.sub(r"https?://\S+|--", lambda m: "–" if m.group(0) == "--" else m.group(0), text)


def _unspan(text: str) -> str:
    """Drop pandoc's [text]{.nocase} spans (from {{braced}} titles), minding nested brackets."""
    marker = re.compile(r"\]\{\.(?:nocase|smallcaps)\}")
    while m := marker.search(text):
        depth, i = 0, m.start() - 1
        while i >= 0:
            if text[i] == "]" and text[i - 1:i] != "\\":
                depth += 1
            elif text[i] == "[" and text[i - 1:i] != "\\":
                if depth == 0:
                    break
                depth -= 1
            i -= 1
        opening = text[:i] + text[i + 1:m.start()] if i >= 0 else text[:m.start()]  # drop the matching "["
        text = opening + text[m.end():]
    return text


def _pandoc_available() -> bool:
    try:
        import pypandoc
        pypandoc.get_pandoc_version()
        return True
    except (ImportError, OSError):
        return False


def _lines_of(text: str) -> dict[str, int]:
    """Each entry's line, counting newlines once through the file (not from the start for each)."""
    lines, line, done = {}, 1, 0
    for m in ENTRY_START.finditer(text):
        line += text.count("\n", done, m.start())
        done = m.start()
        lines[m.group(2)] = line
    return lines

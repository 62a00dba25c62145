"""Quotations that are neither cited to a place in their source nor flagged (issue 13, section 3).

A quotation in scope is every block quotation (a run of ``>`` lines) in docs/, and every quoted
passage (“…” or "…") that is followed, within its sentence, by a citation ``[@key…]``, in
docs/**/*.md (notes included) and in the ``short`` and ``notes`` of glossary.yml. A quoted string
that is the title, or the short title, of the work its citation names is a title, not a quotation.
Each quotation in scope must be

1. cited with a locator: ``[@key, p. 12]``, ``pp.``, ``ch.``, ``§``, ``para.``,
   ``sec. "Heading"`` or ``thesis 5``;
2. cited to a work that has no parts, marked ``pagination = {none}`` in references.bib; or
3. flagged: its sentence, or a note that sentence references, says "source not identified",
   "source not confirmed" or "wording not confirmed". A block quotation may carry the flag in
   itself, in the paragraph that introduces it, in the paragraph after it, or in a note referenced
   from those.

A sentence ends at . ! or ? followed by a space or a line end (closing brackets, emphasis marks and
note references may come between), never inside a quotation or a citation bracket, and not after
an initial ("V. I. Lenin"), after one of the abbreviations in ABBREVIATIONS, or before a word in
lower case ("What Is Property? (1840) is…"). Fenced code, front matter, HTML tags and comments,
inline code, link targets and admonition titles are not read.

    python scripts/quotations.py      # lists every quotation that is neither, one per line
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

FLAGS = ("source not identified", "source not confirmed", "wording not confirmed")
FLAG = re.compile("|".join(r"\s+".join(phrase.split()) for phrase in FLAGS), re.I)
LOCATOR = re.compile(r"(?:pp?\.|ch\.|para\.|sec\.|§|thesis\b)\s*\S", re.I)
FIX = ("add a locator `[@{key}, p. N]`, mark the entry `pagination = {{none}}` if it has no parts, "
       "or flag it with 'wording not confirmed' / 'source not identified'")
ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "vol.", "no.", "nos.", "p.", "pp.", "ch.", "para.", "sec.",
                 "art.", "st.", "mr.", "mrs.", "ms.", "dr.", "ed.", "eds.", "trans.", "c.")

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]?")
NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
BRACKET = re.compile(r"\[([^\[\]\n]*)\]")
CITE = re.compile(r"\s*(?:[^@;]*?\s)?-?@([\w:-]+)(?:\s*,\s*(.*?))?\s*$", re.S)
END = re.compile(r"[.!?][*_)’']*(?:\[\^[^\]\s]+\])*(?=\s|$)")
NEXT_WORD = re.compile(r"\s*(?:\([^()\n]*\)\s*)?[\"“‘'(\[*_]*([^\W\d_])")   # "What Is Property? (1840) is"
HIDDEN = [
    re.compile(r"<!--.*?-->", re.S),                       # HTML comments
    re.compile(r"</?[A-Za-z][^<>]*>"),                     # HTML tags and autolinks
    re.compile(r"(`+).+?\1"),                              # inline code
    re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"),  # link targets
    re.compile(r"\{\s*[:#.][^{}\n]*\}"),                   # attribute lists
    re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+.*$", re.M),  # admonition headers
]


# --- the works cited -------------------------------------------------------------------------

@dataclass(frozen=True)
class Work:
    titles: frozenset      # normalised full title and short title
    unpaginated: bool      # pagination = {none}: a work with no pages, sections or numbered parts


def normalise(text: str) -> str:
    """Case and punctuation aside: "“Defend the White Race”" and {``Defend the White Race''} match."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def works_from(entries) -> dict[str, Work]:
    """pybtex entries (from parse_file or parse_string) as Works by key."""
    works = {}
    for key, entry in entries.items():
        fields = entry.fields
        title = fields.get("title", "")
        short = fields.get("shorttitle") or title.split(":")[0]   # as reader_engine's short_title
        works[key] = Work(frozenset(filter(None, (normalise(title), normalise(short)))),
                          fields.get("pagination", "").strip().casefold() == "none")
    return works


def load_works(bib: Path) -> dict[str, Work]:
    from pybtex.database import parse_file
    return works_from(parse_file(str(bib)).entries)   # read as mkdocs-bibtex and reader_engine read it


# --- what is wrong ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    words: str         # the quotation's first words
    key: str           # the citation key, or "" for an uncited block quotation
    reason: str

    def __str__(self):
        return f"{self.path}:{self.line}: “{self.words}” {self.reason}: {FIX.format(key=self.key or 'key')}."


def first_words(text: str, n: int = 6) -> str:
    words = text.strip(" \n\"“”").split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


# --- reading Markdown ------------------------------------------------------------------------

@dataclass
class Block:
    kind: str                  # "para", "quote" (a run of > lines) or "heading"
    lines: list                # (line number, text) pairs, markers blanked
    note: str | None = None    # the note whose definition the block belongs to

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def line_at(self, offset: int) -> int:
        for number, text in self.lines:
            if offset <= len(text):
                return number
            offset -= len(text) + 1
        return self.lines[-1][0]


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def prose(text: str) -> list[str]:
    """The file's lines with front matter, fenced code, HTML, inline code and link targets blanked."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        lines[:end + 1] = [""] * (end + 1)
    fence = None
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            lines[i] = ""
        elif m:
            fence, lines[i] = m.group(1), ""
    joined = "\n".join(lines)
    for pattern in HIDDEN:
        joined = pattern.sub(_blank, joined)
    return joined.split("\n")


def blocks(lines: list[str], first_line: int = 1) -> list[Block]:
    """Paragraphs, block quotations and headings, each knowing the note it belongs to."""
    out, current, note = [], None, None
    for i, raw in enumerate(lines):
        number, line = i + first_line, raw
        d = NOTE_DEF.match(line)
        if d:
            note, current = d.group(1), None
            line = " " * d.end() + line[d.end():]
        elif line.strip() and not line.startswith(("    ", "\t")):
            note = None
        if not line.strip():
            current = None
            continue
        stripped = line.lstrip()
        if stripped.startswith(">"):
            body = re.match(r"\s*(?:>\s?)+", line)
            line = " " * body.end() + line[body.end():]
            if not (current and current.kind == "quote"):
                current = Block("quote", [], note)
                out.append(current)
        elif re.match(r"#{1,6}\s", stripped) or stripped.startswith("|"):
            current = Block("heading", [], note)
            out.append(current)
            current.lines.append((number, line))
            current = None
            continue
        elif (not current or current.kind != "para" or re.match(r"(?:[-*+]|\d+[.)])\s", stripped)):
            current = Block("para", [], note)
            out.append(current)
        current.lines.append((number, line))
    return out


def citations(text: str) -> list[tuple[int, int, list[tuple[str, str]]]]:
    """Citation brackets as (start, end, [(key, locator)]), in the way mkdocs-bibtex finds them."""
    found = []
    for m in BRACKET.finditer(text):
        parts = [CITE.match(part) for part in m.group(1).split(";")]
        if parts and all(parts) and "@" in m.group(1):
            found.append((m.start(), m.end(), [(p.group(1), (p.group(2) or "").strip()) for p in parts]))
    return found


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages, opening mark to closing mark; quotations nested in them are theirs."""
    spans, opened, depth = [], None, 0
    for i, ch in enumerate(text):
        if opened is None:
            if ch in "“\"":
                opened, depth = i, 0
        elif text[opened] == "“":
            if ch == "“":
                depth += 1
            elif ch == "”":
                if depth:
                    depth -= 1
                else:
                    spans.append((opened, i + 1))
                    opened = None
        elif ch == "\"":
            spans.append((opened, i + 1))
            opened = None
    return spans


def sentences(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans; a full stop inside a protected span (a quotation, a citation) ends none."""
    out, start = [], 0
    for m in END.finditer(text):
        p = m.start()
        if any(a <= p < b for a, b in protected):
            continue
        after = NEXT_WORD.match(text, m.end())
        if after and after.group(1).islower():
            continue                                      # the next word starts in lower case
        if text[p] == ".":
            word = re.search(r"\S+$", text[start:p + 1])
            word = word.group(0).lstrip("([*_\"“‘'") if word else ""
            if word.casefold() in ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", word):   # "e.g.", "V. I. Lenin"
                continue
        out.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text)))
    return out


def _flagged(text: str, refs: set[str], notes: dict[str, str]) -> bool:
    return bool(FLAG.search(text)) or any(FLAG.search(notes.get(ref, "")) for ref in refs)


def _accounted(cites, works) -> tuple[bool, str, str]:
    """(located or unpaginated, key to name, reason if not)."""
    for key, locator in cites:
        if (locator and LOCATOR.match(locator)) or (key in works and works[key].unpaginated):
            return True, key, ""
    key, locator = cites[0]
    odd = next((loc for _, loc in cites if loc), "")
    reason = (f"is cited as [@{key}, {odd}], a locator the convention does not know" if odd
              else f"is cited without a locator ([@{key}])")
    return False, key, reason


def check_blocks(path: str, bl: list[Block], notes: dict[str, str], works: dict[str, Work]) -> list[Problem]:
    problems = []
    for n, block in enumerate(bl):
        text = block.text
        cites = citations(text)
        if block.kind == "quote":
            problems += _check_block_quote(path, bl, n, notes, works)
            continue
        marks = quotations(_masked(text, cites))
        spans = sentences(text, marks + [(a, b) for a, b, _ in cites])
        for qa, qb in marks:
            sa, sb = next(((a, b) for a, b in spans if a <= qa < b), (qa, len(text)))
            following = [c for c in cites if qb <= c[0] < sb]
            if not following:
                continue                                  # not followed by a citation: out of scope
            words = text[qa + 1:qb - 1]
            keys = following[0][2]
            if any(normalise(words) in works[k].titles for k, _ in keys if k in works):
                continue                                  # a title, not a quotation
            ok, key, reason = _accounted(keys, works)
            if ok:
                continue
            sentence = text[sa:qa] + " " * (qb - qa) + text[qb:sb]
            if _flagged(sentence, set(NOTE_REF.findall(sentence)), notes):
                continue
            problems.append(Problem(path, block.line_at(qa), first_words(words), key,
                                    reason + " and is not flagged"))
    return problems


def _masked(text: str, cites) -> str:
    """text with citation brackets blanked, so that a quoted heading in a locator is no quotation."""
    for a, b, _ in cites:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def _check_block_quote(path, bl, n, notes, works) -> list[Problem]:
    block = bl[n]
    text = block.text
    adjacent = lambda m: (0 <= m < len(bl) and bl[m].kind == "para" and bl[m].note == block.note
                          and abs(bl[m].lines[0 if m > n else -1][0] - block.lines[-1 if m > n else 0][0]) <= 2)
    before = bl[n - 1].text if adjacent(n - 1) else ""
    after = bl[n + 1].text if adjacent(n + 1) else ""
    cites = citations(text)
    if not cites and after:               # the citation may be in the text immediately after it
        cited = citations(after)
        spans = sentences(after, quotations(_masked(after, cited)) + [(a, b) for a, b, _ in cited])
        first = spans[0] if spans else (0, 0)
        cites = [c for c in cited if first[0] <= c[0] < first[1]]
    if cites:
        ok, key, reason = _accounted([k for c in cites for k in c[2]], works)
        if ok:
            return []
    else:
        key, reason = "", "is a block quotation that is not cited"
    around = "\n".join((before, text, after))
    if _flagged(around, set(NOTE_REF.findall(around)), notes):
        return []
    words = NOTE_REF.sub("", _masked(text, citations(text)))
    return [Problem(path, block.lines[0][0], first_words(words), key, reason + " and is not flagged")]


def check_markdown(text: str, path: str, works: dict[str, Work]) -> list[Problem]:
    bl = blocks(prose(text))
    notes: dict[str, str] = {}
    for block in bl:
        if block.note:
            notes[block.note] = notes.get(block.note, "") + "\n" + block.text
    return check_blocks(path, bl, notes, works)


def check_glossary(text: str, path: str, works: dict[str, Work]) -> list[Problem]:
    """The short definition and notes of every entry; problems name the field's line."""
    import yaml
    problems = []
    root = yaml.compose(text)
    for entry in getattr(root, "value", []) or []:
        for key_node, value_node in entry.value:
            if key_node.value in ("short", "notes") and isinstance(value_node.value, str):
                lines = prose(value_node.value)
                first = value_node.start_mark.line + 1
                problems += check_blocks(path, blocks(lines, first), {}, works)
    return problems


def check_file(file: Path, root: Path, works: dict[str, Work]) -> list[Problem]:
    text, path = file.read_text(encoding="utf-8"), file.relative_to(root).as_posix()
    if file.suffix in (".yml", ".yaml"):
        return check_glossary(text, path, works)
    return check_markdown(text, path, works)


def edition_files(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*.md")) + [root / "glossary.yml"]


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    works = load_works(root / "references.bib")
    problems = [p for f in edition_files(root) for p in check_file(f, root, works)]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} quotation(s) neither cited to a place in their source nor flagged")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

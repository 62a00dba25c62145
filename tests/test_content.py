"""Editorial rules the edition's text must keep (the engine enforces the rest at build time)."""
import re
from pathlib import Path

import pytest

from conftest import ROOT
from reader_engine.glossary import Glossary

CHAPTERS = sorted((ROOT / "docs" / "chapters").glob("*.md"))
TERM = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]")
# Words inside quotation marks or italics are the essay's or a title's, not ours to mark.
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|\*[^*\n]+\*")


def body_text(path: Path) -> str:
    """The retelling itself: paragraphs, without front matter, headings, boxes or notes."""
    text = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    keep = [line for line in text.split("\n")
            if not line.startswith(("[^", "    ", "#", "!!!", ">"))]
    return "\n".join(keep)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_glossary_term_is_marked_at_its_first_use(chapter):
    glossary = Glossary.load(ROOT / "glossary.yml")
    body = body_text(chapter)
    first_marked = {}
    for m in TERM.finditer(body):
        first_marked.setdefault(glossary.lookup(m.group(2) or m.group(1)).slug, m.start())
    plain = TERM.sub(lambda m: "#" * len(m.group(0)), body)
    plain = QUOTED.sub(lambda m: "#" * len(m.group(0)), plain)
    plain = re.sub(r"\[\^[^\]]+\]|\[@[^\]]+\]|\]\([^)]*\)", lambda m: " " * len(m.group(0)), plain)
    unmarked = []
    for term in glossary.terms:
        for name in (term.name, *term.aliases):
            m = re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", plain, re.I)
            if m and m.start() < first_marked.get(term.slug, len(plain)):
                line = body[:m.start()].count("\n")
                unmarked.append(f"'{m.group(0)}' ({term.name}) first used unmarked in line {line + 1} of the body")
                break
    assert not unmarked, f"{chapter.name}: " + "; ".join(unmarked)


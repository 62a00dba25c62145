"""A synthetic edition k times ours, made from our own pages, for the scale benchmark.

    python scripts/scale_edition.py 10 /tmp/edition-10x

copies the project's site sources into the folder with every chapter repeated k times (80 chapters
at 10x), each copy with its own chapter number, its own glossary terms and bibliography entries (a
suffix on each name and key, so the glossary and the bibliography grow k times too) and its links
to other chapters pointing into the same copy. The other pages stay as they are.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("docs", "overrides", "scripts")
TERM = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]")
CITE_KEY = re.compile(r"(?<=@)([\w-]+)")
CHAPTER_LINK = re.compile(r"\b(\d\d)-([\w-]+)\.md(?:#p(\d+)-(\d+))?")
BIB_KEY = re.compile(r"^(\s*@\w+\s*[{(]\s*)([^,\s]+)(\s*,)", re.M)


def make(k: int, dest: Path) -> Path:
    """The project with a k-times edition in dest; returns dest."""
    for name in COPIED:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "glossary.yml", "references.bib"):
        shutil.copy(ROOT / name, dest / name)
    chapters = sorted((ROOT / "docs" / "chapters").glob("*.md"))
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = {m[1] for m in BIB_KEY.findall(bib)}
    names = []
    for copy in range(2, k + 1):
        shift = len(chapters) * (copy - 1)
        for path in chapters:
            number = int(path.name[:2]) + shift
            text = _renamed(path.read_text(encoding="utf-8"), copy, keys)
            text = CHAPTER_LINK.sub(lambda m: _chapter_link(m, shift, copy), text)
            text = re.sub(r"^chapter: \d+$", f"chapter: {number}", text, count=1, flags=re.M)
            text = re.sub(r"^title: (.*)$", lambda m: "title: " + json.dumps(f"{yaml.safe_load(m[1])} (copy {copy})"),
                          text, count=1, flags=re.M)
            text = re.sub(r"^(# .*)$", rf"\1 (copy {copy})", text, count=1, flags=re.M)
            name = f"{number:02d}-{path.stem[3:]}-c{copy}.md"
            (dest / "docs" / "chapters" / name).write_text(text, encoding="utf-8")
            names.append(name)
    _extend_nav(dest / "mkdocs.yml", names)
    _extend_glossary(dest / "glossary.yml", k, keys)
    (dest / "references.bib").write_text(
        bib + "".join(BIB_KEY.sub(lambda m: f"{m[1]}{m[2]}-c{copy}{m[3]}", bib) for copy in range(2, k + 1)),
        encoding="utf-8")
    return dest


def _renamed(text: str, copy: int, keys: set[str]) -> str:
    """Terms and citation keys of this copy: [[x]] -> [[x|x (copy)]], @key -> @key-c{copy}."""
    text = TERM.sub(lambda m: f"[[{m[1]}|{m[2] or m[1]} ({copy})]]", text)
    return CITE_KEY.sub(lambda m: f"{m[1]}-c{copy}" if m[1] in keys else m[1], text)


def _chapter_link(m, shift: int, copy: int) -> str:
    number = int(m[1]) + shift
    anchor = f"#p{int(m[3]) + shift}-{m[4]}" if m[3] else ""
    return f"{number:02d}-{m[2]}-c{copy}.md{anchor}"


def _extend_nav(config: Path, names: list[str]) -> None:
    """The new chapters after ours in the nav, edited as text so that the !ENV tags stay."""
    lines = config.read_text(encoding="utf-8").split("\n")
    last = max(i for i, line in enumerate(lines) if line.strip().startswith("- chapters/"))
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines[last + 1:last + 1] = [f"{indent}- chapters/{name}" for name in names]
    config.write_text("\n".join(lines), encoding="utf-8")


def _extend_glossary(path: Path, k: int, keys: set[str]) -> None:
    terms = yaml.safe_load(path.read_text(encoding="utf-8"))
    copies = []
    for copy in range(2, k + 1):
        for term in terms:
            entry = {**term, "term": f"{term['term']} ({copy})"}
            for field in ("aliases", "related"):
                if term.get(field):
                    entry[field] = [f"{name} ({copy})" for name in term[field]]
            if term.get("cite"):
                entry["cite"] = [f"{key}-c{copy}" for key in term["cite"]]
            if term.get("notes"):
                entry["notes"] = _renamed(term["notes"], copy, keys)
            copies.append(entry)
    path.write_text(yaml.safe_dump(terms + copies, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    print(make(int(sys.argv[1]), Path(sys.argv[2])))

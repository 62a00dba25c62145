"""The plugin under a real `mkdocs build --strict`: cross-page checks, generated pages, messages."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CHAPTER = """---
chapter: 1
title: One
---

# One

About [[soviets]] and [[dual power]].[^a] See [two](two.md#p2-1) [@kilcullen2013, p. 4].

[^a]: Context: A note.
"""
TWO = "---\nchapter: 2\n---\n\n# Two\n\nCites [@lenin1917tasks].\n"


def make_site(tmp_path, pages=None, glossary=None, bib=None):
    docs = tmp_path / "docs"
    docs.mkdir()
    files = {"one.md": CHAPTER, "two.md": TWO, "glossary.md": "# Glossary\n\n<!-- glossary -->\n",
             "bibliography.md": "# Bibliography\n\n<!-- bibliography -->\n", **(pages or {})}
    for name, text in files.items():
        (docs / name).write_text(text)
    shutil.copy(FIXTURES / "references.bib", tmp_path / "references.bib")
    shutil.copy(FIXTURES / "glossary.yml", tmp_path / "glossary.yml")
    if glossary:
        (tmp_path / "glossary.yml").write_text(glossary)
    if bib:
        (tmp_path / "references.bib").write_text(bib)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - reader\nmarkdown_extensions: [attr_list, toc]\n"
        "validation:\n  links:\n    not_found: info\n    anchors: info\n")
    return tmp_path


def build(path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=path,
                            capture_output=True, text=True, env=env)
    assert "Traceback" not in result.stderr
    return result


def error_lines(result):
    return [line.split("-  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR")]


def test_good_site_builds_with_backlinks(tmp_path):
    result = build(make_site(tmp_path))
    assert result.returncode == 0, result.stderr
    glossary = (tmp_path / "site/glossary/index.html").read_text()
    assert 'href="../one/#p1-1">¶\u00a01.1</a>' in glossary
    assert 'id="letter-s"' in glossary and 'href="#letter-d">D</a>' in glossary
    bibliography = (tmp_path / "site/bibliography/index.html").read_text()
    assert 'id="kilcullen2013"' in bibliography and 'href="../two/#p2-1">¶\u00a02.1</a>' in bibliography
    head = glossary.split("</head>")[0]
    assert 'localStorage.getItem("reader:hide")' in head  # saved reader choices restore before first paint


@pytest.mark.parametrize("pages, expected", [
    ({"one.md": CHAPTER.replace("[[soviets]]", "[[sovjet]]")},
     "docs/one.md:8: unknown glossary term 'sovjet'"),
    ({"one.md": CHAPTER.replace("kilcullen2013", "kilcullen2014")},
     "docs/one.md:8: unknown citation key 'kilcullen2014'"),
    ({"one.md": CHAPTER.replace("[^a]: Context:", "[^b]: Context:")},
     "docs/one.md:8: note reference [^a] has no definition"),
    ({"one.md": CHAPTER + "[^unused]: Context: x.\n"},
     "docs/one.md:11: note [^unused] is defined but never referenced"),
    ({"one.md": CHAPTER.replace("Context: A note", "Aside: A note")},
     "docs/one.md:10: note [^a] has unknown kind 'Aside'"),
    ({"one.md": CHAPTER.replace("two.md#p2-1", "two.md#p2-9")},
     "docs/one.md:8: the link 'two.md#p2-9' points to '#p2-9', which is not an anchor of 'two.md'."),
    ({"one.md": CHAPTER.replace("two.md#p2-1", "three.md")},
     "docs/one.md:8: the link 'three.md' points to 'three.md', which does not exist."),
    ({"two.md": TWO.replace("chapter: 2", "chapter: 1")},
     "docs/two.md:2: chapter 1 is also declared by docs/one.md"),
    ({"two.md": TWO + "\n## Again {#p2-1}\n"},
     "docs/two.md:9: the anchor '#p2-1' is used twice on this page."),
])
def test_authoring_mistakes_fail_with_one_clear_message(tmp_path, pages, expected):
    result = build(make_site(tmp_path, pages=pages))
    assert result.returncode == 1
    errors = [line for line in error_lines(result) if not line.startswith("Error reading page")]
    assert len(errors) == 1 and errors[0].startswith(expected), result.stderr
    assert "Fix:" in errors[0]


def test_glossary_and_bib_mistakes_name_their_file(tmp_path):
    glossary = (FIXTURES / "glossary.yml").read_text().replace("cite: [lenin1917tasks]", "cite: [lenin1918]")
    result = build(make_site(tmp_path, glossary=glossary))
    assert result.returncode == 1 and "glossary.yml:1: term 'dual power' cites unknown key 'lenin1918'" in result.stderr
    bib = (FIXTURES / "references.bib").read_text().replace("title = {Out", "titel = {Out")
    (tmp_path / "b").mkdir()
    result = build(make_site(tmp_path / "b", bib=bib))
    assert result.returncode == 1 and "references.bib:8: entry 'kilcullen2013' has no title" in result.stderr


def test_uncited_entry_is_listed_but_not_fatal(tmp_path):
    result = build(make_site(tmp_path, pages={"one.md": CHAPTER.replace(" [@kilcullen2013, p. 4]", "")}))
    assert result.returncode == 0, result.stderr
    assert ("warning: 2 references.bib entries are never cited: kilcullen2013 (references.bib:8), "
            "lenin1917dualpower (references.bib:17)") in result.stderr


def test_how_to_cite_marker_naming_no_chapter_fails_with_file_and_line(tmp_path):
    result = build(make_site(tmp_path, pages={"about.md": "# About\n\nCite us.\n\n<!-- how-to-cite:9 -->\n"}))
    assert result.returncode != 0
    errors = [line for line in error_lines(result) if not line.startswith("Error building page")]
    assert errors == ["docs/about.md:5: 'how-to-cite:9' names chapter 9, which no page declares. "
                                   "Fix: name a chapter that exists, e.g. how-to-cite:1."]


def test_about_page_example_and_the_layer_are_built(tmp_path):
    result = build(make_site(tmp_path, pages={"about.md": "# About\n\n<!-- how-to-cite:1 -->\n"}))
    assert result.returncode == 0, result.stderr
    assert "¶ 1.7" in (tmp_path / "site/about/index.html").read_text()
    layer = (tmp_path / "site/assets/reader/annotations.js").read_text()
    assert "citeStyles" in layer and "DPR.annot" in layer and 'getElementById("my-notes")' not in layer
    mine = (tmp_path / "site/assets/reader/my-notes.js").read_text()
    assert 'getElementById("my-notes")' in mine and "DPR.store" in mine and "DPR.annot" not in mine


def test_the_search_index_is_written_beside_the_pages(tmp_path):
    result = build(make_site(tmp_path))
    assert result.returncode == 0, result.stderr
    script = (tmp_path / "site/search/search-index.js").read_text()
    assert '"one/","One"' in script and '"p1-1","para","¶ 1.1"' in script and "Note 1 (context) in ¶ 1.1" in script
    assert (tmp_path / "site/assets/reader/vendor/minisearch.js").exists()


def test_serve_rebuild_converts_only_the_saved_page_and_equals_a_fresh_build(tmp_path, monkeypatch):
    """`mkdocs serve` rebuilds in one process: unchanged pages get their conversion back (rebuilds.py),
    while backlinks across pages follow the edit."""
    import markdown
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    site = make_site(tmp_path)
    env = {"NO_MKDOCS_2_WARNING": "1"}
    monkeypatch.chdir(site)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    def rebuild():
        mkdocs_build(load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "served")))
    rebuild()
    (site / "docs" / "two.md").write_text(TWO + "\nNow about [[soviets]].\n")
    converted = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: converted.append(text) or convert(md, text))
    rebuild()
    assert len(converted) == 1 and "Now about" in converted[0]
    glossary = (tmp_path / "served/glossary/index.html").read_text()
    assert 'href="../two/#p2-2">¶\u00a02.2</a>' in glossary
    assert build(site).returncode == 0
    fresh = {p.relative_to(site / "site"): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    served = {p.relative_to(tmp_path / "served"): p.read_bytes() for p in (tmp_path / "served").rglob("*") if p.is_file()}
    assert fresh.keys() == served.keys()
    assert [name for name in fresh if fresh[name] != served[name]] == []

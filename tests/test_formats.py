"""The take-away formats, checked by reading their content (scripts/build-formats)."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import html as lhtml
from pypdf import PdfReader

from conftest import ROOT, WIDE

KINDS = "CONTEXT|TERM|CORRECTION|CITATION|CROSS REF|QUESTION"


@pytest.fixture(scope="session")
def manifest(dist):
    return json.loads((dist[0] / "manifest.json").read_text())


def pages_text(pdf: Path) -> list[str]:
    """Each page's text, with words hyphenated across lines joined again."""
    count = len(PdfReader(pdf).pages)
    texts = []
    for n in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        texts.append(" ".join(re.sub(r"(\w)[-\u2010\u00ad]\n\s*(\w)", r"\1\2", text).split()))
    return texts


def paragraph_labels(site_dir: Path, slug: str) -> list[str]:
    page = lhtml.parse(str(site_dir / "chapters" / slug / "index.html")).getroot()
    return [e.get("data-para") for e in page.xpath("//*[@data-para]")]


def test_command_shows_progress_and_a_table_of_sizes(dist, manifest):
    _, output = dist
    total = len(manifest)
    assert total >= 16
    for n in range(1, total + 1):
        assert f"[{n}/{total}] " in output
    for item in manifest:
        assert re.search(rf"^{re.escape(item['file'])}\s+[\d,.]+ [KM]B", output, re.M)


def test_handouts_carry_every_paragraph_number_and_keep_notes_on_their_page(dist, site_dir, chapter_paths):
    out, _ = dist
    for path in chapter_paths:
        slug = path.split("/")[1]
        pdf = next((out / "handouts").glob(f"chapter-{slug[:2]}-*.pdf"))
        texts = pages_text(pdf)
        assert 3 <= len(texts) <= 20, f"{pdf.name} has {len(texts)} pages"
        whole = " ".join(texts)
        for label in paragraph_labels(site_dir, slug):
            assert f"¶ {label}" in whole, f"{pdf.name} lacks ¶ {label}"
        assert texts[0].startswith("Dual Power Reader") and f"page 1 of {len(texts)}" in texts[0]
        for heading in ("In brief", "Key terms", "Questions for discussion", "References cited", "Notes"):
            assert heading in whole, f"{pdf.name} lacks {heading}"
        page = lhtml.parse(str(site_dir / "chapters" / slug / "index.html")).getroot()
        numbers = {n.text for n in page.xpath("//span[@class='sidenote']/span[@class='sn-head']/span[@class='sn-num']")}
        found = {}
        for i, text in enumerate(texts):
            for number in re.findall(rf"(?:^| )(\d+)\. (?:{KINDS})\. ", text):
                found.setdefault(number, i)
        assert set(found) == numbers, f"{pdf.name}: notes lost {sorted(numbers - set(found), key=int)}"
        checked = set()
        for sn in page.xpath("//span[@class='sn' or @class='sn sn-follows']"):
            number = sn.xpath(".//span[@class='sn-num']")[0].text
            if number in checked:  # a repeated citation is noted once, at its first call
                continue
            checked.add(number)
            before = "".join(sn.xpath("preceding::text()[not(ancestor::span[@class='sn' or @class='sn sn-follows'])]"
                                      "[not(ancestor::span[@class='term-tip'])][not(ancestor::a[@class='para-num'])]")[-4:])
            words = re.findall(r"[^\W\d_]{3,}", before)[-2:]
            page_words = set(re.findall(r"[^\W\d_]{3,}", texts[found[number]]))
            assert all(w in page_words for w in words), \
                f"{pdf.name}: note {number} is not on the page of its call (after '{' '.join(words)}')"


def adjacent_calls(site_dir: Path, chapter_paths) -> list[tuple[str, str]]:
    """Pairs of note numbers whose calls stand together in the text, like ¶ 6.2's 3 and 4."""
    pairs = []
    for path in chapter_paths:
        page = lhtml.parse(str(site_dir / path / "index.html")).getroot()
        for sn in page.xpath("//span[@class='sn sn-follows']"):
            first = sn.getprevious()
            pairs.append((first.xpath(".//span[@class='sn-num']")[0].text, sn.xpath(".//span[@class='sn-num']")[0].text))
    return pairs


def test_adjacent_calls_print_apart_in_every_format(dist, site_dir, chapter_paths):
    """'3,4', never '34', which reads as note 34."""
    out, _ = dist
    pairs = adjacent_calls(site_dir, chapter_paths)
    assert len(pairs) >= 5
    sources = {"handouts": " ".join(" ".join(pages_text(pdf)) for pdf in (out / "handouts").glob("*.pdf")),
               "book": " ".join(pages_text(out / "dual-power-reader.pdf")),
               "booklet": " ".join(pages_text(out / "dual-power-reader-booklet-a5.pdf"))}
    for name, text in sources.items():
        missing = [f"{a},{b}" for a, b in pairs if not re.search(rf"(?<!\d){a},{b}(?!\d)", text)]
        assert not missing, f"the {name} print adjacent calls together: {missing}"
    with zipfile.ZipFile(out / "dual-power-reader.epub") as book:
        xhtml = " ".join(book.read(n).decode() for n in book.namelist() if n.startswith("EPUB/chapter-"))
    calls = re.findall(r'(<span class="call-sep">,</span>)?<a class="call" href="#note-(\d+)"', xhtml)
    for a, b in pairs:
        assert any(sep and n == b for sep, n in calls), f"the EPUB runs calls {a} and {b} together"


def test_handout_text_stays_inside_the_page(dist):
    out, _ = dist
    for pdf in sorted((out / "handouts").glob("*.pdf")):
        bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
            width, height = float(page.group(1)), float(page.group(2))
            for x0, y0, x1, y1 in re.findall(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"',
                                             page.group(3)):
                assert 0 <= float(x0) and float(x1) <= width and 0 <= float(y0) and float(y1) <= height, pdf.name


def test_book_has_cover_contents_with_page_numbers_and_bookmarks(dist, site_dir, chapter_paths):
    pdf = dist[0] / "dual-power-reader.pdf"
    texts = pages_text(pdf)
    assert texts[0].startswith("DUAL POWER READER Dual Power Reader The complete edition")
    contents = texts[1]
    titles = [re.sub(r"\s+", " ", lhtml.parse(str(site_dir / p / "index.html")).getroot().xpath("//h1")[0].text_content())
              for p in chapter_paths]
    for number, title in enumerate(titles, 1):
        m = re.search(rf"{number}\. {re.escape(title)}\W*(\d+)", contents)
        assert m, f"contents lack chapter {number}"
        assert title in texts[int(m.group(1)) - 1], f"chapter {number} is not on page {m.group(1)}"
    for back in ("Reading-group guide", "Timeline", "Glossary", "Bibliography"):
        assert back in contents
    outline = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    assert all(any(title in entry for entry in outline) for title in titles)
    assert any("Glossary" in entry for entry in outline)
    whole = " ".join(texts)
    for path in chapter_paths:
        for label in paragraph_labels(site_dir, path.split("/")[1]):
            assert f"¶ {label}" in whole


def test_running_heads_and_page_numbers_are_where_paged_css_sets_them(dist):
    """Heads and numbers are written on when a document is assembled (pdf.py), as paged.css sets
    them (margins top, right, bottom, left: 22, 20, 24, 30 mm on A4; 16, 13, 17, 21 mm on A5): the
    edition's name flush left and the part's title flush right above the text block, the page's own
    number centred below it, all in one type. The cover has none; the contents, which have no title,
    only the name."""
    import pymupdf
    mm = 72 / 25.4
    for name, (top, right, bottom, left) in (("dual-power-reader.pdf", (16, 13, 17, 21)),
                                             ("handouts/chapter-06-the-infrastructural-turn.pdf", (22, 20, 24, 30))):
        with pymupdf.open(dist[0] / name) as pdf:
            titles = sorted((page, title) for level, title, page in pdf.get_toc() if level == 1)
            for index, page in enumerate(pdf):
                where = f"{name} page {index + 1}"
                spans = [span for block in page.get_text("dict")["blocks"] for line in block.get("lines", ())
                         for span in line["spans"]]
                heads = sorted((s for s in spans if s["bbox"][3] < top * mm), key=lambda s: s["bbox"][0])
                numbers = [s for s in spans if re.fullmatch(r"page \d+ of \d+", s["text"])]
                if index == 0 and name == "dual-power-reader.pdf":
                    assert not numbers and not heads, "the cover carries no head or number"
                    continue
                title = next((t for start, t in reversed(titles) if start <= index + 1), "")
                assert [s["text"] for s in heads] == ["Dual Power Reader"] + ([title] if title else []), where
                assert abs(heads[0]["bbox"][0] - left * mm) < 1, f"{where}: the name is not flush left"
                if title:
                    assert abs(heads[1]["bbox"][2] - (page.rect.width - right * mm)) < 1, f"{where}: the title is not flush right"
                assert len(numbers) == 1, f"{where}: {len(numbers)} numbers"
                number = numbers[0]
                assert number["text"] == f"page {index + 1} of {pdf.page_count}", name
                x0, top_of_number, x1, _ = number["bbox"]
                assert top_of_number > page.rect.height - bottom * mm, f"{where}: the number is not at the foot"
                centre = (left * mm + page.rect.width - right * mm) / 2
                assert abs((x0 + x1) / 2 - centre) < 1, f"{where}: number off centre"
                types = {(span["font"].replace("-", ""), span["size"], span["color"]) for span in heads + numbers}
                assert len(types) == 1, f"{where}: {types}"


def test_a_running_head_keeps_every_character_of_its_title(tmp_path):
    """Heads are written in a font cut down to the characters a sample page shows (pdf.py), which
    must take in any character a title uses."""
    import pymupdf
    from formats import pdf, printable
    title = "Łódź, Æthelflæd and Ŵ"
    html = printable.document(title, f'<h1 class="chapter-title">{title}</h1><p>Text.</p>', "handout")
    out = tmp_path / "part.pdf"
    pdf.render([pdf.lay_out("ch-1", html, False, True, tmp_path)], out, title, "0" * 32, tmp_path)
    with pymupdf.open(out) as document:
        heads = [span["text"] for block in document[0].get_text("dict")["blocks"] for line in block.get("lines", ())
                 for span in line["spans"] if span["bbox"][3] < 22 * 72 / 25.4]
    assert heads == ["Dual Power Reader", title]


def test_epub_passes_epubcheck_with_footnotes_and_paragraph_numbers(dist, site_dir, chapter_paths):
    epub = dist[0] / "dual-power-reader.epub"
    jar = Path(shutil.which("epubcheck")).resolve()
    result = subprocess.run(["java", "-jar", str(jar), str(epub)], capture_output=True, text=True)
    assert result.returncode == 0 and "No errors or warnings detected" in result.stdout, result.stdout + result.stderr
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        assert "EPUB/glossary.xhtml" in names and "EPUB/bibliography.xhtml" in names
        for path in chapter_paths:
            slug = path.split("/")[1]
            text = book.read(f"EPUB/chapter-{slug[:2]}.xhtml").decode()
            assert 'epub:type="footnote"' in text and 'epub:type="noteref"' in text
            for label in paragraph_labels(site_dir, slug):
                assert f"¶\u00a0{label}" in text


def test_booklet_sheets_are_in_saddle_stitch_order(dist, manifest):
    pdf = dist[0] / "dual-power-reader-booklet-a5.pdf"
    pages = next(m["pages"] for m in manifest if m["file"] == pdf.name)
    assert pages % 4 == 0
    reader = PdfReader(pdf)
    assert len(reader.pages) == pages // 2
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert width > height  # landscape sheet, two A5 pages side by side

    def number(side, half):
        crop = ["-x", str(int(half * width / 2)), "-y", "0", "-W", str(int(width / 2)), "-H", str(int(height))]
        text = subprocess.run(["pdftotext", "-f", str(side), "-l", str(side), *crop, str(pdf), "-"],
                              capture_output=True, text=True).stdout
        found = re.search(r"page (\d+) of (\d+)", text)
        return int(found.group(1)) if found else None

    # The cover and the padding pages carry no footer; check sides whose pages are numbered.
    for side in range(1, len(reader.pages) + 1):
        sheet_side = (side - 1) % 2
        k = (side - 1) // 2
        left, right = (pages - 2 * k, 2 * k + 1) if sheet_side == 0 else (2 * k + 2, pages - 2 * k - 1)
        for half, expected in ((0, left), (1, right)):
            seen = number(side, half)
            assert seen in (None, expected), f"side {side}: found page {seen}, expected {expected}"
    assert number(2, 0) == 2 and number(1, 1) is None  # side 1 carries the last page and the cover


def test_the_booklet_is_the_books_pages_so_page_numbers_agree(dist):
    """The book is set on A5 and the booklet imposes its pages (formats/__main__.py): a group
    working from both finds "page 47" to be the same page, with the same text."""
    import pymupdf

    def numbered(pages):
        found = {}
        for page in pages:
            text = " ".join(page.split())
            number = re.search(r"page (\d+) of (\d+)", text)
            if number:
                found[number.group(0)] = text
        return found

    with pymupdf.open(dist[0] / "dual-power-reader.pdf") as book:
        assert book[0].rect.width == pytest.approx(148 * 72 / 25.4, abs=1), "the book is not on A5 pages"
        pages = numbered(page.get_text() for page in book)
    with pymupdf.open(dist[0] / "dual-power-reader-booklet-a5.pdf") as booklet:
        halves = [page.get_text(clip=pymupdf.Rect(x, 0, x + page.rect.width / 2, page.rect.height))
                  for page in booklet for x in (0, page.rect.width / 2)]
        imposed = numbered(halves)
    assert len(pages) > 200 and pages.keys() == imposed.keys()
    assert [n for n in pages if pages[n] != imposed[n]] == [], "pages whose text differs between book and booklet"


def test_session_packs_hold_only_their_chapters_terms_and_sources(dist, site_dir):
    out, _ = dist
    session = pages_text(out / "sessions" / "session-3.pdf")
    whole = " ".join(session)
    assert "Facilitator notes" in whole and "Guerrilla and insurgent cases" in whole
    assert "Why dual power, and why now" not in whole and "Building it in Britain" not in whole
    assert "Hezbollah" in whole and "Questions for discussion" in whole and "References cited" in whole
    key_terms = whole.split("Key terms", 1)[1].split("References cited", 1)[0]
    assert "libertarian municipalism" not in key_terms.lower()  # a chapter 4 term, not used in chapter 5


def test_session_pack_command_for_any_range_and_as_booklet(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "scripts")}
    target = tmp_path / "pack.pdf"
    result = subprocess.run([sys.executable, "-m", "formats", "session", "--chapters", "2-3", "--booklet",
                             "--out", str(target)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[2/2] session pack for chapters 2-3 as a booklet" in result.stdout
    text = " ".join(pages_text(target))
    assert "What dual power is, and is not" in text and "Leninist origins" in text and "Bookchin and" not in text


def test_an_authoring_mistake_stops_the_formats_with_its_message(tmp_path):
    """build-formats builds the site while it readies WeasyPrint (formats/site.py); a mistake in a
    chapter stops it with the build's own message, which names the file, the line and the fix."""
    project = tmp_path / "project"
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "glossary.yml", "references.bib"):
        shutil.copy(ROOT / name, project / name)
    chapter = next((project / "docs" / "chapters").glob("01-*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA claim.[^zz]\n\n[^zz]: No kind here.\n",
                       encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "formats", "all", "--out", str(tmp_path / "dist")], cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts")},
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "mkdocs build failed" in result.stderr
    assert re.search(rf"docs/chapters/{re.escape(chapter.name)}:\d+: note \[\^zz\] does not start with a kind\. Fix: ",
                     result.stderr), result.stderr
    assert not (tmp_path / "dist" / "manifest.json").exists()


def test_home_lists_every_download_with_its_size(dist, manifest, tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path)],
                            cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "READER_DIST": str(dist[0])},
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "index.html").read_text()
    for item in manifest:
        assert f'href="downloads/{item["file"]}"' in home and (tmp_path / "downloads" / item["file"]).exists()
    assert re.search(r"\(A4 PDF, \d+ KB, \d+ pages\)", home)
    guide = (tmp_path / "guide" / "index.html").read_text()
    for n in range(1, 5):  # each session of the guide offers its ready-made pack
        assert f'href="../downloads/sessions/session-{n}.pdf"' in guide


def test_offline_copy_works_from_file_with_search_and_no_failed_request(dist, browser, tmp_path):
    with zipfile.ZipFile(dist[0] / "dual-power-reader-offline.zip") as archive:
        archive.extractall(tmp_path)
    index = tmp_path / "dual-power-reader" / "index.html"
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    failed, foreign = [], []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("file://", "data:", "blob:")) else None)
    page.goto(index.as_uri())
    page.keyboard.press("/")
    page.keyboard.type("Killkullin")
    result = page.locator(".md-search-result__link").first
    result.wait_for()
    result.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and "/chapters/" in page.url
    assert page.locator("#p5-5 mark.search-mark").count() >= 1   # the matched words marked from file:// too
    assert page.locator(".sidenote").count() > 0 and page.locator("a.para-num").count() > 0
    page.locator(".md-content .para .term:not(.sidenote .term) .term-link").first.hover()
    assert page.locator(".md-content .term-tip:visible").count() == 1
    page.get_by_role("button", name="Reading options").click()
    page.locator('.rc-panel input[value="context"]').uncheck()  # choices persist from file:// too
    page.reload()
    assert page.locator('.sidenote[data-kind="context"]:visible').count() == 0
    assert page.locator('.sidenote[data-kind="citation"]:visible').count() > 0
    context.close()
    assert not failed and not foreign, f"failed: {failed}, foreign: {foreign}"

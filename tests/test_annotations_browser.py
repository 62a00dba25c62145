"""The reader's own layer, as a reader uses it: highlights, notes, My notes with its exports and
import, re-anchoring in a new build, links to exact words, citations, phones, print, resuming and
a full store; from the served site, from a sub-path and from the offline zip, with no request to
any other host."""
import datetime
import functools
import http.server
import io
import json
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
import rispy
from playwright.sync_api import expect
from pybtex.database import parse_string

from conftest import NARROW, ROOT, WIDE, build_env

CHAPTER = "chapters/01-why-dual-power/"
CLIPBOARD = ["clipboard-read", "clipboard-write"]
PUBLISHED = "https://example.org/dual-power-reader/"
# The middle of the first and last line of some words in a paragraph, as window coordinates.
WORDS_AT = """([id, words]) => {
  const range = document.createRange(), walker = document.createTreeWalker(document.getElementById(id), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(words);
    if (i < 0) continue;
    range.setStart(n, i);
    range.setEnd(n, i + words.length);
    const rects = range.getClientRects(), a = rects[0], b = rects[rects.length - 1];
    return [a.left + 1, (a.top + a.bottom) / 2, b.right - 1, (b.top + b.bottom) / 2];
  }
  throw new Error("words not found: " + words);
}"""
# Selects the words as a keyboard or touch selection would, without the mouse.
SELECT = """([id, words]) => {
  const walker = document.createTreeWalker(document.getElementById(id), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(words);
    if (i >= 0) { getSelection().setBaseAndExtent(n, i, n, i + words.length); return; }
  }
  throw new Error("words not found: " + words);
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def offline_home(dist, tmp_path_factory):
    """The offline zip, unzipped: its home page's folder as a file:// URL."""
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(dist[0] / "dual-power-reader-offline.zip") as archive:
        archive.extractall(folder)
    return (folder / "dual-power-reader").as_uri() + "/"


@pytest.fixture(params=["served", "offline"])
def home(request, base_url):
    return base_url if request.param == "served" else request.getfixturevalue("offline_home")


def url(home: str, path: str) -> str:
    """A page's address: the offline copy's pages are files (chapters/01-….html, index.html)."""
    if not home.startswith("file:"):
        return home + path
    return home + (path[:-1] + ".html" if path else "index.html")


def watched(open_page, address, viewport=WIDE, **options):
    """A page, recording every request that leaves the edition (none should)."""
    page = open_page("about:blank", viewport, **options)
    page.foreign = []
    origin = address.split("/chapters/")[0].split("/my-notes/")[0]
    page.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:")) else page.foreign.append(r.url))
    page.goto(address)
    return page


def drag_select(page, para, words):
    page.locator("#" + para).scroll_into_view_if_needed()
    x1, y1, x2, y2 = page.evaluate(WORDS_AT, [para, words])
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move(x2, y2, steps=5)
    page.mouse.up()


def highlight(page, para, words, note=None):
    drag_select(page, para, words)
    page.get_by_role("toolbar", name="Selected text").get_by_role("button", name="Add note" if note else "Highlight").click()
    if note:
        page.get_by_role("textbox", name="Your note").fill(note)
        page.get_by_role("button", name="Save").click()
    mark = page.locator(f"#{para} mark.an-mark").filter(has_text=words.split()[0])
    expect(mark.first).to_be_visible()
    return mark


def test_words_selected_with_the_mouse_are_highlighted_and_stay_after_reload(open_page, home):
    page = watched(open_page, url(home, CHAPTER))
    drag_select(page, "p1-2", "claim about timing")
    bar = page.get_by_role("toolbar", name="Selected text")
    expect(bar).to_be_visible()
    assert [b.inner_text() for b in bar.get_by_role("button").all()] == ["Highlight", "Add note", "Copy link", "Cite"]
    bar.get_by_role("button", name="Highlight").click()
    page.reload()
    mark = page.locator("#p1-2 mark.an-mark")
    expect(mark).to_have_text("claim about timing")
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    mark.click()                                     # selecting a highlight: change its colour
    page.get_by_role("button", name="Green").click()
    expect(mark).to_have_class("an-mark an-green")
    page.reload()
    expect(page.locator("#p1-2 mark.an-green")).to_have_text("claim about timing")
    assert not page.foreign


def test_two_tabs_on_one_chapter_show_and_keep_each_others_notes(open_page, base_url):
    """A browser's tabs share its storage (annotations.js): what one tab saves appears in the
    other at once, and a change saved in either keeps what the other saved. The reader works in
    the tab in front (bring_to_front): a browser slows the timers of those behind."""
    first = open_page(base_url + CHAPTER)
    second = first.context.new_page()
    second.goto(base_url + CHAPTER)
    first.bring_to_front()
    highlight(first, "p1-2", "claim about timing")
    expect(second.locator("#p1-2 mark.an-mark")).to_have_text("claim about timing")
    words = second.locator("#p1-3").evaluate("p => p.childNodes[1].data.trim().split(' ').slice(0, 3).join(' ')")
    second.bring_to_front()
    highlight(second, "p1-3", words, note="Seen from the second tab.")
    expect(first.locator("#p1-3 mark.an-mark")).to_have_text(words)
    expect(first.locator(".an-note-text")).to_have_text("Seen from the second tab.")
    first.bring_to_front()
    first.locator("#p1-2 mark.an-mark").click()
    first.get_by_role("toolbar", name="Highlight").get_by_role("button", name="Delete").click()
    expect(second.locator("#p1-2 mark.an-mark")).to_have_count(0)
    second.reload()
    expect(second.locator("#p1-3 mark.an-mark")).to_have_text(words)
    expect(second.locator("#p1-2 mark.an-mark")).to_have_count(0)
    mine = first.context.new_page()                  # My notes, open in a third tab, follows both
    mine.goto(base_url + "my-notes/")
    expect(mine.locator(".an-list blockquote")).to_have_text([words])
    first.bring_to_front()
    highlight(first, "p1-2", "claim about timing")
    expect(mine.locator(".an-list blockquote")).to_have_text(["claim about timing", words])
    first.locator("#p1-2 mark.an-mark").click()
    first.get_by_role("toolbar", name="Highlight").get_by_role("button", name="Delete").click()
    expect(mine.locator(".an-list blockquote")).to_have_text([words])
    # Another tab moves the note to the paragraph before, as a note on the whole of it: its box moves here too.
    key = "reader:annotations:v1:" + CHAPTER
    before = first.evaluate("key => localStorage.getItem(key)", key)
    first.evaluate("""key => {
      const stored = JSON.parse(localStorage.getItem(key)), a = stored.items[0];
      Object.assign(a, {para: "p1-2", whole: true, start: 0, end: a.exact.length, modified: new Date().toISOString()});
      localStorage.setItem(key, JSON.stringify(stored));
    }""", key)
    expect(second.locator("#p1-2 + .an-notes")).to_contain_text("Seen from the second tab.")
    expect(second.locator("#p1-3 + .an-notes")).to_have_count(0)
    expect(second.locator("#p1-3 mark.an-mark")).to_have_count(0)
    first.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, before])
    expect(second.locator("#p1-3 mark.an-mark")).to_have_text(words)
    # A save whose news has not reached this tab (written by the tab itself, which gets no event):
    # its next change is saved into what is stored, so that save is kept.
    second.evaluate("""key => {
      const stored = JSON.parse(localStorage.getItem(key));
      stored.items.push({...stored.items[0], id: "saved-elsewhere", color: "blue"});
      localStorage.setItem(key, JSON.stringify(stored));
    }""", key)
    second.bring_to_front()
    highlight(second, "p1-2", "claim about timing")
    second.reload()
    expect(second.locator("#p1-3 mark.an-blue")).to_have_text(words)
    expect(second.locator("#p1-2 mark.an-mark")).to_have_text("claim about timing")


def my_notes_text(page):
    return page.locator(".an-list").inner_text()


def test_notes_round_trip_through_my_notes_export_forget_and_import(open_page, home):
    page = watched(open_page, url(home, CHAPTER))
    highlight(page, "p1-2", "claim about timing", note="Compare Lenin's April Theses.")
    expect(page.locator(".an-notes")).to_contain_text("Compare Lenin's April Theses.")
    page.locator("#p1-3 a.para-num").click()            # a note on the whole paragraph, from the ¶ menu
    page.get_by_role("toolbar", name="¶\u00a01.3").get_by_role("button", name="Add note").click()
    page.get_by_role("textbox", name="Your note").fill("The whole paragraph matters.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".an-notes").last).to_contain_text("Your note on ¶\u00a01.3: The whole paragraph matters.")

    page.goto(url(home, "my-notes/"))
    expect(page.locator(".an-list")).to_contain_text("claim about timing")
    before = my_notes_text(page)
    assert "Why dual power, and why now" in before and "¶\u00a01.2" in before and "Compare Lenin's April Theses." in before
    assert page.locator(".an-list a", has_text="¶\u00a01.2").get_attribute("href") == url(home, CHAPTER) + "#p1-2"
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    exported = Path(download.value.path())
    data = json.loads(exported.read_text())
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    selectors = {s["type"] for item in data["first"]["items"] for s in item["target"]["selector"]}
    assert selectors == {"FragmentSelector", "TextQuoteSelector"}
    assert any(s.get("refinedBy", {}).get("type") == "TextPositionSelector"
               for item in data["first"]["items"] for s in item["target"]["selector"])

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Forget all my notes").click()
    expect(page.locator(".an-list")).to_contain_text("no highlights or notes")
    assert not [k for k in page.evaluate("Object.keys(localStorage)") if k.startswith("reader:annotations")]

    page.get_by_label("Import").set_input_files(str(exported))
    expect(page.locator(".an-status")).to_have_text("Imported 2 notes.")
    assert my_notes_text(page) == before
    page.get_by_label("Import").set_input_files(str(exported))   # again: merged, not duplicated
    expect(page.locator(".an-status")).to_have_text("Imported 0 notes; 2 were already here.")
    assert my_notes_text(page) == before

    page.goto(url(home, CHAPTER))
    expect(page.locator("#p1-2 mark.an-mark")).to_have_text("claim about timing")
    expect(page.locator(".an-notes").first).to_contain_text("Compare Lenin's April Theses.")
    assert not page.foreign


def test_markdown_export_quotes_each_passage_with_its_link_and_note(open_page, base_url):
    page = open_page(base_url + CHAPTER)
    highlight(page, "p1-4", page.locator("#p1-4").evaluate("p => p.childNodes[1].data.trim().split(' ').slice(0, 4).join(' ')"),
              note="A note for the group.\nSecond line.")
    words = page.locator("#p1-4 mark.an-mark").inner_text()
    page.goto(base_url + "my-notes/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export Markdown").click()
    text = Path(download.value.path()).read_text()
    assert download.value.suggested_filename.endswith(".md")
    assert text.startswith("# My notes from the Dual Power Reader\n\n## Why dual power, and why now\n\n")
    assert f"> {words}\n>\n> — [¶ 1.4]({CHAPTER}#p1-4)\n\nA note for the group.\nSecond line.\n" in text


def edition_copy(target: Path, edit) -> Path:
    """A copy of the project's sources with edit(chapter text) -> new text applied to chapter 1."""
    target.mkdir()
    for name in ("mkdocs.yml", "glossary.yml", "references.bib"):
        shutil.copy(ROOT / name, target / name)
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "scripts").mkdir()
    for hook in ("downloads_hook.py", "headers_hook.py"):
        shutil.copy(ROOT / "scripts" / hook, target / "scripts" / hook)
    if (ROOT / ".cache").exists():
        shutil.copytree(ROOT / ".cache", target / ".cache")
    chapter = target / "docs" / "chapters" / "01-why-dual-power.md"
    chapter.write_text(edit(chapter.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def test_annotations_follow_an_edited_text_and_a_deleted_passage_shows_as_detached(open_page, tmp_path, site_dir):
    # Two builds served side by side: the first edition, and a later one with ¶ 1.2 edited and a
    # sentence of ¶ 1.3 deleted. One origin, so the notes made on the first are there for the second.
    html = (site_dir / CHAPTER / "index.html").read_text()
    shutil.copytree(site_dir, tmp_path / "host" / "v1")
    deleted = "studied closely as a work in its own right"
    source = (ROOT / "docs" / "chapters" / "01-why-dual-power.md").read_text(encoding="utf-8")
    sentence = next(s for s in source.split(". ") if deleted in s)
    assert "\n" not in sentence and deleted in html

    def edit(text):
        text = text.replace("Kosigan begins with a claim about timing:",
                            "In its opening, Kosigan begins with a bold claim about timing:", 1)
        text = text.replace("has at last reached the British", "has now reached the British", 1)
        return text.replace(sentence + ". ", "", 1)
    copy = edition_copy(tmp_path / "v2src", edit)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                             str(tmp_path / "host" / "v2")], cwd=copy, env=build_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server, origin = serve(tmp_path / "host")
    try:
        page = open_page(origin + "v1/" + CHAPTER)
        highlight(page, "p1-2", "claim about timing", note="On timing.")      # words added before it
        highlight(page, "p1-2", "has at last reached the British revolutionary left")   # words changed inside it
        highlight(page, "p1-3", deleted, note="This sentence will go.")
        page.goto(origin + "v2/" + CHAPTER)
        marks = page.locator("#p1-2 mark.an-mark")
        expect(marks.first).to_have_text("claim about timing")
        expect(marks.nth(1)).to_have_text("has now reached the British revolutionary left")
        expect(page.locator(".an-notes").first).to_contain_text("On timing.")
        assert page.locator("mark.an-mark").count() == 2
        expect(page.locator(".an-lost")).to_contain_text("Notes of yours not found in this version of the text: 1.")
        page.goto(origin + "v2/my-notes/")
        detached = page.locator(".an-item", has=page.locator(".an-detached"))
        expect(detached).to_contain_text(deleted)
        expect(detached).to_contain_text("This sentence will go.")
        assert page.locator(".an-detached").count() == 1
    finally:
        server.shutdown()


def test_copy_link_opens_the_page_at_exactly_the_selected_words(open_page, base_url):
    page = open_page(base_url + CHAPTER, NARROW, permissions=CLIPBOARD)
    # The longest paragraph's last words, opened in a window shorter than the paragraph: below
    # where the paragraph's own anchor would put them.
    para = page.evaluate("[...document.querySelectorAll('.md-content p.para')].sort((a, b) => b.offsetHeight - a.offsetHeight)[0].id")
    last = page.locator("#" + para).evaluate(
        "p => [...p.childNodes].filter(n => n.nodeType === 3 && n.data.trim().split(/\\s+/).length > 4).at(-1).data")
    words = " ".join(last.split()[-4:])
    page.evaluate(SELECT, [para, words])
    page.get_by_role("toolbar", name="Selected text").get_by_role("button", name="Copy link").click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(f"{base_url}{CHAPTER}#{para}:~:text=")
    short = {"width": 390, "height": 300}
    reader = open_page(link, short)
    assert reader.locator("#" + para).evaluate("p => p.offsetHeight") > short["height"]
    assert reader.evaluate("location.hash") == "#" + para
    top, bottom = reader.evaluate(WORDS_AT, [para, words])[1::2]
    assert 0 < top and bottom < short["height"], "the browser did not scroll to the words"
    assert reader.locator("#" + para).evaluate("p => p.getBoundingClientRect().top") < 0, \
        "the link opened at the paragraph, not at the words"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site built with SITE_URL and served under its sub-path."""
    root = tmp_path_factory.mktemp("published")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                             str(root / "dual-power-reader")], cwd=ROOT, env=build_env(SITE_URL=PUBLISHED),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server, origin = serve(root)
    yield origin + "dual-power-reader/"
    server.shutdown()


def test_cite_names_the_paragraph_and_address_and_its_downloads_parse(open_page, published):
    page = open_page(published + CHAPTER, WIDE, permissions=CLIPBOARD)
    assert page.locator('meta[name="citation_public_url"]').get_attribute("content") == PUBLISHED + CHAPTER
    for name in ("citation_title", "citation_author", "citation_publication_date", "citation_inbook_title"):
        assert page.locator(f'meta[name="{name}"]').get_attribute("content")
    highlight(page, "p1-2", "claim about timing")    # storage works under a sub-path too
    page.locator("#p1-2 a.para-num").click()
    page.get_by_role("toolbar", name="¶\u00a01.2").get_by_role("button", name="Cite").click()
    dialog = page.get_by_role("dialog", name="Cite ¶\u00a01.2")
    expect(dialog).to_be_visible()
    today = datetime.date.today()
    address = PUBLISHED + CHAPTER + "#p1-2"
    for style, accessed in (("Chicago (author-date)", f"Accessed {today.day} {today:%B %Y}."),
                            ("APA", f"Retrieved {today:%B} {today.day}, {today.year}, from {address}"),
                            ("MLA", "Accessed ")):
        text = dialog.locator("section", has=page.get_by_role("heading", name=style)).locator(".an-cite").inner_text()
        assert "Dual Power Reader" in text and "Why dual power, and why now" in text, text
        assert "1.2" in text and address in text and accessed in text, text
    dialog.get_by_role("button", name="Copy the Chicago (author-date) citation").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("Dual Power Reader editors. ")
    with page.expect_download() as bib:
        dialog.get_by_role("button", name="Download BibTeX").click()
    entry = next(iter(parse_string(Path(bib.value.path()).read_text(), "bibtex").entries.values()))
    assert entry.type == "incollection" and entry.fields["url"] == address and entry.fields["chapter"] == "1"
    assert "1.2" in entry.fields["note"]
    with page.expect_download() as ris:
        dialog.get_by_role("button", name="Download RIS").click()
    (record,) = rispy.loads(Path(ris.value.path()).read_text())
    assert record["type_of_reference"] == "CHAP" and record["urls"] == [address]
    assert "Paragraph 1.2" in record["notes"] and record["title"] == "Why dual power, and why now"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#p1-2 a.para-num")).to_be_focused()


def test_offline_copy_cites_itself_as_an_offline_copy(open_page, offline_home):
    page = open_page(url(offline_home, CHAPTER))
    page.locator("#p1-2 a.para-num").click()
    page.get_by_role("button", name="Cite").click()
    text = page.get_by_role("dialog").locator(".an-cite").first.inner_text()
    assert "¶ 1.2" in text and "Offline copy" in text and "file:" not in text


def hostile_file(tmp_path, base_url, open_page):
    """An export of one real note, with markup in its note and title."""
    page = open_page(base_url + CHAPTER)
    highlight(page, "p1-2", "claim about timing", note="plain")
    page.goto(base_url + "my-notes/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export JSON").click()
    data = json.loads(Path(download.value.path()).read_text())
    item = data["first"]["items"][0]
    item["id"] = "urn:uuid:11111111-2222-4333-8444-555555555555"
    item["body"]["value"] = '<img src="x" onerror="window.__ran = 1"><script>window.__ran = 2</script>'
    item["target"]["schema:name"] = '<img src="y" onerror="window.__ran = 3">'
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data))
    page.close()
    return path


def test_a_hostile_import_is_shown_as_text_and_runs_nothing(open_page, base_url, tmp_path):
    path = hostile_file(tmp_path, base_url, open_page)
    requests = []
    page = open_page(base_url + "my-notes/")
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: pytest.fail("a dialog opened: " + d.message))
    page.get_by_label("Import").set_input_files(str(path))
    expect(page.locator(".an-status")).to_have_text("Imported 1 note.")
    expect(page.locator(".an-list")).to_contain_text('<img src="x" onerror="window.__ran = 1"><script>')
    assert page.locator(".an-list img, .an-list script").count() == 0
    page.goto(base_url + CHAPTER)
    expect(page.locator(".an-notes")).to_contain_text("<script>window.__ran = 2</script>")
    assert page.evaluate("window.__ran") is None
    assert page.locator(".md-content img[src='x'], .md-content img[src='y']").count() == 0
    assert not [r for r in requests if r.endswith(("/x", "/y"))]


def test_a_malformed_foreign_or_oversized_file_changes_nothing(open_page, base_url, tmp_path):
    page = open_page(base_url + CHAPTER)
    highlight(page, "p1-2", "claim about timing")
    page.goto(base_url + "my-notes/")
    before = page.evaluate("JSON.stringify(localStorage)")
    files = {"broken.json": ("{ not json", "this file is not JSON."),
             "foreign.json": (json.dumps({"type": "Collection", "items": [1]}), "not a notes file exported from this edition"),
             "bad.json": (json.dumps({"type": "AnnotationCollection", "first": {"items": [{"type": "Annotation"}]}}),
                          "Note 1 in this file is incomplete or malformed, so nothing was imported."),
             "huge.json": (" " * (5 * 1024 * 1024 + 1), "larger than 5 MB")}
    for name, (content, message) in files.items():
        (tmp_path / name).write_text(content)
        page.get_by_label("Import").set_input_files(str(tmp_path / name))
        expect(page.locator(".an-status")).to_contain_text("Nothing was imported")
        expect(page.locator(".an-status")).to_contain_text(message)
        assert page.evaluate("JSON.stringify(localStorage)") == before


def test_on_a_phone_the_toolbar_sits_clear_of_the_systems_selection_menu(open_page, base_url):
    page = open_page(base_url + CHAPTER, NARROW, has_touch=True, is_mobile=True)
    page.locator("#p1-2").scroll_into_view_if_needed()
    page.evaluate(SELECT, ["p1-2", "claim about timing"])
    bar = page.get_by_role("toolbar", name="Selected text")
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    words = page.evaluate(WORDS_AT, ["p1-2", "claim about timing"])
    assert box["y"] + box["height"] <= NARROW["height"] and box["y"] > words[3] + 40, \
        "the toolbar should sit at the foot of the screen, away from the selected words"
    assert bar.evaluate("b => getComputedStyle(b).position") == "fixed"
    bar.get_by_role("button", name="Highlight").tap()
    expect(page.locator("#p1-2 mark.an-mark")).to_have_text("claim about timing")
    page.locator("#p1-2 mark.an-mark").tap()
    page.get_by_role("button", name="Add note").tap()
    page.get_by_role("textbox", name="Your note").fill("From my phone.")
    page.get_by_role("button", name="Save").tap()
    expect(page.locator(".an-notes")).to_contain_text("From my phone.")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_print_my_notes_puts_highlights_and_notes_in_the_print(open_page, base_url):
    page = open_page(base_url + CHAPTER)
    highlight(page, "p1-2", "claim about timing", note="Printed beside its paragraph.")
    notes, mark = page.locator(".an-notes"), page.locator("mark.an-mark")
    page.emulate_media(media="print")
    expect(notes).to_be_hidden()                       # off by default
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Reading options").click()
    page.get_by_label("Print my notes").check()
    page.keyboard.press("Escape")
    page.reload()
    page.emulate_media(media="print")
    expect(notes).to_be_visible()
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    from pypdf import PdfReader
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    assert "Printed beside its paragraph." in " ".join(text.split())


def test_the_site_remembers_where_the_reader_stopped(open_page, base_url):
    page = open_page(base_url + CHAPTER, NARROW)
    page.locator("#p1-6").evaluate("p => scrollTo(0, p.getBoundingClientRect().top + scrollY - 100)")
    page.wait_for_function("() => (localStorage.getItem('reader:resume:v1') || '').includes('p1-6')")
    page.goto(base_url + CHAPTER)
    link = page.get_by_role("link", name="Continue at ¶\u00a01.6")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(base_url + CHAPTER + "#p1-6")
    page.goto(base_url)
    expect(page.get_by_role("link", name="Continue at ¶\u00a01.6")).to_have_attribute("href", base_url + CHAPTER + "#p1-6")
    # the progress line is the browser's, drawn from the scroll position; both can be switched off
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header'), '::after').animationName") == "none"
    page.goto(base_url + CHAPTER)
    header = "getComputedStyle(document.querySelector('.md-header'), '::after').animationName"
    assert page.evaluate(header) == "rd-progress"
    page.get_by_role("button", name="Reading options").click()
    page.get_by_label("Show reading progress").uncheck()
    page.get_by_label("Remember where I stopped").uncheck()
    assert page.evaluate(header) == "none"
    page.reload()
    expect(page.get_by_role("link", name="Continue at ¶\u00a01.6")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('reader:resume:v1')") is None


def test_a_full_store_says_so_and_loses_nothing_already_saved(open_page, base_url):
    page = open_page(base_url + CHAPTER)
    highlight(page, "p1-2", "claim about timing")
    page.evaluate("""() => {   // fill this origin's storage to the brim
      let size = 1 << 20;
      for (let i = 0; size >= 1; i++) {
        try { localStorage.setItem('test-filler-' + i, 'x'.repeat(size)); } catch (e) { size >>= 1; }
      }
    }""")
    drag_select(page, "p1-3", page.locator("#p1-3").evaluate("p => p.childNodes[1].data.trim().split(' ').slice(0, 3).join(' ')"))
    page.get_by_role("button", name="Highlight").click()
    expect(page.get_by_role("alert")).to_contain_text("storage for the edition is full")
    assert page.locator("#p1-3 mark.an-mark").count() == 0
    page.reload()
    expect(page.locator("#p1-2 mark.an-mark")).to_have_text("claim about timing")
    page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('test-filler-')).forEach(k => localStorage.removeItem(k))")

"""What a reader sees of the margin notes: placement, toggles, no-JS reading, print."""
import re
import statistics
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import NARROW, WIDE
from note_geometry import GEOMETRY, SETTLED

WIDTHS = [(1280, 800), (1440, 900), (1920, 1080), (2560, 1440)]
LAYOUT_SHIFT = """() => { const o = new PerformanceObserver(() => {}); o.observe({type: "layout-shift", buffered: true});
  return o.takeRecords().filter(e => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0); }"""
DENSE = "chapters/06-"   # the chapter with the most notes


def overlaps(a, b):
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5


def open_settled(open_page, url, viewport, js=True, **options):
    page = open_page(url, viewport, java_script_enabled=js, **options)
    if js:
        expect(page.locator("html[data-sn-ready]")).to_be_attached()
    page.evaluate(SETTLED) if js else page.wait_for_load_state("load")
    return page


def misplaced(geo, limit, median_limit=None):
    """What breaks the promise: notes too far from their call, out of order or overlapping."""
    problems, notes = [], geo["notes"]
    offsets = [n["note"]["top"] - n["line"] for n in notes]
    for n, offset in zip(notes, offsets):
        if abs(offset) > limit:
            problems.append(f"note {n['number']} is {offset:+.0f} px from its call (limit {limit:.0f})")
        if any(overlaps(n["note"], t) for t in geo["text"]):
            problems.append(f"note {n['number']} covers the text")
        if n["note"]["top"] < geo["header"]["bottom"] or n["note"]["bottom"] > geo["footer"]["top"]:
            problems.append(f"note {n['number']} runs under the header or footer")
        if n["note"]["left"] < 0 or n["note"]["right"] > geo["viewport"]["width"]:
            problems.append(f"note {n['number']} runs off the screen")
    for i, a in enumerate(notes):
        problems += [f"notes {a['number']} and {b['number']} overlap" for b in notes[i + 1:] if overlaps(a["note"], b["note"])]
        if i and a["note"]["top"] < notes[i - 1]["note"]["top"] - 0.5:
            problems.append(f"note {a['number']} sits above note {notes[i - 1]['number']}")
    if median_limit is not None and offsets:
        middle = statistics.median(abs(o) for o in offsets)
        line = statistics.median(n["lineHeight"] for n in notes)
        if middle > line:
            problems.append(f"the median note is {middle:.0f} px from its line (more than a line, {line:.0f} px)")
    return problems


@pytest.mark.parametrize("width,height", WIDTHS, ids=[f"{w}x{h}" for w, h in WIDTHS])
def test_with_javascript_every_note_sits_beside_the_line_that_calls_it(open_page, base_url, chapter_paths, width, height):
    """Within a third of the screen of its call, the median level with it; in order; covering nothing."""
    problems = []
    for path in chapter_paths:
        page = open_settled(open_page, base_url + path, {"width": width, "height": height})
        geo = page.evaluate(GEOMETRY)
        assert len(geo["notes"]) >= 8, f"{path}: only {len(geo['notes'])} notes in the margin"
        problems += [f"{path}: {p}" for p in misplaced(geo, height / 3, median_limit=True)]
        if shift := page.evaluate(LAYOUT_SHIFT):   # placing the notes never moves the text
            problems.append(f"{path}: layout shift {shift:.4f} while the page loaded")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width,height", WIDTHS, ids=[f"{w}x{h}" for w, h in WIDTHS])
def test_without_javascript_every_note_is_within_a_screen_of_its_call(open_page, base_url, chapter_paths, width, height):
    problems = []
    for path in chapter_paths:
        geo = open_settled(open_page, base_url + path, {"width": width, "height": height}, js=False).evaluate(GEOMETRY)
        assert len(geo["notes"]) >= 8, f"{path}: only {len(geo['notes'])} notes in the margin"
        problems += [f"{path}: {p}" for p in misplaced(geo, height)]
    assert not problems, "\n".join(problems)


def test_placement_follows_what_moves_lines_and_notes(open_page, base_url, chapter_paths):
    """Re-placed after a resize, a new text size and a kind of note hidden; hiding a kind gives its room to the rest."""
    path = next(p for p in chapter_paths if p.startswith(DENSE))
    page = open_settled(open_page, base_url + path, {"width": 1440, "height": 900})
    heights = "() => [...document.querySelectorAll('.sidenote')].filter(n => n.checkVisibility() && n.dataset.kind !== 'citation').map(n => n.offsetHeight)"
    before = page.evaluate(heights)
    page.get_by_role("button", name="Reading options").click()
    page.locator('.rc-panel input[value="citation"]').uncheck()
    page.keyboard.press("Escape")
    page.evaluate(SETTLED)
    after = page.evaluate(heights)
    assert len(after) == len(before) and sum(after) > sum(before), "hiding citations gave the other notes no room"
    assert not misplaced(page.evaluate(GEOMETRY), 300, median_limit=True)
    page.get_by_role("button", name="Reading options").click()
    page.locator('.rc-panel input[value="xl"]').check()
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.evaluate(SETTLED)
    assert not misplaced(page.evaluate(GEOMETRY), 360, median_limit=True)


def test_a_note_opens_in_place_and_its_call_and_note_light_each_other_up(open_page, base_url, chapter_paths):
    path = next(p for p in chapter_paths if p.startswith(DENSE))
    page = open_settled(open_page, base_url + path, WIDE)
    note = page.locator("#" + page.locator(".sidenote.is-clamped:not(:has(.sn-full))").nth(2).get_attribute("id"))
    sn = note.locator("xpath=..")
    call = sn.locator(":scope > .sn-ref")
    whole = "n => n.scrollHeight <= n.clientHeight + 1"
    background = "e => getComputedStyle(e).backgroundColor"
    plain_call, plain_note = call.evaluate(background), note.evaluate(background)
    call.hover()                                   # hover: the note opens over its neighbours, lit
    expect(note).to_have_css("display", "block")
    assert note.evaluate(whole) and note.evaluate(background) != plain_note
    page.mouse.move(0, 0)
    note.hover(position={"x": 40, "y": 8})         # and the other way round: the note lights its call
    assert call.evaluate(background) != plain_call
    page.mouse.move(0, 0)
    call.focus()                                   # focus lights the note too
    assert note.evaluate(background) != plain_note
    scrolled = page.evaluate("scrollY")
    page.keyboard.press("Enter")                   # opened by a click or key it stays open, and nothing scrolls
    expect(call).to_have_attribute("aria-expanded", "true")
    page.mouse.move(0, 0)
    page.evaluate(SETTLED)
    assert page.evaluate("scrollY") == scrolled, "following a call scrolled the page"
    assert note.evaluate(whole), "an opened note is cut off"
    geo = page.evaluate(GEOMETRY)
    assert not [p for p in misplaced(geo, 900) if "overlap" in p or "covers" in p], "the opened note overlaps"
    box = call.bounding_box()
    assert call.evaluate("(e, p) => document.elementFromPoint(p[0], p[1]) === e",
                         [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]), "the note hides its own call"


def test_citation_notes_are_one_liners_with_the_full_reference_on_opening(open_page, base_url, chapter_paths):
    page = open_settled(open_page, base_url + chapter_paths[0], WIDE)
    notes = page.locator(".sidenote:has(> .sn-full)")
    assert notes.count() >= 2
    for i in range(notes.count()):
        box, line = notes.nth(i).evaluate("n => [n.getBoundingClientRect().height, parseFloat(getComputedStyle(n).lineHeight)]")
        assert box < 2 * line, f"citation note {i} is {box:.0f} px tall, more than one line"
    note = notes.first
    short = note.locator(".sn-p").first.inner_text()
    assert re.fullmatch(r"(\w+ )?[\w .,'’&-]+ (\d{4}|n\.d\.)(, .+)?\.", short), short   # author, year, locator
    full = note.locator(".sn-full")
    assert not full.evaluate("e => e.getBoundingClientRect().bottom <= e.closest('.sidenote').getBoundingClientRect().bottom")
    note.locator("xpath=..").locator(":scope > .sn-ref").click()
    expect(full).to_be_visible()
    assert full.evaluate("e => e.getBoundingClientRect().bottom <= e.closest('.sidenote').getBoundingClientRect().bottom + 1")


def test_adjacent_calls_are_drawn_apart(open_page, base_url, chapter_paths):
    page = open_settled(open_page, base_url + next(p for p in chapter_paths if p.startswith(DENSE)), WIDE)
    pairs = page.evaluate("""() => [...document.querySelectorAll('.sn-follows > .sn-ref')].map(b => [
      b.closest('.sn').previousElementSibling.querySelector('.sn-ref').getBoundingClientRect().top,
      b.getBoundingClientRect().top, getComputedStyle(b, '::before').content])""")
    assert pairs, "no adjacent calls to check"
    assert all(content.startswith('","') for *_, content in pairs), pairs
    assert all(abs(a - b) < 1 for a, b, _ in pairs), "adjacent calls were split across lines"
    others = page.evaluate("() => [...document.querySelectorAll('.sn:not(.sn-follows) > .sn-ref')].map(b => getComputedStyle(b, '::before').content)")
    assert set(others) == {"none"}


def test_each_source_appears_once_in_a_glossary_entry(open_page, base_url):
    """The Glossary cites its sources in the entry's text, each once, and keeps its margin free."""
    page = open_settled(open_page, base_url + "glossary/", WIDE)
    found = page.evaluate("""() => [...document.querySelectorAll('h3.term-entry')].map(h => {
      const keys = [];
      for (let e = h.nextElementSibling; e && !/^H[23]$/.test(e.tagName); e = e.nextElementSibling)
        e.querySelectorAll('a[href*="bibliography"]').forEach(a => keys.push(a.hash));
      return [h.id, keys];
    })""")
    assert len(found) > 100 and sum(len(keys) for _, keys in found) > 100
    repeated = [f"{entry}{key}" for entry, keys in found for i, key in enumerate(keys) if key in keys[:i]]
    assert not repeated, f"sources cited twice in one entry: {repeated}"
    assert page.locator(".md-content .sidenote").count() == 0


def test_wide_notes_show_number_and_kind(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    first = page.locator(".sidenote").first
    kind = first.get_attribute("data-kind")
    assert first.is_visible()
    assert first.locator(".sn-num").inner_text() == page.locator(".sn-ref").first.inner_text().rstrip("!?")
    assert first.locator(".sn-kind").inner_text().lower() == kind.replace("-", "-")
    assert page.locator(".sn-plain").first.is_hidden()  # the brackets are for reading without CSS


def test_narrow_notes_open_and_close_by_tap_and_keyboard(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], NARROW, has_touch=True)
    notes = page.locator(".sidenote")
    assert all(not notes.nth(i).is_visible() for i in range(notes.count()))
    button = page.locator("button.sn-ref").first
    note = page.locator("#" + button.get_attribute("aria-controls"))
    button.tap()
    expect(note).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    # opens in place: below the reference, inside the text column
    assert note.bounding_box()["y"] > button.bounding_box()["y"]
    assert note.bounding_box()["x"] + note.bounding_box()["width"] <= NARROW["width"]
    button.tap()
    expect(note).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    expect(note).to_be_visible()
    page.keyboard.press("Space")
    expect(note).to_be_hidden()


def test_narrow_note_control_is_announced_with_number_and_kind(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], NARROW)
    button = page.locator("button.sn-ref").first
    note = page.locator("#" + button.get_attribute("aria-controls"))
    kind = note.get_attribute("data-kind")
    assert button.get_attribute("aria-label") == f"Note 1, {kind}"
    assert note.get_attribute("role") == "note"
    assert note.text_content().startswith(f"Note 1 {kind.capitalize()}. ")


def test_without_javascript_notes_are_readable(open_page, base_url, chapter_paths):
    wide = open_page(base_url + chapter_paths[0], WIDE, java_script_enabled=False)
    notes = wide.locator(".sidenote")
    assert notes.count() and all(notes.nth(i).is_visible() for i in range(notes.count()))
    narrow = open_page(base_url + chapter_paths[0], NARROW, java_script_enabled=False)
    note, toggle, label = (narrow.locator(s).first for s in (".sidenote", ".sn-toggle", "label.sn-ref"))
    expect(note).to_be_hidden()
    label.click()
    expect(toggle).to_be_checked()
    expect(note).to_be_visible()
    label.click()
    expect(toggle).not_to_be_checked()
    expect(note).to_be_hidden()
    toggle.focus()                                       # keyboard: the checkbox takes Space
    narrow.keyboard.press("Space")
    expect(note).to_be_visible()


def test_reader_choices_persist_across_reload_and_govern_print(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    kind = page.locator(".sidenote").first.get_attribute("data-kind")
    size_before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    page.get_by_role("button", name="Reading options").click()
    page.locator(f'.rc-panel input[value="{kind}"]').uncheck()
    page.locator('.rc-panel input[value="xl"]').check()
    page.reload()
    expect(page.locator(f'.sidenote[data-kind="{kind}"]').first).to_be_hidden()
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)") > size_before
    page.emulate_media(media="print")
    expect(page.locator(f'.sidenote[data-kind="{kind}"]').first).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Reading options").click()
    assert not page.locator(f'.rc-panel input[value="{kind}"]').is_checked()
    page.locator('.rc-panel input[name="clean"]').check()
    page.reload()
    assert page.locator(".sidenote:visible").count() == 0 and page.locator(".sn-ref:visible").count() == 0
    page.keyboard.press("Tab")  # the panel is reachable and closes with Escape
    page.get_by_role("button", name="Reading options").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".rc-panel")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".rc-panel")).to_be_hidden()


def test_paragraph_permalink_is_copied_from_its_menu(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE, permissions=["clipboard-read", "clipboard-write"])
    link = page.locator("a.para-num").nth(1)
    anchor = link.get_attribute("href")
    link.click()
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("location.hash") == anchor
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert page.locator(".rd-toast").inner_text().startswith("Link to ¶")


# In print, each note with the last words before its call and its own first words, and where it
# sits: under its call's line, or under the note before it when the calls stand together.
PRINTED = """() => {
  const words = (root, skip) => {
    let text = "";
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) if (!(t.parentElement && t.parentElement.closest(skip))) text += t.textContent;
    return text;
  };
  let previous = null;
  return [...document.querySelectorAll(".sidenote")].filter(n => n.checkVisibility()).map(n => {
    const sn = n.parentElement, block = sn.parentElement.closest("p, li, dd, blockquote") || sn.parentElement;
    const range = document.createRange();
    range.selectNodeContents(block);
    range.setEndBefore(sn);
    const lines = [...range.getClientRects()].filter(r => r.height);
    const before = words(range.cloneContents(), ".sn, .term-tip, .para-num");
    let above = lines.length ? lines.at(-1).bottom : 0;
    if (previous && previous.block === block && previous.bottom > above) above = previous.bottom;
    const box = n.getBoundingClientRect();
    previous = {block, bottom: box.bottom};
    return {number: n.querySelector(".sn-num").textContent, before, start: words(n.querySelector(".sn-p"), ".term-tip"),
            gap: box.top - above, lineHeight: parseFloat(getComputedStyle(block).lineHeight)};
  });
}"""
WORD = re.compile(r"[^\W\d_]{2,}")


def printed_pages(pdf: bytes, tmp_path) -> list[str]:
    """Each page's text as pdftotext reads it, on one line. A hyphen at a line's end may be the
    breaking of one word ("engi-neering") or a compound's own ("civil-engineering"), which text
    extraction cannot tell apart, so the line is given both ways."""
    path = tmp_path / "print.pdf"
    path.write_bytes(pdf)
    texts = []
    for n in range(1, len(PdfReader(path).pages) + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        joined = re.sub(r"(\w)[-\u2010\u00ad]\n\s*(\w)", r"\1\2", text)
        texts.append(" ".join(joined.split()) + " " + " ".join(text.split()))
    return texts


def test_print_sets_each_note_under_the_line_that_calls_it_on_the_same_page(open_page, base_url, chapter_paths,
                                                                           tmp_path):
    problems = []
    for path in chapter_paths:
        page = open_page(base_url + path, WIDE)
        page.emulate_media(media="print")
        notes = page.evaluate(PRINTED)
        problems += [f"{path}: note {n['number']} is {n['gap']:+.0f} px below its line"
                     for n in notes if not -1 <= n["gap"] <= n["lineHeight"]]
        pages = [" ".join(WORD.findall(text)) for text in printed_pages(page.pdf(format="A4"), tmp_path)]
        for n in notes:
            # The page holding the note's first words must hold the words just before its call too;
            # text extraction scrambles lines round superscripts, so those are matched as a set.
            start = " ".join(WORD.findall(n["start"])[:3])
            call = sorted(set(WORD.findall(n["before"])[-8:]), key=lambda w: (len(w), w))[-4:]
            found = [i for i, text in enumerate(pages) if start in text]
            if not any(set(call) <= set(pages[i].split()) for i in found):
                problems.append(f"{path}: note {n['number']} ('{start}', page {[i + 1 for i in found]}) is not "
                                f"printed on the page of its call (after {call})")
    assert not problems, "\n".join(problems)

"""What a reader sees of the margin notes: placement, toggles, no-JS reading, print."""
import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import NARROW, WIDE

GEOMETRY = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const text = [...document.querySelectorAll('.md-typeset > p, .md-typeset > ul > li, .md-typeset > ol > li, .md-typeset > h1, .md-typeset > h2, .md-typeset > .admonition')].map(box);
  const notes = [...document.querySelectorAll('.sidenote')].map(n => ({
    id: n.id, note: box(n), ref: box(n.parentElement.querySelector('.sn-ref')),
    lineHeight: parseFloat(getComputedStyle(n.parentElement.parentElement).lineHeight) || 24}));
  return {text, notes};
}"""


def overlaps(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_wide_notes_sit_in_the_right_margin_beside_their_line_without_overlap(open_page, base_url, chapter_paths):
    for path in chapter_paths:
        page = open_page(base_url + path, WIDE)
        geo = page.evaluate(GEOMETRY)
        assert geo["notes"], f"{path} has no notes"
        text_right = max(t["right"] for t in geo["text"])
        previous = None
        for n in geo["notes"]:
            note, ref = n["note"], n["ref"]
            assert note["left"] >= text_right, f"{path} {n['id']} intrudes into the text column"
            assert note["right"] <= WIDE["width"], f"{path} {n['id']} runs off the screen"
            # beside its reference's line (or the next, when the line breaks right after the
            # number), unless a longer note above pushed it down
            beside = -n["lineHeight"] <= note["top"] - ref["top"] <= 2 * n["lineHeight"]
            pushed = previous is not None and note["top"] >= ref["top"] and note["top"] - previous["bottom"] < 25
            assert beside or pushed, f"{path} {n['id']} is not beside its reference"
            assert not any(overlaps(note, t) for t in geo["text"]), f"{path} {n['id']} overlaps the text"
            previous = note
        boxes = [n["note"] for n in geo["notes"]]
        for i, a in enumerate(boxes):
            assert not any(overlaps(a, b) for b in boxes[i + 1:]), f"{path}: two notes overlap"


def test_wide_notes_show_number_and_kind(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    first = page.locator(".sidenote").first
    kind = first.get_attribute("data-kind")
    assert first.is_visible()
    assert first.locator(".sn-num").inner_text() == page.locator(".sn-ref").first.inner_text().rstrip("!?")
    assert first.locator(".sn-kind").inner_text().lower() == kind.replace("-", "-")
    assert not page.locator(".sn-list").is_visible()  # the footnote list is not shown twice


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


def test_print_shows_every_note_in_the_margin(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    page.emulate_media(media="print")
    geo = page.evaluate(GEOMETRY)
    text_right = max(t["right"] for t in geo["text"])
    page_right = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().right")
    for n in geo["notes"]:
        assert text_right <= n["note"]["left"] and n["note"]["right"] <= page_right + 1, f"{n['id']} is cut off"
    notes = [page.locator(".sidenote .sn-p").nth(i).inner_text() for i in range(page.locator(".sidenote .sn-p").count())]
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    words = re.compile(r"[^\W\d_]+")  # letters only: extraction glues numbers and punctuation to words
    printed = set(words.findall(" ".join(p.extract_text() or "" for p in pdf.pages)))
    for note in notes:  # PDF text order is not reading order, so compare the words of each note
        missing = [w for w in words.findall(note) if w not in printed]
        assert not missing, f"note lost in print: {note[:60]} (missing {missing})"

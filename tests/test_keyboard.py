"""The keyboard alone, on a chapter at desktop and phone widths: a skip link, a Tab walk through
the whole page with visible, unhidden focus and no trap, and the reader's own controls reached by
Tab. Pointer and direct-focus checks of the same controls are in test_notes_browser.py and
test_terms_browser.py."""
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from conftest import CHROMIUM, CHROMIUM_ARGS, NARROW, WIDE

# Installed in the page as window.kb. A visually hidden input (Material's colour switch) draws its
# focus on the label that follows it. ring() is what can mark focus: a visible outline, a shadow,
# a background; hidden() says why the focused element cannot be seen, or "".
KB = """() => { window.kb = {
  visited: [],
  describe(el) {
    if (!el) return "nothing";
    const label = (el.getAttribute("aria-label") || el.textContent).trim().replace(/\\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}.${[...el.classList].filter(c => c !== "focus-visible").join(".")} "${label}"`;
  },
  drawn(el) {
    const box = el.getBoundingClientRect(), next = el.nextElementSibling;
    return (box.width < 2 || box.height < 2) && next && next.tagName === "LABEL" ? next : el;
  },
  ring(el) {
    const s = getComputedStyle(this.drawn(el));
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 && !s.outlineColor.endsWith(", 0)");
    return [outline ? `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "",
            s.boxShadow === "none" ? "" : `shadow ${s.boxShadow}`, `background ${s.backgroundColor}`].join(" ");
  },
  hidden(el) {
    const drawn = this.drawn(el), box = drawn.getClientRects()[0];
    if (!box || !drawn.checkVisibility({opacityProperty: true, visibilityProperty: true})) return "invisible";
    if (box.top < -1 || box.left < -1 || box.bottom > innerHeight + 1 || box.right > innerWidth + 1)
      return "outside the viewport";
    for (let clip, a = drawn.parentElement; a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflow === "visible") continue;
      clip = a.getBoundingClientRect();
      if (box.top < clip.top - 1 || box.bottom > clip.bottom + 1 ||
          box.left < clip.left - 1 || box.right > clip.right + 1)
        return "cut off by " + this.describe(a);
    }
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top && (drawn.contains(top) || el.contains(top)) ? "" : "covered by " + this.describe(top);
  },
  tabbables() {
    return [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]")].filter(e =>
      e.tabIndex >= 0 && !e.disabled && e.checkVisibility({visibilityProperty: true}));
  },
  step() {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    if (!this.visited.includes(el)) this.visited.push(el);
    const tip = el.matches(".term-link") && document.getElementById(el.getAttribute("aria-describedby"));
    return {index: this.visited.indexOf(el), name: this.describe(el), ring: this.ring(el), hidden: this.hidden(el),
            tip: tip ? tip.getAttribute("role") === "tooltip" && tip.checkVisibility() : null};
  },
}; }"""


def walk(page, key):
    """Press key until focus leaves the page or returns to an element already passed; the steps."""
    steps = []
    for _ in range(page.evaluate("kb.tabbables().length") + 2):
        page.keyboard.press(key)
        step = page.evaluate("kb.step()")
        if step is None and not steps:
            continue                      # Shift+Tab from the page's start passes the browser first
        if step is None or step["index"] in [s["index"] for s in steps]:
            break
        if step["hidden"]:                # it may be sliding or fading into view
            try:
                page.wait_for_function("() => !kb.hidden(document.activeElement)", timeout=2000)
                step["hidden"] = ""
            except PlaywrightTimeout:
                step["hidden"] = page.evaluate("kb.hidden(document.activeElement)")
        steps.append(step)
    return steps


def tab_to(page, locator):
    """Tab, as a keyboard user would, until locator has focus."""
    for _ in range(page.evaluate("kb.tabbables().length")):
        page.keyboard.press("Tab")
        if locator.evaluate("e => e === document.activeElement"):
            return
    pytest.fail(f"{locator} is never reached by Tab")


def open_chapter(open_page, base_url, chapter_paths, viewport):
    page = open_page(base_url + chapter_paths[0], viewport)
    page.evaluate(KB)
    return page


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_first_tab_is_a_skip_link_into_the_text(open_page, base_url, chapter_paths, viewport):
    page = open_chapter(open_page, base_url, chapter_paths, viewport)
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    target = skip.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    page.keyboard.press("Tab")
    # focus goes on from the chapter's heading: to the first control of the text, past all navigation
    assert page.evaluate("""id => {
      const heading = document.getElementById(id), el = document.activeElement;
      const after = kb.tabbables().find(e => heading.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
      return heading.closest(".md-content").contains(el) && el === after;
    }""", target[1:]), f"after the skip link, Tab went to {page.evaluate('kb.describe(document.activeElement)')}"


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_tab_walks_the_whole_page_with_visible_focus_and_no_trap(open_page, base_url, chapter_paths, viewport):
    page = open_chapter(open_page, base_url, chapter_paths, viewport)
    forward = walk(page, "Tab")
    assert len(forward) > 40, [s["name"] for s in forward]
    # no trap: the walk passed every control to the end of the page, then Tab comes back around
    assert page.evaluate("kb.step()") is None, "focus stayed in the page: it cycles inside one region"
    assert page.evaluate("kb.visited.at(-1) === kb.tabbables().at(-1)"), "the walk stopped before the end of the page"
    page.keyboard.press("Tab")
    expect(page.locator("a.md-skip")).to_be_focused()
    backward = walk(page, "Shift+Tab")
    assert [s["index"] for s in backward] == [s["index"] for s in reversed(forward)], "Shift+Tab takes another path"

    unfocused = page.evaluate("kb.visited.map(el => kb.ring(el))")
    problems = [f"{s['name']}: no visible focus indicator ({s['ring']})"
                for s in forward if s["ring"] == unfocused[s["index"]]]
    problems += [f"{s['name']}: {s['hidden']} ({key})"
                 for key, steps in (("Tab", forward), ("Shift+Tab", backward)) for s in steps if s["hidden"]]
    problems += [f"{s['name']}: focus does not show the definition" for s in forward if s["tip"] is False]
    assert not problems, f"{viewport['width']}px: " + "; ".join(problems)


def test_reading_options_work_from_the_keyboard(open_page, base_url, chapter_paths):
    page = open_chapter(open_page, base_url, chapter_paths, NARROW)
    button = page.get_by_role("button", name="Reading options")
    panel = page.locator(".rc-panel")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    first = panel.locator("input").first
    expect(first).to_be_focused()
    kind = first.get_attribute("value")
    page.keyboard.press("Space")
    expect(first).not_to_be_checked()
    expect(first).to_be_focused()              # the option stays in the panel, with focus
    expect(page.locator(f'.sn[data-kind="{kind}"]').first).to_be_hidden()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    # tabbing past the last option closes the panel, so it never covers what takes focus next
    page.keyboard.press("Enter")
    expect(panel).to_be_visible()
    tab_to(page, page.locator(".md-search__input"))
    expect(panel).to_be_hidden()


def test_phone_notes_and_definitions_work_from_the_keyboard(open_page, base_url, chapter_paths):
    page = open_chapter(open_page, base_url, chapter_paths, NARROW)
    sn = page.locator(".sn:has(.sidenote a)").first
    button, note = sn.locator(":scope > button.sn-ref"), sn.locator(":scope > .sidenote")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(note).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")                 # an open note's links come next in the Tab order
    expect(note.locator("a").first).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Space")
    expect(note).to_be_hidden()
    page.keyboard.press("Tab")                 # a closed note's links are skipped
    expect(note.locator("a").first).not_to_be_focused()

    link = page.locator(".md-content .para .term:not(.sidenote .term) > .term-link").first
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    tab_to(page, link)
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(link).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")           # dismissing is for this visit only
    expect(tip).to_be_visible()


def test_wide_long_note_opens_whole_from_the_keyboard(open_page, base_url, chapter_paths):
    page = open_chapter(open_page, base_url, chapter_paths, WIDE)
    note = page.locator(f"[id='{page.locator('.sidenote.is-clamped:has(a)').first.get_attribute('id')}']")
    button = note.locator("xpath=preceding-sibling::button[contains(@class,'sn-ref')]")
    whole = "n => n.scrollHeight <= n.clientHeight + 1"
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    assert note.evaluate(whole), "Enter does not open the long note whole"
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert not note.evaluate(whole)
    tab_to(page, note.locator("a").last)       # a link beyond the cut is shown with the whole note
    assert note.evaluate(whole), "a focused link inside a long note is cut off"


@pytest.fixture(scope="module")
def caret_browser(browser):
    """Chromium with caret browsing on (F7 in a desktop browser), as keyboard users select text."""
    caret = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--enable-caret-browsing"])
    yield caret
    caret.close()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["wide", "narrow"])
def test_the_readers_own_layer_works_from_the_keyboard(caret_browser, base_url, chapter_paths, viewport):
    context = caret_browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url + chapter_paths[0])
    page.evaluate(KB)
    # Shift with the arrow keys selects words from the caret in ¶ 1.2; Tab goes to their toolbar.
    page.evaluate("() => { const t = document.getElementById('p1-2').childNodes[1]; getSelection().collapse(t, 8); }")
    for _ in range(6):
        page.keyboard.press("Shift+ArrowRight")
    bar = page.get_by_role("toolbar", name="Selected text")
    expect(bar).to_be_visible()
    page.keyboard.press("Tab")
    expect(bar.get_by_role("button", name="Highlight")).to_be_focused()
    page.keyboard.press("Enter")
    mark = page.locator("#p1-2 mark.an-mark")
    expect(mark).to_have_text("begins")
    colours = page.get_by_role("toolbar", name="Highlight")
    expect(colours.get_by_role("button", name="Yellow")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(colours.get_by_role("button", name="Green")).to_be_focused()
    page.keyboard.press("Enter")
    expect(mark).to_have_class("an-mark an-green")
    page.keyboard.press("Escape")
    expect(colours).to_be_hidden()
    expect(mark).to_be_focused()
    # The highlight opens with Enter; its note editor takes focus and gives it back.
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("toolbar", name="Highlight").get_by_role("button", name="Add note"))
    page.keyboard.press("Enter")
    note = page.get_by_role("textbox", name="Your note")
    expect(note).to_be_focused()
    page.keyboard.type("Typed from the keyboard.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("dialog.an-dialog")).to_have_count(0)
    expect(mark).to_be_focused()
    expect(page.locator(".an-notes")).to_contain_text("Typed from the keyboard.")
    # The ¶ number's menu: Space or Enter opens it, Escape closes it and focus returns.
    para = page.locator("#p1-3 a.para-num")
    tab_to(page, para)
    page.keyboard.press("Space")
    menu = page.get_by_role("toolbar", name="¶\u00a01.3")
    expect(menu.get_by_role("button", name="Copy link")).to_be_focused()
    expect(para).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(para).to_be_focused()
    expect(para).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    tab_to(page, menu.get_by_role("button", name="Cite"))
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Cite ¶\u00a01.3")
    expect(dialog.get_by_role("button", name="Copy the Chicago (author-date) citation")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(para).to_be_focused()
    # A walk through the whole page passes the highlight and the note's Edit button, focus visible.
    page.reload()
    page.evaluate(KB)
    steps = walk(page, "Tab")
    names = [s["name"] for s in steps]
    assert any(n.startswith("mark.an-mark") for n in names) and any('"Edit your note' in n for n in names), names
    unfocused = page.evaluate("kb.visited.map(el => kb.ring(el))")
    problems = [f"{s['name']}: no visible focus ({s['ring']})" for s in steps
                if s["ring"] == unfocused[s["index"]] and ("an-" in s["name"] or "Edit" in s["name"])]
    problems += [f"{s['name']}: {s['hidden']}" for s in steps if s["hidden"]]
    context.close()
    assert not problems, problems

"""Glossary terms in the text: popovers on hover, focus and tap; Escape; backlinks."""
from playwright.sync_api import expect

from conftest import NARROW, WIDE


def first_term(page):
    return page.locator(".md-content .para .term:not(.sidenote .term)").first


def test_hover_opens_the_definition(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    term = first_term(page)
    tip = term.locator(".term-tip")
    assert not tip.is_visible()
    term.locator(".term-link").hover()
    expect(tip).to_be_visible()
    expect(tip).to_have_attribute("role", "tooltip")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_keyboard_focus_opens_and_escape_closes(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    link = first_term(page).locator(".term-link")
    tip_id = link.get_attribute("aria-describedby")
    for _ in range(200):  # Tab to it, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-describedby')") == tip_id:
            break
    tip = page.locator("#" + tip_id)
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == tip_id


def test_tap_opens_inside_the_viewport_and_second_tap_follows(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], NARROW, has_touch=True)
    url = page.url
    terms = page.locator(".md-content .para .term:not(.sidenote .term)")
    for i in range(min(terms.count(), 8)):
        term = terms.nth(i)
        term.locator(".term-link").tap()
        tip = term.locator(".term-tip")
        expect(tip).to_be_visible()
        assert page.url == url
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= NARROW["height"]
    last = terms.nth(min(terms.count(), 8) - 1)
    slug = last.get_attribute("data-term")
    last.locator(".term-link").tap()
    page.wait_for_url(f"**/glossary/#{slug}")


def test_wide_popover_stays_inside_the_viewport(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
    terms = page.locator(".md-content .term")
    for i in range(terms.count()):
        term = terms.nth(i)
        if not term.locator(".term-link").is_visible():
            continue
        term.locator(".term-link").hover()
        box = term.locator(".term-tip").bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= WIDE["width"]


def test_glossary_backlinks_land_on_the_paragraph_that_uses_the_term(open_page, base_url):
    page = open_page(base_url + "glossary/", WIDE)
    entries = page.locator(".term-entry")
    assert entries.count() >= 2
    backlink = page.locator(".backlinks a[href*='#p']").first
    label = backlink.inner_text().replace("\u00a0", " ")
    entry = backlink.locator("xpath=preceding::h3[contains(@class,'term-entry')][1]")
    slug = entry.get_attribute("id")
    backlink.click()
    page.wait_for_load_state()
    anchor = page.evaluate("location.hash")[1:]
    target = page.locator(f"[id='{anchor}']")
    assert "¶ " + target.get_attribute("data-para") == label
    assert target.locator(f".term[data-term='{slug}']").count() >= 1
    expect(target).to_be_visible()


def test_glossary_has_jump_letters(open_page, base_url):
    page = open_page(base_url + "glossary/", WIDE)
    letters = page.locator(".az-nav a")
    assert letters.count() >= 2
    letters.first.click()
    expect(page.locator(page.evaluate("location.hash"))).to_be_visible()

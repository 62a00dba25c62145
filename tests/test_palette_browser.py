"""The light/dark toggle: the edition's own (assets/palette.js), independent of Material's script."""
from playwright.sync_api import expect

from conftest import NARROW, WIDE

MATERIAL = "**/assets/javascripts/bundle.*.min.js"
SHIFTS = """() => { const o = new PerformanceObserver(() => {}); o.observe({type: "layout-shift", buffered: true});
  return o.takeRecords().map(e => e.sources.map(s => s.node && s.node.className).join(" ") + " " + e.value); }"""


def _without_materials_script(open_page, **options):
    page = open_page("about:blank", WIDE, **options)
    page.route(MATERIAL, lambda route: route.abort())
    return page


def test_colours_follow_the_device_from_the_first_paint_until_the_reader_chooses(open_page, base_url, chapter_paths):
    page = _without_materials_script(open_page, color_scheme="dark")
    page.add_init_script("""addEventListener("DOMContentLoaded", () => {
        window.schemeAtFirstParse = document.body.getAttribute("data-md-color-scheme"); }, {once: true});""")
    page.goto(base_url + chapter_paths[0])
    assert page.evaluate("window.schemeAtFirstParse") == "slate", "a dark device must get dark colours at once"
    expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "dark")
    toggle = page.locator("label.md-header__button[for^='__palette']:visible")
    expect(toggle).to_have_count(1)
    expect(toggle).to_have_attribute("title", "Switch to light mode")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith('__palette'))") == [], \
        "nothing is stored until the reader chooses"

    toggle.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    expect(page.locator('meta[name="color-scheme"]')).to_have_attribute("content", "light")
    expect(toggle).to_have_attribute("title", "Switch to dark mode")
    expect(page.locator("body[data-md-color-switching]")).to_have_count(0)   # transitions back once switched
    page.reload()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")   # the choice outranks the device

    page.locator("#__palette_0").focus()   # from the keyboard: the chosen option, then an arrow key, as in any radio group
    page.keyboard.press("ArrowRight")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_without_a_choice_the_colours_change_with_the_device(open_page, base_url, chapter_paths):
    page = _without_materials_script(open_page, color_scheme="light")
    page.goto(base_url + chapter_paths[0])
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
    page.emulate_media(color_scheme="dark")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(page.locator("label.md-header__button[for='__palette_0']")).to_be_visible()


def test_the_header_never_moves_while_a_page_arrives(open_page, base_url):
    """The toggle is there from the first paint, which can come before the whole header has been
    read: its room must be kept whatever is painted first. One load in two moved it on a phone when
    the palette's script ran inside the header."""
    for path in ("", "glossary/"):
        for _ in range(6):
            page = open_page(base_url + path, NARROW, is_mobile=True, has_touch=True, device_scale_factor=1.75)
            page.wait_for_load_state("load")
            assert page.evaluate(SHIFTS) == [], f"{path or 'home'}: the layout shifted as it loaded"
            page.context.close()

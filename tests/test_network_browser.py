"""Privacy: no page ever asks another host for anything, and nothing is stored but the reader's
choices and notes, under keys the About page lists."""
import re

from playwright.sync_api import expect

from conftest import NARROW, WIDE

# Every key the edition may store: the reader's options, where they stopped, their notes (one key
# per chapter), that the reading face is on this device, and Material's record of the chosen colour
# scheme (scoped to the site).
KEYS = ("reader:hide", "reader:clean", "reader:size", "reader:print-notes", "reader:remember", "reader:progress",
        "reader:resume:v1", "reader:annotations:v1:", "reader:face")
ALLOWED = re.compile(r"(reader:hide|reader:clean|reader:size|reader:print-notes|reader:remember|reader:progress|"
                     r"reader:resume:v1|reader:annotations:v1:chapters/[\w-]+/|reader:face|.*__palette)")


def test_every_request_of_every_page_stays_on_the_local_origin(open_page, base_url, all_paths):
    assert len(all_paths) >= 4
    for viewport in (WIDE, NARROW):
        for path in all_paths:
            requests = []
            page = open_page("about:blank", viewport)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(base_url + path)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("/")   # opens search, which loads its scripts and index
            page.keyboard.type("power")
            page.wait_for_load_state("networkidle")
            foreign = [u for u in requests if not u.startswith((base_url, "data:", "blob:"))]
            assert not foreign, f"{path} requested {foreign}"
            assert len(requests) > 3


def test_no_cookies_and_storage_holds_only_the_readers_own_settings_and_notes(open_page, base_url, chapter_paths,
                                                                              site_dir):
    page = open_page(base_url + chapter_paths[0], WIDE)
    page.evaluate("""() => { const p = document.querySelector('.md-content p.para'), t = p.childNodes[1];
                             getSelection().setBaseAndExtent(t, 0, t, 12); }""")
    page.get_by_role("button", name="Highlight").click()
    stored = page.evaluate("Object.keys(localStorage).length")
    page.locator(".md-content .para").nth(5).evaluate("p => scrollTo(0, p.getBoundingClientRect().top + scrollY)")
    page.wait_for_function("n => Object.keys(localStorage).length > n", arg=stored)   # where the reader stopped
    page.locator("label.md-header__button[for^='__palette']:visible").click()   # light/dark
    page.get_by_role("button", name="Reading options").click()
    page.locator('.rc-panel input[value="xl"]').check()
    page.locator('.rc-panel input[name="clean"]').check()
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    page.keyboard.type("soviet")
    page.locator(".md-search-result__item").first.click()
    page.wait_for_load_state()
    local, session, cookie = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage), document.cookie]")
    assert page.context.cookies() == [] and cookie == "" and session == []
    assert {"reader:size", "reader:clean", "/.__palette", "reader:annotations:v1:" + chapter_paths[0],
            "reader:resume:v1"} <= set(local)
    assert all(ALLOWED.fullmatch(key) for key in local), local
    about = (site_dir / "about" / "index.html").read_text(encoding="utf-8")
    assert all(f"<code>{key}" in about for key in KEYS), "the About page must list every key"


def test_the_reading_face_waits_for_the_reader_then_comes_from_the_cache(open_page, base_url, chapter_paths):
    """A first visit downloads no font; the first touch fetches the face without changing the page in
    view; the next page is set in it from its first paint."""
    page = open_page("about:blank", WIDE)
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
    page.goto(base_url + chapter_paths[0])
    page.wait_for_load_state("networkidle")
    family = "() => getComputedStyle(document.querySelector('.md-typeset p')).fontFamily"
    assert fonts == [] and not page.evaluate(family).startswith('"Source Serif 4"')
    page.mouse.click(5, 300)
    expect(page.locator("html:not([data-reading-face])")).to_be_attached()   # this page is left as it is
    page.wait_for_function("() => [...document.fonts].every(f => f.status === 'loaded')")
    assert len(fonts) == 2, fonts
    page.goto(base_url + chapter_paths[1])
    expect(page.locator("html[data-reading-face]")).to_be_attached()
    assert page.evaluate(family).startswith('"Source Serif 4"')
    assert page.evaluate("document.fonts.check('1em \"Source Serif 4\"')")


def test_materials_script_waits_for_the_page_to_load_then_starts(open_page, base_url, chapter_paths):
    """Material's script (header, contents, back to top) is fetched only once the page has loaded,
    so it never holds up the first paint; then it starts whole: the contents mark the section being
    read (which Material starts only on DOMContentLoaded, long past by then). The colour toggle is
    the edition's own (test_palette_browser.py)."""
    page = open_page(base_url + chapter_paths[0], WIDE)
    bundle = "performance.getEntriesByType('resource').find(e => /\\/bundle\\.[0-9a-f]+\\.min\\.js$/.test(e.name))"
    page.wait_for_function(f"() => {bundle}")
    fetched, loaded = page.evaluate(f"[{bundle}.startTime, performance.getEntriesByType('navigation')[0].loadEventStart]")
    assert fetched >= loaded > 0, f"Material's script was fetched at {fetched:.0f} ms, before load at {loaded:.0f} ms"
    section = page.locator(".md-content h2").nth(1)
    section.evaluate("h => h.scrollIntoView()")   # to the top, under the header
    expect(page.locator(f'.md-nav__link--active[href="#{section.get_attribute("id")}"]')).to_have_count(1)

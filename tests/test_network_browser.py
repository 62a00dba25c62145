"""Privacy: no page ever asks another host for anything, and nothing is stored but the reader's choices."""
from conftest import NARROW, WIDE


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


def test_no_cookies_and_storage_holds_only_the_readers_own_settings(open_page, base_url, chapter_paths):
    page = open_page(base_url + chapter_paths[0], WIDE)
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
    # the reader's options, and Material's record of the chosen colour scheme (scoped to the site)
    assert set(local) == {"reader:size", "reader:clean", "/.__palette"}, local

"""axe-core (npm, pinned) on the pages a reader relies on, in both colour schemes."""
import pytest

from conftest import NARROW, WIDE

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations(open_page, base_url, all_paths, npm_modules, scheme):
    for viewport in (WIDE, NARROW):
        for path in all_paths:
            page = open_page(base_url + path, viewport, color_scheme=scheme)
            page.add_script_tag(path=str(npm_modules / "axe-core" / "axe.min.js"))
            result = page.evaluate("tags => axe.run(document, {runOnly: tags})", TAGS)
            problems = [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                        for v in result["violations"]]
            assert not problems, f"{path or 'home'} at {viewport['width']}px, {scheme}: {problems}"


def axe_problems(page, npm_modules):
    # Transitions first run their course (Material's back-to-top button fades in as the page scrolls up):
    # axe judges colours as they are, half-faded included. Only timed ones: an endless pulse or the
    # scroll-driven reading-progress bar never finishes.
    page.evaluate("""Promise.all(document.getAnimations()
                                 .filter(a => Number.isFinite(a.effect.getComputedTiming().endTime))
                                 .map(a => a.finished.catch(() => {})))""")
    page.add_script_tag(path=str(npm_modules / "axe-core" / "axe.min.js"))
    result = page.evaluate("tags => axe.run(document, {runOnly: tags})", TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_the_readers_own_layer(open_page, base_url, chapter_paths, npm_modules, scheme):
    """Highlights in every colour, a note, the open toolbars, the note editor, the Cite dialog, My notes."""
    select = """([n, words]) => { const p = document.querySelectorAll('.md-content p.para')[n], t = p.childNodes[1];
                                  getSelection().setBaseAndExtent(t, 0, t, words); }"""
    for viewport in (WIDE, NARROW):
        page = open_page(base_url + chapter_paths[0], viewport, color_scheme=scheme)
        for n, colour in enumerate(["Yellow", "Green", "Blue", "Pink"]):
            page.evaluate(select, [n + 1, 20])
            page.get_by_role("toolbar", name="Selected text").get_by_role("button", name="Highlight").click()
            page.get_by_role("toolbar", name="Highlight").get_by_role("button", name=colour).click()
            page.keyboard.press("Escape")
        page.evaluate(select, [5, 30])
        page.get_by_role("toolbar", name="Selected text").wait_for()
        problems = axe_problems(page, npm_modules)
        assert not problems, f"the selection toolbar at {viewport['width']}px, {scheme}: {problems}"
        page.get_by_role("button", name="Add note").click()
        page.get_by_role("textbox", name="Your note").fill("A note of mine.")
        problems = axe_problems(page, npm_modules)
        assert not problems, f"the note editor at {viewport['width']}px, {scheme}: {problems}"
        page.get_by_role("button", name="Save").click()
        page.locator(".md-content a.para-num").nth(2).click()
        page.get_by_role("toolbar", name="¶\u00a01.3").wait_for()
        page.locator(".md-content a.para-num").nth(3).hover()   # a hovered ¶ number keeps its contrast
        problems = axe_problems(page, npm_modules)
        assert not problems, f"the ¶ menu, a hovered ¶ number and notes at {viewport['width']}px, {scheme}: {problems}"
        page.get_by_role("button", name="Cite").click()
        page.get_by_role("dialog", name="Cite ¶\u00a01.3").wait_for()
        problems = axe_problems(page, npm_modules)
        assert not problems, f"the Cite dialog at {viewport['width']}px, {scheme}: {problems}"
        page.goto(base_url + "my-notes/")
        page.locator(".an-list h2").wait_for()
        problems = axe_problems(page, npm_modules)
        assert not problems, f"My notes at {viewport['width']}px, {scheme}: {problems}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_search_results_and_marked_words(open_page, base_url, chapter_paths, npm_modules,
                                                             scheme):
    for viewport in (WIDE, NARROW):
        where = f"{viewport['width']}px, {scheme}"
        page = open_page(base_url + chapter_paths[0], viewport, color_scheme=scheme)
        page.keyboard.press("/")
        page.keyboard.type("Regis Debray")
        page.locator(".md-search-result__link").first.wait_for()
        assert not axe_problems(page, npm_modules), f"open search results at {where}: {axe_problems(page, npm_modules)}"
        page.locator(".md-search-result__link").first.click()
        page.locator("mark.search-mark").first.wait_for()
        assert not axe_problems(page, npm_modules), f"marked words at {where}: {axe_problems(page, npm_modules)}"

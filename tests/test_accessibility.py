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
    page.add_script_tag(path=str(npm_modules / "axe-core" / "axe.min.js"))
    result = page.evaluate("tags => axe.run(document, {runOnly: tags})", TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})" for v in result["violations"]]


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

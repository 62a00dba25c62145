"""Hosting under a sub-path (as on GitHub Pages project sites): with SITE_URL set, every page,
asset, link and search result resolves inside the sub-path, and so does the 404 page."""
import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest

from conftest import NARROW, mkdocs_build, page_paths
from site_links import broken_links

PREFIX = "/dual-power-reader/"


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Like a static host: a missing path gets the site's own 404 page, with status 404."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = self.directory + PREFIX + "404.html"
        if code != 404:
            return super().send_error(code, message, explain)
        body = open(page, "rb").read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    root = tmp_path_factory.mktemp("host")
    result = mkdocs_build(root / PREFIX.strip("/"), SITE_URL="https://example.org" + PREFIX)
    assert result.returncode == 0, result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root / PREFIX.strip("/"), f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_every_page_asset_and_link_resolves_under_the_sub_path(open_page, hosted):
    site, origin = hosted
    assert not broken_links(site, mount=PREFIX)   # in the files, the 404 page's absolute links included
    pages = [PREFIX + path for path in page_paths(site)]
    checked, broken = set(), []
    for path in pages:
        failed = []
        page = open_page("about:blank", NARROW)
        page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(origin + path)
        page.wait_for_load_state("networkidle")
        assert not failed, f"{path}: {failed}"
        links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
        for link in {u.split("#")[0] for u in links if u.startswith(origin)} - checked:
            checked.add(link)
            if not urlsplit(link).path.startswith(PREFIX) or page.request.head(link).status != 200:
                broken.append(f"{path} -> {link}")
    assert len(pages) >= 10 and not broken, broken


def test_search_finds_and_opens_a_paragraph_under_the_sub_path(open_page, hosted):
    _, origin = hosted
    failed = []
    page = open_page(origin + PREFIX)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.keyboard.press("/")
    page.keyboard.type("Syntagma")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == PREFIX + "chapters/04-bookchin-and-municipalism/"
    assert page.locator("#p4-2 mark.search-mark").count() >= 1 and not failed, failed


def test_the_404_page_works_at_any_depth(open_page, hosted):
    _, origin = hosted
    failed = []
    page = open_page("about:blank")
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    response = page.goto(origin + PREFIX + "no/such/page/")
    page.wait_for_load_state("networkidle")
    assert response.status == 404 and failed == [origin + PREFIX + "no/such/page/"]
    assert page.evaluate("document.querySelector('a.md-logo').href") == origin + PREFIX   # assets and links absolute under the sub-path
    assert page.locator("link[rel=stylesheet]").count() >= 2

"""Every internal link and anchor of the built site resolves: a check over the HTML itself, which
also covers the links Material's templates and our plugin write, not only those in the Markdown."""
import pytest
from site_links import broken_links, links


def test_every_internal_link_and_anchor_resolves(site_dir):
    assert len(links(site_dir)) > 1000, "the checker found too few links: is the site built?"
    broken = broken_links(site_dir)
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


@pytest.fixture
def tiny_site(tmp_path):
    """A two-page site with a known set of good and broken links."""
    (tmp_path / "a").mkdir()
    (tmp_path / "style.css").write_text("")
    (tmp_path / "a" / "index.html").write_text('<p id="here">Chapter A</p><a name="old">old anchor</a>')
    (tmp_path / "index.html").write_text("""<!doctype html>
<link rel="stylesheet" href="style.css">
<a href="a/">good</a><a href="a/#here">good anchor</a><a href="a/index.html#old">named anchor</a>
<a href="#top-of-page">own anchor</a><a href="https://example.org/#x">external</a>
<a href="javascript:void(0)">not a link</a><img src="/style.css" srcset="style.css 1x, a/ 2x">
<a href="missing/">no page</a><a href="a/#nowhere">no anchor</a><a href="a">folder</a>
<script src="../../outside.js"></script><img srcset="style.css 1x, gone.png 2x">
<h1 id="top-of-page">Top</h1>""")
    return tmp_path


def test_checker_reports_each_broken_link_with_page_line_and_reason(tiny_site):
    assert broken_links(tiny_site) == [
        "index.html:6: missing/ (no file missing/index.html)",
        "index.html:6: a/#nowhere (no element with id 'nowhere' in a/index.html)",
        "index.html:6: a (names a folder without a trailing slash)",
        "index.html:7: ../../outside.js (no file outside.js)",
        "index.html:7: gone.png (no file gone.png)",
    ]


def test_checker_resolves_root_relative_links_against_a_sub_path(tiny_site):
    (tiny_site / "index.html").write_text('<a href="/reader/a/#here">in</a><a href="/a/">out</a>')
    assert broken_links(tiny_site, mount="/reader/") == [
        "index.html:1: /a/ (leaves the site, which is served from /reader/)"]

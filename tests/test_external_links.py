"""External links: well formed, listed in a report, and the bibliography's on https.

They cannot be fetched here, so HTTPS support is judged from what is known of each site."""
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pybtex.database import parse_file

from external_links import external_urls, syntax_problem

ROOT = Path(__file__).resolve().parent.parent

# Hosts of cited pages left on http because their HTTPS support could not be confirmed.
# Remove a host once its page is known to be served over https, and change the URL's scheme.
HTTP_ONLY = {
    "northern-indymedia.org": "an archived Indymedia site; HTTPS not confirmed",
    "news.rediff.com": "Rediff's old news host; only www.rediff.com is known to serve HTTPS",
    "www.foodnotbombs.net": "HTTPS is confirmed for foodnotbombs.net, not for the www host cited",
    "www.reclaimthemedia.org": "an older campaign site; HTTPS not confirmed",
    "sheffield.indymedia.org.uk": "an archived Indymedia site, seen only over HTTP; HTTPS not confirmed",
    "www.thenextsystem.org": "the essay's page was seen only over HTTP; HTTPS not confirmed",
}


def bibliography_urls(site_dir):
    """Every url and doi in references.bib, and every external link on the Bibliography page."""
    entries = parse_file(ROOT / "references.bib").entries.values()
    urls = {e.fields["url"] for e in entries if "url" in e.fields}
    urls |= {e.fields["doi"] for e in entries if e.fields.get("doi", "").startswith("http")}
    return urls | {url for url, pages in external_urls(site_dir).items() if "bibliography/index.html" in pages}


def test_external_urls_are_well_formed(site_dir):
    urls = external_urls(site_dir)
    assert len(urls) > 50, "too few external URLs found: is the site built?"
    malformed = [f"{url}: {why} (on {', '.join(urls[url])})" for url in urls if (why := syntax_problem(url))]
    assert not malformed, "\n".join(malformed)


@pytest.mark.parametrize("url, problem", [
    ("https://example.org/a%20b?q=1#f", None),
    ("mailto:editors@example.org", None),
    ("ftp://example.org/file", "scheme 'ftp' is not http, https or mailto"),
    ("https:///no-host", "no host name"),
    ("https://localhost/", "'localhost' is not a host name"),
    ("https://example.org/a b", "contains whitespace"),
    ("mailto:", "no e-mail address"),
    ("http://example.org:port/", "cannot be parsed"),
])
def test_syntax_check_names_the_problem(url, problem):
    assert syntax_problem(url) == problem


def test_report_lists_every_external_url_with_its_pages(site_dir):
    result = subprocess.run([sys.executable, ROOT / "scripts" / "external_links.py", site_dir],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    missing = [url for url in external_urls(site_dir) if f"\n| {url} | " not in result.stdout]
    assert not missing, f"not in the report: {missing}"
    assert "| https://www.legislation.gov.uk/ukpga/2000/11 | bibliography/, " in result.stdout


def test_bibliography_urls_use_https(site_dir):
    insecure = sorted(url for url in bibliography_urls(site_dir)
                      if urlsplit(url).scheme != "https" and urlsplit(url).hostname not in HTTP_ONLY)
    assert not insecure, "use https for:\n" + "\n".join(insecure)


def test_every_http_only_host_is_still_cited_over_http(site_dir):
    http_hosts = {urlsplit(url).hostname for url in bibliography_urls(site_dir) if url.startswith("http://")}
    assert set(HTTP_ONLY) <= http_hosts, f"stale entries in HTTP_ONLY: {set(HTTP_ONLY) - http_hosts}"

"""Report every external URL of a built site, with the pages that use it, and check its form.

    .venv/bin/python scripts/external_links.py [SITE_DIR]     (default: site/, from ./scripts/serve build)

External sites cannot be fetched where the edition is built, so only the syntax is checked: the
scheme is http, https or mailto, a web address names a host, and nothing contains whitespace.
Prints a table of URLs and pages, then any malformed URL; exits with 1 if there is one.
"""
import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from site_links import is_external, links

SCHEMES = {"http", "https", "mailto"}
HOST = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


def external_urls(site_dir: Path) -> dict[str, list[str]]:
    """Each external URL in the site, with the pages (paths in the site) that use it."""
    pages = defaultdict(set)
    for link in links(Path(site_dir)):
        if is_external(link.url):
            pages[link.url].add(link.page)
    return {url: sorted(pages[url]) for url in sorted(pages)}


def syntax_problem(url: str) -> str | None:
    """What is wrong with the form of an external URL, or None."""
    if any(c.isspace() for c in url):
        return "contains whitespace"
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a malformed port
    except ValueError:
        return "cannot be parsed"
    if parts.scheme not in SCHEMES:
        return f"scheme '{parts.scheme}' is not http, https or mailto"
    if parts.scheme == "mailto":
        return None if re.fullmatch(r"[^@]+@[^@]+", parts.path) else "no e-mail address"
    if not HOST.fullmatch(parts.hostname or ""):
        return "no host name" if not parts.hostname else f"'{parts.hostname}' is not a host name"
    return None


def main(argv: list[str]) -> int:
    site_dir = Path(argv[0] if argv else "site")
    if not (site_dir / "index.html").is_file():
        print(f"No built site in {site_dir}: run ./scripts/serve build first.", file=sys.stderr)
        return 2
    urls = external_urls(site_dir)
    print("| URL | pages |\n|---|---|")
    for url, pages in urls.items():
        print(f"| {url} | {', '.join(p.removesuffix('index.html') or './' for p in pages)} |")
    malformed = {url: why for url in urls if (why := syntax_problem(url))}
    print(f"\n{len(urls)} external URLs, {len(malformed)} malformed.")
    for url, why in malformed.items():
        print(f"malformed: {url}: {why} (on {', '.join(urls[url])})")
    return 1 if malformed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

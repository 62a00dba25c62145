"""Every link in a built site, and those of its internal links and anchors that do not resolve.

The site may be served from a sub-path (``mount``, such as ``/dual-power-reader/``): root-relative
links are then resolved against it, and any that leave it count as broken.
"""
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

# The attributes through which a page loads or links to another resource.
URL_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",),
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"),
    "iframe": ("src",), "embed": ("src",), "object": ("data",), "input": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "form": ("action",), "blockquote": ("cite",), "q": ("cite",), "ins": ("cite",), "del": ("cite",),
}
# Schemes that name no other resource (Material's search share button is javascript:void(0)).
NOT_LINKS = {"javascript", "data", "blob", "about"}


@dataclass(frozen=True)
class Link:
    page: str   # the page's path in the site, such as "chapters/01-why-dual-power/index.html"
    line: int
    url: str

    def __str__(self):
        return f"{self.page}:{self.line}: {self.url}"


def links(site_dir: Path) -> list[Link]:
    """Every URL in every HTML file of the site, in file order."""
    found = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        page = path.relative_to(site_dir).as_posix()
        for element in html.parse(str(path)).getroot().iter(*URL_ATTRIBUTES):
            for attribute in URL_ATTRIBUTES[element.tag]:
                value = element.get(attribute)
                if value is None:
                    continue
                urls = [c.split()[0] for c in value.split(",") if c.strip()] if attribute == "srcset" else [value]
                found += [Link(page, element.sourceline, url) for url in urls]
    return found


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc)


def is_external(url: str) -> bool:
    return not is_internal(url) and urlsplit(url).scheme.lower() not in NOT_LINKS


def broken_links(site_dir: Path, mount: str = "/") -> list[str]:
    """Every internal link or anchor in the site that does not resolve, as 'page:line: url (why)'."""
    site_dir = Path(site_dir)

    @cache
    def targets(path: Path) -> set[str]:
        """The fragments that land on an element of a page: its ids and the names of its anchors."""
        root = html.parse(str(path)).getroot()
        return {e.get("id") for e in root.iter() if e.get("id")} | {a.get("name") for a in root.iter("a") if a.get("name")}

    def problem(link: Link) -> str | None:
        target = urlsplit(urljoin("http://site" + mount + link.page, link.url))
        if not target.path.startswith(mount):
            return f"leaves the site, which is served from {mount}"
        path = unquote(target.path[len(mount):])
        if path == "" or path.endswith("/"):
            path += "index.html"
        file = site_dir / path
        if file.is_dir():
            return "names a folder without a trailing slash"
        if not file.is_file():
            return f"no file {path}"
        fragment = unquote(target.fragment)
        if fragment and file.suffix == ".html" and fragment not in targets(file):
            return f"no element with id {fragment!r} in {path}"
        return None

    return [f"{link} ({why})" for link in links(site_dir) if is_internal(link.url) and (why := problem(link))]

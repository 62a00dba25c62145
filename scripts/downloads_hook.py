"""MkDocs hook: the Home page's Downloads section and the guide's session-pack links, from dist/
(see scripts/build-formats)."""
import html
import json
import os
import re
import shutil
from pathlib import Path

from mkdocs.utils import get_relative_url

DIST = Path(os.environ.get("READER_DIST") or Path(__file__).resolve().parent.parent / "dist")
MARKER = "<!-- downloads -->"
SESSION = re.compile(r"<!-- session-pack:(\d+) -->")


def _offline(config) -> bool:
    """Whether this is the file:// copy: Material's offline plugin decides (mkdocs.yml)."""
    return config.plugins["material/offline"].config.enabled


def _manifest() -> dict:
    path = DIST / "manifest.json"
    return {item["file"]: item for item in json.loads(path.read_text(encoding="utf-8"))} if path.exists() else {}


def _entry(item, page, offline: bool) -> str:
    """A file's title, linked unless this is the offline copy, with its format, size and pages."""
    size = f"{item['bytes'] / 1024:,.0f} KB" if item["bytes"] < 1 << 20 else f"{item['bytes'] / (1 << 20):.1f} MB"
    pages = f", {item['pages']} pages" if item.get("pages") else ""
    name = html.escape(item["title"])
    if not offline:
        href = get_relative_url(f"downloads/{item['file']}", page.url)
        name = f'<a href="{html.escape(href)}">{name}</a>'
    return f"{name} <span class=\"download-meta\">({html.escape(item['kind'])}, {size}{pages})</span>"


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown and not SESSION.search(markdown):
        return markdown
    manifest = _manifest()
    offline = _offline(config)
    markdown = SESSION.sub(lambda m: _entry(manifest[f"sessions/session-{m.group(1)}.pdf"], page, offline)
                           if f"sessions/session-{m.group(1)}.pdf" in manifest
                           else "made by `./scripts/build-formats` (not in this build)", markdown)
    if MARKER not in markdown:
        return markdown
    if not manifest:
        return markdown.replace(MARKER, "*The printable and offline versions are made by `./scripts/build-formats`; "
                                        "this build does not include them.*")
    rows = [f"<li>{_entry(item, page, offline)}</li>" for item in manifest.values()]
    note = ("<p><em>These files come with the online edition; this offline copy does not include them.</em></p>"
            if offline else "")
    return markdown.replace(MARKER, f'<ul class="downloads">{"".join(rows)}</ul>{note}')


def on_post_build(config):
    if (DIST / "manifest.json").exists() and not _offline(config):
        target = Path(config.site_dir) / "downloads"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(DIST, target, ignore=shutil.ignore_patterns(".work*", "manifest.json"))

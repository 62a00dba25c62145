"""MkDocs hook: the Home page's Downloads section, listing dist/ (see scripts/build-formats)."""
import html
import json
import os
import shutil
from pathlib import Path

DIST = Path(os.environ.get("READER_DIST") or Path(__file__).resolve().parent.parent / "dist")
MARKER = "<!-- downloads -->"


def _offline() -> bool:
    return os.environ.get("OFFLINE", "").lower() == "true"


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    manifest = DIST / "manifest.json"
    if not manifest.exists():
        return markdown.replace(MARKER, "*The printable and offline versions are made by `./scripts/build-formats`; "
                                        "this build does not include them.*")
    rows = []
    for item in json.loads(manifest.read_text(encoding="utf-8")):
        size = f"{item['bytes'] / 1024:,.0f} KB" if item["bytes"] < 1 << 20 else f"{item['bytes'] / (1 << 20):.1f} MB"
        pages = f", {item['pages']} pages" if item.get("pages") else ""
        name = html.escape(item["title"])
        link = name if _offline() else f'<a href="downloads/{html.escape(item["file"])}">{name}</a>'
        rows.append(f"<li>{link} <span class=\"download-meta\">({html.escape(item['kind'])}, {size}{pages})</span></li>")
    note = ("<p><em>These files come with the online edition; this offline copy does not include them.</em></p>"
            if _offline() else "")
    return markdown.replace(MARKER, f'<ul class="downloads">{"".join(rows)}</ul>{note}')


def on_post_build(config):
    if (DIST / "manifest.json").exists() and not _offline():
        target = Path(config.site_dir) / "downloads"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(DIST, target, ignore=shutil.ignore_patterns(".work*", "manifest.json"))

"""Shared fixtures: one strict build of the site and one of the formats, a local server for the site,
and Debian's Chromium."""
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS  # scripts/chromium.py, shared with the benchmark

ROOT = Path(__file__).resolve().parent.parent
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}


# Every build in the suite carries one date, so two builds can be compared byte for byte.
SOURCE_DATE_EPOCH = os.environ.get("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026, 00:00 UTC


def build_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **extra}


def mkdocs_build(dest: Path, offline: bool = False, **extra: str) -> subprocess.CompletedProcess:
    env = build_env(OFFLINE="true" if offline else "false", **extra)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def formats_build(out: Path) -> subprocess.CompletedProcess:
    """Every take-away format into out (scripts/build-formats)."""
    return subprocess.run([sys.executable, "-m", "formats", "all", "--out", str(out)], cwd=ROOT,
                          env=build_env(PYTHONPATH=str(ROOT / "scripts")), capture_output=True, text=True)


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    dest = tmp_path_factory.mktemp("site")
    result = mkdocs_build(dest)
    assert result.returncode == 0, result.stderr
    return dest, result


@pytest.fixture(scope="session")
def dist(tmp_path_factory):
    """One build of every format, shared by the formats and reproducibility tests (~20 s)."""
    out = tmp_path_factory.mktemp("dist")
    result = formats_build(out)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


@pytest.fixture(scope="session")
def site_dir(build):
    return build[0]


@pytest.fixture(scope="session")
def chapter_paths(site_dir):
    return sorted(p.parent.relative_to(site_dir).as_posix() + "/" for p in site_dir.glob("chapters/*/index.html"))


def page_paths(site: Path) -> list[str]:
    """Each page's URL path within a built site: "", "about/", "chapters/01-…/", …"""
    return sorted(("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/")
                  for p in site.rglob("index.html"))


@pytest.fixture(scope="session")
def all_paths(site_dir):
    """Every page a reader can land on, the not-found page included."""
    return page_paths(site_dir) + ["404.html"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/test, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """open_page(url, viewport=WIDE, **context options) -> a Playwright page, closed after the test."""
    contexts = []

    def run(url, viewport=WIDE, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page
    yield run
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def npm_modules():
    """node_modules from package-lock.json, installed by ./scripts/setup --test."""
    path = ROOT / "node_modules"
    assert (path / "axe-core").exists(), "node modules missing: run ./scripts/setup --test"
    return path

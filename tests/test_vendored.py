"""The self-hosted files come from the pinned npm packages (scripts/vendor-assets): the search library
as it is, the fonts cut down to the OpenType features the text uses."""
import hashlib
import subprocess
import sys

from conftest import ROOT

VENDOR = ROOT / "docs" / "assets" / "vendor"
ENGINE_VENDOR = ROOT / "reader-engine" / "src" / "reader_engine" / "assets" / "vendor"
FACES = ("400-normal", "400-italic", "600-normal", "700-normal")
# As in scripts/vendor-assets.
FONT_SUBSET = ["--unicodes=*", "--layout-features=kern,liga", "--flavor=woff2"]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_vendored_search_library_matches_the_pinned_package(npm_modules):
    package = npm_modules / "minisearch"
    assert digest(ENGINE_VENDOR / "minisearch.js") == digest(package / "dist" / "umd" / "index.js"), \
        "minisearch.js is stale: run scripts/vendor-assets"
    assert digest(ENGINE_VENDOR / "minisearch-LICENSE.txt") == digest(package / "LICENSE.txt")


def test_vendored_fonts_are_the_pinned_package_subset(npm_modules, tmp_path):
    for face in FACES:
        name = f"source-serif-4-latin-{face}.woff2"
        original = npm_modules / "@fontsource" / "source-serif-4" / "files" / name
        subprocess.run([sys.executable, "-m", "fontTools.subset", original, *FONT_SUBSET,
                        f"--output-file={tmp_path / name}"], check=True)
        assert digest(VENDOR / "source-serif-4" / name) == digest(tmp_path / name), \
            f"{name} is stale: run scripts/vendor-assets"


def test_offline_build_loads_no_script_from_a_cdn_and_keeps_its_search_index(tmp_path):
    from conftest import mkdocs_build
    result = mkdocs_build(tmp_path, offline=True)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "index.html").read_text()
    assert "unpkg.com" not in index and "iframe-worker" not in index   # the search needs no worker shim
    assert (tmp_path / "search" / "search-index.js").exists()

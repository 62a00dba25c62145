"""The self-hosted files are exact copies from the pinned npm packages (scripts/vendor-assets)."""
import hashlib

from conftest import ROOT

COPIES = {
    "docs/assets/vendor/iframe-worker-shim.js": "iframe-worker/shim/index.js",
    **{f"docs/assets/vendor/source-serif-4/source-serif-4-latin-{face}.woff2":
       f"@fontsource/source-serif-4/files/source-serif-4-latin-{face}.woff2"
       for face in ("400-normal", "400-italic", "600-normal", "700-normal")},
}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_vendored_files_match_the_pinned_packages(npm_modules):
    for copy, original in COPIES.items():
        assert digest(ROOT / copy) == digest(npm_modules / original), f"{copy} is stale: run scripts/vendor-assets"


def test_offline_build_uses_the_vendored_shim_not_a_cdn(tmp_path):
    from conftest import mkdocs_build
    result = mkdocs_build(tmp_path, offline=True)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "index.html").read_text()
    assert "assets/vendor/iframe-worker-shim.js" in index and "unpkg.com" not in index
    assert (tmp_path / "search" / "search_index.js").exists()

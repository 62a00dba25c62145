"""The self-hosted files come from the pinned npm packages (scripts/vendor-assets): the script as it
is, the fonts cut down to the OpenType features the text uses."""
import hashlib
import subprocess
import sys

from conftest import ROOT

VENDOR = ROOT / "docs" / "assets" / "vendor"
FACES = ("400-normal", "400-italic", "600-normal", "700-normal")
# As in scripts/vendor-assets.
FONT_SUBSET = ["--unicodes=*", "--layout-features=kern,liga", "--flavor=woff2"]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_vendored_script_matches_the_pinned_package(npm_modules):
    assert digest(VENDOR / "iframe-worker-shim.js") == digest(npm_modules / "iframe-worker" / "shim" / "index.js"), \
        "iframe-worker-shim.js is stale: run scripts/vendor-assets"


def test_vendored_fonts_are_the_pinned_package_subset(npm_modules, tmp_path):
    for face in FACES:
        name = f"source-serif-4-latin-{face}.woff2"
        original = npm_modules / "@fontsource" / "source-serif-4" / "files" / name
        subprocess.run([sys.executable, "-m", "fontTools.subset", original, *FONT_SUBSET,
                        f"--output-file={tmp_path / name}"], check=True)
        assert digest(VENDOR / "source-serif-4" / name) == digest(tmp_path / name), \
            f"{name} is stale: run scripts/vendor-assets"


def test_offline_build_uses_the_vendored_shim_not_a_cdn(tmp_path):
    from conftest import mkdocs_build
    result = mkdocs_build(tmp_path, offline=True)
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "index.html").read_text()
    assert "assets/vendor/iframe-worker-shim.js" in index and "unpkg.com" not in index
    assert (tmp_path / "search" / "search_index.js").exists()

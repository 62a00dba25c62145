"""Digests of what each output is made from, so a run rebuilds only what changed.

An output's digest covers its own inputs (the HTML of its parts, or the site files it packs) and
what shapes every output: the print CSS, the fonts it names, the versions of the tools and of
Pango, and our own format code. dist/manifest.json records it for each file.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path


HERE = Path(__file__).parent
ROOT = HERE.parents[1]
TOOLS = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pyphen", "pymupdf",
         "pdfimpose", "pypdf", "ebooklib", "lxml", "repro-zipfile")
SYSTEM_FONTS = ("DejaVu Sans", "DejaVu Sans:bold", "serif", "sans-serif")   # as paged.css names them


def of(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@cache
def common() -> str:
    """What shapes every output besides its own content."""
    code = [path.read_bytes() for path in sorted(HERE.iterdir()) if path.suffix in (".py", ".css")]
    fonts = [path.read_bytes() for path in sorted((ROOT / "docs/assets/vendor/source-serif-4").glob("*.woff2"))]
    versions = [f"{tool} {metadata.version(tool)}" for tool in TOOLS] + [f"pango {_pango_version()}"]
    return of(*code, *fonts, *_system_fonts(), *versions)


def _pango_version() -> str:
    """The version of the Pango that WeasyPrint lays text out with, asked of the library itself:
    importing WeasyPrint to ask it took most of a second, on the way from the site to the layouts."""
    pango = ctypes.CDLL(ctypes.util.find_library("pango-1.0") or "libpango-1.0.so.0")
    pango.pango_version_string.restype = ctypes.c_char_p
    return pango.pango_version_string().decode()


def _system_fonts() -> list[bytes]:
    """The files fontconfig picks for the families the CSS names but does not ship."""
    if not shutil.which("fc-match"):
        return []
    found = {subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True).stdout
             for family in SYSTEM_FONTS}
    return [Path(name).read_bytes() for name in sorted(found) if os.path.isfile(name)]

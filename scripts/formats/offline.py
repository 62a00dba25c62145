"""The offline copy: the site built for file:// (Material's offline plugin), zipped."""
from __future__ import annotations

import zipfile
from pathlib import Path

from repro_zipfile import ReproducibleZipFile

from . import site

FOLDER = "dual-power-reader"


def build(work: Path, out: Path) -> None:
    built = work / "offline"
    site.build(built, offline=True)
    # Members in sorted order, dated by SOURCE_DATE_EPOCH: the same site always makes the same zip.
    with ReproducibleZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(built.rglob("*")):
            if path.is_file() and not path.name.endswith(".gz") and path.name != "sitemap.xml":
                archive.write(path, f"{FOLDER}/{path.relative_to(built).as_posix()}")

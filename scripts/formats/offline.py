"""The offline copy: the site built for file:// (Material's offline plugin), zipped."""
from __future__ import annotations

import zipfile
from pathlib import Path

from mkdocs.utils import get_build_datetime
from repro_zipfile import ReproducibleZipFile

from . import digests

FOLDER = "dual-power-reader"


def pack(built: Path, out: Path, recorded: str | None) -> tuple[str, bool]:
    """Zip the file:// copy built in `built`, unless the digest of what the zip would hold is
    `recorded` (dist/manifest.json's, for the zip already there). Returns (digest, whether it was zipped)."""
    members = [path for path in sorted(built.rglob("*"))
               if path.is_file() and not path.name.endswith(".gz") and path.name != "sitemap.xml"]
    digest = digests.of(digests.common(), get_build_datetime().isoformat(),
                        *(part for path in members for part in (path.relative_to(built).as_posix(), path.read_bytes())))
    if digest == recorded:
        return digest, False
    # Members in sorted order, dated by SOURCE_DATE_EPOCH: the same site always makes the same zip.
    with ReproducibleZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in members:
            archive.write(path, f"{FOLDER}/{path.relative_to(built).as_posix()}")
    return digest, True

"""Reproducible builds: two builds of one commit with one SOURCE_DATE_EPOCH are byte-identical.

Each test builds once more and compares with the suite's shared build (conftest: site_dir, dist).
"""
import hashlib
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from conftest import SOURCE_DATE_EPOCH, formats_build, mkdocs_build


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def assert_identical(first: Path, second: Path):
    a, b = digests(first), digests(second)
    assert a, f"nothing was built in {first}"
    differing = sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))
    assert not differing, f"{len(differing)} of {len(a)} files differ between two builds: {', '.join(differing)}"


def test_two_site_builds_are_byte_identical(site_dir, tmp_path):
    result = mkdocs_build(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert_identical(site_dir, tmp_path / "site")


def test_two_formats_builds_are_byte_identical(dist, tmp_path):
    result = formats_build(tmp_path / "dist")
    assert result.returncode == 0, result.stderr
    assert_identical(dist[0], tmp_path / "dist")


def test_every_date_is_the_source_date(site_dir, dist):
    built = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), timezone.utc)
    zip_time = (*built.timetuple()[:5], built.second // 2 * 2)  # zip times count in two-second steps
    gzip_time = int.from_bytes((site_dir / "sitemap.xml.gz").read_bytes()[4:8], "little")  # RFC 1952 MTIME
    assert datetime.fromtimestamp(gzip_time, timezone.utc).date() == built.date()  # MkDocs dates it by the day
    for name in ("dual-power-reader-offline.zip", "dual-power-reader.epub"):
        with zipfile.ZipFile(dist[0] / name) as archive:
            assert {member.date_time for member in archive.infolist()} == {zip_time}, name
    with zipfile.ZipFile(dist[0] / "dual-power-reader.epub") as book:
        assert f'"dcterms:modified">{built:%Y-%m-%dT%H:%M:%SZ}<' in book.read("EPUB/content.opf").decode()
    cover = subprocess.run(["pdftotext", "-l", "1", str(dist[0] / "dual-power-reader.pdf"), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert f"Built {built:%B %Y}" in " ".join(cover.split())

"""Reproducible builds: two builds of one commit with one SOURCE_DATE_EPOCH are byte-identical.

Each test builds once more and compares with the suite's shared build (conftest: site_dir, dist).
"""
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from conftest import ROOT, SOURCE_DATE_EPOCH, build_env, formats_build, mkdocs_build
from formats.site import BuiltSite


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


def test_an_incremental_build_rebuilds_only_what_holds_the_edit_and_equals_a_cold_one(site_dir, tmp_path):
    """Cold build, one sentence edited in chapter 1, incremental build, cold build again: the
    incremental run remakes only what contains chapter 1, says "unchanged" of the rest, and its
    files are the cold build's, byte for byte."""
    project = tmp_path / "project"
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "glossary.yml", "references.bib"):
        shutil.copy(ROOT / name, project / name)

    def formats(out: Path) -> str:
        result = subprocess.run([sys.executable, "-m", "formats", "all", "--out", str(out)], cwd=project,
                                env=build_env(PYTHONPATH=str(project / "scripts")), capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    formats(tmp_path / "incremental")
    chapter = next((project / "docs" / "chapters").glob("01-*.md"))
    lines = chapter.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if i > lines.index("---", 1) and line[:1].isupper() and line.endswith("."))
    lines[first] += " One sentence more."
    chapter.write_text("\n".join(lines), encoding="utf-8")
    output = formats(tmp_path / "incremental")

    sessions = [s.number for s in BuiltSite(site_dir).sessions() if 1 in s.chapters]
    expected = {"dual-power-reader-offline.zip", "dual-power-reader.pdf", "dual-power-reader-booklet-a5.pdf",
                "dual-power-reader.epub", *(f"sessions/session-{n}.pdf" for n in sessions)}
    progress = dict(re.findall(r"^\[\d+/\d+\] .* -> dist/(\S+)  (unchanged|\([\d.]+ s\))$", output, re.M))
    rebuilt = {name for name, how in progress.items() if how != "unchanged"}
    listed = json.loads((tmp_path / "incremental" / "manifest.json").read_text())
    assert set(progress) == {item["file"] for item in listed}
    assert {name for name in rebuilt if not name.startswith("handouts/")} == expected
    assert [name for name in rebuilt if name.startswith("handouts/")] == [
        next(name for name in progress if name.startswith("handouts/chapter-01-"))]
    formats(tmp_path / "cold")
    assert_identical(tmp_path / "cold", tmp_path / "incremental")

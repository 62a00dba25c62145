"""Build the take-away formats into dist/:  python -m formats [all | session --chapters 2-3 [--booklet]]"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import epub, offline, pdf, printable
from .site import ROOT, BuiltSite, build

DIST = ROOT / "dist"


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _chapters(spec: str, site: BuiltSite):
    first, _, last = spec.partition("-")
    chosen = site.chapter_range(int(first), int(last or first))
    if not chosen:
        raise SystemExit(f"no chapters in range {spec}")
    return chosen


def _timed(make, *args):
    tick = time.monotonic()
    pages = make(*args)
    return pages, time.monotonic() - tick


def build_all(out: Path) -> list[dict]:
    """Every format, rendered on all cores (biggest first); progress as each one finishes."""
    work = out / ".work"
    shutil.rmtree(out, ignore_errors=True)
    for folder in (work, out / "handouts", out / "sessions"):
        folder.mkdir(parents=True)
    started = time.monotonic()
    jobs, futures = [], {}
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        def submit(name, title, kind, make, source):
            jobs.append((name, title, kind))
            futures[pool.submit(_timed, make, source, out / name)] = (name, title)

        # The offline copy needs only the sources, so it builds while this process builds the site.
        submit("dual-power-reader-offline.zip", "Offline copy (unzip, open index.html)", "ZIP", offline.build, work)
        print("[0] building the site (HTML) ...", flush=True)
        build(work / "site")
        site = BuiltSite(work / "site")
        book = printable.book(site)
        submit("dual-power-reader-booklet-a5.pdf", "The whole edition as a folded A5 booklet", "A5 booklet on A4",
               pdf.booklet, book)  # the longest jobs first
        submit("dual-power-reader.pdf", "The whole edition", "A4 PDF", pdf.render, book)
        for s in site.sessions():
            chapters = [c for c in site.chapters if c.number in s.chapters]
            submit(f"sessions/session-{s.number}.pdf", f"Session {s.number} pack: {s.title}", "A4 PDF",
                   pdf.render, printable.session_pack(site, chapters, s))
        for c in site.chapters:
            submit(f"handouts/chapter-{c.number:02d}-{c.slug[3:]}.pdf", f"Handout: chapter {c.number}, {c.title}",
                   "A4 PDF", pdf.render, printable.handout(c, site))
        submit("dual-power-reader.epub", "The whole edition for e-readers", "EPUB 3", epub.build, work / "site")
        done = {}
        for n, future in enumerate(as_completed(futures), 1):
            name, title = futures[future]
            done[name], seconds = future.result()
            print(f"[{n}/{len(jobs)}] {title} -> dist/{name}  ({seconds:.1f} s)", flush=True)
    shutil.rmtree(work)
    manifest = []
    for name, title, kind in sorted(jobs, key=lambda j: (j[0].count("/"), j[0])):
        entry = {"file": name, "title": title, "kind": kind, "bytes": (out / name).stat().st_size}
        if isinstance(done[name], int):
            entry["pages"] = done[name]
        manifest.append(entry)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    width = max(len(m["file"]) for m in manifest)
    print(f"\n{'file'.ljust(width)}  {'size':>9}  pages")
    for m in manifest:
        print(f"{m['file'].ljust(width)}  {_size(m['bytes']):>9}  {m.get('pages', '')}")
    print(f"\n{len(manifest)} files in {out} in {time.monotonic() - started:.1f} s")
    return manifest


def build_session(spec: str, booklet: bool, out: Path | None) -> Path:
    work = DIST / ".work-session"
    shutil.rmtree(work, ignore_errors=True)
    print("[1/2] building the site (HTML) ...", flush=True)
    build(work)
    site = BuiltSite(work)
    chapters = _chapters(spec, site)
    numbers = [c.number for c in chapters]
    session = next((s for s in site.sessions() if s.chapters == numbers), None)
    target = out or DIST / f"session-chapters-{spec}{'-booklet' if booklet else ''}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"[2/2] session pack for chapters {spec}{' as a booklet' if booklet else ''} -> {target}", flush=True)
    document = printable.session_pack(site, chapters, session)
    pages = pdf.booklet(document, target) if booklet else pdf.render(document, target)
    shutil.rmtree(work)
    print(f"{target}  {_size(target.stat().st_size)}  {pages} pages")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="build-formats", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    everything = commands.add_parser("all", help="every format into dist/ (the default)")
    everything.add_argument("--out", type=Path, default=DIST)
    session = commands.add_parser("session", help="one PDF for a reading-group session")
    session.add_argument("--chapters", required=True, help="a chapter or range, e.g. 2-3")
    session.add_argument("--booklet", action="store_true", help="A5 pages imposed on A4 for folding")
    session.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "session":
        build_session(args.chapters, args.booklet, args.out)
    else:
        build_all(getattr(args, "out", DIST).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())

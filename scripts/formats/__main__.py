"""Build the take-away formats into dist/:  python -m formats [all | session --chapters 2-3 [--booklet]]

A run rebuilds only what changed. dist/manifest.json records each file's digest (digests.py), and
a file whose digest is unchanged is kept and reported "unchanged". The PDFs are assembled from
parts laid out once each and kept in dist/.parts (pdf.py): a chapter edited is laid out again, A4
and A5, and only the documents that contain it are assembled again.
"""
from __future__ import annotations

import argparse
import heapq
import itertools
import json
import os
import shutil
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lhtml
from mkdocs.utils import get_build_datetime

from . import digests, epub, offline, pdf, printable
from .site import ROOT, BuiltSite, build, building

DIST = ROOT / "dist"
MANIFEST = "manifest.json"
PARTS = ".parts"
# The order jobs start in. The book's parts first: its assembly and imposition are the longest job,
# and after an edit the last one; then the offline zip and the EPUB; then the other parts, the
# biggest first, so that the run ends on short jobs, not on one long part with a core idle.
BOOK, COPIES, OTHERS = range(3)


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
    result = make(*args)
    return result, time.monotonic() - tick


@dataclass
class Document:
    """A PDF to make from parts: (name, HTML, numbered) each. With contents, a contents part listing
    the parts that have a label is laid out after them and set after the first part (the cover)."""

    file: str
    title: str
    kind: str
    parts: list[tuple[str, str, bool]]
    a5: bool = False
    labels: dict[str, str] = field(default_factory=dict)   # part name -> contents label
    booklet: tuple[str, str, str] | None = None   # (file, title, kind): the same pages as a folded booklet

    @property
    def outputs(self) -> list[tuple[str, str, str]]:
        return [(self.file, self.title, self.kind), *([self.booklet] if self.booklet else [])]

    @property
    def digest(self) -> str:
        keys = [item for name, html, numbered in self.parts for item in (name, pdf.key(html, self.a5), str(numbered))]
        return digests.of(digests.common(), self.file, self.title, str(self.booklet), *keys,
                          *(item for pair in self.labels.items() for item in pair))

    def contents(self, laid: dict[str, pdf.Part], contents_pages: int) -> str:
        page, entries = laid[self.parts[0][0]].pages + contents_pages + 1, []
        for name, _, _ in self.parts[1:]:
            if name in self.labels:
                entries.append((name, self.labels[name], page))
            page += laid[name].pages
        return printable.contents(entries)


def plan(site: BuiltSite) -> list[Document]:
    """Every PDF of dist/."""
    chapters = {c.number: (f"ch-{c.number}", printable.chapter_part(c, site), True) for c in site.chapters}
    back = printable.back_matter(site)
    whole = [("cover", printable.book_cover(), False), *chapters.values(), *((n, h, True) for n, _, h in back)]
    labels = {f"ch-{c.number}": f"{c.number}. {c.title}" for c in site.chapters} | {n: label for n, label, _ in back}
    # The book is A5, so that the booklet is its pages imposed: the edition is laid out once at each
    # size (A4 for the handouts and packs), and a page number means the same page in both.
    documents = [Document("dual-power-reader.pdf", "The whole edition", "A5 PDF", whole, a5=True, labels=labels,
                          booklet=("dual-power-reader-booklet-a5.pdf", "The whole edition as a folded A5 booklet",
                                   "A5 booklet on A4"))]
    for s in site.sessions():
        chosen = [c for c in site.chapters if c.number in s.chapters]
        documents.append(Document(f"sessions/session-{s.number}.pdf", f"Session {s.number} pack: {s.title}", "A4 PDF",
                                  [("cover", printable.pack_cover(chosen, s), False),
                                   ("facilitator", printable.facilitator(s), True),
                                   *(chapters[c.number] for c in chosen)]))
    for c in site.chapters:
        documents.append(Document(f"handouts/chapter-{c.number:02d}-{c.slug[3:]}.pdf",
                                  f"Handout: chapter {c.number}, {c.title}", "A4 PDF", [chapters[c.number]]))
    return documents


def _pdf_title(document: Document) -> str:
    return f"{printable.EDITION}: The complete edition" if document.labels else document.title


class Run:
    """One `build-formats all`: the jobs in a process pool, started as soon as what they need is ready."""

    def __init__(self, out: Path, pool: ProcessPoolExecutor, workers: int):
        self.out, self.pool, self.folder = out, pool, out / PARTS
        self.previous = {m["file"]: m for m in _read(out / MANIFEST)}
        self.jobs: dict = {}           # future -> what to do with its result
        self.queued: list = []         # jobs not yet given to a worker, a heap: (rank, order, then, make, args)
        self.order = itertools.count()
        self.workers = workers
        self.parts: dict = {}          # (name, key, numbered) -> the laid-out Part, or the callbacks waiting for it
        self.manifest: list[dict] = []
        self.total = 0

    def recorded(self, file: str) -> str | None:
        """The digest dist/manifest.json records for a file that is still there."""
        entry = self.previous.get(file)
        return entry.get("digest") if entry and (self.out / file).exists() else None

    def submit(self, then, make, *args, first=False, rank=()):
        """Run make(*args) in a worker, then then(result, seconds) here. Jobs wait in our own queue,
        not the pool's, so that one which completes a document (first=True) overtakes the parts
        still waiting: a document is assembled while the other parts are being laid out. The others
        start in order of rank, then as they came, once wait() is called."""
        heapq.heappush(self.queued, ((not first, *rank), next(self.order), then, make, args))

    def _start(self):
        while self.queued and len(self.jobs) < self.workers:
            _, _, then, make, args = heapq.heappop(self.queued)
            self.jobs[self.pool.submit(_timed, make, *args)] = then

    def done(self, file, title, kind, digest, seconds, pages=None, parts=(), rebuilt=True):
        entry = {"file": file, "title": title, "kind": kind, "bytes": (self.out / file).stat().st_size,
                 "digest": digest, "parts": sorted(parts)}
        if not rebuilt:
            entry = {**self.previous[file], **entry}
        elif pages is not None:
            entry["pages"] = pages
        self.manifest.append(entry)
        how = f"({seconds:.1f} s)" if rebuilt else "unchanged"
        print(f"[{len(self.manifest)}/{self.total}] {title} -> dist/{file}  {how}", flush=True)

    def wait(self):
        self._start()
        while self.jobs:
            finished, _ = wait(self.jobs, return_when=FIRST_COMPLETED)
            for future in finished:
                then = self.jobs.pop(future)
                then(*future.result())
            self._start()

    def part(self, name: str, html: str, a5: bool, numbered: bool, then, first=False, rank=()) -> None:
        """then(part) once the part is laid out; each part is laid out once per run, whoever needs it."""
        ident = (name, pdf.key(html, a5), numbered)
        known = self.parts.get(ident)
        if isinstance(known, pdf.Part):
            return then(known)
        if known is None:
            known = self.parts[ident] = []

            def arrived(part, _):
                waiting, self.parts[ident] = self.parts[ident], part
                for callback in waiting:
                    callback(part)
            self.submit(arrived, pdf.lay_out, name, html, a5, numbered, self.folder, first=first, rank=rank)
        known.append(then)

    def document(self, document: Document) -> None:
        """Lay out the document's parts, then its contents (if any), then assemble it."""
        digest = document.digest
        if all(digest == self.recorded(file) for file, _, _ in document.outputs):
            for file, title, kind in document.outputs:
                self.done(file, title, kind, digest, 0, rebuilt=False, parts=self.previous[file].get("parts", ()))
            return
        needed = document.parts + ([("padding", printable.padding(), False)] if document.booklet else [])
        laid: dict[str, pdf.Part] = {}

        def arrived(part):
            laid[part.name] = part
            if len(laid) == len(needed):
                with_contents(1) if document.labels else finish([laid[name] for name, _, _ in document.parts])

        def with_contents(pages):   # the contents' own length shifts the numbers it lists: lay out until stable
            html = document.contents(laid, pages)
            self.part("contents", html, document.a5, True, lambda contents: with_contents(contents.pages)
                      if contents.pages != pages else
                      finish([laid["cover"], contents, *(laid[name] for name, _, _ in document.parts[1:])]),
                      first=True)

        def finish(parts):
            files = {name for p in parts + list(laid.values()) for name in (p.path.name, p.path.with_suffix(".json").name)}
            files.add(f"{pdf.margins_key(document.a5, pdf.characters(parts))}.pdf")

            def report(pages, seconds):
                for (file, title, kind), count in zip(document.outputs, pages if document.booklet else [pages]):
                    self.done(file, title, kind, digest, seconds, count, files)
            out, title = self.out / document.file, _pdf_title(document)
            if document.booklet:
                self.submit(report, pdf.book, parts, laid["padding"], out, self.out / document.booklet[0], title,
                            digest, self.folder, first=True)
            else:
                self.submit(report, pdf.render, parts, out, title, digest, self.folder, first=True)

        for name, html, numbered in needed:
            self.part(name, html, document.a5, numbered, arrived,
                      rank=(BOOK if document.booklet else OTHERS, -len(html)))


def build_all(out: Path) -> list[dict]:
    """Every format, rendered on all cores; progress as each one finishes."""
    started = time.monotonic()
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    for folder in (work, out / PARTS, out / "handouts", out / "sessions"):
        folder.mkdir(parents=True, exist_ok=True)
    workers = os.cpu_count() or 2
    print("[0] building the site (HTML, as the offline copy) ...", flush=True)
    # One build serves everything: the offline copy's pages differ from the served site's only in
    # their links, which no other format keeps. While MkDocs builds, WeasyPrint is made ready here,
    # once; the workers, forked from this process after, start with it.
    built = work / "offline"
    with building(built, offline=True):
        pdf.ready()
    with ProcessPoolExecutor(max_workers=workers, initializer=pdf.worker) as pool:
        run = Run(out, pool, workers)
        site = BuiltSite(built)
        documents = plan(site)
        run.total = sum(len(document.outputs) for document in documents) + 2
        for document in documents:
            run.document(document)
        zipped = "dual-power-reader-offline.zip"
        run.submit(lambda result, seconds: run.done(zipped, "Offline copy (unzip, open index.html)", "ZIP", result[0],
                                                    seconds, rebuilt=result[1]),
                   offline.pack, built, out / zipped, run.recorded(zipped), rank=(COPIES,))
        book = "dual-power-reader.epub"
        pages = [c.article for c in site.chapters] + [site.article("glossary"), site.article("bibliography")]
        digest = digests.of(digests.common(), get_build_datetime().isoformat(), *(lhtml.tostring(p) for p in pages))
        if digest == run.recorded(book):
            run.done(book, "The whole edition for e-readers", "EPUB 3", digest, 0, rebuilt=False)
        else:
            run.submit(lambda _, seconds: run.done(book, "The whole edition for e-readers", "EPUB 3", digest, seconds),
                       epub.build, built, out / book, rank=(COPIES,))
        run.wait()
    shutil.rmtree(work)
    manifest = sorted(run.manifest, key=lambda m: (m["file"].count("/"), m["file"]))
    _tidy(out, manifest)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    width = max(len(m["file"]) for m in manifest)
    print(f"\n{'file'.ljust(width)}  {'size':>9}  pages")
    for m in manifest:
        print(f"{m['file'].ljust(width)}  {_size(m['bytes']):>9}  {m.get('pages', '')}")
    print(f"\n{len(manifest)} files in {out} in {time.monotonic() - started:.1f} s")
    return manifest


def _read(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []


def _tidy(out: Path, manifest: list[dict]) -> None:
    """Delete what no listed file is: outputs of an older plan, and parts no file is made of."""
    keep = {m["file"] for m in manifest} | {MANIFEST}
    used = {name for m in manifest for name in m.get("parts", ())}
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix()
        if path.is_file() and (path.parent == out / PARTS and path.name not in used
                               or path.parent != out / PARTS and name not in keep):
            path.unlink()


def build_session(spec: str, booklet: bool, out: Path | None) -> Path:
    work = DIST / ".work-session"
    shutil.rmtree(work, ignore_errors=True)
    print("[1/2] building the site (HTML) ...", flush=True)
    build(work / "site")
    site = BuiltSite(work / "site")
    chapters = _chapters(spec, site)
    numbers = [c.number for c in chapters]
    session = next((s for s in site.sessions() if s.chapters == numbers), None)
    target = out or DIST / f"session-chapters-{spec}{'-booklet' if booklet else ''}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"[2/2] session pack for chapters {spec}{' as a booklet' if booklet else ''} -> {target}", flush=True)
    folder = work / PARTS
    folder.mkdir()
    specs = [("cover", printable.pack_cover(chapters, session), False)]
    specs += [("facilitator", printable.facilitator(session), True)] if session else []
    specs += [(f"ch-{c.number}", printable.chapter_part(c, site), True) for c in chapters]
    parts = [pdf.lay_out(name, html, booklet, numbered, folder) for name, html, numbered in specs]
    title, identifier = printable.pack_title(chapters, session), digests.of(*(html for _, html, _ in specs))
    if booklet:
        padding = pdf.lay_out("padding", printable.padding(), True, False, folder)
        pages = pdf.booklet(parts, padding, target, title, identifier, folder)
    else:
        pages = pdf.render(parts, target, title, identifier, folder)
    shutil.rmtree(work)
    print(f"{target}  {_size(target.stat().st_size)}  {pages} pages")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="build-formats", description=__doc__.splitlines()[0])
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

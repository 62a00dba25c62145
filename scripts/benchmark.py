"""Measure the edition against its speed and size budgets and print one table (see scripts/benchmark).

These are figures, not timed tests. The machine may be busy, so build times are medians of
alternating runs, judged as a ratio against a bare Material build of the same Markdown; the CPU
time of the same runs is shown beside the wall time, as it suffers less from other work.
"""
import argparse
import functools
import gzip
import http.server
import io
import json
import os
import queue
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader
from playwright.sync_api import sync_playwright

import scale_edition
from chromium import CHROMIUM, CHROMIUM_ARGS
from note_geometry import GEOMETRY, SETTLED

ROOT = Path(__file__).resolve().parent.parent
MEASURES = ("setup", "build", "serve", "page", "notes", "search", "lighthouse", "formats", "annotations", "scale")
RUNS = 5                                 # builds of each kind, alternating
SERVE_EDITS = 5                          # saves of chapter 1 under one `mkdocs serve`
SCALES = (1, 3, 10)                      # the synthetic editions, as multiples of ours
SCALE_RUNS = 3                           # HTML builds of each
LIGHTHOUSE_RUNS = 3
FORMATS_RUNS = 3                         # cold runs of all formats, each into an empty dist/
CHAPTER = "chapters/01-why-dual-power/"  # the page the serve measure edits
CHAPTER_SOURCE = ROOT / "docs" / "chapters" / "01-why-dual-power.md"
LIGHTHOUSE_PAGES = {"Home": "", "chapter 1": CHAPTER, "Glossary": "glossary/"}
FIRST_VISIT_BUDGET = 110 * 1024          # every response of a first visit to a chapter, gzipped
SEARCH_RUNS = 5
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
# Lighthouse's mobile throttling (slow 4G): the fonts then arrive after the first paint, as on a phone.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
GZIP_LEVEL = 6                                           # zlib's default, as web servers commonly use
TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml"}
DEADLINE = 180                                           # seconds before a wait counts as a failure
TOTAL_SHIFT = """() => {
  const observer = new PerformanceObserver(() => {});
  observer.observe({type: "layout-shift", buffered: true});
  return observer.takeRecords().filter(e => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0);
}"""


def kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER"


# ---- 0. Setup when nothing has changed ----

def setup() -> list:
    """Each mode's setup once its packages are installed: the README's commands run it first."""
    rows = []
    for mode in ("", "--formats", "--test"):
        start = time.monotonic()
        subprocess.run(["scripts/setup", *filter(None, [mode])], cwd=ROOT, check=True, capture_output=True)
        seconds = time.monotonic() - start
        rows.append((f"setup{' ' + mode if mode else ''}, nothing changed", f"{seconds:.2f} s", "<= 2 s",
                     verdict(seconds <= 2)))
    return rows


# ---- 1. The HTML build against a bare Material build ----

def config_variant(tmp: Path, name: str, reader: bool, search: bool) -> Path:
    """mkdocs.yml, optionally without our plugin and hook (so without our Markdown extensions and
    search) or with Material's search, written elsewhere with every path made absolute."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])] if reader else []
    config["plugins"] = [p for p in config["plugins"] if reader or (p if isinstance(p, str) else next(iter(p))) != "reader"]
    if search:   # Material's own search, as a bare Material site has (the edition's is part of the reader plugin)
        config["plugins"].insert(0, "search")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "reader" in plugin:
            options = plugin["reader"]
            for option in ("glossary", "bibliography"):
                options[option] = str(ROOT / options[option])
            options["cache_dir"] = str(ROOT / ".cache" / "reader-engine")
    path = tmp / f"{name}.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def run_measured(command: list, cwd: Path, env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak memory (KB) of one child process, which must succeed."""
    start = time.monotonic()
    child = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)   # the rusage of this child alone
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{errors.decode()}")
    return time.monotonic() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def mkdocs_build(config: Path, dest: Path, strict: bool, cwd: Path = ROOT) -> tuple[float, float, int]:
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(dest)]
    return run_measured(command + (["--strict"] if strict else []), cwd, {"OFFLINE": "false"})


def build(tmp: Path) -> tuple[list, float]:
    """Our strict build (left in tmp/site for the other measures) and a bare Material one, alternately.
    The bare build is the same Markdown without our plugin and hook, and with Material's own search,
    as a bare Material site has, in place of ours."""
    kinds = {"ours": ROOT / "mkdocs.yml", "bare": config_variant(tmp, "bare", reader=False, search=True)}
    times = {kind: [] for kind in kinds}
    for _ in range(RUNS):
        for kind, config in kinds.items():
            times[kind].append(mkdocs_build(config, tmp / ("site" if kind == "ours" else "other"), strict=kind == "ours"))
    wall = {kind: statistics.median(t[0] for t in runs) for kind, runs in times.items()}
    cpu = {kind: statistics.median(t[1] for t in runs) for kind, runs in times.items()}
    rows = [(f"HTML build, {kind} (median of {RUNS})", f"{wall[kind]:.2f} s (CPU {cpu[kind]:.2f} s)", "", "")
            for kind in kinds]
    ratio = wall["ours"] / wall["bare"]
    rows.append(("build ratio, ours / bare", f"{ratio:.2f}x (CPU {cpu['ours'] / cpu['bare']:.2f}x)", "<= 1.5x",
                 verdict(ratio <= 1.5)))
    return rows, wall["ours"]


# ---- 2. mkdocs serve: rebuild after an edit ----

def log_lines(stream) -> queue.Queue:
    """A server's log lines as they come; None once it has stopped."""
    lines = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_for_line(lines: queue.Queue, text: str, deadline: float) -> None:
    while True:
        line = lines.get(timeout=max(0, deadline - time.monotonic()))
        if line is None:
            raise RuntimeError(f"the server stopped before logging '{text}'")
        if text in line:
            return


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=DEADLINE) as response:
        return response.read().decode("utf-8")


def serve() -> list:
    """Seconds from saving a chapter to `mkdocs serve` serving the rebuilt page: the median of
    several saves under one server, and the rebuild's own share as MkDocs logs it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", address], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "OFFLINE": "false"})
    original = CHAPTER_SOURCE.read_bytes()
    served, built = [], []
    try:
        lines = log_lines(server.stderr)
        wait_for_line(lines, "Serving on", time.monotonic() + DEADLINE)
        url = f"http://{address}/{CHAPTER}"
        for n in range(SERVE_EDITS):
            time.sleep(1 + 0.023 * n)   # a different phase of the server's polling each time
            epoch = re.search(r"livereload\((\d+),", fetch(url))[1]
            marker = f"Benchmark edit {n} {time.time_ns()}."
            start = time.monotonic()
            CHAPTER_SOURCE.write_bytes(original + f"\n{marker}\n".encode())
            # The live-reload endpoint answers as soon as a newer build is visible (a long poll).
            while fetch(f"http://{address}/livereload/{epoch}/0") == epoch:
                if time.monotonic() - start > DEADLINE:
                    raise TimeoutError("mkdocs serve did not rebuild")
            served.append(time.monotonic() - start)
            assert marker in fetch(url), "the rebuilt page lacks the edit"
    finally:
        CHAPTER_SOURCE.write_bytes(original)
        server.terminate()
        server.wait()
    while (line := lines.get(timeout=DEADLINE)) is not None:   # the rebuilds' own times, as logged
        if m := re.search(r"Documentation built in ([\d.]+) seconds", line):
            built.append(float(m[1]))
    seconds = statistics.median(served)
    return [(f"serve: chapter 1 saved to rebuilt page served (median of {SERVE_EDITS})", f"{seconds:.2f} s",
             "<= 1 s", verdict(seconds <= 1)),
            ("  of which the rebuild (MkDocs' log; the rest is noticing the save, polled every 0.1 s, and MkDocs' 0.1 s delay)",
             f"{statistics.median(built):.2f} s", "", "")]


# ---- 3. Every chapter's first visit in Chromium ----

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a web server would: text files gzipped."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if self.path.endswith("/"):
            path /= "index.html"
        if path.suffix not in TEXT or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path.name))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):   # a browser may drop a connection
            super().handle_error(request, client_address)


@contextmanager
def serving(site: Path):
    server = QuietServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def first_visit(browser, url: str, viewport: dict) -> tuple[list, float]:
    """Every response of a first visit on slow 4G, as (type, url, gzipped size), and the layout shift."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", SLOW_4G)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    shift = page.evaluate(TOTAL_SHIFT)
    responses = [(r.resource_type, r.url, len(gzip.compress(r.response().body(), GZIP_LEVEL))) for r in finished]
    context.close()
    return responses, shift


def chapters(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("chapters/*/index.html"))


def page(site: Path) -> list:
    """Every chapter's first visit, phone and wide screen: every response, gzipped, against the budget."""
    rows, heaviest = [], None
    with serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in (("phone", PHONE), ("wide screen", WIDE)):
            shifts = []
            for n, chapter in enumerate(chapters(site), 1):
                responses, shift = first_visit(browser, base + chapter, viewport)
                total = sum(size for _, _, size in responses)
                shifts.append(shift)
                over = f"{kb(total - FIRST_VISIT_BUDGET)} over; " if total > FIRST_VISIT_BUDGET else ""
                html = sum(size for kind, _, size in responses if kind == "document")
                fonts = sum(kind == "font" for kind, _, _ in responses)
                rows.append((f"chapter {n} first visit, {name}: every response, gzip",
                             f"{kb(total)} ({over}its HTML {kb(html)}, {fonts} fonts)", "<= 110 KB",
                             verdict(total <= FIRST_VISIT_BUDGET)))
                if heaviest is None or total > heaviest[0]:
                    heaviest = (total, n, name, responses)
            rows.append((f"  layout shift, {name}, slow 4G, largest of any chapter (Chromium)", f"{max(shifts):.3f}",
                         "0", verdict(max(shifts) == 0)))
        browser.close()
    total, n, name, responses = heaviest
    rows.append((f"  largest items of the heaviest first visit (chapter {n}, {name}):", "", "", ""))
    rows += [(f"    {url.rsplit('/', 2)[-2] if url.endswith('/') else url.rsplit('/', 1)[-1]} ({kind})", kb(size), "", "")
             for kind, url, size in sorted(responses, key=lambda r: -r[2])[:8]]
    return rows


# ---- The margin notes: how far each note sits from the line that calls it ----

NOTE_WIDTHS = ((1280, 800), (1440, 900), (1920, 1080), (2560, 1440))


def notes(site: Path) -> list:
    """Every chapter's notes at each wide width, with and without JavaScript: the median, 90th
    percentile and largest distance (px) between a note's top and the top of its call's line."""
    chapters = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("chapters/*/index.html"))
    rows = []
    with serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for js in (True, False):
            for width, height in NOTE_WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=js)
                page = context.new_page()
                offsets = []
                for chapter in chapters:
                    page.goto(f"{base}{chapter}/", wait_until="load")
                    if js:
                        page.wait_for_selector("html[data-sn-ready]", state="attached")
                        page.evaluate(SETTLED)
                    offsets += [abs(n["note"]["top"] - n["line"]) for n in page.evaluate(GEOMETRY)["notes"]]
                context.close()
                offsets.sort()
                limit = height / 3 if js else height
                p90 = offsets[int(0.9 * (len(offsets) - 1))]
                rows.append((f"note offset, {width}x{height}, JavaScript {'on' if js else 'off'} ({len(offsets)} notes)",
                             f"median {statistics.median(offsets):.0f}, p90 {p90:.0f}, max {offsets[-1]:.0f} px",
                             f"max <= {limit:.0f} px", verdict(offsets[-1] <= limit)))
        browser.close()
    return rows


# ---- 4. Search: the index, what it costs the build, and how soon a reader sees results ----

def search_index_size(site: Path) -> tuple[int, int]:
    """The search index's size in a built site, raw and gzipped (the reader engine writes it)."""
    from reader_engine.search_index import PATH
    data = (site / PATH).read_bytes()
    return len(data), len(gzip.compress(data, GZIP_LEVEL))


def material_index_size() -> tuple[int, int]:
    """What Material's own search plugin, which the edition used before, makes of the same pages."""
    with tempfile.TemporaryDirectory() as tmp:
        mkdocs_build(config_variant(Path(tmp), "material-search", reader=True, search=True), Path(tmp) / "site",
                     strict=False)
        data = (Path(tmp) / "site" / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, GZIP_LEVEL))


def index_build_seconds(site: Path) -> float:
    """CPU time the reader engine spends indexing every built page (median of SEARCH_RUNS)."""
    from reader_engine.search_index import SearchIndex
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
    pages = [(p.parent.relative_to(site).as_posix(), article.search(p.read_text(encoding="utf-8")))
             for p in sorted(site.rglob("index.html"))]
    times = []
    for _ in range(SEARCH_RUNS):
        start = time.process_time()
        index = SearchIndex()
        for url, found in pages:
            index.add_page(url, url, found.group(1) if found else "")
        index.script()
        times.append(time.process_time() - start)
    return statistics.median(times)


FIRST_RESULTS = """() => ({shown: new Promise(resolve => {
  const list = document.querySelector(".md-search-result__list");
  document.addEventListener("keydown", () => {
    const start = performance.now();
    new MutationObserver((_, observer) => {
      if (list.children.length) { observer.disconnect(); resolve(performance.now() - start); }
    }).observe(list, {childList: true});
  }, {once: true, capture: true});
})})"""


def keystroke_to_results(browser, url: str, throttle: bool) -> float:
    """Milliseconds from the keystroke that opens the search ("/", then a word typed) to the first
    results shown, on a first visit: the search's scripts and index load, then it indexes."""
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    if throttle:
        network = context.new_cdp_session(page)
        network.send("Network.enable")
        network.send("Network.emulateNetworkConditions", SLOW_4G)
    page.goto(url, wait_until="networkidle")
    waiting = page.evaluate_handle(FIRST_RESULTS)
    page.keyboard.press("/")
    page.keyboard.type("soviet")
    ms = waiting.evaluate("waiting => waiting.shown")
    context.close()
    return ms


def search(site: Path, html: float) -> list:
    raw, gz = search_index_size(site)
    before_raw, before_gz = material_index_size()
    seconds = index_build_seconds(site)
    timings = {}
    with serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(SEARCH_RUNS):
            for throttle in (False, True):   # alternating, as the machine's load drifts
                timings.setdefault(throttle, []).append(keystroke_to_results(browser, base + CHAPTER, throttle))
        browser.close()
    local, slow = (statistics.median(timings[t]) for t in (False, True))
    return [("search index before: Material's search_index.json of the same pages", f"{kb(before_raw)}, "
             f"{kb(before_gz)} gzip", "", ""),
            ("search index now: search/search-index.js (loaded only to search)", f"{kb(raw)}, {kb(gz)} gzip", "", ""),
            (f"  indexing every page in the build, CPU (median of {SEARCH_RUNS})",
             f"{seconds * 1000:.0f} ms ({seconds / html:.0%} of the HTML build)", "", ""),
            (f"keystroke to first results, this machine (median of {len(timings[False])})", f"{local:.0f} ms", "", ""),
            (f"  the same over slow 4G (median of {len(timings[True])})", f"{slow:.0f} ms", "", "")]


# ---- 5. Lighthouse ----

def lighthouse(site: Path) -> list:
    """Lighthouse's mobile preset (simulated slow 4G and a slow CPU) on Home, a chapter and the Glossary:
    the run with the median score, since the simulation scales with the CPU time the busy machine gives it."""
    command = [ROOT / "node_modules" / ".bin" / "lighthouse", "--only-categories=performance", "--output=json",
               "--quiet", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    rows = []
    with serving(site) as base:
        for name, path in LIGHTHOUSE_PAGES.items():
            reports = [json.loads(subprocess.run(command + [base + path], capture_output=True, text=True, check=True,
                                                 env={**os.environ, "CHROME_PATH": CHROMIUM}).stdout)
                       for _ in range(LIGHTHOUSE_RUNS)]
            report = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[LIGHTHOUSE_RUNS // 2]
            score = round(report["categories"]["performance"]["score"] * 100)
            audit = {key: report["audits"][key]["numericValue"]
                     for key in ("largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time")}
            lcp, cls = audit["largest-contentful-paint"] / 1000, audit["cumulative-layout-shift"]
            scores = ", ".join(str(round(r["categories"]["performance"]["score"] * 100)) for r in reports)
            rows += [(f"Lighthouse mobile performance, {name} (median of {LIGHTHOUSE_RUNS}: {scores})", f"{score}",
                      "100", verdict(score == 100)),
                     ("  largest contentful paint (simulated)", f"{lcp:.2f} s", "<= 1.5 s", verdict(lcp <= 1.5)),
                     ("  cumulative layout shift", f"{cls:.3f}", "0", verdict(cls == 0)),
                     ("  total blocking time", f"{audit['total-blocking-time']:.0f} ms", "", "")]
    return rows


# ---- 6. The reader's own layer: its size, and drawing 1,000 stored annotations ----

LAYER_RUNS = 5
STORED = 1000
# 1,000 annotations spread evenly over the chapters' paragraphs, a fifth with a note, written as
# annotations.js stores them. The words are read as anchoring reads them: without ¶ numbers,
# notes or definitions.
SEED = """([pages, total]) => {
  const SKIP = ".para-num, .sn, .term-tip", colours = ["yellow", "green", "blue", "pink"];
  const perPage = Math.ceil(total / pages.length), now = new Date().toISOString();
  const edition = document.querySelector('meta[name="dpr-edition"]').content;
  for (const [page, paras] of pages) {
    const items = [];
    for (let i = 0; i < perPage; i++) {
      const [id, text] = paras[i % paras.length], slot = Math.floor(i / paras.length), width = 24;
      const start = Math.min(text.length - width, 8 + slot * 37) , end = start + width;
      items.push({id: page.replace(/\W/g, "") + i, page, title: "t", para: id, exact: text.slice(start, end),
                  prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32), start, end,
                  whole: false, color: colours[i % 4], note: i % 5 ? "" : "A note of mine on this passage.",
                  edition, created: now, modified: now});
    }
    localStorage.setItem("reader:annotations:v1:" + page, JSON.stringify({v: 1, items}));
  }
}"""
TEXTS = """() => [...document.querySelectorAll(".md-content .para")].map(p => {
  const w = document.createTreeWalker(p, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.nodeType === 3 ? 1 : n.matches(".para-num, .sn, .term-tip") ? 2 : 3});
  let text = "";
  for (let n = w.nextNode(); n; n = w.nextNode()) text += n.data;
  return [p.id, text];
}).filter(([, text]) => text.length > 80)"""


def annotations(site: Path) -> list:
    """The layer's files gzipped (within 12 KB together), the bootstrap every page carries, and the
    script time from the layer's start to every highlight drawn, with 1,000 stored annotations."""
    import rjsmin
    reader = site / "assets" / "reader"
    js, css, mine = (len(gzip.compress((reader / name).read_bytes(), GZIP_LEVEL))
                     for name in ("annotations.js", "annotations.css", "my-notes.js"))
    boot = (ROOT / "reader-engine/src/reader_engine/assets/js/annotations-boot.js").read_text(encoding="utf-8")
    rows = [("reader's layer, annotations.js + .css (gzip; loaded only when used)", f"{js / 1024:.1f} KB + {kb(css)} = "
             f"{(js + css) / 1024:.1f} KB", "<= 12 KB", verdict(js + css <= 12 * 1024)),
            ("  the My notes page's own script instead, my-notes.js (gzip)", f"{mine / 1024:.1f} KB", "", ""),
            ("  its bootstrap inside reader.js (minified, gzip)",
             f"{len(gzip.compress(rjsmin.jsmin(boot).encode(), GZIP_LEVEL))} B", "", "")]
    chapters = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("chapters/*/index.html"))
    with serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=WIDE)
        page = context.new_page()
        texts = []
        for chapter in chapters:
            page.goto(base + chapter)
            texts.append([chapter, page.evaluate(TEXTS)])
        page.evaluate(SEED, [texts, STORED])
        for name, rate in (("laptop", 1), ("phone, CPU slowed 4x", 4)):
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            worst = (0, "", 0)
            for chapter in chapters:
                times = []
                for _ in range(LAYER_RUNS):
                    page.goto(base + chapter)
                    page.wait_for_function("performance.getEntriesByName('reader:annotations').length")
                    times.append(page.evaluate("performance.getEntriesByName('reader:annotations')[0].duration"))
                drawn = page.locator("mark.an-mark[tabindex]").count()
                worst = max(worst, (statistics.median(times), chapter, drawn))
            cdp.detach()
            ms, chapter, drawn = worst
            rows.append((f"  {STORED:,} stored annotations: script time to draw a chapter's, {name} "
                         f"(worst chapter, median of {LAYER_RUNS})", f"{ms:.0f} ms ({drawn} on {chapter})",
                         "<= 50 ms" if rate == 1 else "", verdict(ms <= 50) if rate == 1 else ""))
        browser.close()
    return rows


# ---- 7. The take-away formats ----

def one_sentence_more(path: Path) -> None:
    """Lengthen the first paragraph of a chapter by one sentence."""
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if i > lines.index("---", 1) and line[:1].isupper()
                 and line.endswith("."))
    lines[first] += " One sentence more."
    path.write_text("\n".join(lines), encoding="utf-8")


def build_formats(out: Path, project: Path = ROOT) -> tuple[float, float, str]:
    """Wall and CPU seconds (its worker processes included) of `build-formats all`, and its output."""
    start = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "formats", "all", "--out", str(out)], cwd=project, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(project / "scripts")})
    output, errors = child.communicate()
    if child.returncode:
        raise RuntimeError(f"build-formats failed:\n{errors}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)   # cumulative: the caller takes differences
    return time.monotonic() - start, usage.ru_utime + usage.ru_stime, output


def formats_run(out: Path, project: Path = ROOT) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, after, output = build_formats(out, project)
    return wall, after - before.ru_utime - before.ru_stime, output


def formats(tmp: Path) -> list:
    """Every format from scratch, FORMATS_RUNS times, each run just after an HTML build, so that the
    two are timed on the machine as it is at that moment (one unpaired run moved between 12 and 20
    times the HTML build on this busy machine); the median of the runs and of their ratios. Then
    again after a one-sentence edit to chapter 1."""
    runs = []
    for _ in range(FORMATS_RUNS):
        html = mkdocs_build(ROOT / "mkdocs.yml", tmp / "site-paired", strict=True)[0]
        shutil.rmtree(tmp / "dist", ignore_errors=True)
        wall, cpu, _ = formats_run(tmp / "dist")
        runs.append((wall, cpu, wall / html))
    cold, cold_cpu, ratio = (statistics.median(run[i] for run in runs) for i in range(3))
    original = CHAPTER_SOURCE.read_bytes()
    try:
        one_sentence_more(CHAPTER_SOURCE)
        warm, warm_cpu, output = formats_run(tmp / "dist")
    finally:
        CHAPTER_SOURCE.write_bytes(original)
    kept = output.count("  unchanged\n")
    ratios = ", ".join(f"{run[2]:.1f}" for run in runs)
    rows = [(f"all formats into dist/, from scratch (median of {FORMATS_RUNS}, each after an HTML build)",
             f"{cold:.1f} s ({ratio:.1f}x the HTML build before it: {ratios}; CPU {cold_cpu:.0f} s)", "<= 10x",
             verdict(ratio <= 10)),
            ("  again after a one-sentence edit to chapter 1", f"{warm:.1f} s ({warm / cold:.0%} of the first; "
             f"CPU {warm_cpu:.0f} s, {warm_cpu / cold_cpu:.0%}; {kept} files unchanged)", "<= 40%",
             verdict(warm <= 0.4 * cold))]
    for item in json.loads((tmp / "dist" / "manifest.json").read_text()):
        limit, target = ((3 << 20, "<= 3 MB") if item["file"].endswith(".zip") else
                         (300 << 10, "<= 300 KB") if item["file"].startswith("handouts/") else (None, ""))
        rows.append((f"  {item['file']}", kb(item["bytes"]), target, verdict(item["bytes"] <= limit) if limit else ""))
    return rows


# ---- 8. Growth: synthetic editions 1, 3 and 10 times ours ----

def scale(tmp: Path) -> list:
    """HTML build, its peak memory, the search index and all formats, for editions of 1x, 3x and
    10x our size (scripts/scale_edition.py); cost should grow no faster than the content. Growth is
    judged in CPU time, which a busy machine disturbs less than wall time."""
    rows, figures = [], {}
    for k in SCALES:
        project = scale_edition.make(k, tmp / f"edition-{k}x")
        config = project / "mkdocs.yml"
        mkdocs_build(config, tmp / f"site-{k}x", strict=True, cwd=project)   # formats the references once
        runs = [mkdocs_build(config, tmp / f"site-{k}x", strict=True, cwd=project) for _ in range(SCALE_RUNS)]
        html, html_cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        memory = max(r[2] for r in runs)
        index = search_index_size(tmp / f"site-{k}x")[0]
        all_formats, formats_cpu, _ = formats_run(tmp / f"dist-{k}x", project)
        figures[k] = html_cpu, formats_cpu
        chapters = len(list((project / "docs" / "chapters").glob("*.md")))
        notes = sum(len(re.findall(r"^\[\^[^\]]+\]:", p.read_text(encoding="utf-8"), re.M))
                    for p in (project / "docs" / "chapters").glob("*.md"))
        terms = len(re.findall(r"^- term:", (project / "glossary.yml").read_text(encoding="utf-8"), re.M))
        rows += [(f"scale {k}x: {chapters} chapters, {notes:,} notes, {terms:,} terms", "", "", ""),
                 (f"  HTML build (median of {SCALE_RUNS}); peak memory",
                  f"{html:.1f} s (CPU {html_cpu:.1f} s); {memory / 1024:.0f} MB", "", ""),
                 ("  search index", kb(index), "", ""),
                 ("  all formats, from scratch (one run)", f"{all_formats:.0f} s (CPU {formats_cpu:.0f} s)", "", "")]
        shutil.rmtree(project)
    for i, what in ((0, "HTML build"), (1, "all formats")):
        curve = ", ".join(f"{k}x {figures[k][i] / figures[1][i]:.1f}" for k in SCALES)
        growth = figures[SCALES[-1]][i] / figures[1][i]
        rows.append((f"{what} CPU time, as a multiple of 1x ({curve})", f"{growth:.1f}x at {SCALES[-1]}x",
                     f"<= {1.2 * SCALES[-1]:.0f}x", verdict(growth <= 1.2 * SCALES[-1])))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("measures", nargs="*", metavar="measure", help=f"{', '.join(MEASURES)} (default: all)")
    chosen = set(parser.parse_args().measures or MEASURES)
    if chosen - set(MEASURES):
        parser.error(f"unknown measure {', '.join(sorted(chosen - set(MEASURES)))}")
    rows = setup() if "setup" in chosen else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if "build" in chosen:
            measured, html = build(tmp)
            rows += measured
        elif chosen - {"setup", "serve", "scale"}:  # these need the built site and its time
            html = mkdocs_build(ROOT / "mkdocs.yml", tmp / "site", strict=True)[0]
        rows += serve() if "serve" in chosen else []
        rows += page(tmp / "site") if "page" in chosen else []
        rows += notes(tmp / "site") if "notes" in chosen else []
        rows += search(tmp / "site", html) if "search" in chosen else []
        rows += lighthouse(tmp / "site") if "lighthouse" in chosen else []
        rows += formats(tmp) if "formats" in chosen else []
        rows += annotations(tmp / "site") if "annotations" in chosen else []
        rows += scale(tmp) if "scale" in chosen else []
    header = ("measure", "result", "target", "")
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(4)]
    print(f"{os.cpu_count()} cores; chapter 1 is {CHAPTER}")
    for row in [header] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

ROOT = Path(__file__).resolve().parent.parent
MEASURES = ("setup", "build", "serve", "page", "lighthouse", "formats", "scale")
RUNS = 5                                 # builds of each kind, alternating
SERVE_EDITS = 5                          # saves of chapter 1 under one `mkdocs serve`
SCALES = (1, 3, 10)                      # the synthetic editions, as multiples of ours
SCALE_RUNS = 3                           # HTML builds of each
LIGHTHOUSE_RUNS = 3
CHAPTER = "chapters/01-why-dual-power/"  # the page measured
CHAPTER_SOURCE = ROOT / "docs" / "chapters" / "01-why-dual-power.md"
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
# Lighthouse's mobile throttling (slow 4G): the fonts then arrive after the first paint, as on a phone.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
BUDGETED = {"document", "stylesheet", "script", "font"}  # what the transfer budget counts
GZIP_LEVEL = 6                                           # zlib's default, as web servers commonly use
TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml"}
SEARCH_INDEX = Path("search") / "search_index.json"     # where the built site keeps its search index
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
    """mkdocs.yml, optionally without our plugin and hook (so without our Markdown extensions) or
    without Material's search, written elsewhere with every path made absolute."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])] if reader else []
    dropped = ({"search"} if not search else set()) | ({"reader"} if not reader else set())
    config["plugins"] = [p for p in config["plugins"] if (p if isinstance(p, str) else next(iter(p))) not in dropped]
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
    """Our strict build (left in tmp/site for the other measures) and the bare one, alternately; the
    same pair again with Material's search off in both."""
    kinds = {"ours": ROOT / "mkdocs.yml", "bare": config_variant(tmp, "bare", reader=False, search=True),
             "ours, no search": config_variant(tmp, "ours-nosearch", reader=True, search=False),
             "bare, no search": config_variant(tmp, "bare-nosearch", reader=False, search=False)}
    times = {kind: [] for kind in kinds}
    for _ in range(RUNS):
        for kind, config in kinds.items():
            times[kind].append(mkdocs_build(config, tmp / ("site" if kind == "ours" else "other"),
                                            strict=kind.startswith("ours")))
    wall = {kind: statistics.median(t[0] for t in runs) for kind, runs in times.items()}
    cpu = {kind: statistics.median(t[1] for t in runs) for kind, runs in times.items()}
    rows = [(f"HTML build, {kind} (median of {RUNS})", f"{wall[kind]:.2f} s (CPU {cpu[kind]:.2f} s)", "", "")
            for kind in kinds]
    for ours, bare, label in (("ours", "bare", ""), ("ours, no search", "bare, no search", ", search off in both")):
        ratio = wall[ours] / wall[bare]
        rows.append((f"build ratio, ours / bare{label}", f"{ratio:.2f}x (CPU {cpu[ours] / cpu[bare]:.2f}x)",
                     "<= 1.5x", verdict(ratio <= 1.5)))
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
            time.sleep(1)   # not in step with the server's half-second polling
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
            ("  of which the rebuild (MkDocs' log; the rest is its 0.5 s polling)",
             f"{statistics.median(built):.2f} s", "", "")]


# ---- 3-5. The chapter page in Chromium and Lighthouse; the search index ----

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


@contextmanager
def serving(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
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


def page(site: Path) -> list:
    rows = []
    with serving(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in (("phone", PHONE), ("wide screen", WIDE)):
            responses, shift = first_visit(browser, base + CHAPTER, viewport)
            budgeted = sum(size for kind, _, size in responses if kind in BUDGETED)
            rows += [(f"chapter 1 transfer, {name} (HTML, CSS, JS, fonts; gzip)", kb(budgeted), "<= 110 KB",
                      verdict(budgeted <= 110 * 1024)),
                     (f"  everything the first visit loads, {name}", kb(sum(r[2] for r in responses)), "", ""),
                     (f"  layout shift, {name}, slow 4G (Chromium)", f"{shift:.3f}", "0", verdict(shift == 0))]
            if viewport is PHONE:
                rows += [(f"    {url.rsplit('/', 1)[-1] or 'page'} ({kind})", kb(size), "", "")
                         for kind, url, size in sorted(responses, key=lambda r: -r[2])[:6]]
        browser.close()
    index = (site / SEARCH_INDEX).read_bytes()
    rows.append((f"search index ({SEARCH_INDEX.name})",
                 f"{kb(len(index))}, {kb(len(gzip.compress(index, GZIP_LEVEL)))} gzip", "", ""))
    return rows


def lighthouse(site: Path) -> list:
    """Lighthouse's mobile preset (simulated slow 4G and a slow CPU) on the chapter page: the run
    with the median score, since the simulation scales with the CPU time the busy machine gives it."""
    command = [ROOT / "node_modules" / ".bin" / "lighthouse", "--only-categories=performance", "--output=json",
               "--quiet", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"]
    with serving(site) as base:
        reports = [json.loads(subprocess.run(command + [base + CHAPTER], env={**os.environ, "CHROME_PATH": CHROMIUM},
                                             capture_output=True, text=True, check=True).stdout)
                   for _ in range(LIGHTHOUSE_RUNS)]
    report = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])[LIGHTHOUSE_RUNS // 2]
    score = round(report["categories"]["performance"]["score"] * 100)
    audit = {name: report["audits"][name]["numericValue"]
             for name in ("largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time")}
    lcp, cls = audit["largest-contentful-paint"] / 1000, audit["cumulative-layout-shift"]
    return [(f"Lighthouse mobile performance, chapter 1 (median of {LIGHTHOUSE_RUNS})", f"{score}", "100",
             verdict(score == 100)),
            ("  largest contentful paint (simulated)", f"{lcp:.2f} s", "<= 1.5 s", verdict(lcp <= 1.5)),
            ("  cumulative layout shift", f"{cls:.3f}", "0", verdict(cls == 0)),
            ("  total blocking time", f"{audit['total-blocking-time']:.0f} ms", "", "")]


# ---- 6. The take-away formats ----

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


def formats(tmp: Path, html: float) -> list:
    """Every format from scratch, then again after a one-sentence edit to chapter 1."""
    cold, cold_cpu, _ = formats_run(tmp / "dist")
    original = CHAPTER_SOURCE.read_bytes()
    try:
        one_sentence_more(CHAPTER_SOURCE)
        warm, warm_cpu, output = formats_run(tmp / "dist")
    finally:
        CHAPTER_SOURCE.write_bytes(original)
    kept = output.count("  unchanged\n")
    rows = [("all formats into dist/, from scratch (one run)",
             f"{cold:.1f} s ({cold / html:.1f}x the HTML build; CPU {cold_cpu:.0f} s)", "<= 10x",
             verdict(cold <= 10 * html)),
            ("  again after a one-sentence edit to chapter 1", f"{warm:.1f} s ({warm / cold:.0%} of the first; "
             f"CPU {warm_cpu:.0f} s, {warm_cpu / cold_cpu:.0%}; {kept} files unchanged)", "<= 40%",
             verdict(warm <= 0.4 * cold))]
    for item in json.loads((tmp / "dist" / "manifest.json").read_text()):
        limit, target = ((3 << 20, "<= 3 MB") if item["file"].endswith(".zip") else
                         (300 << 10, "<= 300 KB") if item["file"].startswith("handouts/") else (None, ""))
        rows.append((f"  {item['file']}", kb(item["bytes"]), target, verdict(item["bytes"] <= limit) if limit else ""))
    return rows


# ---- 7. Growth: synthetic editions 1, 3 and 10 times ours ----

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
        index = (tmp / f"site-{k}x" / SEARCH_INDEX).stat().st_size
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
        elif chosen & {"page", "lighthouse", "formats"}:  # these need the built site and its time
            html = mkdocs_build(ROOT / "mkdocs.yml", tmp / "site", strict=True)[0]
        rows += serve() if "serve" in chosen else []
        rows += page(tmp / "site") if "page" in chosen else []
        rows += lighthouse(tmp / "site") if "lighthouse" in chosen else []
        rows += formats(tmp, html) if "formats" in chosen else []
        rows += scale(tmp) if "scale" in chosen else []
    header = ("measure", "result", "target", "")
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(4)]
    print(f"{os.cpu_count()} cores; chapter 1 is {CHAPTER}")
    for row in [header] + rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())

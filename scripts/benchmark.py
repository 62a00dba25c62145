"""Measure the builds and the outputs against the edition's budgets (see scripts/benchmark)."""
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def timed(command) -> float:
    start = time.monotonic()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.monotonic() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        html = min(timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", f"{tmp}/site"])
                   for _ in range(RUNS))
        everything = timed([sys.executable, "-m", "formats", "all", "--out", f"{tmp}/dist"])
        manifest = json.loads(Path(tmp, "dist", "manifest.json").read_text())
    rows = [("HTML-only build (best of 3)", f"{html:.1f} s", ""),
            ("all formats (dist/)", f"{everything:.1f} s",
             f"{everything / html:.1f}x the HTML build (budget 10x) {'OK' if everything <= 10 * html else 'OVER'}")]
    for item in manifest:
        size = item["bytes"] / 1024
        budget = ""
        if item["file"].endswith(".zip"):
            budget = f"budget 3 MB {'OK' if item['bytes'] <= 3 * 1024 * 1024 else 'OVER'}"
        elif item["file"].startswith("handouts/"):
            budget = f"budget 300 KB {'OK' if item['bytes'] <= 300 * 1024 else 'OVER'}"
        rows.append((item["file"], f"{size:,.0f} KB", budget))
    width = max(len(r[0]) for r in rows)
    print(f"machine: {shutil.os.cpu_count()} cores")
    for name, figure, note in rows:
        print(f"{name.ljust(width)}  {figure:>9}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The built site is valid HTML by the Nu HTML Checker (npm vnu-jar, run with the machine's Java),
apart from the few messages about Material's own markup listed in vnu-filter.txt."""
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

FILTER = Path(__file__).with_name("vnu-filter.txt")


@pytest.fixture(scope="session")
def vnu_errors(site_dir, npm_modules):
    """Every error vnu finds in the site's HTML files, as dicts with file, line and message."""
    java = shutil.which("java")
    if not java:
        pytest.fail("Java not found: run ./scripts/setup --test, which installs Debian's default-jre-headless")
    result = subprocess.run([java, "-jar", npm_modules / "vnu-jar" / "build" / "dist" / "vnu.jar", "--errors-only",
                             "--format", "json", "--stdout", "--skip-non-html", site_dir],
                            capture_output=True, text=True)
    assert result.stdout, result.stderr
    return [{"file": unquote(m.get("url", "")).removeprefix(f"file:{site_dir}/"),
             "line": m.get("lastLine", "?"), "message": m["message"]}
            for m in json.loads(result.stdout)["messages"]]


def filtered_messages():
    return {line for line in FILTER.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}


def test_site_is_valid_html(vnu_errors):
    filtered = filtered_messages()
    errors = sorted(f"{e['file']}:{e['line']}: {e['message']}" for e in vnu_errors if e["message"] not in filtered)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)


def test_every_filter_entry_still_matches(vnu_errors):
    stale = filtered_messages() - {e["message"] for e in vnu_errors}
    assert not stale, f"remove from {FILTER.name}, vnu no longer reports: {stale}"

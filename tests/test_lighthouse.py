"""Lighthouse (npm, pinned), mobile preset, on Home, a chapter, the glossary and the bibliography:
accessibility, best practices and SEO all score 100."""
import json
import subprocess

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT

PAGES = ["home", "chapter", "glossary", "bibliography"]
CATEGORIES = ["accessibility", "best-practices", "seo"]


@pytest.fixture(scope="module")
def reports(base_url, chapter_paths, npm_modules):
    assert (npm_modules / "lighthouse").exists(), "node modules missing: run ./scripts/setup --test"
    urls = [base_url + path for path in ("", chapter_paths[0], "glossary/", "bibliography/")]
    command = ["node", str(ROOT / "tests" / "run_lighthouse.mjs"), CHROMIUM, json.dumps(CHROMIUM_ARGS), *urls]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return dict(zip(PAGES, map(json.loads, result.stdout.splitlines()), strict=True))


@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_scores_100(reports, page):
    lhr = reports[page]
    assert "runtimeError" not in lhr, f"{page}: {lhr['runtimeError']}"
    scores = {c: lhr["categories"][c]["score"] for c in CATEGORIES}
    failing = [f"{ref['id']} ({lhr['audits'][ref['id']]['title']})"
               for c in CATEGORIES for ref in lhr["categories"][c]["auditRefs"]
               if ref["weight"] and (lhr["audits"][ref["id"]]["score"] or 0) < 1]
    assert scores == dict.fromkeys(CATEGORIES, 1), f"{page}: {scores}; failing audits: {'; '.join(failing)}"

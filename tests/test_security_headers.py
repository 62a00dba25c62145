"""The deployment headers: every page served by nginx with the generated snippet runs with zero
Content-Security-Policy violations and zero console errors, and _headers says the same thing."""
import base64
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request

import lxml.html
import pytest

from conftest import NARROW, WIDE

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

# A self-contained nginx: no system config, logs and temporary files in the test's own folder.
CONFIG = """daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 64; }}
http {{
  types {{ text/html html; text/css css; text/javascript js; application/json json; font/woff2 woff2;
          image/svg+xml svg; image/png png; application/xml xml; application/pdf pdf; }}
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    include {site}/nginx-headers.conf;
  }}
}}
"""

LISTEN = """() => { window.__violations = [];
  document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI)); }"""


@pytest.fixture(scope="module")
def nginx_url(site_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp / "nginx.conf").write_text(CONFIG.format(tmp=tmp, port=port, site=site_dir))
    # As root, nginx's workers would drop to "nobody", who cannot read pytest's private folders.
    user = ["-g", "user root;"] if os.geteuid() == 0 else []
    server = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), *user],
                              stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:  # until nginx answers; it dies with a message if the config is wrong
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            assert time.monotonic() < deadline, "nginx did not start within 30 s"
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_every_page_runs_under_the_policy_without_violations(open_page, nginx_url, all_paths, site_dir):
    expected = dict(line.strip().split(": ", 1) for line in (site_dir / "_headers").read_text().splitlines()[1:])
    for viewport in (WIDE, NARROW):
        for path in all_paths:
            errors = []
            page = open_page("about:blank", viewport)
            page.add_init_script(f"({LISTEN})()")
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            response = page.goto(nginx_url + path)
            sent = response.all_headers()
            assert {k.lower(): v for k, v in expected.items()}.items() <= sent.items(), f"{path}: headers missing"
            where = f"{path or 'home'} at {viewport['width']}px"
            assert not page.evaluate("window.__violations") + errors, where
            page.keyboard.press("/")           # search: its scripts and index load under the policy
            page.keyboard.type("soviet")
            page.locator(".md-search-result__item").first.wait_for()
            assert not page.evaluate("window.__violations") + errors, where + ", searching"
    # a result's page marks the matched words under the policy too
    page.locator(".md-search-result__link").first.click()
    page.locator("mark.search-mark").first.wait_for()
    assert not page.evaluate("window.__violations") + errors, "marking a result's words"


def test_the_policy_hashes_exactly_the_inline_scripts_and_both_files_agree(site_dir):
    # An independent parser finds the inline scripts; the hook's own search must agree.
    scripts = {el.text for page in site_dir.rglob("*.html") for el in lxml.html.parse(str(page)).iter("script")
               if el.get("src") is None and el.get("type") in (None, "text/javascript", "module")}
    hashes = {"'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    netlify = (site_dir / "_headers").read_text()
    policy = re.search(r"Content-Security-Policy: (.*)", netlify).group(1)
    assert set(re.findall(r"'sha256-[^']+'", policy)) == hashes and len(hashes) >= 3
    assert "unsafe-" not in policy and policy.startswith("default-src 'none'")
    nginx = (site_dir / "nginx-headers.conf").read_text()
    assert dict(re.findall(r'add_header (\S+) "(.*)" always;', nginx)) == dict(
        re.findall(r"^  (\S+): (.*)$", netlify, re.M))

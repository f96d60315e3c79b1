"""Benchmark: how soon Chromium shows the Docket Report of the 10,000-entry demo case (run by `make bench`).

It seeds the courts and the big case into a scratch SQLite database (or reuses one: --reuse DIR), takes
the page as the site serves it to the public, and loads it in Debian's Chromium through Playwright from a
local server, in two forms:

- now: the page and stylesheet as they are (row groups of 200 that the browser lays out when scrolled near);
- one table: the same rows in one <tbody>, with the stylesheet cut before its row-group rules (the
  layout before the change).

For each it prints the median of first contentful paint, DOMContentLoaded and load, in milliseconds.
Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ROW_GROUP_CSS_MARK = "/* Long dockets:"
ROW_GROUP_SPLIT = '</tbody>\n<tbody class="docket-rows">\n'
TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return [paint ? paint.startTime : -1, nav.domContentLoadedEventEnd, nav.loadEventEnd];
}"""


def setup_django(scratch: Path, reuse: bool) -> None:
    os.environ["OPENECF_VAR_DIR"] = str(scratch)
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openecf.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def the_page(entries: int, reuse: bool) -> tuple[str, str]:
    """(HTML of the public Docket Report of the big case, its URL path)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from openecf.cases.models import Case
    from openecf.demo.seed import demo_seed_big_case, demo_seed_courts

    if reuse:
        case = Case.objects.get(court="cit", short_title="In re Section 301 Cases")
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        case = demo_seed_big_case(demo_seed_courts(), entries=entries)
        print(f"seeded the courts and the {entries}-entry case in {time.perf_counter() - started:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    path = f"/cit/cases/{case.pacer_case_number}/docket/"
    response = Client().get(path)
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}")
    return response.content.decode(), path


def one_table(page: str) -> str:
    return page.replace(ROW_GROUP_SPLIT, "").replace(
        "/static/web/openecf.css", "/static-before/web/openecf.css"
    )


def serve(pages: dict[str, str]) -> http.server.ThreadingHTTPServer:
    """Pages from memory, static files through Django's finders; /static-before/ cuts the new CSS rules."""
    from django.contrib.staticfiles import finders

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            body: bytes | None = None
            kind = "text/html; charset=utf-8"
            if path in pages:
                body = pages[path].encode()
            elif path.startswith(("/static/", "/static-before/")):
                prefix, _, name = path.lstrip("/").partition("/")
                found = finders.find(name)
                if isinstance(found, str):
                    body = Path(found).read_bytes()
                    if prefix == "static-before" and ROW_GROUP_CSS_MARK.encode() in body:
                        body = body.split(ROW_GROUP_CSS_MARK.encode(), 1)[0]
                    kind = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}.get(
                        Path(name).suffix, "application/octet-stream"
                    )
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(base: str, paths: dict[str, str], repeats: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for label, path in paths.items():
                runs = []
                for _ in range(repeats):
                    context = browser.new_context(viewport={"width": 1280, "height": 800})
                    page = context.new_page()
                    page.goto(base + path, wait_until="load", timeout=120_000)
                    page.wait_for_timeout(200)
                    runs.append(page.evaluate(TIMINGS_JS))
                    context.close()
                results[label] = [statistics.median(values) for values in zip(*runs, strict=True)]
        finally:
            browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000, help="Entries of the big case.")
    parser.add_argument("--repeats", type=int, default=5, help="Page loads of each form (median).")
    parser.add_argument(
        "--reuse", metavar="DIR", default="", help="A scratch folder seeded by an earlier run."
    )
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"The browser benchmark needs Debian's Chromium at {CHROMIUM} (make chromium).")
    scratch = (
        Path(options.reuse) if options.reuse else Path(tempfile.mkdtemp(prefix="openecf-bench-browser-"))
    )
    setup_django(scratch, bool(options.reuse))
    html, path = the_page(options.entries, bool(options.reuse))
    server = serve({path: html, "/one-table/": one_table(html)})
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        results = measure(
            base, {"now (row groups)": path, "one table (before)": "/one-table/"}, options.repeats
        )
    finally:
        server.shutdown()
    print(f"page: {len(html.encode()):,} bytes; scratch folder (--reuse): {scratch}")
    print(
        f"{'form':<22}{'first paint':>14}{'DOMContentLoaded':>18}{'load':>10}   (ms, median of {options.repeats})"
    )
    for label, (paint, loaded, load) in results.items():
        print(f"{label:<22}{paint:>14.0f}{loaded:>18.0f}{load:>10.0f}")


if __name__ == "__main__":
    main()

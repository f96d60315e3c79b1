"""Benchmark: the Docket Report of the 10,000-entry demo case on PostgreSQL (run by `make bench`).

It drops and recreates the database named in DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/openecf_bench), migrates, seeds the two courts and the big case,
then measures in one run: the server time of the Docket Report page, its number of SQL queries, and
the time of a raw SQL fetch of the same rows (entries and documents). Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openecf_bench"


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("openecf_bench"):
        sys.exit(f"Refusing to drop '{name}': the benchmark only drops databases named openecf_bench*.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000, help="Entries of the big case.")
    parser.add_argument("--repeats", type=int, default=15, help="Timed runs of each measurement.")
    parser.add_argument(
        "--reuse-database", action="store_true", help="Measure the database seeded by an earlier run."
    )
    options = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL; set DATABASE_URL=postgres://…")
    scratch = Path(tempfile.mkdtemp(prefix="openecf-bench-"))
    os.environ.setdefault("OPENECF_DOCUMENT_ROOT", str(scratch / "documents"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openecf.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if not options.reuse_database:
        recreate_database(url)
    # Static files are collected by `make install`; their absence does not change the timings.
    warnings.filterwarnings("ignore", message="No directory at")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openecf.cases.models import Case
    from openecf.demo.seed import demo_seed_big_case, demo_seed_courts
    from openecf.docket.models import DocketEntry
    from openecf.documents.models import Document
    from openecf.reports.filters import DocketFilters
    from openecf.reports.render import docket_report_html
    from openecf.reports.selectors import docket_report_build

    started = time.perf_counter()
    if options.reuse_database:
        case = Case.objects.get(court="cit", short_title="In re Section 301 Cases")
    else:
        call_command("migrate", verbosity=0)
        case = demo_seed_big_case(demo_seed_courts(), entries=options.entries)
    seed_seconds = time.perf_counter() - started
    # Autovacuum would analyze the fresh tables later; without statistics the planner picks nested loops.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    entries = case.entries.count()
    documents = Document.objects.filter(docket_entry__case=case).count()

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    page_url = f"/cit/cases/{case.pacer_case_number}/docket/"

    def page() -> int:
        response = client.get(page_url)
        if response.status_code != 200:
            sys.exit(f"GET {page_url} answered {response.status_code}")
        return len(response.content)

    def build_and_render() -> str:
        report = docket_report_build(case=case, viewer=None, filters=DocketFilters())
        return docket_report_html(report)

    # The same rows as the report's own queries: entries with their public main document, and the
    # count of public attachments per entry. Table names come from the models, not from input.
    entry_table, document_table = DocketEntry._meta.db_table, Document._meta.db_table
    entry_sql = (
        "SELECT e.id, e.number, e.date_filed, e.date_entered, e.text, e.restriction, e.legacy_doc_id, d.id "  # noqa: S608
        f"FROM {entry_table} e LEFT JOIN {document_table} d ON d.docket_entry_id = e.id "
        "AND d.attachment_number = 0 AND d.restriction = 'public' "
        "WHERE e.case_id = %s ORDER BY e.sequence"
    )
    document_sql = (
        f"SELECT d.docket_entry_id, COUNT(d.id) FROM {document_table} d JOIN {entry_table} e "  # noqa: S608
        "ON e.id = d.docket_entry_id WHERE e.case_id = %s AND d.attachment_number > 0 "
        "AND d.restriction = 'public' GROUP BY d.docket_entry_id"
    )

    def build() -> object:
        return docket_report_build(case=case, viewer=None, filters=DocketFilters())

    def raw_fetch() -> int:
        with connection.cursor() as cursor:
            cursor.execute(entry_sql, [case.pk])
            rows = cursor.fetchall()
            cursor.execute(document_sql, [case.pk])
            return len(rows) + len(cursor.fetchall())

    page_bytes = page()  # warm caches, templates and the connection
    build_and_render()
    raw_fetch()
    with CaptureQueriesContext(connection) as captured:
        page()
    queries = len(captured.captured_queries)
    page_time = median_seconds(page, options.repeats)
    render_time = median_seconds(build_and_render, options.repeats)
    build_time = median_seconds(build, options.repeats)
    raw_time = median_seconds(raw_fetch, options.repeats)

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    rows = [
        ("PostgreSQL server", server_version),
        ("Python", sys.version.split()[0]),
        ("case", f"cit {case.pacer_case_number} ({entries} entries, {documents} documents)"),
        ("seed of courts + big case", f"{seed_seconds:.1f} s"),
        ("page", f"GET {page_url} ({page_bytes:,} bytes)"),
        ("median page time (test Client)", f"{page_time * 1000:.1f} ms"),
        ("median build + render (no HTTP)", f"{render_time * 1000:.1f} ms"),
        ("  of which docket_report_build", f"{build_time * 1000:.1f} ms"),
        ("SQL queries for the page", str(queries)),
        ("median raw SQL fetch of the rows", f"{raw_time * 1000:.1f} ms"),
        ("ratio page / raw fetch", f"{page_time / raw_time:.2f}x"),
        ("ratio build+render / raw fetch", f"{render_time / raw_time:.2f}x"),
        ("repeats (median of)", str(options.repeats)),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(
        f"goal: ratio <= 2.5x and queries <= 10 -> {'met' if page_time / raw_time <= 2.5 and queries <= 10 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()

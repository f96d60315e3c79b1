"""Benchmark: electronic filing (run by `make bench`).

In one run, on a scratch database (PostgreSQL `openecf_bench_filing` on the server of DATABASE_URL, dropped
and recreated; a temporary SQLite file if no PostgreSQL answers):

(a) a 30-page PDF filed end to end (`filing_submit`: checks, fee, entry, documents, stamps, notice) against
    the PDF work alone on the same file (`pdf_inspect` + `pdf_stamp_headers`, as the filing calls them,
    each in the PDF sandbox), interleaved, medians; and the same PDF work in this process without the
    sandbox, for scale. Goal: filing / PDF work <= 3x.
(b) filings per second from 1 and 8 clients (processes, each its own connection and PDF sandbox) on
    PostgreSQL: 8 clients into one case (they queue on the case's row) and into 8 cases. Skipped, with a
    message, without PostgreSQL.
(c) peak memory of the sandboxed check of a 50 MB PDF: the checking child's own peak RSS (it reports its
    ru_maxrss; it is forked by the sandbox's fork server, so it is not a child of this process and
    RUSAGE_CHILDREN here cannot see it), beside the same for a 1-page PDF (the libraries alone).
    Goal: <= 300 MB.

Not a test: it asserts nothing. Prints the machine, the date and every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openecf_bench_filing"
BASE_DIR = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024

# --- PDFs ------------------------------------------------------------------------------------------------


def brief_pdf(title: str, pages: int) -> bytes:
    """A typed brief: `pages` letter pages of 46 lines of Helvetica text each (about 3.5 KB a page)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    line = "The agency's determination is unsupported by substantial evidence on the record and"
    for number in range(1, pages + 1):
        rows = [f"BT /F1 11 Tf 72 740 Td 14 TL ({title} - page {number}) Tj"]
        rows += [f"T* ({line} {number}.{row}) Tj" for row in range(45)]
        rows.append("ET")
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 612, 792],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream("\n".join(rows).encode("latin-1")),
            )
        )
        pdf.pages.append(page)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def scanned_pdf(target_bytes: int) -> bytes:
    """A scanned-looking PDF just under `target_bytes`: pages of a text line over a 720x720 grey picture of
    noise (Flate, so it does not compress: about 0.5 MB a page)."""
    import pikepdf

    side = 720
    per_page = side * side + 2000
    pages = max(1, (target_bytes - 64 * 1024) // per_page)
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for number in range(1, pages + 1):
        noise = zlib.compress(os.urandom(side * side), 1)
        image = pdf.make_stream(
            noise,
            Type=pikepdf.Name.XObject,
            Subtype=pikepdf.Name.Image,
            Width=side,
            Height=side,
            ColorSpace=pikepdf.Name.DeviceGray,
            BitsPerComponent=8,
            Filter=pikepdf.Name.FlateDecode,
        )
        content = f"q 540 0 0 540 36 180 cm /Im1 Do Q BT /F1 12 Tf 72 750 Td (Exhibit page {number}) Tj ET"
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 612, 792],
                Resources=pikepdf.Dictionary(
                    Font=pikepdf.Dictionary(F1=font), XObject=pikepdf.Dictionary(Im1=image)
                ),
                Contents=pdf.make_stream(content.encode("latin-1")),
            )
        )
        pdf.pages.append(page)
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


# --- set-up ----------------------------------------------------------------------------------------------


def postgres_answers(url: str) -> bool:
    try:
        import psycopg

        admin = urlsplit(url)._replace(path="/postgres").geturl()
        with psycopg.connect(admin, connect_timeout=3):
            return True
    except Exception:  # any failure means: no PostgreSQL for this run
        return False


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


def django_setup() -> None:
    sys.path.insert(0, str(BASE_DIR))
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def machine() -> list[tuple[str, str]]:
    model = ""
    with open("/proc/cpuinfo") as cpuinfo:
        for row in cpuinfo:
            if row.startswith("model name"):
                model = row.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return [
        ("date", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPUs (nproc)", f"{os.cpu_count()} ({model})"),
        ("memory", f"{total_kb / MIB:.1f} GiB"),
        ("load average (1, 5, 15 min)", " ".join(f"{x:.1f}" for x in os.getloadavg())),
        ("Python", platform.python_version()),
    ]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def report(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}", flush=True)


# --- (a) one 30-page filing against its PDF work ------------------------------------------------------------


class StepClock:
    """Seconds spent in the filing service's PDF steps, by wrapping the names it calls."""

    def __init__(self, module: Any, names: tuple[str, ...]) -> None:
        self.spent = dict.fromkeys(names, 0.0)
        for name in names:
            real = getattr(module, name)

            def clocked(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return _real(*args, **kwargs)
                finally:
                    self.spent[_name] += time.perf_counter() - started

            setattr(module, name, clocked)

    def take(self) -> dict[str, float]:
        spent = dict(self.spent)
        self.spent = dict.fromkeys(spent, 0.0)
        return spent


def single_filing(repeats: int) -> list[tuple[str, str]]:
    from openecf.documents import pdf_checks, pdf_stamp
    from openecf.documents.pdf import pdf_inspect, pdf_stamp_headers
    from openecf.filing import services
    from openecf.filing.services import FilingRequest, FilingUpload, filing_submit
    from openecf.filing.stamps import header_text
    from openecf.filing.tests.world import filing_world

    world = filing_world(username="bench", entries=1)
    court, user, case = world.court, world.attorney, world.case
    pages = 30
    files = [
        brief_pdf(f"Motion for Judgment on the Agency Record {index}", pages) for index in range(repeats + 1)
    ]
    today = dt.date.today()  # noqa: DTZ011 — only the header's text; its date does not change the work
    headers = [
        header_text(case=case, document_number="99", attachment=0, date_filed=today, page=p, pages=pages)
        for p in range(1, pages + 1)
    ]

    def pdf_work(content: bytes) -> None:
        pdf_inspect(content, filename="motion.pdf", max_bytes=court.max_file_size_bytes)
        pdf_stamp_headers(content, headers)

    def in_process(content: bytes) -> None:
        pdf_checks.inspect(content, warnings=True)
        pdf_stamp.stamp_headers(content, headers)

    def file(content: bytes) -> None:
        request = FilingRequest(
            event_code="motion",
            case_number=case.pacer_case_number,
            main_document=FilingUpload(content, "motion.pdf"),
        )
        filing_submit(user=user, court=court, request=request)

    clock = StepClock(services, ("pdf_inspect", "pdf_stamp_headers", "document_file", "stamp_make"))
    pdf_work(files[0])  # warm: the sandbox's fork server, the court's calendar, the caches
    in_process(files[0])
    file(files[0])
    clock.take()
    work_times, alone_times, filing_times = [], [], []
    steps: list[dict[str, float]] = []
    for content in files[1:]:
        work_times.append(timed(partial(pdf_work, content)))
        alone_times.append(timed(partial(in_process, content)))
        filing_times.append(timed(partial(file, content)))
        steps.append(clock.take())
    work, alone, filing = (statistics.median(t) for t in (work_times, alone_times, filing_times))
    step = {name: statistics.median(s[name] for s in steps) for name in steps[0]}
    rest = filing - sum(step.values())
    ratio = filing / work
    size = len(files[1])
    return [
        ("(a) file", f"{pages} pages, {size / 1024:.0f} KB (typed text), main document only"),
        ("    filing_submit, median", f"{filing * 1000:.0f} ms"),
        ("    pdf_inspect + pdf_stamp_headers (sandbox)", f"{work * 1000:.0f} ms"),
        ("    the same in this process (no sandbox)", f"{alone * 1000:.0f} ms"),
        ("    ratio filing / PDF work", f"{ratio:.2f}x (goal <= 3x: {'met' if ratio <= 3 else 'NOT met'})"),
        ("    ratio filing / PDF work without sandbox", f"{filing / alone:.2f}x"),
        ("    inside the filing: pdf_inspect", f"{step['pdf_inspect'] * 1000:.0f} ms"),
        ("    inside the filing: pdf_stamp_headers", f"{step['pdf_stamp_headers'] * 1000:.0f} ms"),
        ("    inside the filing: document_file (2 puts + row)", f"{step['document_file'] * 1000:.0f} ms"),
        ("    inside the filing: stamp_make", f"{step['stamp_make'] * 1000:.0f} ms"),
        ("    inside the filing: the rest (checks, rows, notice)", f"{rest * 1000:.0f} ms"),
        ("    repeats (median of, interleaved)", str(repeats)),
    ]


# --- (b) filings per second -------------------------------------------------------------------------------


def _client(
    *,
    index: int,
    case_id: int,
    user_id: int,
    filings: int,
    barrier: Any,
    results: Any,
) -> None:
    """One client process: its own Django, connection and PDF sandbox; `filings` motions, timed."""
    django_setup()
    from django.db import connection

    from openecf.accounts.models import User
    from openecf.cases.models import Case
    from openecf.documents import pdf
    from openecf.documents.pdf import pdf_inspect
    from openecf.filing.services import FilingRequest, FilingUpload, filing_submit

    # CPU of the sandboxed checks and stamps (in the sandbox's children, which this process cannot see).
    sandbox_cpu = [0.0]
    namespace = vars(pdf)  # the name pdf.py calls
    real_run = namespace["sandbox_run"]

    def counted_run(*args: Any, **kwargs: Any) -> Any:
        run = real_run(*args, **kwargs)
        sandbox_cpu[0] += run.cpu_seconds
        return run

    namespace["sandbox_run"] = counted_run
    case = Case.objects.select_related("court").get(pk=case_id)
    user = User.objects.get(pk=user_id)
    main = [brief_pdf(f"Client {index} motion {n}", 10) for n in range(filings)]
    exhibit = [brief_pdf(f"Client {index} exhibit {n}", 3) for n in range(filings)]
    pdf_inspect(main[0], filename="warm.pdf", max_bytes=case.court.max_file_size_bytes)  # start the sandbox
    connection.close()
    errors = 0
    barrier.wait()
    started = time.perf_counter()
    cpu_started, sandbox_cpu[0] = time.process_time(), 0.0
    for n in range(filings):
        request = FilingRequest(
            event_code="motion",
            case_number=case.pacer_case_number,
            main_document=FilingUpload(main[n], "motion.pdf"),
            attachments=(FilingUpload(exhibit[n], "exhibit.pdf", "Exhibit", "Exhibit A"),),
        )
        try:
            filing_submit(user=user, court=case.court, request=request)
        except Exception as error:  # counted and shown; the run goes on
            errors += 1
            print(f"client {index}: {type(error).__name__}: {error}", file=sys.stderr)
    finished = time.perf_counter()
    cpu = time.process_time() - cpu_started + sandbox_cpu[0]
    connection.close()
    results.put((started, finished, filings - errors, errors, cpu))


def postgres_cpu_seconds() -> float | None:
    """CPU seconds used so far by the PostgreSQL server on this machine: its live processes, plus what its
    ended backends left in the postmaster's children's times. None when no server process is visible."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, found = 0, False
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                line = stat.read()
        except OSError:
            continue
        command, fields = line[line.index("(") + 1 : line.rindex(")")], line[line.rindex(")") + 2 :].split()
        if command == "postgres":
            found = True
            total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / ticks if found else None


def throughput(
    clients: int, case_ids: list[int], user_id: int, filings: int
) -> tuple[float, int, float, float, float | None]:
    """Filings per second of `clients` processes started together; (rate, errors, wall seconds, CPU seconds
    a filing in the clients and their PDF sandboxes, and in the PostgreSQL server if it runs here)."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(clients + 1)  # this process starts the PostgreSQL clock with them
    results = context.Queue()
    processes = [
        context.Process(
            target=_client,
            kwargs={
                "index": index,
                "case_id": case_ids[index % len(case_ids)],
                "user_id": user_id,
                "filings": filings,
                "barrier": barrier,
                "results": results,
            },
        )
        for index in range(clients)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    server_before = postgres_cpu_seconds()
    outcomes = [results.get(timeout=1800) for _ in processes]
    server_after = postgres_cpu_seconds()
    for process in processes:
        process.join()
    wall = max(o[1] for o in outcomes) - min(o[0] for o in outcomes)
    done = max(1, sum(o[2] for o in outcomes))
    server = None if server_before is None or server_after is None else (server_after - server_before) / done
    return done / wall, sum(o[3] for o in outcomes), wall, sum(o[4] for o in outcomes) / done, server


def many_filings(total: int, rounds: int) -> list[tuple[str, str]]:
    from django.db import connection, transaction

    from openecf.cases.models import Case, PartyRole
    from openecf.cases.services import case_open, party_add, representation_add
    from openecf.filers.rights import attorney_record_ensure
    from openecf.filing.tests.world import filing_world

    world = filing_world(username="throughput", entries=1)
    cases = [world.case]
    # Seven more cases of the same attorney for the same plaintiff's shape, each with its own counter row.
    for index in range(7):
        other = case_open(
            court=world.court,
            caption=f"Client {index} Corp. v. United States",
            date_filed=world.case.date_filed,
            acting_user=None,
        )
        plaintiff = party_add(
            case=other, name=f"Client {index} Corp.", role=PartyRole.PLAINTIFF, acting_user=None
        )
        party_add(case=other, name="United States", role=PartyRole.DEFENDANT, acting_user=None)
        with transaction.atomic():
            attorney = attorney_record_ensure(user=world.attorney, court=world.court, acting_user=None)
            representation_add(party=plaintiff, attorney=attorney, acting_user=None)
        cases.append(other)
    connection.close()
    user_id = world.attorney.pk
    rows: list[tuple[str, str]] = [
        ("(b) each filing", "a motion: 10-page main document + 3-page exhibit"),
        ("    filings per run", f"{total} (1 client: {total} in a row; 8 clients: {total // 8} each)"),
    ]
    scenarios = (
        ("1 client", 1, [cases[0].pk]),
        ("8 clients, one case", 8, [cases[0].pk]),
        ("8 clients, 8 cases", 8, [c.pk for c in cases]),
    )
    # Rounds alternate the scenarios, so that a change in the machine's other load hits each of them.
    measured: dict[str, list[tuple[float, int, float, float, float | None, float]]] = {
        label: [] for label, _, _ in scenarios
    }
    for _round in range(rounds):
        for label, clients, case_ids in scenarios:
            load = os.getloadavg()[0]
            rate, errors, wall, cpu, server = throughput(clients, case_ids, user_id, total // clients)
            measured[label].append((rate, errors, wall, cpu, server, load))
    for label, _clients, _ids in scenarios:
        runs = measured[label]
        rates = ", ".join(f"{r[0]:.2f} (load {r[5]:.0f})" for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        servers = [r[4] for r in runs if r[4] is not None]
        server_cpu = f"{statistics.median(servers):.2f}" if servers else "n/a (server not on this machine)"
        rows.append((f"    {label}", f"best {max(r[0] for r in runs):.2f} filings/s; rounds: {rates}"))
        rows.append(
            (
                "      CPU s a filing",
                f"{cpu:.2f} in the clients and their PDF sandboxes, {server_cpu} in PostgreSQL; "
                f"{sum(r[1] for r in runs)} errors",
            )
        )
        if servers:
            ceiling = (os.cpu_count() or 1) / (cpu + statistics.median(servers))
            rows.append(
                ("      CPU-bound ceiling, machine alone", f"{ceiling:.1f} filings/s (derived, not measured)")
            )
    entries = list(
        Case.objects.get(pk=cases[0].pk).entries.order_by("number").values_list("number", flat=True)
    )
    gapless = entries == list(range(1, len(entries) + 1))
    rows.append(("    numbers of the shared case", f"1..{len(entries)}, {'gapless' if gapless else 'GAPS'}"))
    return rows


# --- (c) peak memory of a 50 MB check ---------------------------------------------------------------------


def memory_of_check() -> list[tuple[str, str]]:
    import resource

    from openecf.documents.pdf import DEFAULT_MAX_BYTES, pdf_check_limits
    from openecf.documents.pdf_refusals import Refused
    from openecf.documents.pdf_sandbox import sandbox_run
    from openecf.documents.testing import make_pdf

    limits = pdf_check_limits()
    small = sandbox_run(
        "inspect", make_pdf("one page"), limits=limits, options={"warnings": True}, max_payload=0
    )
    big = scanned_pdf(DEFAULT_MAX_BYTES)
    parent_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        run = sandbox_run("inspect", big, limits=limits, options={"warnings": True}, max_payload=0)
        outcome = f"accepted, {run.result['pages']} pages, {run.seconds:.1f} s ({run.cpu_seconds:.1f} s CPU)"
        peak = run.max_rss_mb
    except Refused as refused:
        outcome, peak = f"REFUSED ({refused.code})", float("nan")
    parent_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        ("(c) file", f"{len(big) / MIB:.1f} MB scanned-looking PDF (noise pictures, Flate)"),
        ("    check", outcome),
        (
            "    checking child's peak RSS",
            f"{peak:.0f} MB (goal <= 300 MB: {'met' if peak <= 300 else 'NOT met'})",
        ),
        ("    the same for a 1-page PDF (libraries)", f"{small.max_rss_mb:.0f} MB"),
        (
            "    sandbox limits",
            f"{limits.memory_mb} MB address space on top of the libraries, {limits.seconds} s CPU",
        ),
        ("    this process's peak RSS before / after", f"{parent_before:.0f} MB / {parent_after:.0f} MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9, help="Timed filings of the 30-page PDF (a).")
    parser.add_argument(
        "--filings", type=int, default=48, help="Filings per run of (b), shared by the clients."
    )
    parser.add_argument("--rounds", type=int, default=2, help="Runs of each scenario of (b), alternated.")
    parser.add_argument(
        "--sqlite", action="store_true", help="Use a scratch SQLite file even if PostgreSQL answers."
    )
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="openecf-bench-filing-"))
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    on_postgres = url.startswith("postgres") and not options.sqlite and postgres_answers(url)
    if on_postgres:
        recreate_database(url)
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["OPENECF_DOCUMENT_ROOT"] = str(scratch / "documents")
    os.environ["OPENECF_VAR_DIR"] = str(scratch / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openecf.settings")
    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # Accounts are made with the fast hasher: the benchmark measures filing, not password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    rows = machine()
    if on_postgres:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            rows.append(("database", f"PostgreSQL {cursor.fetchone()[0]} ({urlsplit(url).path.lstrip('/')})"))
    else:
        rows.append(("database", "SQLite (scratch file): no PostgreSQL answered at " + url))
    report(rows)
    report(single_filing(options.repeats))
    if on_postgres:
        report(many_filings(options.filings, options.rounds))
    else:
        print(
            "(b) skipped: filings per second are measured on PostgreSQL only (set DATABASE_URL=postgres://…)"
        )
    report(memory_of_check())


if __name__ == "__main__":
    main()

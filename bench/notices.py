"""Benchmark: one notice fanned out to 1,000 recipients through Celery workers (run by `make bench`).

In one run, on a scratch PostgreSQL database (`openecf_bench_notices` on the server of DATABASE_URL, dropped
and recreated, and dropped again at the end) and a Redis broker (127.0.0.1:6379, or CELERY_BROKER_URL) under a
queue and key prefix of this run only:

- a case whose plaintiff has 1,000 attorneys of record (rows written in bulk), so a filing's notice has 1,000
  electronic recipients;
- a local SMTP server (aiosmtpd) in its own process, which counts what it accepts and keeps nothing, so that
  it shares no interpreter with the bare loop; its CPU time is printed, to show how near it comes to being the
  limit;
- two pools of real `celery -A openecf.taskqueue worker` processes, `--pool solo`, on their own queues: one
  worker, and four;

and then, for each round, for each pool: a new notice (a filing written directly, as `filing_make` does), its
`notices_fan_out` task sent to the pool's queue as a web process sends it, and the clock stopped at the last
delivery's `sent_at` once every delivery is SENT; then the same messages (built beforehand in this process with
`notice_email`, as the worker addresses them) sent by a bare `smtplib` loop over one connection to the same
server. Medians over the rounds. Goal: one worker <= 1.5x the bare loop.

`--profile` runs one more fan-out through a single worker started under cProfile and prints where its time
went. Not a test: it asserts nothing. Prints the machine, the date and every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import platform
import pstats
import shutil
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "openecf_bench_notices"
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
MIB = 1024 * 1024
GOAL = 1.5
# A delivery in any other state (retrying, failed, withheld) stops the run: it would not be sent in time.
SENDING_STATES = ("pending", "sending", "sent")

# --- the SMTP server, in its own process -------------------------------------------------------------------


class _Counting:
    """aiosmtpd handler: accepts every message and counts it; parses and keeps nothing."""

    def __init__(self) -> None:
        self.messages = 0
        self.octets = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages += 1
        self.octets += len(envelope.original_content or b"")
        return "250 Message accepted for delivery"


def _smtp_serve(channel: Connection) -> None:
    """The server process: start aiosmtpd on a free port, say which, then answer 'stats' until 'stop'."""
    import resource

    from aiosmtpd.controller import Controller

    handler = _Counting()
    controller: Controller | None = None
    for _attempt in range(5):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except OSError:  # another process took the port between the probe and the start
            controller = None
            continue
        break
    if controller is None:
        channel.send(None)
        return
    channel.send(port)
    while True:
        command = channel.recv()
        if command == "stats":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            channel.send((handler.messages, handler.octets, usage.ru_utime + usage.ru_stime))
        else:
            controller.stop()
            channel.send("stopped")
            return


@dataclass(frozen=True)
class ServerStats:
    messages: int
    octets: int
    cpu: float

    def since(self, before: ServerStats) -> ServerStats:
        return ServerStats(
            self.messages - before.messages, self.octets - before.octets, self.cpu - before.cpu
        )


class SmtpProcess:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.channel, theirs = context.Pipe()
        self.process = context.Process(target=_smtp_serve, args=(theirs,), daemon=True)
        self.process.start()
        port = self.channel.recv()
        if port is None:
            sys.exit("Could not start the SMTP server on 127.0.0.1.")
        self.host, self.port = "127.0.0.1", int(port)

    def stats(self) -> ServerStats:
        self.channel.send("stats")
        return ServerStats(*self.channel.recv())

    def stop(self) -> None:
        if self.process.is_alive():
            self.channel.send("stop")
            self.channel.recv()
        self.process.join(timeout=10)


# --- set-up ------------------------------------------------------------------------------------------------


def database_url(server_url: str) -> str:
    """DATABASE_URL's server, with this benchmark's own database."""
    return urlsplit(server_url)._replace(path=f"/{DATABASE}").geturl()


def postgres_answers(url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg

        with psycopg.connect(urlsplit(url)._replace(path="/postgres").geturl(), connect_timeout=3):
            return None
    except Exception as error:  # any failure means: no PostgreSQL for this run
        return str(error).strip() or type(error).__name__


def redis_answers(url: str) -> str | None:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
        client.close()
        return None
    except Exception as error:  # any failure means: no broker for this run
        return str(error).strip() or type(error).__name__


def database_recreate(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("openecf_bench"):
        sys.exit(f"Refusing to drop '{name}': the benchmark only drops databases named openecf_bench*.")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
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


def report(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}", flush=True)


def table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in (header, ["-" * w for w in widths], *rows):
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), flush=True)


def process_cpu(pid: int) -> float:
    """CPU seconds of a live process and its waited-for children (utime, stime, cutime, cstime)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            line = stat.read()
    except OSError:
        return 0.0
    fields = line[line.rindex(")") + 2 :].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def postgres_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL server's processes on this machine (ended backends through
    the postmaster's children's times); None when none is visible. Other jobs on the server count too."""
    total, found = 0.0, False
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/comm") as comm:
                if comm.read().strip() != "postgres":
                    continue
        except OSError:
            continue
        found = True
        total += process_cpu(int(name))
    return total if found else None


# --- the world ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    court_id: str
    case_id: int
    warm_case_id: int
    filer_id: int
    recipients: int


def world_make(recipients: int) -> World:
    """The CIT, a case whose notice goes to `recipients` attorneys (one with an account, the rest bulk rows),
    and a smaller case for warming the workers up."""
    from openecf.courts.catalog import catalog_court_configure
    from openecf.filing.tests.factories import case_with_counsel
    from openecf.notices.tests.delivery_helpers import counsel_add

    court = catalog_court_configure("cit")
    world = case_with_counsel(court, username="marlowe")
    counsel_add(world.case, world.plaintiff, recipients - 1)
    warm = case_with_counsel(court, username="warmup", load_events=False)
    counsel_add(warm.case, warm.plaintiff, 199, domain="warm.example")
    return World(court.pk, world.case.pk, warm.case.pk, world.attorney.pk, recipients)


def notice_new(world: World, case_id: int) -> int:
    """A committed filing and its notice, not yet announced (no worker has heard of it)."""
    from openecf.accounts.models import User
    from openecf.cases.models import Case
    from openecf.courts.models import Court
    from openecf.notices.tests.delivery_helpers import notice_make

    court = Court.objects.get(pk=world.court_id)
    notice = notice_make(court, Case.objects.get(pk=case_id), User.objects.get(pk=world.filer_id))
    return int(notice.pk)


# --- the workers -----------------------------------------------------------------------------------------------


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]

    def text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@dataclass
class Pool:
    label: str
    queue: str
    workers: list[Worker] = field(default_factory=list)

    def cpu(self) -> float:
        return sum(process_cpu(w.process.pid) for w in self.workers)

    def check_alive(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is not None:
                sys.exit(
                    f"A worker of '{self.label}' exited ({worker.process.returncode}):\n{worker.text()[-3000:]}"
                )

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()


@dataclass(frozen=True)
class Broker:
    url: str
    prefix: str


def worker_env(broker: Broker, queue: str, smtp: SmtpProcess) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openecf.settings",
        "OPENECF_TASK_BACKEND": "celery",
        "CELERY_BROKER_URL": broker.url,
        "OPENECF_CELERY_QUEUE": queue,
        "OPENECF_CELERY_KEY_PREFIX": broker.prefix,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "30",
    }


def worker_start(
    name: str, queue: str, *, broker: Broker, smtp: SmtpProcess, logs: Path, profile: Path | None = None
) -> Worker:
    """`celery worker --pool solo` on the queue; under cProfile (written on a clean stop) when `profile`."""
    python = [sys.executable]
    if profile is not None:
        python += ["-m", "cProfile", "-o", str(profile)]
    log_path = logs / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(  # noqa: S603 — our own interpreter and Celery, no outside input
        [
            *python,
            "-m",
            "celery",
            "-A",
            "openecf.taskqueue",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--hostname",
            f"{name}.{queue}@localhost",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=worker_env(broker, queue, smtp),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Worker(process, log_path, log)


def pool_start(
    label: str, count: int, *, broker: Broker, smtp: SmtpProcess, logs: Path, profile: Path | None = None
) -> Pool:
    queue = f"{broker.prefix}{label}"
    pool = Pool(label, queue)
    for index in range(count):
        pool.workers.append(
            worker_start(
                f"{label}-{index}",
                queue,
                broker=broker,
                smtp=smtp,
                logs=logs,
                profile=profile if index == 0 else None,
            )
        )
    return pool


def pools_ready(pools: list[Pool], *, seconds: float = 180) -> None:
    """Wait until every worker is up and has run its start's recovery sweep (which plans any notice it finds
    unplanned: the timed notices are made only after it)."""
    deadline = time.monotonic() + seconds
    while True:
        waiting = []
        for pool in pools:
            pool.check_alive()
            texts = [w.text() for w in pool.workers]
            ready = sum(" ready." in t for t in texts)
            recoveries = sum(
                "notices_recover[" in line and "succeeded" in line for t in texts for line in t.splitlines()
            )
            if ready < len(pool.workers) or recoveries < len(pool.workers):
                waiting.append(pool.label)
        if not waiting:
            return
        if time.monotonic() > deadline:
            sys.exit(f"Workers not ready after {seconds} s: {', '.join(waiting)}")
        time.sleep(0.2)


# --- one fan-out, and the bare loop ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FanOutRun:
    notice_id: int
    seconds: float  # enqueued -> last delivery SENT (when stalled: the last one the workers sent)
    planned: float  # enqueued -> NoticeFanOut committed
    first_sent: float  # enqueued -> first delivery SENT
    messages: int  # deliveries of the notice
    sent: int  # SENT by the workers within the run
    left: dict[str, int]  # when stalled: the states the workers left the others in
    worker_cpu: float
    postgres_cpu: float | None
    server: ServerStats

    @property
    def complete(self) -> bool:
        return self.sent == self.messages


@dataclass(frozen=True)
class BareRun:
    seconds: float
    messages: int
    build_seconds: float  # notice_email + addressed + bytes, for all of them, in this process
    server: ServerStats


def broker_idle(broker: Broker, queue: str) -> bool:
    """No task of the queue waiting or being run (kombu's Redis keys, under the run's prefix)."""
    import redis

    client = redis.Redis.from_url(broker.url)
    try:
        return not client.llen(f"{broker.prefix}{queue}") and not client.hlen(f"{broker.prefix}unacked")
    finally:
        client.close()


# With the broker idle this long and no delivery sent meanwhile, the workers have left the rest behind.
STALL_SECONDS = 5.0


def fan_out_run(
    pool: Pool,
    world: World,
    case_id: int,
    *,
    producer: Any,
    broker: Broker,
    smtp: SmtpProcess,
    seconds: float = 900,
) -> FanOutRun:
    """Enqueue a new notice's fan-out as a web process does; wait until its deliveries are all SENT, or until
    the workers stop with some left over (then the rest is sent from here, untimed, as the sweep would)."""
    from django.db.models import Count, Max, Min

    from openecf.notices.models import DeliveryState, NoticeDelivery, NoticeFanOut
    from openecf.notices.tasks import sweep_run

    notice_id = notice_new(world, case_id)
    server_before, cpu_before, pg_before = smtp.stats(), pool.cpu(), postgres_cpu()
    started = time.time()
    producer.send_task("openecf.notices.tasks.notices_fan_out", args=[notice_id], queue=pool.queue)
    deadline = time.monotonic() + seconds
    deliveries = NoticeDelivery.objects.filter(notice_id=notice_id)
    progress, progressed = -1, time.monotonic()
    left: dict[str, int] = {}
    while True:
        time.sleep(0.1)  # another process does the work: nothing here to wait on but the database
        pool.check_alive()
        if time.monotonic() > deadline:
            sys.exit(f"Notice {notice_id} not delivered within {seconds} s")
        if not NoticeFanOut.objects.filter(notice_id=notice_id).exists():
            continue
        states = dict(deliveries.values_list("state").annotate(n=Count("pk")).order_by())
        if set(states) == {DeliveryState.SENT}:
            break
        unexpected = {s: n for s, n in states.items() if s not in SENDING_STATES}
        if unexpected:
            sys.exit(f"Notice {notice_id}: deliveries not sent: {unexpected}")
        sent = states.get(DeliveryState.SENT, 0)
        if sent != progress:
            progress, progressed = sent, time.monotonic()
        elif time.monotonic() - progressed > STALL_SECONDS and broker_idle(broker, pool.queue):
            left = {s: n for s, n in states.items() if s != DeliveryState.SENT}
            break
    cpu_after, pg_after = pool.cpu(), postgres_cpu()
    server = smtp.stats().since(server_before)
    times = deliveries.filter(state=DeliveryState.SENT).aggregate(
        first=Min("sent_at"), last=Max("sent_at"), count=Count("pk")
    )
    total = deliveries.count()
    planned_at = NoticeFanOut.objects.get(notice_id=notice_id).planned_at
    if left:
        sweep_run(age=dt.timedelta(0))  # in this process: the next run starts with nothing left over
    nothing = float("nan")  # no delivery sent by the workers at all
    return FanOutRun(
        notice_id=notice_id,
        seconds=times["last"].timestamp() - started if times["last"] else nothing,
        planned=planned_at.timestamp() - started,
        first_sent=times["first"].timestamp() - started if times["first"] else nothing,
        messages=total,
        sent=int(times["count"]),
        left=left,
        worker_cpu=cpu_after - cpu_before,
        postgres_cpu=None if pg_before is None or pg_after is None else pg_after - pg_before,
        server=server,
    )


@dataclass(frozen=True)
class Envelope:
    sender: str
    recipients: list[str]
    content: bytes


def messages_build(notice_id: int) -> list[Envelope]:
    """What the worker handed the server for each delivery of the notice, built the way it builds them:
    `notice_email`, then `addressed` (Message-ID, bounce address), then Django's SMTP backend's envelope and
    bytes."""
    from django.core.mail.message import sanitize_address

    from openecf.filing.models import NoticeOfElectronicFiling
    from openecf.notices.mailer import BounceTarget, addressed
    from openecf.notices.models import NoticeDelivery
    from openecf.notices.render import notice_email

    notice = NoticeOfElectronicFiling.objects.select_related(
        "filing__court", "filing__case__court", "filing__docket_entry", "filing__event", "regenerated_from"
    ).get(pk=notice_id)
    built = []
    for delivery in NoticeDelivery.objects.filter(notice_id=notice_id).order_by("pk"):
        delivery.notice = notice
        message = addressed(
            notice_email(notice, delivery),
            message_id=delivery.message_id,
            target=BounceTarget("delivery", delivery.pk),
        )
        encoding = message.encoding
        built.append(
            Envelope(
                sender=sanitize_address(message.from_email, encoding),
                recipients=[sanitize_address(a, encoding) for a in message.recipients()],
                # As Django's SMTP backend writes it (its MIME classes take linesep; the stubs do not say so).
                content=message.message().as_bytes(linesep="\r\n"),  # type: ignore[call-arg]
            )
        )
    return built


def bare_run(notice_id: int, smtp: SmtpProcess) -> BareRun:
    """The same messages through one smtplib connection: connect, MAIL/RCPT/DATA each, QUIT."""
    started = time.perf_counter()
    envelopes = messages_build(notice_id)
    build_seconds = time.perf_counter() - started
    before = smtp.stats()
    started = time.perf_counter()
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        for envelope in envelopes:
            client.sendmail(envelope.sender, envelope.recipients, envelope.content)
    seconds = time.perf_counter() - started
    return BareRun(seconds, len(envelopes), build_seconds, smtp.stats().since(before))


# --- the profile ----------------------------------------------------------------------------------------------

# (label, file ending, function): the worker's own steps, in the order a delivery goes through them.
PROFILED = (
    ("notices_fan_out task (planning + queueing)", "notices/tasks.py", "notices_fan_out"),
    ("  notice_fan_out (planning, one transaction)", "notices/delivery.py", "notice_fan_out"),
    ("    service_list", "filing/service_list.py", "service_list"),
    ("    free_looks_create (each delivery)", "notices/free_look.py", "free_looks_create"),
    ("notices_send tasks", "notices/tasks.py", "notices_send"),
    ("  _claim (SENDING, committed)", "notices/delivery.py", "_claim"),
    ("  _held: lock the row (select for update)", "notices/delivery.py", "_held"),
    ("  may_receive", "notices/entitlement.py", "may_receive"),
    ("  notice_email (render)", "notices/render.py", "notice_email"),
    ("    document_link (free look query)", "notices/free_look.py", "document_link"),
    ("  MailSession.send (Django SMTP backend)", "notices/mailer.py", "send"),
    ("    EmailMessage.message (MIME, QP)", "django/core/mail/message.py", "message"),
    ("    as_bytes (generator)", "email/message.py", "as_bytes"),
    ("    smtplib sendmail", "smtplib.py", "sendmail"),
    ("  _outcome_record (SENT)", "notices/delivery.py", "_outcome_record"),
    ("database: cursor execute (all)", "django/db/backends/utils.py", "_execute"),
    ("database: commit (all)", "django/db/backends/base/base.py", "commit"),
    ("Celery: send a task to Redis", "celery/app/task.py", "apply_async"),
)


def profile_report(path: Path, messages: int) -> None:
    stats = pstats.Stats(str(path))
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for label, ending, function in PROFILED:
        matches = [
            (calls, cumulative)
            for (filename, _line, name), (_cc, calls, _tt, cumulative, _callers) in raw.items()
            if name == function and filename.endswith(ending)
        ]
        if matches:
            calls = sum(m[0] for m in matches)
            cumulative = max(m[1] for m in matches)
            rows.append([label, str(calls), f"{cumulative:.2f}", f"{cumulative / messages * 1000:.2f}"])
    print("\nProfile of one worker (cProfile, whole worker life; the timed fan-out is most of it):")
    table(["step", "calls", "cumulative s", "ms a message (spread over all)"], rows)
    print("\nTop 25 functions by own time (the worker's start-up included: `compile` is its imports):")
    stats.sort_stats("tottime").print_stats(25)


# --- the run --------------------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


Measured = list[tuple[FanOutRun, BareRun, float]]  # each round: the fan-out, the bare loop, the load at start


def results_report(runs: dict[str, Measured], workers: int) -> None:
    print()
    header = ["round", "workers", "load", "fan-out s", "msg/s", "planned at s", "bare s", "msg/s", "ratio"]
    header += ["worker CPU s", "PG CPU s", "SMTP CPU s fan-out/bare", "received fan-out/bare"]
    lines = []
    for label, measured in runs.items():
        for index, (fan_out, bare, load) in enumerate(measured, start=1):
            if fan_out.complete:
                timing = [f"{fan_out.seconds:.2f}", f"{fan_out.messages / fan_out.seconds:.0f}"]
            else:
                timing = [f"stalled: {fan_out.sent} sent in {fan_out.seconds:.2f}", "-"]
            lines.append(
                [
                    str(index),
                    label,
                    f"{load:.1f}",
                    *timing,
                    f"{fan_out.planned:.2f}",
                    f"{bare.seconds:.2f}",
                    f"{bare.messages / bare.seconds:.0f}",
                    f"{fan_out.seconds / bare.seconds:.2f}x" if fan_out.complete else "-",
                    f"{fan_out.worker_cpu:.1f}",
                    "n/a" if fan_out.postgres_cpu is None else f"{fan_out.postgres_cpu:.1f}",
                    f"{fan_out.server.cpu:.1f}/{bare.server.cpu:.1f}",
                    f"{fan_out.server.messages}/{bare.server.messages}",
                ]
            )
    table(header, lines)

    one, many = runs["1"], runs[str(workers)]
    messages = one[0][0].messages
    sizes = [f.server.octets / max(1, f.server.messages) for f, _b, _l in one]
    bare_seconds = median([b.seconds for _f, b, _l in [*one, *many]])
    summary = [
        ("messages a fan-out", f"{messages} (median {median(sizes) / 1024:.0f} KB each, as received)"),
        (
            "bare smtplib loop, same messages, median",
            f"{bare_seconds:.2f} s, {messages / bare_seconds:.0f} messages/s",
        ),
        (
            "  building them in this process (untimed in the loop)",
            f"{median([b.build_seconds for _f, b, _l in one]):.2f} s",
        ),
    ]
    medians: dict[str, float] = {}
    for label, measured in (("1 worker", one), (f"{workers} workers", many)):
        complete = [(f, b) for f, b, _l in measured if f.complete]
        if len(complete) < len(measured):
            stalled = [f for f, _b, _l in measured if not f.complete]
            summary.append(
                (
                    f"{label}: STALLED in {len(stalled)} of {len(measured)} rounds",
                    "SENT by the workers before they stopped: "
                    + ", ".join(f"{f.sent}/{f.messages} (left {f.left})" for f in stalled),
                )
            )
        if not complete:
            continue
        seconds = median([f.seconds for f, _b in complete])
        medians[label] = seconds
        ratio = median([f.seconds / b.seconds for f, b in complete])
        goal = f" (goal <= {GOAL}x: {'met' if ratio <= GOAL else 'NOT met'})" if label == "1 worker" else ""
        summary += [
            (
                f"{label}, enqueue -> last SENT, median of {len(complete)}",
                f"{seconds:.2f} s, {messages / seconds:.0f} messages/s",
            ),
            (
                "  planning (enqueue -> fan-out committed)",
                f"{median([f.planned for f, _b in complete]):.2f} s",
            ),
            ("  ratio to the bare loop of its round, median", f"{ratio:.2f}x{goal}"),
        ]
    if len(medians) == 2:
        speed_up = medians["1 worker"] / medians[f"{workers} workers"]
        summary.append((f"speed-up {workers} workers / 1", f"{speed_up:.2f}x"))
    summary.append(("load average at the end", " ".join(f"{x:.1f}" for x in os.getloadavg())))
    print()
    report(summary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000, help="Electronic recipients of the notice.")
    parser.add_argument("--repeats", type=int, default=3, help="Rounds (each: every pool, each bare loop).")
    parser.add_argument("--workers", type=int, default=4, help="Workers of the second pool.")
    parser.add_argument(
        "--profile", action="store_true", help="Then one fan-out through one worker under cProfile."
    )
    parser.add_argument("--keep-database", action="store_true", help="Do not drop the database at the end.")
    options = parser.parse_args()
    # A TERM (as from `timeout`) stops the workers and drops the database on the way out.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(143))

    if options.workers < 2:
        parser.error("--workers: the second pool has at least 2 workers")
    server_url = os.environ.get("DATABASE_URL", "")
    url = database_url(server_url if server_url.startswith("postgres") else DEFAULT_URL)
    broker_url = os.environ.get("CELERY_BROKER_URL", DEFAULT_BROKER)
    missing = [
        f"{what} ({why})"
        for what, why in (("PostgreSQL", postgres_answers(url)), ("Redis", redis_answers(broker_url)))
        if why is not None
    ]
    if missing:
        print(
            f"Notices benchmark skipped: it needs PostgreSQL and Redis; not answering: {'; '.join(missing)}"
        )
        return

    scratch = Path(tempfile.mkdtemp(prefix="openecf-bench-notices-"))
    database_recreate(url)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "openecf.settings",
            # The workers and this process make the same free-look links: one key for both.
            "DJANGO_SECRET_KEY": f"openecf-bench-notices-{uuid.uuid4().hex}",
            "OPENECF_DOCUMENT_ROOT": str(scratch / "documents"),
            "OPENECF_VAR_DIR": str(scratch / "var"),
        }
    )
    django_setup()
    from celery import Celery  # type: ignore[import-untyped]
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = world_make(options.recipients)
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]

    rows = machine()
    rows += [
        ("database", f"PostgreSQL {server_version} ({DATABASE}, made by this run)"),
        ("broker", f"{broker_url} (key prefix of this run)"),
        ("recipients", f"{world.recipients} attorneys of record (made in {seed_seconds:.1f} s)"),
        ("batch size (deliveries a send task)", str(settings.OPENECF_NOTICE_BATCH_SIZE)),
        ("rounds (median of)", str(options.repeats)),
        ("workers' logs", f"{scratch / 'logs'} (removed after a run that ends well)"),
    ]
    report(rows)

    smtp = SmtpProcess()
    # Left-over deliveries of a stalled run are sent from this process, to the same server.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = smtp.host, smtp.port
    broker = Broker(broker_url, f"openecf-bench-{uuid.uuid4().hex[:12]}:")
    producer = Celery("openecf-bench-web", broker=broker_url, set_as_current=False)
    producer.conf.broker_transport_options = {"global_keyprefix": broker.prefix}
    logs = scratch / "logs"
    logs.mkdir()
    pools: list[Pool] = []
    runs: dict[str, Measured] = {}
    profile_messages = 0
    try:
        pools = [
            pool_start("1", 1, broker=broker, smtp=smtp, logs=logs),
            pool_start(f"{options.workers}", options.workers, broker=broker, smtp=smtp, logs=logs),
        ]
        pools_ready(pools)
        for pool in pools:  # the first tasks of a worker load templates and open connections
            fan_out_run(pool, world, world.warm_case_id, producer=producer, broker=broker, smtp=smtp)
        runs = {pool.label: [] for pool in pools}
        for round_number in range(1, options.repeats + 1):
            for pool in pools:
                load = os.getloadavg()[0]
                fan_out = fan_out_run(pool, world, world.case_id, producer=producer, broker=broker, smtp=smtp)
                bare = bare_run(fan_out.notice_id, smtp)
                runs[pool.label].append((fan_out, bare, load))
                if fan_out.complete:
                    outcome = f"fan-out {fan_out.seconds:.2f} s"
                else:
                    outcome = (
                        f"fan-out STALLED: {fan_out.sent} of {fan_out.messages} SENT, {fan_out.left} left "
                        "(sent from this process, untimed)"
                    )
                print(
                    f"round {round_number}, {len(pool.workers)} worker(s): {outcome}; "
                    f"bare smtplib {bare.seconds:.2f} s (load {load:.1f})",
                    flush=True,
                )
        for pool in pools:
            pool.stop()
        pools = []
        if options.profile:
            profile_path = scratch / "worker.prof"
            profiled = pool_start("profiled", 1, broker=broker, smtp=smtp, logs=logs, profile=profile_path)
            pools = [profiled]
            pools_ready(pools)
            fan_out = fan_out_run(profiled, world, world.case_id, producer=producer, broker=broker, smtp=smtp)
            profile_messages = fan_out.messages
            print(f"profiled fan-out: {fan_out.seconds:.2f} s (cProfile slows it)", flush=True)
            profiled.stop()
            pools = []
    finally:
        for pool in pools:
            pool.stop()
        producer.close()
        smtp.stop()
        import redis

        client = redis.Redis.from_url(broker_url)
        for key in client.scan_iter(match=f"{broker.prefix}*"):
            client.delete(key)
        client.close()
        connection.close()
        if not options.keep_database:
            database_recreate(url, drop_only=True)

    results_report(runs, options.workers)
    if profile_messages:
        profile_report(scratch / "worker.prof", profile_messages)
    shutil.rmtree(scratch)  # kept when the run fails: the workers' logs are there


if __name__ == "__main__":
    main()

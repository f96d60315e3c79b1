"""Notices on a real queue (issue 9 §4): the embedded default sends after the filing commits, in-process;
with Celery the tasks go to the broker after commit; and a real `celery worker` process killed with SIGKILL
in the middle of a 500-recipient fan-out, then replaced, leaves every recipient exactly one notice.

The worker tests need PostgreSQL (the worker must see the rows this test commits; SQLite's test database is
in memory) and Redis at 127.0.0.1:6379 (or OPENECF_TEST_REDIS_URL); each run has its own queue and key
prefix, so parallel runs do not meet.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import pytest
import redis
from celery import Celery  # type: ignore[import-untyped]
from django.conf import settings
from django.db import connection, transaction
from kombu.connection import Connection

import openecf
from openecf.filing.models import NoticeOfElectronicFiling
from openecf.filing.selectors import notice_of
from openecf.filing.signals import notice_generated
from openecf.filing.tests.factories import case_with_counsel, filing_submitted
from openecf.notices import tasks
from openecf.notices.delivery import deliveries_of, deliveries_send, notice_fan_out, sweep_plan
from openecf.notices.models import DeliveryState, NoticeDelivery
from openecf.notices.tests.delivery_helpers import answer_data, counsel_add, notice_make
from openecf.testing.smtp import SmtpServer

BASE_DIR = Path(openecf.__file__).resolve().parent.parent
RECIPIENTS = 500
KILL_AFTER = 110  # the first worker dies handing over this message (the 10th of its third batch)


# --- the embedded default and the Celery backend, in this process ------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_the_embedded_default_sends_once_the_filing_commits(cit, smtp_server):
    assert settings.TASK_BACKEND == "inprocess"
    world = case_with_counsel(cit)
    filing = filing_submitted(court=cit, case=world.case, user=world.attorney)  # commits, then announces
    notice = notice_of(filing)
    (delivery,) = deliveries_of(notice)
    assert delivery.state == DeliveryState.SENT
    (mail,) = smtp_server.messages
    assert mail.rcpt_tos == ("marlowe@example.com",)
    assert mail.message["Message-ID"] == delivery.message_id


@dataclass
class Sent:
    task: str
    args: tuple[int, ...]
    countdown: float | None


@pytest.fixture
def broker_calls(settings, monkeypatch) -> list[Sent]:
    """The Celery backend, with what would go to the broker written down instead."""
    settings.TASK_BACKEND = "celery"
    calls: list[Sent] = []
    for name in ("notices_fan_out", "notices_send"):
        task = getattr(tasks, name)

        def apply_async(
            args: tuple[int, ...] = (), countdown: float | None = None, _name: str = name
        ) -> None:
            calls.append(Sent(_name, tuple(args), countdown))

        monkeypatch.setattr(task, "apply_async", apply_async)
    return calls


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_hashing")
def test_with_celery_tasks_go_to_the_broker_after_commit_in_batches_and_retries_wait(
    cit, smtp_server, settings, broker_calls, django_capture_on_commit_callbacks
):
    settings.OPENECF_NOTICE_BATCH_SIZE = 2
    world = case_with_counsel(cit)
    counsel_add(world.case, world.plaintiff, 4)
    notice = notice_make(cit, world.case, world.attorney)

    with django_capture_on_commit_callbacks(execute=True):
        notice_generated.send(sender=NoticeOfElectronicFiling, notice_id=notice.pk)
        assert broker_calls == []  # not before commit
    assert broker_calls == [Sent("notices_fan_out", (notice.pk,), None)]

    broker_calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notices_fan_out(notice.pk)  # as the worker runs it
    ids = list(deliveries_of(notice).values_list("pk", flat=True))
    assert broker_calls == [
        Sent("notices_send", tuple(ids[0:2]), None),
        Sent("notices_send", tuple(ids[2:4]), None),
        Sent("notices_send", tuple(ids[4:5]), None),
    ]

    broker_calls.clear()
    answer_data(smtp_server, "451 4.7.1 Greylisted, come back later")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notices_send(*ids[0:2])
    (retry,) = broker_calls
    assert retry.task == "notices_send" and retry.args == (ids[0],)
    assert retry.countdown is not None and 60 <= retry.countdown <= 62
    assert len(smtp_server.messages) == 1


def test_the_workers_acknowledge_late_take_one_task_at_a_time_and_beat_runs_registered_tasks():
    from openecf.taskqueue import app

    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_url == settings.CELERY_BROKER_URL
    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} == {
        "openecf.notices.tasks.notices_sweep",
        "openecf.notices.tasks.notices_daily",
    }
    assert all(entry["task"] in app.tasks for entry in schedule.values())


# --- PostgreSQL: a live sender's row lock ----------------------------------------------------------------------------


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://...): the worker must see this test's committed rows"
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_a_delivery_whose_row_a_live_sender_holds_is_left_to_it(cit, smtp_server):
    _needs_postgresql()
    world = case_with_counsel(cit)
    (delivery_id,) = notice_fan_out(notice_make(cit, world.case, world.attorney).pk)
    NoticeDelivery.objects.filter(pk=delivery_id).update(state=DeliveryState.SENDING, attempts=1)
    locked, release = threading.Event(), threading.Event()

    def sender() -> None:  # another worker, in the middle of its SMTP conversation
        try:
            with transaction.atomic():
                NoticeDelivery.objects.select_for_update().get(pk=delivery_id)
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=sender)
    thread.start()
    try:
        assert locked.wait(20)
        assert sweep_plan(age=dt.timedelta(0)).deliveries == ()  # not an orphan
        assert deliveries_send([delivery_id]).skipped == [delivery_id]
        assert smtp_server.messages == []
    finally:
        release.set()
        thread.join()
    # Its sender gone without finishing (as a killed worker): the next send takes it over.
    assert sweep_plan(age=dt.timedelta(0)).deliveries == (delivery_id,)
    assert deliveries_send([delivery_id]).sent == [delivery_id]
    assert len(smtp_server.messages) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_senders_of_one_notice_never_lock_each_other_out(cit, smtp_server):
    """Two workers share a notice's recipients at once: the lock each holds on the delivery it is sending
    must not lock the notice or filing rows that the other's deliveries join."""
    _needs_postgresql()
    world = case_with_counsel(cit)
    notice = notice_make(cit, world.case, world.attorney)
    counsel_add(world.case, world.plaintiff, 39)
    ids = notice_fan_out(notice.pk)
    assert len(ids) == 40
    start = threading.Barrier(2)

    def worker(batch: list[int]) -> None:
        try:
            start.wait(20)
            deliveries_send(batch)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(ids[half::2],)) for half in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    states = list(NoticeDelivery.objects.filter(pk__in=ids).values_list("state", flat=True))
    assert states == [DeliveryState.SENT] * len(ids)
    assert len(smtp_server.messages) == len(ids)


# --- a real worker, killed ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broker:
    url: str
    queue: str
    prefix: str


@pytest.fixture
def broker() -> Iterator[Broker]:
    """Redis with this run's own queue and key prefix; its keys are removed afterwards."""
    url = os.environ.get("OPENECF_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"needs Redis at {url}: {error}")
    token = uuid.uuid4().hex[:12]
    found = Broker(url=url, queue=f"openecf-test-{token}", prefix=f"openecf-test-{token}:")
    try:
        yield found
    finally:
        for key in client.scan_iter(match=f"{found.prefix}*"):
            client.delete(key)
        client.close()


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(str(db.get("USER") or "postgres"))
    password = f":{quote(str(db['PASSWORD']))}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]

    def tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def worker_start(name: str, broker: Broker, smtp: SmtpServer, tmp_path: Path) -> Worker:
    """`celery worker` in its own process, one task at a time, on this test's database, queue and SMTP server."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openecf.settings",
        "DATABASE_URL": _database_url(),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "OPENECF_TASK_BACKEND": "celery",
        "CELERY_BROKER_URL": broker.url,
        "OPENECF_CELERY_QUEUE": broker.queue,
        "OPENECF_CELERY_KEY_PREFIX": broker.prefix,
        "OPENECF_DOCUMENT_ROOT": str(settings.DOCUMENT_STORAGE_ROOT),
        "OPENECF_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "10",
    }
    log_path = tmp_path / f"worker-{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(  # our own interpreter and Celery
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "openecf.taskqueue",
            "worker",
            "--pool",
            "solo",
            "--queues",
            broker.queue,
            "--hostname",
            f"{name}.{broker.queue}@localhost",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Worker(process, log_path, log)


def wait_until(done: Callable[[], bool], *, seconds: float, what: str, worker: Worker) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if worker.process.poll() is not None:
            pytest.fail(f"The worker exited ({worker.process.returncode}) before {what}:\n{worker.tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"No {what} after {seconds} s:\n{worker.tail()}")
        time.sleep(0.05)  # polling another process: there is nothing to wait on


def hold_after(server: SmtpServer, count: int) -> tuple[threading.Event, threading.Event]:
    """The server keeps the `count`-th message (the mail system has it) but withholds its "250 OK" until told:
    the sender is then killed with that message in flight. Returns (holding, release)."""
    holding, release = threading.Event(), threading.Event()
    accept = server.collector.handle_DATA
    seen = 0

    async def handle_DATA(smtp: Any, session: Any, envelope: Any) -> str:
        nonlocal seen
        reply = await accept(smtp, session, envelope)
        seen += 1  # one event loop: no two calls at once
        if seen == count:
            holding.set()
            while not release.is_set():
                await asyncio.sleep(0.01)
        return reply

    server.collector.handle_DATA = handle_DATA  # type: ignore[method-assign,assignment]
    return holding, release


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_a_worker_killed_mid_fan_out_then_replaced_sends_each_recipient_exactly_one_notice(
    cit, smtp_server, broker, tmp_path
):
    _needs_postgresql()
    world = case_with_counsel(cit)
    counsel_add(world.case, world.plaintiff, RECIPIENTS - 1)
    notice = notice_make(cit, world.case, world.attorney)  # committed: the workers see it
    holding, release = hold_after(smtp_server, KILL_AFTER)

    # As a web process with OPENECF_TASK_BACKEND=celery does after the filing commits.
    web = Celery("openecf-test-web", broker=broker.url, set_as_current=False)
    web.conf.broker_transport_options = {"global_keyprefix": broker.prefix}
    web.send_task("openecf.notices.tasks.notices_fan_out", args=[notice.pk], queue=broker.queue)
    web.close()

    first = worker_start("first", broker, smtp_server, tmp_path)
    second: Worker | None = None
    try:
        wait_until(holding.is_set, seconds=60, what=f"message {KILL_AFTER} in flight", worker=first)
        first.process.kill()  # SIGKILL while it waits for the server's answer: its task is not acknowledged
        first.process.wait()
        release.set()
        at_kill = Counter(deliveries_of(notice).values_list("state", flat=True))
        assert len(smtp_server.messages) == KILL_AFTER
        assert at_kill[DeliveryState.SENT] == KILL_AFTER - 1 and at_kill[DeliveryState.SENDING] == 1, at_kill
        in_flight = deliveries_of(notice).get(state=DeliveryState.SENDING)

        second = worker_start("second", broker, smtp_server, tmp_path)
        wait_until(
            lambda: not deliveries_of(notice).exclude(state=DeliveryState.SENT).exists(),
            seconds=90,
            what="every delivery SENT",
            worker=second,
        )
    finally:
        release.set()
        first.stop()
        if second is not None:
            second.stop()

    deliveries = list(deliveries_of(notice))
    assert len(deliveries) == RECIPIENTS
    expected = {d.message_id: tuple(sorted(d.addresses)) for d in deliveries}
    arrived = smtp_server.messages
    ids_by_recipient: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for mail in arrived:
        ids_by_recipient[tuple(sorted(mail.rcpt_tos))].add(str(mail.message["Message-ID"]))
    # Each of the 500 recipients got one notice: one Message-ID, its own.
    assert len(ids_by_recipient) == RECIPIENTS
    assert all(len(ids) == 1 for ids in ids_by_recipient.values())
    assert {recipients: next(iter(ids)) for recipients, ids in ids_by_recipient.items()} == {
        addresses: message_id for message_id, addresses in expected.items()
    }
    # The one message in flight when the worker died reached the server twice, under one Message-ID, which
    # mail systems collapse; no other message did.
    copies = Counter(str(mail.message["Message-ID"]) for mail in arrived)
    assert len(arrived) == RECIPIENTS + 1
    assert [(message_id, n) for message_id, n in copies.items() if n > 1] == [(in_flight.message_id, 2)]
    in_flight.refresh_from_db()
    assert in_flight.attempts == 2 and in_flight.state == DeliveryState.SENT


@pytest.fixture
def rabbitmq() -> Iterator[Broker]:
    """RabbitMQ (AMQP) with this run's own queue, deleted afterwards: the other broker Celery runs on."""
    url = os.environ.get("OPENECF_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    token = uuid.uuid4().hex[:12]
    found = Broker(url=url, queue=f"openecf-test-{token}", prefix=f"openecf-test-{token}:")
    with Connection(url, connect_timeout=3) as amqp:
        try:
            amqp.ensure_connection(max_retries=1)
        except Exception as error:  # kombu raises the transport's own errors
            pytest.skip(f"needs RabbitMQ at {url}: {error}")
        try:
            yield found
        finally:
            with contextlib.suppress(Exception):
                amqp.default_channel.queue_delete(found.queue)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("fast_hashing")
def test_a_worker_on_rabbitmq_delivers_a_notice(cit, smtp_server, rabbitmq, tmp_path):
    """`CELERY_BROKER_URL=amqp://…`: the same tasks, on RabbitMQ instead of Redis."""
    _needs_postgresql()
    world = case_with_counsel(cit)
    counsel_add(world.case, world.plaintiff, 4)
    notice = notice_make(cit, world.case, world.attorney)
    web = Celery("openecf-test-web", broker=rabbitmq.url, set_as_current=False)
    web.send_task("openecf.notices.tasks.notices_fan_out", args=[notice.pk], queue=rabbitmq.queue)
    web.close()
    worker = worker_start("amqp", rabbitmq, smtp_server, tmp_path)
    try:
        wait_until(
            lambda: deliveries_of(notice).filter(state=DeliveryState.SENT).count() == 5,
            seconds=60,
            what="five deliveries SENT over RabbitMQ",
            worker=worker,
        )
    finally:
        worker.stop()
    assert sorted(len(mail.rcpt_tos) for mail in smtp_server.messages) == [1] * 5

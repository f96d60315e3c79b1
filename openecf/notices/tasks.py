"""The notices' tasks: they take ids, call a service, and may run twice (a worker killed mid-task has its task
delivered again, and the sweep queues anything left behind). `openecf.notices.queue.enqueue` runs them on
Celery or in-process.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from celery.signals import worker_ready  # type: ignore[import-untyped]
from django.conf import settings
from django.utils import timezone

from openecf.notices.daily import daily_summaries_due
from openecf.notices.delivery import (
    SweepPlan,
    deliveries_pending,
    deliveries_send,
    notice_fan_out,
    sweep_plan,
)
from openecf.notices.queue import enqueue, task

logger = logging.getLogger(__name__)


def batches(ids: Sequence[int], size: int | None = None) -> Iterator[tuple[int, ...]]:
    """The ids in batches of OPENECF_NOTICE_BATCH_SIZE: one task and one SMTP connection each."""
    size = size or int(settings.OPENECF_NOTICE_BATCH_SIZE)
    for start in range(0, len(ids), size):
        yield tuple(ids[start : start + size])


@task("openecf.notices.tasks.notices_fan_out")
def notices_fan_out(notice_id: int) -> None:
    """Plan the notice's recipients, then queue its sending in batches the workers share."""
    for batch in batches(deliveries_pending(notice_fan_out(notice_id))):
        enqueue(notices_send, *batch)


@task("openecf.notices.tasks.notices_send")
def notices_send(*delivery_ids: int) -> None:
    """Send a batch of deliveries over one SMTP connection; the deferred ones come back when due."""
    outcome = deliveries_send(delivery_ids)
    if outcome.deferred:
        enqueue(notices_send, *outcome.deferred, countdown=outcome.retry_in(timezone.now()))


def sweep_run(*, age: dt.timedelta = dt.timedelta(minutes=1)) -> SweepPlan:
    """Queue what was left behind: notices never planned, deliveries pending, due or orphaned."""
    plan = sweep_plan(age=age)
    for notice_id in plan.notices:
        enqueue(notices_fan_out, notice_id)
    for batch in batches(plan.deliveries):
        enqueue(notices_send, *batch)
    if plan.notices or plan.deliveries:
        logger.info(
            "Notices sweep: %d notices to plan, %d deliveries to send",
            len(plan.notices),
            len(plan.deliveries),
        )
    return plan


@task("openecf.notices.tasks.notices_sweep")
def notices_sweep() -> None:
    """Every minute (beat): what is older than a minute and still not sent."""
    sweep_run()


@task("openecf.notices.tasks.notices_recover")
def notices_recover() -> None:
    """On a worker's start: everything left over, at once. The deliveries a killed worker was sending are
    SENDING and unlocked; its own task comes back from Redis only after the visibility timeout."""
    sweep_run(age=dt.timedelta(0))


@task("openecf.notices.tasks.notices_daily")
def notices_daily() -> None:
    """Every ten minutes (beat): each court's Daily Summaries once its midnight has passed."""
    for run in daily_summaries_due():
        if run.sent or run.failed or run.deferred:
            logger.info(
                "Daily Summaries %s %s: %d sent, %d deferred, %d failed",
                run.court_id,
                run.day,
                len(run.sent),
                len(run.deferred),
                len(run.failed),
            )


# --- what starts the tasks ----------------------------------------------------------------------------------


def notice_generated_receive(sender: Any, *, notice_id: int, **kwargs: Any) -> None:
    """`filing.signals.notice_generated` (after the filing commits): deliver the notice."""
    enqueue(notices_fan_out, notice_id)


def deliveries_ready_receive(sender: Any, *, delivery_ids: Sequence[int], **kwargs: Any) -> None:
    """`notices.delivery.deliveries_ready` (a resend, after commit): send them."""
    for batch in batches(list(delivery_ids)):
        enqueue(notices_send, *batch)


def _recover_on_worker_start(**kwargs: Any) -> None:
    # Sent to the broker whatever OPENECF_TASK_BACKEND says: this is a worker.
    try:
        notices_recover.apply_async(args=())
    except Exception:  # the beat's sweep does the same within a minute or so
        logger.exception("Could not queue the notices recovery at the worker's start")


worker_ready.connect(_recover_on_worker_start, weak=False)

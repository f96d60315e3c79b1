"""Running the notices' tasks after commit: on Celery workers (`OPENECF_TASK_BACKEND=celery`), or in this
process (the embedded default). Either way the same task function runs, with ids only, after the
transaction that asked for it commits, so nothing is sent for a transaction that rolled back.

A failure to queue or to run never reaches the caller (a filing request must not fail because mail did): it
is logged, and the notices sweep (`openecf notices-sweep`) finds the work and does it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, cast

from django.conf import settings
from django.db import transaction

from openecf.taskqueue import app

logger = logging.getLogger(__name__)


class QueueTask(Protocol):
    """A Celery task as this module uses it: called in-process, or sent to the broker."""

    name: str

    def __call__(self, *ids: int) -> None: ...

    def apply_async(self, args: tuple[int, ...] = ..., countdown: float | None = ...) -> Any: ...


def task(name: str) -> Callable[[Callable[..., None]], QueueTask]:
    """Register a function as the Celery task `name` (acks late, ids only)."""

    def register(function: Callable[..., None]) -> QueueTask:
        return cast(QueueTask, app.task(name=name)(function))

    return register


def celery_backend() -> bool:
    return settings.TASK_BACKEND == "celery"


def enqueue(task: QueueTask, *ids: int, countdown: float | None = None) -> None:
    """Run `task(*ids)` once the current transaction commits (at once outside one).

    With Celery it is sent to the broker (after `countdown` seconds, if given). In-process it runs here and
    now; a countdown means "later", which in-process is the sweep's to do.
    """
    arguments = tuple(int(pk) for pk in ids)
    if celery_backend():
        transaction.on_commit(lambda: _send(task, arguments, countdown))
    elif countdown:
        logger.debug("%s%s is due in %ss: the notices sweep runs it then", task.name, arguments, countdown)
    else:
        transaction.on_commit(lambda: _run(task, arguments))


def _send(task: QueueTask, arguments: tuple[int, ...], countdown: float | None) -> None:
    try:
        task.apply_async(args=arguments, countdown=countdown)
    except Exception:  # the broker may be down: the sweep queues it again
        logger.exception("Could not queue %s%s; the notices sweep will", task.name, arguments)


def _run(task: QueueTask, arguments: tuple[int, ...]) -> None:
    try:
        task(*arguments)
    except Exception:  # the caller's work is committed and stays done
        logger.exception("%s%s failed in-process; the notices sweep will try again", task.name, arguments)

"""`openecf notices-sweep [--all]`: deliver what was left behind: notices whose recipients were never planned
and deliveries still pending after a minute, due for a retry, or left SENDING by a process that died.

Run it every minute from cron in the embedded default (Celery's beat runs it where workers do)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from openecf.notices.queue import celery_backend
from openecf.notices.tasks import sweep_run


class Command(BaseCommand):
    help = (
        "Plan notices without a fan-out older than a minute and (re)queue the deliveries still pending, due "
        "for a retry, or left in flight by a process that died."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Take everything left over now, however recent (as a restarted worker does).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = sweep_run(age=dt.timedelta(0) if options["all"] else dt.timedelta(minutes=1))
        where = "queued for the workers" if celery_backend() else "tried now"
        self.stdout.write(
            f"{len(plan.notices)} notice(s) planned and {len(plan.deliveries)} delivery(ies) {where}."
        )

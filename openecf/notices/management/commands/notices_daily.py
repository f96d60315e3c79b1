"""`openecf notices-daily [--day YYYY-MM-DD] [--court ID]`: send the Daily Summaries (and "no activity"
notices) of a court day; by default each court's last day that has ended on its own clock. Running it again
sends nothing twice, and sends what an earlier run deferred.

Run it every ten minutes from cron in the embedded default (Celery's beat runs it where workers do)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.access.cases import CourtNotFound, access_court, courts_listed
from openecf.notices.daily import DailyRun, court_yesterday, daily_summaries_send
from openecf.text import has_control_characters


class Command(BaseCommand):
    help = (
        "Send the Daily Summaries and 'no activity' notices of a court day (default: each court's day that "
        "ended at its last midnight)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--day", default="", metavar="YYYY-MM-DD", help="The court day to summarise.")
        parser.add_argument("--court", default="", metavar="ID", help="Only this court (e.g. 'cit').")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["day"]:
            try:
                day = dt.date.fromisoformat(options["day"].strip())
            except ValueError:
                raise CommandError("--day must be a date written YYYY-MM-DD, e.g. 2026-03-16.") from None
        if options["court"]:
            if has_control_characters(options["court"]):
                raise CommandError("--court must not contain control characters.")
            try:
                courts = [access_court(options["court"])]
            except CourtNotFound as exc:
                raise CommandError(exc.message) from None
        else:
            courts = list(courts_listed())
        for court in courts:
            self._report(daily_summaries_send(court=court, day=day or court_yesterday(court)))

    def _report(self, run: DailyRun) -> None:
        line = f"{run.court_id} {run.day}: {len(run.sent)} sent"
        if run.deferred:
            line += f", {len(run.deferred)} deferred (sent again at the next run)"
        if run.failed:
            line += f", {len(run.failed)} failed (see the court's undelivered notices)"
        self.stdout.write(line + ".")

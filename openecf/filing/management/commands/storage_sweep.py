"""`openecf storage-sweep [--dry-run] [--grace-hours N]`: discard expired wizard drafts, then remove the
stored files no record refers to (left by rolled-back or killed filings, and by the drafts)."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openecf.errors import OpenECFError
from openecf.filing.sweep import storage_sweep_run
from openecf.numbers import whole_number_parse

# A filing stores its files before it commits: a shorter grace could remove the files of one in progress.
MIN_GRACE_HOURS = 1
MAX_GRACE_HOURS = 24 * 366 * 10


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


class Command(BaseCommand):
    help = (
        "Discard wizard drafts not changed for OPENECF_FILING_DRAFT_DAYS that never became a filing, then "
        "remove stored files no record refers to, last stored more than the grace period ago."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be removed; change nothing."
        )
        parser.add_argument(
            "--grace-hours",
            default="",
            metavar="N",
            help=f"Keep unreferenced files stored less than N hours ago (default "
            f"OPENECF_STORAGE_SWEEP_GRACE_HOURS, now {settings.OPENECF_STORAGE_SWEEP_GRACE_HOURS}; "
            f"at least {MIN_GRACE_HOURS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw, name = options["grace_hours"], "--grace-hours"
        if not raw:
            raw, name = str(settings.OPENECF_STORAGE_SWEEP_GRACE_HOURS), "OPENECF_STORAGE_SWEEP_GRACE_HOURS"
        dry_run = bool(options["dry_run"])
        try:
            hours = whole_number_parse(raw, name=name, minimum=MIN_GRACE_HOURS, maximum=MAX_GRACE_HOURS)
        except OpenECFError as exc:
            raise CommandError(exc.message) from None
        sweep = storage_sweep_run(grace=dt.timedelta(hours=hours), dry_run=dry_run, acting_user=None)
        files = sweep.files
        verb = "Would remove" if dry_run else "Removed"
        if sweep.drafts_discarded:
            ids = ", ".join(str(pk) for pk in sweep.drafts_discarded)
            self.stdout.write(
                f"{'Would discard' if dry_run else 'Discarded'} {len(sweep.drafts_discarded)} wizard "
                f"draft(s) not changed for {settings.OPENECF_FILING_DRAFT_DAYS} days: {ids}"
            )
        for item in files.removed:
            self.stdout.write(f"{verb} {item.key} ({item.size:,} bytes, stored {_when(item.modified_at)})")
        for item in files.incoming_removed:
            self.stdout.write(
                f"{verb} unfinished write {item.key} ({item.size:,} bytes, {_when(item.modified_at)})"
            )
        for key in files.missing:
            self.stderr.write(f"Missing: {key} is referred to by a record but not in storage.")
        self.stdout.write(
            f"{verb} {len(files.removed)} unreferenced file(s) and {len(files.incoming_removed)} unfinished "
            f"write(s), {files.removed_bytes:,} bytes, stored before {_when(files.older_than)} "
            f"(grace {hours} hours); kept {files.kept_referenced} referenced and {files.kept_recent} "
            f"newer unreferenced file(s)."
        )

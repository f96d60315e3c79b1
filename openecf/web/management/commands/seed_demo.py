"""`openecf seed-demo`: load the demo courts, cases and dockets (run by `make run` on an empty database)."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from openecf.demo.accounts import DEMO_ACCOUNTS
from openecf.demo.data import DEMO_PASSWORDS
from openecf.demo.seed import demo_has_cases, demo_is_complete, demo_is_seeded, demo_seed


def _positive(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Seed the demo: CIT and Federal Circuit, ~200 cases, one 10,000-entry docket, demo staff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when a court is already configured."
        )
        parser.add_argument("--cases", type=_positive, default=200, help="Cases in all (default 200).")
        parser.add_argument(
            "--big-entries",
            type=_positive,
            default=10_000,
            help="Docket entries of the big CIT case (default 10000; 0 for none).",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same demo).")

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_is_seeded():
            if options["if_empty"]:
                self.stdout.write("The database already holds a court; demo not loaded.")
                if demo_has_cases() and not demo_is_complete():
                    self.stderr.write(
                        "The demo did not finish loading last time (it was stopped half-way): this database "
                        "holds part of it. To load it whole, stop the server, remove var/ and run make run again."
                    )
                return
            if demo_has_cases():
                raise CommandError(
                    "The database already holds cases; seeding again would add a second demo. "
                    "Use an empty database, or --if-empty to skip."
                )
        started = time.monotonic()
        total = options["cases"] + options["big_entries"]
        with tqdm(total=total, desc="Seeding demo", unit="step", file=sys.stderr) as bar:
            summary = demo_seed(
                cases=options["cases"],
                big_entries=options["big_entries"],
                seed=options["seed"],
                progress=bar.update,
            )
            bar.n = total
            bar.refresh()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Seeded {summary.courts} courts, {summary.judges} judges, {summary.events} events, "
            f"{summary.cases} cases, {summary.entries} docket entries "
            f"({summary.sealed_cases} sealed case, {summary.sealed_entries} sealed entries) "
            f"in {seconds:.1f} s."
        )
        if summary.big_case:
            self.stdout.write(f"Big docket: cit {summary.big_case}")
        for username in summary.users:
            self.stdout.write(f"Demo account: {username} / {DEMO_PASSWORDS[username]}")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"Demo account: {account.username} / {account.password} ({account.role})")

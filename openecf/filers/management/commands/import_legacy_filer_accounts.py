"""`openecf import-legacy-filer-accounts FILE.csv --court COURT`: a court's pre-NextGen CM/ECF logins."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.access.cases import access_court
from openecf.errors import OpenECFError
from openecf.filers.legacy_logins import LEGACY_CSV_COLUMNS, legacy_filer_accounts_import


class Command(BaseCommand):
    help = (
        "Import a court's legacy CM/ECF filer logins from CSV with the columns "
        f"{', '.join(LEGACY_CSV_COLUMNS)} (password or password_hash). Logins are stored lowercase; "
        "plain passwords are hashed; re-importing the same file changes nothing; a bad file writes nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument("--court", required=True, help="Court id, e.g. 'cit'.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path.name} is not UTF-8 text; save the CSV as UTF-8.") from None
        try:
            court = access_court(options["court"])
            result = legacy_filer_accounts_import(court=court, csv_text=text, acting_user=None)
        except OpenECFError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"{court.name}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.skipped_linked} already linked (left as they are)"
        )

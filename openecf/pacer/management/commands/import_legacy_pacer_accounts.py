"""`openecf import-legacy-pacer-accounts FILE.csv`: bring PACER accounts over with their creation dates."""

from __future__ import annotations

import csv
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.errors import OpenECFError
from openecf.pacer.legacy import legacy_pacer_accounts_import


class Command(BaseCommand):
    help = (
        "Import PACER accounts from a CSV file with the columns username, password_hash or password, "
        "first_name, last_name, email, created_on (YYYY-MM-DD), shared (yes/no). Accounts created before "
        "2014-08-11 are legacy accounts. Accounts already present are left alone; a bad row refuses the file."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, header on the first line).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                columns = [name.strip() for name in reader.fieldnames or []]
                reader.fieldnames = columns
                rows = [(reader.line_num, row) for row in reader]
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"{path.name} is not a UTF-8 CSV file: {exc}.") from None
        try:
            result = legacy_pacer_accounts_import(columns=columns, rows=rows, acting_user=None)
        except OpenECFError as exc:
            raise CommandError(
                f"{path.name}: {' '.join(exc.message.split())} Nothing was imported."
            ) from None
        self.stdout.write(
            f"Imported {len(result.created)} PACER account(s); {len(result.already_present)} already present."
        )

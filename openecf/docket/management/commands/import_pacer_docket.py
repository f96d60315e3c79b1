"""`openecf import-pacer-docket FILE.html --court COURT`: migrate a docket from a legacy CM/ECF."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.docket.pacer_import import pacer_docket_import
from openecf.errors import OpenECFError

# Saved PACER pages are UTF-8 or, from older CM/ECF releases, Windows-1252.
_ENCODINGS = ("utf-8-sig", "cp1252")


def _read_page(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if raw.lstrip().startswith(b"%PDF"):
        raise CommandError(f"{path.name} is a PDF, not a saved PACER Docket Report (an HTML page).")
    for encoding in _ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


class Command(BaseCommand):
    help = "Import a saved PACER Docket Report (HTML) into this system, creating the case."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The Docket Report page saved as HTML.")
        parser.add_argument(
            "--court", required=True, help="Court id as in courts-db, e.g. 'cit', 'cafc', 'nysd'."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        html = _read_page(path)
        try:
            result = pacer_docket_import(html=html, court_id=options["court"], acting_user=None)
        except OpenECFError as exc:
            raise CommandError(" ".join(exc.message.split())) from None
        case = result.case
        if not result.created:
            self.stdout.write(f"Already imported {case.pacer_case_number} {case.short_title}")
            return
        counts = result.counts
        self.stdout.write(
            f"Imported {case.pacer_case_number} {case.short_title}: "
            f"{counts['parties']} parties, {counts['entries']} entries"
        )

"""`openecf check-pdf FILE…`: CM/ECF's "Check PDF Document" utility on the command line.

One line per file, `<file>: OK (N pages)` or `<file>: <the refusal>` in the words a filing would get, then the
warnings a filer would have to confirm, indented. Exit status 1 if any file is refused. The size limit is
the court's with `--court`, else the largest any court on this system accepts (50 MB when there is none).
Nothing is stored.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.access.cases import CourtNotFound, access_court
from openecf.documents.pdf import file_label, pdf_inspect, pdf_size_limit
from openecf.errors import InvalidInput
from openecf.text import has_control_characters


class Command(BaseCommand):
    help = (
        "Check PDF files as CM/ECF checks a filing's documents: one line per file (OK and its pages, or the "
        "refusal), its warnings indented below; exit status 1 if any file is refused."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="PDF files to check.")
        parser.add_argument(
            "--court",
            default="",
            help="Court id (e.g. 'cit'): use its file size limit instead of the largest.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        court = None
        if options["court"]:
            if has_control_characters(options["court"]):
                raise CommandError("--court must not contain control characters.")
            try:
                court = access_court(options["court"])
            except CourtNotFound as exc:
                raise CommandError(exc.message) from None
        max_bytes = pdf_size_limit(court)
        files: list[str] = options["files"]
        refused = sum(not self._check(name, max_bytes) for name in files)
        if refused:
            raise CommandError(f"{refused} of {len(files)} file{'s' if len(files) != 1 else ''} refused.")

    def _check(self, name: str, max_bytes: int) -> bool:
        """Print the file's line and warnings; False if it is refused."""
        try:
            with Path(name).open("rb") as file:
                # One byte more than the limit is enough to know the file is over it.
                content = file.read(max_bytes + 1)
        except OSError as exc:
            self.stdout.write(f"{file_label(name)}: cannot be read ({exc.strerror or exc}).")
            return False
        try:
            inspection = pdf_inspect(content, filename=name, max_bytes=max_bytes)
        except InvalidInput as refusal:
            self.stdout.write(refusal.message)
            return False
        pages = inspection.page_count
        self.stdout.write(f"{file_label(name)}: OK ({pages} page{'s' if pages != 1 else ''})")
        for warning in inspection.warnings:
            self.stdout.write(f"    WARNING: {warning.message}")
        return True

"""`openecf verify-document FILE --stamp "[STAMP …]"`: is this file the one the court stamped?

Prints the answer; exit status 0 when the file matches, 1 when it does not (or the stamp cannot be read).
What it tells is what the public may know, unless --as-user names an account to ask as.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.access.cases import CourtNotFound, access_court
from openecf.accounts.models import User
from openecf.accounts.selectors import account_by_username
from openecf.errors import OpenECFError
from openecf.filing.stamps import stamp_date_text, stamp_parse
from openecf.filing.verify import document_verify, verify_size_limit
from openecf.text import has_control_characters

WHICH_WORDS = {"as filed": "the document as filed", "stamped copy": "the court's stamped copy"}


def _one_line(message: str) -> str:
    return " ".join(message.split())


class Command(BaseCommand):
    help = (
        "Verify a file against its electronic document stamp (from the Notice of Electronic Filing): exit "
        "status 0 if it is the document the court stamped, 1 if not."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="The file to verify (a PDF as downloaded or served).")
        parser.add_argument(
            "--stamp", required=True, help="The stamp, '[STAMP …]]', quoted; line breaks in it are fine."
        )
        parser.add_argument(
            "--as-user", default="", metavar="USERNAME", help="Ask as this account instead of the public."
        )

    def _read(self, path: Path, limit: int) -> bytes:
        try:
            with path.open("rb") as file:
                content = file.read(limit + 1)
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
        if len(content) > limit:
            raise CommandError(
                f"{path}: larger than any document of this court ({limit} bytes), so it is not one of them."
            )
        return content

    def handle(self, *args: Any, **options: Any) -> None:
        if has_control_characters(options["as_user"]) or has_control_characters(options["file"]):
            raise CommandError("FILE and --as-user must not contain control characters.")
        viewer: User | None = None
        if options["as_user"]:
            viewer = account_by_username(options["as_user"], active_only=True)
            if viewer is None:
                raise CommandError(f"There is no active account '{options['as_user'][:150]}'.")
        path = Path(options["file"])
        try:
            parsed = stamp_parse(options["stamp"])
            try:
                limit = verify_size_limit(access_court(parsed.court_id))
            except CourtNotFound:
                limit = 0  # nothing to read: the answer is that the court is not on this system
            content = self._read(path, limit) if limit else b""
            result = document_verify(content=content, stamp_text=options["stamp"], user=viewer)
        except OpenECFError as exc:
            raise CommandError(_one_line(exc.message)) from None
        details = [
            ("Court", result.court_id),
            ("Case", result.case_number),
            ("Document", result.document_number),
            ("Filed", stamp_date_text(result.date_filed) if result.date_filed else None),
            ("File", WHICH_WORDS.get(result.which or "")),
        ]
        if result.matches:
            self.stdout.write(f"MATCHES: {result.message}")
        for label, value in details:
            if value:
                self.stdout.write(f"{label}: {value}")
        if not result.matches:
            raise CommandError(f"DOES NOT MATCH: {result.message}")

"""`openecf notices-bounce [--recipient ADDRESS] < message`: read one bounce (a delivery status notification)
from standard input and record it on the notice delivery its bounce address names.

Deliver the bounce mailbox (OPENECF_BOUNCE_MAILBOX, with its +extension addresses) to this command, e.g.
Postfix: `bounces: "|/srv/openecf/.venv/bin/openecf notices-bounce --recipient ${original_recipient}"`.
A message that is not a bounce of ours is ignored with a line that says why (exit status 0, so the mail
system does not bounce the bounce)."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.notices.bounce import bounce_read
from openecf.text import has_control_characters

# A bounce quotes at most the headers of the notice (or the notice itself): far less than this.
MAX_BOUNCE_BYTES = 10 * 1024 * 1024


class Command(BaseCommand):
    help = "Read one bounce e-mail on standard input and record it on its notice delivery."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--recipient",
            default="",
            metavar="ADDRESS",
            help="The address the bounce was delivered to (bounces+<id>-<check>@…), if not in its headers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recipient = str(options["recipient"])
        if has_control_characters(recipient):
            raise CommandError("--recipient must not contain control characters.")
        raw = sys.stdin.buffer.read(MAX_BOUNCE_BYTES + 1)
        if not raw.strip():
            raise CommandError("No message on standard input: pipe the bounce e-mail to this command.")
        if len(raw) > MAX_BOUNCE_BYTES:
            self.stdout.write("Ignored: the message is larger than any bounce of ours (10 MB).")
            return
        outcome = bounce_read(raw, recipient=recipient)
        self.stdout.write(outcome.message)

"""`openecf docket-report COURT CASE_NUMBER`: print a Docket Report as the site serves it, or as JSON."""

from __future__ import annotations

import json
import re
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from openecf.access.cases import access_case
from openecf.accounts.models import User
from openecf.accounts.selectors import account_by_username
from openecf.errors import OpenECFError
from openecf.reports.filters import PARAMETERS, docket_filters_parse
from openecf.reports.render import document_url_builder
from openecf.reports.selectors import docket_report_build
from openecf.reports.serialize import docket_report_json
from openecf.text import has_control_characters


def _option(parameter: str) -> str:
    return "--" + parameter.replace("_", "-")


# Parameter names as the filter parser writes them (date_from), to be shown as options (--date-from).
_PARAMETER_NAMES = re.compile(r"(?<![\w-])(" + "|".join(p for p in PARAMETERS if "_" in p) + r")\b")


def _one_line(error: OpenECFError) -> str:
    """The domain message, naming the command-line option rather than the query parameter."""
    message = " ".join(error.message.split())
    if error.field == "order" and message.startswith("order:"):
        message = "--" + message
    return _PARAMETER_NAMES.sub(lambda match: _option(match.group(1)), message)


class Command(BaseCommand):
    help = "Print the Docket Report of a case, as the public sees it unless --as-user is given."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("court", help="Court id, e.g. 'cit' or 'cafc'.")
        parser.add_argument("case_number", help="Case number, e.g. '1:20-cv-00012' or '20-1081'.")
        parser.add_argument("--format", choices=("html", "json"), default="html", help="Output form.")
        parser.add_argument("--date-from", default="", help="First date (YYYY-MM-DD or MM/DD/YYYY).")
        parser.add_argument("--date-to", default="", help="Last date (YYYY-MM-DD or MM/DD/YYYY).")
        parser.add_argument("--date-type", default="", help="Which date the range applies to: filed|entered.")
        parser.add_argument("--number-from", default="", help="First document number.")
        parser.add_argument("--number-to", default="", help="Last document number.")
        parser.add_argument("--order", default="", help="oldest|newest first.")
        parser.add_argument(
            "--as-user", default="", metavar="USERNAME", help="Read as this account instead of the public."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for name, shown_as in (("court", "court"), ("case_number", "case_number"), ("as_user", "--as-user")):
            if has_control_characters(options[name] or ""):
                raise CommandError(f"{shown_as}: must not contain control characters.")
        viewer: User | None = None
        if options["as_user"]:
            viewer = account_by_username(options["as_user"], active_only=True)
            if viewer is None:
                raise CommandError(f"There is no active account '{options['as_user'][:150]}'.")
        try:
            case = access_case(viewer, options["court"], options["case_number"])
            filters = docket_filters_parse({name: options[name] or "" for name in PARAMETERS})
            report = docket_report_build(case=case, viewer=viewer, filters=filters)
        except OpenECFError as exc:
            raise CommandError(_one_line(exc)) from None
        if options["format"] == "json":
            data = docket_report_json(report, document_url=document_url_builder(report.court.pk))
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        from openecf.reports.render import docket_report_html

        self.stdout.write(docket_report_html(report))

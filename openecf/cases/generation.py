"""The docket generation of a case: bumped by every change a Docket Report could show."""

from __future__ import annotations

from django.db.models import F

from openecf.cases.models import Case


def case_docket_generation_bump(*, case_id: int) -> None:
    """Called inside the changing service's transaction (and audited there): cached rows keyed by the
    old generation are never read again."""
    Case.objects.filter(pk=case_id).update(docket_generation=F("docket_generation") + 1)

"""Rules of the court about what may be filed together and in which order (seed 003 Q41, Q33, Q30)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openecf.cases.models import Case
from openecf.docket.models import DocketEntry, Event
from openecf.errors import InvalidInput

# Q41: after a Motion to Intervene, these are filed separately and in this order.
INTERVENTION_ORDER: tuple[str, ...] = (
    "motion_intervene",
    "form11",
    "form13",
    "form17_attorney",
    "form17_consultant",
)
INTERVENTION_RULE = (
    "Each document should be filed separately and in this order: Motion to Intervene, Form 11 Notice of "
    "Appearance, Form 13 Disclosure of Corporate Affiliations and Financial Interest, Form 17 Business "
    "Proprietary Information Certification for (attorneys) and Form 17 (consultants)."
)
_INTERVENTION_FORM = re.compile(
    r"\b(form\s*(11|13|17)|notice\s+of\s+appearance|disclosure\s+of\s+corporate|business\s+proprietary\s+"
    r"information\s+certification)\b",
    re.IGNORECASE,
)


def intervention_attachments_check(event: Event, descriptions: Sequence[str]) -> None:
    """A Motion to Intervene (or any step of Q41) may not carry the later steps as attachments."""
    if event.code not in INTERVENTION_ORDER:
        return
    for text in descriptions:
        if _INTERVENTION_FORM.search(text):
            raise InvalidInput(
                f"'{text[:80]}' must be filed as its own entry, not as an attachment. {INTERVENTION_RULE}",
                code="filing_order",
                field="attachments",
            )


def intervention_order_check(*, event: Event, case: Case, earlier: Sequence[DocketEntry]) -> None:
    """Refuse a step of Q41 filed before the steps that come ahead of it.

    `earlier` are the live entries (not stricken, not filed in error) the same filer made in the case. The
    order applies once that filer has moved to intervene; Form 17 (consultants) is optional and comes last.
    """
    if event.code not in INTERVENTION_ORDER[1:]:
        return
    filed_codes = {entry.event.code for entry in earlier if entry.event is not None}
    if "motion_intervene" not in filed_codes:
        return
    position = INTERVENTION_ORDER.index(event.code)
    for code in INTERVENTION_ORDER[1:position]:
        if code not in filed_codes:
            missing = (
                next((e.event.label for e in earlier if e.event is not None and e.event.code == code), None)
                or _LABELS[code]
            )
            raise InvalidInput(
                f"File the {missing} first. {INTERVENTION_RULE}", code="filing_order", field="event"
            )


_LABELS = {
    "motion_intervene": "Motion to Intervene",
    "form11": "Form 11 Notice of Appearance",
    "form13": "Form 13 Disclosure of Corporate Affiliations and Financial Interest",
    "form17_attorney": "Form 17 Business Proprietary Information Certification (attorneys)",
    "form17_consultant": "Form 17 Business Proprietary Information Certification (consultants)",
}

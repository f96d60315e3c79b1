"""Whether a notice may still go to a recipient: it carries the entry's docket text, so it goes only to those
who may read the entry when it is sent. An entry the clerk sealed (or restricted) after filing is not mailed,
resent or summarised to anyone else; the access layer's rules decide, as for every other path to the record."""

from __future__ import annotations

from openecf.access.docket import PUBLIC_ONLY, readable_restrictions
from openecf.access.policy import is_court_staff
from openecf.notices.models import NoticeDelivery, RecipientKind

WITHHELD_REASON = (
    "Not sent: the entry is sealed or restricted, and this recipient may not read it. The notice stays on the "
    "filing for the court."
)


def may_receive(delivery: NoticeDelivery) -> bool:
    """The filer and submitter always (it is their filing); chambers (court staff); anyone else if the access
    layer lets them read the entry now. A recipient without an account reads as the public does."""
    filing = delivery.notice.filing
    case, entry = filing.case, filing.docket_entry
    if delivery.kind == RecipientKind.CHAMBERS:
        return True
    if not case.is_sealed and entry.restriction in PUBLIC_ONLY:
        return True  # what anyone may read
    account = delivery.account
    if account is not None and account.pk in (filing.filer_id, filing.submitted_by_id):
        return True
    if case.is_sealed and (account is None or not is_court_staff(account, case.court_id)):
        return False
    return entry.restriction in readable_restrictions(account, case)

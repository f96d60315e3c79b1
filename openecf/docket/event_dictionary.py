"""Event dictionaries of the demo courts (CIT, CAFC) as data, and the service that loads them.

Labels follow the courts' own CM/ECF menus and forms. Fees are left at 0 where the current
Schedule of Fees could not be confirmed; the clerk sets them with `event_define`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from openecf.accounts.models import User
from openecf.courts.models import Court
from openecf.docket.models import Event, EventQuerySet
from openecf.docket.services import event_define
from openecf.errors import InvalidInput

FILED_BY = "{label}{related}. Filed by {filer} on behalf of {parties}."
COURT_ORDER = "{label} {text}{related}."
MINUTE = "{text}"
APPELLATE_FILED = "{label}{related} for {parties}. Filed by {filer}."


@dataclass(frozen=True)
class EventDefinition:
    """One event of a court's dictionary, as `event_define` takes it."""

    code: str
    label: str
    menu: str
    keywords: str = ""
    document_required: bool = True
    opens_case: bool = False
    numbered: bool = True
    fee: Decimal = Decimal("0.00")
    prompts_related_entry: bool = False
    docket_text_template: str = FILED_BY
    staff_only: bool = False
    text_extendable: bool = True
    confidential: bool = False
    after_hours: bool = False
    joins_case: bool = False
    manual_filing: bool = False
    certification: str = ""
    date_prompt: str = ""
    deadline_days: int | None = None
    deadline_label: str = ""


INITIAL = "Initial Pleadings and Service"
MOTIONS = "Motions"
RESPONSES = "Responses and Replies"
NOTICES = "Notices"
OTHER = "Other Filings"
ORDERS = "Orders and Judgments"

CIT_EVENTS: tuple[EventDefinition, ...] = (
    # Initial pleadings (USCIT R. 3: a 1581(a)/(b) action starts with a summons alone).
    # The fee is the CIT's for a summons commencing a 28 U.S.C. 1581(a) action; courts confirm theirs.
    EventDefinition(
        "summons",
        "Summons",
        INITIAL,
        "commence action new case protest 1581",
        opens_case=True,
        fee=Decimal("150.00"),
    ),
    EventDefinition(
        "complaint",
        "Complaint",
        INITIAL,
        "pleading initial claims",
        deadline_days=60,
        deadline_label="Answer due",
    ),
    EventDefinition("amended_complaint", "Amended Complaint", INITIAL, "pleading amend"),
    EventDefinition("answer", "Answer", INITIAL, "pleading respond complaint", prompts_related_entry=True),
    EventDefinition(
        "form5", "Form 5 Information Statement", INITIAL, "information statement form 5 cover sheet"
    ),
    EventDefinition(
        "form13",
        "Form 13 Disclosure of Corporate Affiliations and Financial Interest",
        INITIAL,
        "corporate disclosure statement form 13 affiliations financial interest",
    ),
    EventDefinition(
        "summons_served",
        "Summons served by Clerk's Office",
        INITIAL,
        "service summons clerk",
        document_required=False,
        prompts_related_entry=True,
        docket_text_template="{label}{related} upon {parties}.",
        staff_only=True,
    ),
    EventDefinition(
        "certificate_of_service",
        "Certificate of Service",
        INITIAL,
        "service proof certificate",
        prompts_related_entry=True,
    ),
    # Notices
    EventDefinition(
        "form11", "Form 11 Notice of Appearance", NOTICES, "appearance attorney form 11", joins_case=True
    ),
    EventDefinition(
        "notice_substitution",
        "Notice of Substitution of Attorney",
        NOTICES,
        "substitution counsel withdraw attorney",
    ),
    EventDefinition(
        "notice_consent_electronic_service",
        "Notice of consent to Electronic Service",
        NOTICES,
        "electronic service consent e-mail",
    ),
    EventDefinition(
        "notice_manual_filing",
        "Notice of Manual Filing",
        NOTICES,
        "manual paper physical exhibit sample hand delivered classified",
        manual_filing=True,
    ),
    EventDefinition(
        "notice_manual_filing_exhibit",
        "Notice of Manual Filing of Physical Exhibit or Item (with Form 23 Certification)",
        NOTICES,
        "manual physical exhibit item sample form 23 certification 80(h)",
        manual_filing=True,
        certification=(
            "Form 23 Certification of Filing and Service of Physical Exhibit or Item (USCIT R. 80(h)): I "
            "certify that the physical exhibit or item described in this notice has been sent or "
            "hand-delivered to the Clerk and served on every party."
        ),
    ),
    EventDefinition(
        "notice_supplemental_authority",
        "Notice of Supplemental Authority",
        NOTICES,
        "supplemental authority new decision",
        prompts_related_entry=True,
    ),
    EventDefinition(
        "notice_dismissal", "Notice of Dismissal", NOTICES, "voluntary dismissal form 8 withdraw"
    ),
    EventDefinition(
        "notice_appeal",
        "Notice of Appeal to the U.S. Court of Appeals for the Federal Circuit",
        NOTICES,
        "appeal federal circuit cafc",
        prompts_related_entry=True,
    ),
    # Motions
    EventDefinition(
        "motion", "Motion", MOTIONS, "motion other general", deadline_days=21, deadline_label="Responses due"
    ),
    EventDefinition(
        "motion_intervene",
        "Motion to Intervene",
        MOTIONS,
        "intervene intervention intervenor defendant-intervenor plaintiff-intervenor",
        joins_case=True,
        deadline_days=21,
        deadline_label="Responses due",
    ),
    EventDefinition(
        "motion_extension",
        "Motion for Extension of Time",
        MOTIONS,
        "extension enlarge time deadline",
        prompts_related_entry=True,
        date_prompt="Proposed new deadline",
    ),
    EventDefinition("consent_motion", "Consent Motion", MOTIONS, "consent unopposed agreed joint motion"),
    EventDefinition(
        "motion_judgment_agency_record",
        "Motion for Judgment on the Agency Record (USCIT R. 56.2)",
        MOTIONS,
        "56.2 agency record judgment brief merits",
    ),
    EventDefinition(
        "motion_summary_judgment",
        "Motion for Summary Judgment",
        MOTIONS,
        "summary judgment rule 56 cross-motion",
    ),
    EventDefinition("motion_dismiss", "Motion to Dismiss", MOTIONS, "dismiss jurisdiction 12(b) failure"),
    EventDefinition("motion_remand", "Motion for Voluntary Remand", MOTIONS, "remand voluntary"),
    EventDefinition("motion_stay", "Motion to Stay", MOTIONS, "stay suspend proceedings test case"),
    EventDefinition(
        "motion_preliminary_injunction",
        "Motion for Preliminary Injunction",
        MOTIONS,
        "injunction liquidation enjoin TRO temporary restraining order",
    ),
    EventDefinition("motion_oral_argument", "Motion for Oral Argument", MOTIONS, "oral argument hearing"),
    EventDefinition(
        "z_motion",
        "Z-Motion (filed after the Clerk's Office closed)",
        MOTIONS,
        "z after hours late emergency filing date preserve",
        after_hours=True,
    ),
    # Responses and replies
    EventDefinition(
        "response",
        "Response to motion",
        RESPONSES,
        "response opposition oppose",
        prompts_related_entry=True,
    ),
    EventDefinition("reply", "Reply to response to motion", RESPONSES, "reply", prompts_related_entry=True),
    EventDefinition(
        "response_brief_56_2",
        "Response Brief to Motion for Judgment on the Agency Record",
        RESPONSES,
        "56.2 response brief agency record",
        prompts_related_entry=True,
    ),
    EventDefinition(
        "reply_brief_56_2",
        "Reply Brief in support of Motion for Judgment on the Agency Record",
        RESPONSES,
        "56.2 reply brief agency record",
        prompts_related_entry=True,
    ),
    EventDefinition(
        "remand_comments",
        "Comments on Remand Results",
        RESPONSES,
        "remand redetermination comments",
        prompts_related_entry=True,
    ),
    # Other filings
    EventDefinition(
        "form17_attorney",
        "Form 17 Business Proprietary Information Certification (attorney)",
        OTHER,
        "bpi confidential business proprietary certification form 17 attorney",
    ),
    EventDefinition(
        "form17_consultant",
        "Form 17 Business Proprietary Information Certification (consultant)",
        OTHER,
        "bpi confidential business proprietary certification form 17 consultant expert",
    ),
    EventDefinition(
        "administrative_record",
        "Administrative Record",
        OTHER,
        "agency record index certified list public confidential",
    ),
    EventDefinition(
        "remand_results",
        "Remand Results",
        OTHER,
        "remand redetermination results commerce",
        prompts_related_entry=True,
    ),
    EventDefinition(
        "z_document",
        "Z-Document (filed after the Clerk's Office closed)",
        OTHER,
        "z after hours late filing date preserve",
        after_hours=True,
    ),
    EventDefinition(
        "confidential_document",
        "Confidential Document (business proprietary information)",
        OTHER,
        "confidential bpi business proprietary sealed brief version",
        confidential=True,
    ),
    EventDefinition(
        "proposed_order",
        "Proposed Order",
        OTHER,
        "proposed order draft",
        prompts_related_entry=True,
    ),
    EventDefinition("stipulation", "Stipulation", OTHER, "stipulation agreed judgment settlement"),
    EventDefinition("joint_status_report", "Joint Status Report", OTHER, "status report joint schedule"),
    EventDefinition("exhibit", "Exhibits", OTHER, "exhibit attachment", prompts_related_entry=True),
    # Orders and judgments: docketed by the court only.
    EventDefinition(
        "order",
        "Order",
        ORDERS,
        "order ruling",
        prompts_related_entry=True,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "scheduling_order",
        "Scheduling Order",
        ORDERS,
        "schedule briefing deadlines",
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "order_assigning",
        "Order of assignment",
        ORDERS,
        "assign judge three-judge panel reassign",
        document_required=False,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "order_consolidation",
        "Order of consolidation",
        ORDERS,
        "consolidate consolidation lead member",
        prompts_related_entry=True,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "slip_opinion",
        "Slip Opinion",
        ORDERS,
        "opinion decision slip op",
        prompts_related_entry=True,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "judgment",
        "Judgment",
        ORDERS,
        "judgment final decision",
        prompts_related_entry=True,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "mandate_received",
        "Mandate of the U.S. Court of Appeals for the Federal Circuit",
        ORDERS,
        "mandate cafc appeal returned",
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "minute_entry",
        "Minute entry",
        ORDERS,
        "minute conference hearing held teleconference",
        document_required=False,
        numbered=False,
        docket_text_template=MINUTE,
        staff_only=True,
    ),
)

INITIAL_APPELLATE = "Case Opening"
BRIEFS = "Briefs and Appendices"

CAFC_EVENTS: tuple[EventDefinition, ...] = (
    EventDefinition(
        "notice_docketing",
        "Notice of Docketing",
        INITIAL_APPELLATE,
        "docketed appeal new case notice of appeal received",
        document_required=False,
        opens_case=True,
        docket_text_template="{label}: {text}",
        staff_only=True,
    ),
    # The $600 docketing fee of the Federal Circuit's schedule (from Dec. 1, 2023).
    EventDefinition(
        "petition_for_review",
        "Petition for Review",
        INITIAL_APPELLATE,
        "petition review agency new case",
        opens_case=True,
        fee=Decimal("600.00"),
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "docketing_statement",
        "Docketing Statement",
        INITIAL_APPELLATE,
        "docketing statement related cases",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "certificate_of_interest",
        "Certificate of Interest",
        INITIAL_APPELLATE,
        "certificate interest real party disclosure form 9",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "entry_of_appearance",
        "Entry of Appearance",
        INITIAL_APPELLATE,
        "appearance counsel principal attorney form 8",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "certified_list",
        "Certified List",
        INITIAL_APPELLATE,
        "certified list index record trial court",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "opening_brief",
        "Opening Brief",
        BRIEFS,
        "brief principal appellant opening",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "response_brief",
        "Response Brief",
        BRIEFS,
        "brief appellee response red",
        prompts_related_entry=True,
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "reply_brief",
        "Reply Brief",
        BRIEFS,
        "brief reply gray",
        prompts_related_entry=True,
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "amicus_brief",
        "Amicus Brief",
        BRIEFS,
        "amicus curiae friend of the court",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "joint_appendix",
        "Joint Appendix",
        BRIEFS,
        "appendix joint record",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "motion",
        "Motion",
        MOTIONS,
        "motion general relief",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "motion_extension",
        "Motion for Extension of Time",
        MOTIONS,
        "extension time brief deadline",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "motion_intervene",
        "Motion to Intervene",
        MOTIONS,
        "intervene intervention intervenor",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "response_to_motion",
        "Response to Motion",
        RESPONSES,
        "response opposition",
        prompts_related_entry=True,
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "reply_to_response",
        "Reply to Response to Motion",
        RESPONSES,
        "reply",
        prompts_related_entry=True,
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "petition_rehearing",
        "Petition for Panel Rehearing and Rehearing En Banc",
        MOTIONS,
        "rehearing en banc panel petition",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "bill_of_costs",
        "Bill of Costs",
        OTHER,
        "costs taxation form 24",
        docket_text_template=APPELLATE_FILED,
    ),
    EventDefinition(
        "notice_oral_argument",
        "Notice of Oral Argument",
        NOTICES,
        "oral argument calendar session",
        document_required=False,
        docket_text_template="{label}: {text}",
        staff_only=True,
    ),
    EventDefinition(
        "oral_argument_held",
        "Oral argument held",
        ORDERS,
        "argued heard oral argument panel",
        document_required=False,
        numbered=False,
        docket_text_template=MINUTE,
        staff_only=True,
    ),
    EventDefinition(
        "order",
        "Order",
        ORDERS,
        "order ruling clerk",
        prompts_related_entry=True,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "opinion",
        "Opinion",
        ORDERS,
        "opinion precedential nonprecedential decision",
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "judgment",
        "Judgment",
        ORDERS,
        "judgment affirmed reversed vacated remanded rule 36",
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
    EventDefinition(
        "mandate",
        "Mandate",
        ORDERS,
        "mandate issued",
        document_required=False,
        docket_text_template=COURT_ORDER,
        staff_only=True,
    ),
)

EVENT_DICTIONARIES: dict[str, tuple[EventDefinition, ...]] = {
    "cit": CIT_EVENTS,
    "cafc": CAFC_EVENTS,
}


@transaction.atomic
def event_dictionary_load(*, court: Court, acting_user: User | None) -> int:
    """Define every event of the court's dictionary; loading again redefines them, adding none."""
    definitions = EVENT_DICTIONARIES.get(court.pk)
    if definitions is None:
        raise InvalidInput(
            f"There is no event dictionary for '{court.pk}'; dictionaries exist for "
            f"{', '.join(sorted(EVENT_DICTIONARIES))}. Define its events one by one instead.",
            code="no_event_dictionary",
            field="court",
        )
    for definition in definitions:
        event_define(
            court=court,
            acting_user=acting_user,
            code=definition.code,
            label=definition.label,
            menu=definition.menu,
            keywords=definition.keywords,
            document_required=definition.document_required,
            opens_case=definition.opens_case,
            numbered=definition.numbered,
            fee=definition.fee,
            prompts_related_entry=definition.prompts_related_entry,
            docket_text_template=definition.docket_text_template,
            staff_only=definition.staff_only,
            text_extendable=definition.text_extendable,
            confidential=definition.confidential,
            after_hours=definition.after_hours,
            joins_case=definition.joins_case,
            manual_filing=definition.manual_filing,
            certification=definition.certification,
            date_prompt=definition.date_prompt,
            deadline_days=definition.deadline_days,
            deadline_label=definition.deadline_label,
        )
    return len(definitions)


def event_search(*, court: Court, query: str, include_staff_only: bool = False) -> EventQuerySet:
    """Active events whose label, code or keywords contain every word of the query."""
    events = Event.objects.for_court(court).filter(active=True)
    if not include_staff_only:
        events = events.filter(staff_only=False)
    for word in query.split()[:10]:
        events = events.filter(
            Q(label__icontains=word) | Q(keywords__icontains=word) | Q(code__icontains=word)
        )
    return events.order_by("menu", "label")

"""Input and output shapes of the filing API (openecf/api/filing.py).

The multipart forms are read as text: numbers through `openecf.numbers`, words through the filing service's
own checks, so that a bad value is a 400 naming the field, whichever way in it came.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from openecf.api.schemas import DIGITS_PATTERN, PRINTABLE_PATTERN

_DATE_PATTERN = "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})?$"


class EventQuery(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Words of the event's name, code or keywords, e.g. 'extension'; empty for every event.",
        json_schema_extra={"pattern": PRINTABLE_PATTERN},
    )


class EventOut(Schema):
    code: str = Field(description="What to send as `event` when filing, e.g. 'motion_extension'.")
    label: str = Field(description="The event's name on the court's menus.")
    menu: str
    document_required: bool = Field(description="A PDF must be attached.")
    fee: str = Field(description="Filing fee in dollars, e.g. '150.00'; '0.00' for none.")
    opens_case: bool = Field(description="Filing it opens a new case (POST /courts/{court}/filings).")
    prompts_related_entry: bool = Field(description="It refers to earlier entries (`related_entries`).")
    date_prompt: str = Field(description="A date it asks for (`prompted_date`), or ''.")
    certification: str = Field(description="The certification the filer makes (`certify`), or ''.")
    confidential: bool = Field(description="Confidential (BPI): Confidential Information Filers only.")
    after_hours: bool = Field(description="A Z-event: only after the Clerk's Office closes.")


class MyCasesQuery(Schema):
    on_behalf_of: str = Field(
        "",
        max_length=150,
        description="A filing agent: the PACER username of the attorney in whose name they file.",
        json_schema_extra={"pattern": PRINTABLE_PATTERN},
    )
    page: str = Field(
        "1",
        max_length=6,
        description="Page number, from 1.",
        json_schema_extra={"pattern": "^[1-9][0-9]{0,5}$"},
    )


class FiledForPartyOut(Schema):
    id: int | None = Field(description="Send it in `parties` to file for this party; null before it exists.")
    name: str
    role: str = Field(description="Role, e.g. 'plaintiff'.")
    role_label: str = Field(description="Role as printed on the docket, e.g. 'Plaintiff'.")


class PersonOut(Schema):
    username: str = Field(description="PACER username.")
    name: str


class MyCaseOut(Schema):
    docket_number: str = Field(description="PACER form, e.g. '1:20-cv-00012'.")
    display_number: str = Field(description="The court's form, e.g. 'Court No. 20-00012'.")
    case_name: str = Field(description="Short title.")
    parties: list[FiledForPartyOut] = Field(description="The parties the filer stands for in the case.")


class MyCasesOut(Schema):
    filer: PersonOut = Field(description="The filer in whose name filings are made.")
    count: int = Field(description="Number of cases on all pages.")
    page: int
    page_size: int
    items: list[MyCaseOut]


class FilingForm(Schema):
    """The fields of a filing in an existing case (multipart/form-data); repeated fields are lists."""

    event: str = Field(
        min_length=1, max_length=40, description="The event's code (GET /courts/{court}/events)."
    )
    description: str = Field("", max_length=300, description="Words describing the main document.")
    attachment_categories: list[str] = Field(
        [],
        max_length=100,
        description="One per file in `attachments`, in the same order, e.g. 'Exhibit', 'Proposed Order'.",
    )
    attachment_descriptions: list[str] = Field(
        [],
        max_length=100,
        description="None, or one per file in `attachments`, in the same order (e.g. 'A').",
    )
    parties: list[str] = Field(
        [],
        max_length=100,
        description="Ids of the parties filed for (GET /courts/{court}/my-cases); none: all you stand for.",
        json_schema_extra={"items": {"type": "string", "pattern": "^[0-9]{1,9}$"}},
    )
    related_entries: list[str] = Field(
        [],
        max_length=100,
        description="Docket numbers of the earlier entries it refers to.",
        json_schema_extra={"items": {"type": "string", "pattern": "^[0-9]{1,9}$"}},
    )
    join_party: str = Field(
        "",
        max_length=9,
        description="Form 11 Notice of Appearance: the id of the party you appear for.",
        json_schema_extra={"pattern": DIGITS_PATTERN},
    )
    new_party_name: str = Field("", max_length=500, description="Motion to Intervene: the movant's name.")
    new_party_role: str = Field(
        "intervenor",
        max_length=24,
        description="Motion to Intervene: the movant's role, e.g. 'defendant_intervenor'.",
    )
    prompted_date: str = Field(
        "",
        max_length=10,
        description="The date the event asks for, YYYY-MM-DD or MM/DD/YYYY.",
        json_schema_extra={"pattern": _DATE_PATTERN},
    )
    docket_text_extra: str = Field("", max_length=1000, description="Words added to the docket text.")
    confidential: bool = Field(False, description="Confidential (BPI) material.")
    confirm_warnings: bool = Field(
        False, description="You have read the warnings about your PDFs (see the dry run) and file anyway."
    )
    certify: bool = Field(False, description="You make the event's certification.")
    on_behalf_of: str = Field(
        "", max_length=150, description="A filing agent: the attorney's PACER username."
    )
    card_number: str = Field("", max_length=30, description="The card paying a filing fee.")
    card_exp_month: str = Field(
        "", max_length=2, description="1-12.", json_schema_extra={"pattern": DIGITS_PATTERN}
    )
    card_exp_year: str = Field(
        "", max_length=4, description="Four digits.", json_schema_extra={"pattern": DIGITS_PATTERN}
    )
    card_cvv: str = Field("", max_length=4, json_schema_extra={"pattern": DIGITS_PATTERN})
    card_name: str = Field("", max_length=100, description="The name on the card.")


class NewCaseForm(FilingForm):
    """A case-opening filing (e.g. the CIT's Summons): the filing's fields and the new case's."""

    plaintiffs: list[str] = Field(
        [], max_length=50, description="The plaintiffs' names (you file for them); at least one."
    )
    defendants: list[str] = Field(
        [], max_length=50, description="The defendants' names; none: 'United States'."
    )
    short_title: str = Field("", max_length=300, description="e.g. 'Acme Corp. v. United States'.")
    nature_of_suit: str = Field("", max_length=300)
    agency: str = Field("", max_length=300)
    product_description: str = Field("", max_length=300)
    export_country: str = Field("", max_length=300)


class DeadlineOut(Schema):
    label: str = Field(description="What falls due, e.g. 'Responses due'.")
    due: dt.date


class CheckedDocumentOut(Schema):
    filename: str
    attachment_number: int = Field(description="0 for the main document.")
    pages: int
    warnings: list[str] = Field(
        description="What to check before filing it; filing needs `confirm_warnings`."
    )


class EventBriefOut(Schema):
    code: str
    label: str


class PartyToServeOut(Schema):
    name: str
    role: str = Field(description="The party's role as the docket prints it, e.g. 'Defendant'.")
    postal_address: str = Field(description="Lines separated by newlines; '' when the court has none.")


class FilingCheckOut(Schema):
    event: EventBriefOut
    case_number: str | None = Field(description="PACER form; null when the filing opens a new case.")
    filer: str = Field(description="The filer as the docket text names them.")
    docket_text: str = Field(description="The docket text it would make.")
    date_filed: dt.date = Field(description="The filing date it would have now (the court's date).")
    fee: str = Field(description="Filing fee in dollars, e.g. '150.00'.")
    warnings: list[str] = Field(description="Every document's warnings, each with its file name.")
    deadline: DeadlineOut | None = Field(description="The deadline it would set.")
    reminders: list[str]
    parties: list[FiledForPartyOut] = Field(description="The parties it is filed for.")
    documents: list[CheckedDocumentOut]
    service_by_other_means: list[PartyToServeOut] = Field(
        description="The parties its notice would not serve: serve them by other means, then file a "
        "Certificate of Service (see `reminders`)."
    )


class DocumentOut(Schema):
    id: str = Field(description="The document's public id.")
    attachment_number: int = Field(description="0 for the main document.")
    filename: str
    pages: int
    url: str = Field(description="The stamped PDF, as filed.")
    stamp: str = Field(description="Its electronic document stamp, as the notice prints it.")


class NoticeOut(Schema):
    id: int
    generated_at: dt.datetime
    case_number: str
    case_name: str
    filer_name: str
    document_number: str
    docket_text: str
    entered_by: str


class FilingOut(Schema):
    id: int = Field(description="The filing's id (GET /filings/{id}).")
    entry_number: int | None = Field(description="Docket number of the entry.")
    filed_at: dt.datetime
    date_filed: dt.date = Field(description="The court's date of filing.")
    court: str
    case_number: str = Field(description="PACER form, e.g. '1:20-cv-00012'.")
    display_case_number: str
    event: EventBriefOut
    docket_text: str
    filer: PersonOut
    submitted_by: PersonOut = Field(description="The filer, or the filing agent who filed for them.")
    via: str = Field(description="'web' or 'api'.")
    fee: str = Field(description="Fee charged in dollars, e.g. '150.00'.")
    documents: list[DocumentOut]
    notice: NoticeOut = Field(description="The Notice of Electronic Filing (the latest, if regenerated).")
    service_by_other_means: list[PartyToServeOut] = Field(
        description="The parties the notice does not serve: serve them by other means (the web's service "
        "packet prints a cover sheet for each), then file a Certificate of Service."
    )

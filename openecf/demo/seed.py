"""Seed the demo: both courts, their judges and event dictionaries, ~200 cases and one 10,000-entry docket.

Every write goes through a service. Companies, attorneys and firms are invented; the judges, the
agencies, the statutes and the kinds of filings are real. The same seed gives the same record.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from openecf.accounts.selectors import account_by_username
from openecf.accounts.services import staff_account_create
from openecf.audit.models import AuditEvent
from openecf.audit.services import audit_event_record
from openecf.cases.models import (
    Attorney,
    Case,
    CaseRestriction,
    Party,
    PartyRole,
)
from openecf.cases.services import (
    attorney_create,
    case_consolidate,
    case_open,
    case_restriction_set,
    case_terminate,
    party_add,
    representation_add,
)
from openecf.courts.catalog import catalog_court_configure
from openecf.courts.models import Court, CourtRoleKind, Judge
from openecf.courts.roles import court_roles_of
from openecf.courts.services import court_role_grant, judge_add
from openecf.demo.accounts import demo_accounts_create, demo_filers_place
from openecf.demo.data import (
    CAFC_JUDGES,
    CBP,
    CIT_JUDGES,
    COMMERCE,
    DEMO_PASSWORDS,
    DOJ,
    DOJ_NY,
    FIRMS,
    FORMS,
    IMPORTER_WORDS,
    ITC,
    LAST_DAY,
    PAGES,
    PLACES,
    PRODUCTS,
    PROTEST_ISSUES,
    RESIDUAL_ISSUES,
    TRADE_NAMES,
)
from openecf.docket.event_dictionary import event_dictionary_load
from openecf.docket.models import DocketEntry, EntryRestriction, Event
from openecf.docket.services import docket_text_compose
from openecf.documents.services import (
    DocumentUpload,
    docket_entry_restrict,
    docket_entry_with_documents_create,
)
from openecf.documents.testing import make_pdf

Progress = Callable[[int], object]


@dataclass
class SeedSummary:
    courts: int = 0
    judges: int = 0
    events: int = 0
    cases: int = 0
    entries: int = 0
    sealed_cases: int = 0
    sealed_entries: int = 0
    users: list[str] = field(default_factory=list)
    big_case: str = ""


def demo_is_seeded() -> bool:
    """The demo (or any other record) is present when a court is configured."""
    return Court.objects.exists()


DEMO_COMPLETE_KIND = "demo.seeded"


def demo_is_complete() -> bool:
    """Whether a demo load ran to its end (one stopped half-way leaves part of the demo)."""
    return AuditEvent.objects.filter(kind=DEMO_COMPLETE_KIND).exists()


def demo_has_cases() -> bool:
    """Whether any court holds a case (seeding again would then add a second demo)."""
    return Case.objects.exists()


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _filer(attorney: Attorney) -> str:
    return f"{attorney.name} of {attorney.firm}"


class _Docket:
    """Dockets entries on one case in date order, stopping quietly at LAST_DAY."""

    def __init__(self, seeder: _Seeder, case: Case, start: dt.date) -> None:
        self.seeder = seeder
        self.case = case
        self.day = start
        self.stopped = False
        self.events = seeder.events[case.court_id]

    def wait(self, low: int, high: int) -> None:
        self.day = _weekday(self.day + dt.timedelta(days=self.seeder.rng.randint(low, high)))
        if self.day > LAST_DAY:
            self.stopped = True

    def file(
        self,
        code: str,
        *,
        by: Attorney | None = None,
        parties: Sequence[Party] = (),
        related: Sequence[DocketEntry | None] = (),
        text: str = "",
        attachments: Sequence[str] = (),
        seal: bool = False,
    ) -> DocketEntry | None:
        if self.stopped:
            return None
        event = self.events[code]
        links = [entry for entry in related if entry is not None]
        composed = docket_text_compose(
            event=event, filer=_filer(by) if by else "", parties=parties, related=links, text=text
        )
        documents: list[DocumentUpload] = []
        if event.document_required:
            documents.append(self.seeder.pdf(code, event))
            documents.extend(self.seeder.pdf(name, None) for name in attachments)
        entry = docket_entry_with_documents_create(
            case=self.case,
            acting_user=None,
            event=event,
            text=composed,
            date_filed=self.day,
            filer_name=_filer(by) if by else "",
            filed_for=parties,
            related_entries=links,
            documents=documents,
            # Sealed from the start, so its documents are sealed too (a later seal leaves them as they are).
            restriction=EntryRestriction.SEALED if seal else EntryRestriction.PUBLIC,
        )
        self.seeder.summary.entries += 1
        if seal:
            docket_entry_restrict(
                entry=entry,
                restriction=EntryRestriction.SEALED,
                acting_user=None,
                note="Sealed: contains business proprietary information.",
            )
            self.seeder.summary.sealed_entries += 1
        return entry


@dataclass
class _Side:
    party: Party
    attorneys: list[Attorney]

    @property
    def lead(self) -> Attorney:
        return self.attorneys[0]


class _Seeder:
    def __init__(self, *, seed: int, progress: Progress | None) -> None:
        self.rng = random.Random(seed)  # noqa: S311 — demo data, not security
        self.progress = progress or (lambda _n: None)
        self.summary = SeedSummary()
        self.events: dict[str, dict[str, Event]] = {}
        self.judges: dict[str, list[Judge]] = {}
        self.firms: dict[str, list[list[Attorney]]] = {}
        self.government: dict[str, dict[str, list[Attorney]]] = {}
        self._pdfs: dict[str, DocumentUpload] = {}
        self.members: dict[int, list[Case]] = {}
        self.slip_numbers: dict[int, int] = {}
        self.courts: dict[str, Court] = {}

    # -- shared pieces --------------------------------------------------------------------------
    def pdf(self, name: str, event: Event | None) -> DocumentUpload:
        """A handful of PDFs reused everywhere: content-addressed storage keeps one copy of each."""
        if name not in self._pdfs:
            title = event.label if event else name
            self._pdfs[name] = DocumentUpload(make_pdf(f"{title} - OpenECF demo", PAGES.get(name, 3)), title)
        upload = self._pdfs[name]
        return upload if event else DocumentUpload(upload.content, name)

    def courts_seed(self) -> None:
        for court_id, judges in (("cit", CIT_JUDGES), ("cafc", CAFC_JUDGES)):
            court = catalog_court_configure(court_id)
            self.courts[court_id] = court
            self.summary.courts += 1
            self.judges[court_id] = [
                judge_add(
                    court=court,
                    name=name,
                    initials=initials,
                    title=title,
                    # Notices of the judge's cases go to chambers (the demo's addresses lead nowhere).
                    chambers_email=f"chambers.{initials.lower() or 'judge'}@{court_id}.openecf.invalid",
                    acting_user=None,
                )
                for name, initials, title in judges
            ]
            self.summary.judges += len(judges)
            self.summary.events += event_dictionary_load(court=court, acting_user=None)
            self.events[court_id] = {e.code: e for e in Event.objects.for_court(court)}
            self._attorneys_seed(court)

    def _attorneys_seed(self, court: Court) -> None:
        def person(firm: str, street: str, phone: str, domain: str, *, name: str, n: int) -> Attorney:
            first, last = name.split(maxsplit=1)[0], name.rsplit(maxsplit=1)[-1]
            return attorney_create(
                court=court,
                name=name,
                firm=firm,
                address=street,
                phone=f"{phone}{n:02d}",
                email=f"{first[0].lower()}{last.lower()}@{domain}",
                acting_user=None,
            )

        self.firms[court.pk] = [
            [person(f, f"{street}\n{city}", phone, domain, name=n, n=i) for i, n in enumerate(names)]
            for f, street, city, phone, domain, names in FIRMS
        ]
        self.government[court.pk] = {
            key: [person(firm, address, phone, domain, name=n, n=i) for i, n in enumerate(names)]
            for key, (firm, address, phone, domain, names) in {
                "doj": DOJ,
                "doj_ny": DOJ_NY,
                "itc": ITC,
            }.items()
        }

    def users_seed(self) -> None:
        if account_by_username("admin") is None:
            staff_account_create(
                username="admin",
                password=DEMO_PASSWORDS["admin"],
                superuser=True,
                email="admin@example.org",
                acting_user=None,
            )
        self.summary.users.append("admin")
        for court_id, court in self.courts.items():
            username = f"{court_id}-clerk"
            clerk = account_by_username(username) or staff_account_create(
                username=username,
                password=DEMO_PASSWORDS[username],
                first_name="Demo",
                last_name=f"Clerk ({court_id.upper()})",
                acting_user=None,
            )
            if CourtRoleKind.CLERK not in court_roles_of(clerk, court.pk):
                court_role_grant(user=clerk, court=court, role=CourtRoleKind.CLERK, acting_user=None)
            self.summary.users.append(username)
        demo_accounts_create(courts=self.courts)

    def _side(
        self, case: Case, name: str, role: PartyRole, attorneys: list[Attorney], label: str = ""
    ) -> _Side:
        party = party_add(case=case, name=name, role=role, role_label=label, acting_user=None)
        for position, attorney in enumerate(attorneys):
            representation_add(party=party, attorney=attorney, lead=position == 0, acting_user=None)
        return _Side(party, attorneys)

    def _team(self, court_id: str, exclude: Sequence[list[Attorney]] = ()) -> list[Attorney]:
        firms = [f for f in self.firms[court_id] if f not in exclude]
        firm = self.rng.choice(firms)
        return self.rng.sample(firm, k=self.rng.randint(1, min(3, len(firm))))

    def _doj(self, court_id: str, office: str = "doj") -> list[Attorney]:
        return self.rng.sample(self.government[court_id][office], k=2)

    def company(self, country: str) -> str:
        place = self.rng.choice(PLACES.get(country, [country]))
        name = self.rng.choice(TRADE_NAMES)
        form = FORMS.get(country, "Co., Ltd.")
        if form == "PT":
            return f"PT {name} {place}"
        return f"{place} {name} Industrial {form}" if self.rng.random() < 0.3 else f"{name} {place} {form}"

    def importer(self) -> str:
        first, second, suffix = (self.rng.choice(words) for words in IMPORTER_WORDS)
        return f"{first} {second} {suffix}"

    # -- CIT cases ------------------------------------------------------------------------------
    def cit_judges(self, panel: bool) -> list[Judge]:
        judges = self.judges["cit"]
        if panel:
            return self.rng.sample(judges[:9], k=3)
        return [self.rng.choice(judges[:9] * 3 + judges[9:])]

    def slip_op(self, day: dt.date, judge: Judge) -> str:
        self.slip_numbers[day.year] = self.slip_numbers.get(day.year, 0) + 1
        return f"{day.year % 100:02d}-{self.slip_numbers[day.year]}, by {judge.title} {judge.name}"

    def opening(
        self, d: _Docket, plaintiff: _Side, *, complaint_after: tuple[int, int] | None
    ) -> DocketEntry | None:
        """Summons, Form 5, Form 13, Form 11 and (now or later) the complaint."""
        pl = [plaintiff.party]
        summons = d.file("summons", by=plaintiff.lead, parties=pl)
        d.file("form5", by=plaintiff.lead, parties=pl)
        d.file("form13", by=plaintiff.lead, parties=pl)
        d.file("form11", by=plaintiff.lead, parties=pl)
        if complaint_after is not None:
            d.wait(*complaint_after)
            complaint = d.file("complaint", by=plaintiff.lead, parties=pl)
            d.file("certificate_of_service", by=plaintiff.lead, parties=pl, related=[summons, complaint])
        return summons

    def government_appears(self, d: _Docket, *sides: _Side) -> None:
        d.wait(3, 20)
        for side in sides:
            d.file("form11", by=side.lead, parties=[side.party])
            d.file("notice_consent_electronic_service", by=side.lead, parties=[side.party])

    def intervene(self, d: _Docket, side: _Side) -> None:
        """A motion to intervene, then Forms 11, 13 and 17 filed separately in that order, then the order."""
        d.wait(5, 25)
        motion = d.file("motion_intervene", by=side.lead, parties=[side.party])
        for code in ("form11", "form13", "form17_attorney"):
            d.file(code, by=side.lead, parties=[side.party])
        d.wait(2, 10)
        d.file("order", related=[motion], text=f"granting Motion to Intervene of {side.party.name}")

    def motion_and_order(self, d: _Docket, code: str, side: _Side, ruling: str) -> None:
        motion = d.file(code, by=side.lead, parties=[side.party])
        d.wait(1, 6)
        d.file("order", related=[motion], text=f"{ruling} {self.events['cit'][code].label}")

    def trade_case(self, plan: _Plan) -> _Result:
        rng, cit = self.rng, self.courts["cit"]
        itc_case = rng.random() < 0.12
        agency = "U.S. International Trade Commission" if itc_case else COMMERCE
        kind = "Antidumping" if plan.orders == "AD" else "Countervailing Duty"
        domestic_plaintiff = rng.random() < 0.2
        plaintiff_name = plan.coalition if domestic_plaintiff else self.company(plan.country)
        caption = f"{plaintiff_name} v. United States"
        case = case_open(
            court=cit, caption=caption, short_title=caption, date_filed=plan.day, judges=plan.judges,
            nature_of_suit=f"1581(c) {kind}", jurisdiction="28 U.S.C. 1581(c)", agency=agency,
            product_description=plan.product.capitalize(), export_country=plan.country, acting_user=None,
        )  # fmt: skip
        plaintiff = self._side(case, plaintiff_name, PartyRole.PLAINTIFF, self._team("cit"))
        us = self._side(case, "United States", PartyRole.DEFENDANT, self._doj("cit"))
        defendants = [us]
        if itc_case:
            itc = self.government["cit"]["itc"]
            defendants.append(
                self._side(case, "United States International Trade Commission", PartyRole.DEFENDANT, itc)
            )
        intervenor_names = (
            [self.company(plan.country) for _ in range(rng.randint(1, 2))]
            if domestic_plaintiff
            else [plan.coalition][: rng.randint(0, 1)] + [self.company(plan.country)][: rng.randint(0, 1)]
        )
        d = _Docket(self, case, plan.day)
        self.opening(d, plaintiff, complaint_after=(20, 30))
        self.government_appears(d, *defendants)
        intervenors = []
        for name in intervenor_names:
            side = self._side(case, name, PartyRole.DEFENDANT_INTERVENOR, self._team("cit"))
            intervenors.append(side)
            self.intervene(d, side)
        result = _Result(case, plaintiff, defendants, intervenors, d)
        if plan.members:
            self.consolidate(d, plan)
        d.wait(10, 40)
        record = d.file("administrative_record", by=us.lead, parties=[us.party],
                        text=f"Public and confidential indices of the record of the {agency}.")  # fmt: skip
        d.file("form17_consultant", by=plaintiff.lead, parties=[plaintiff.party])
        d.wait(5, 15)
        consent = d.file("consent_motion", by=plaintiff.lead, parties=[plaintiff.party])
        d.file("proposed_order", by=plaintiff.lead, parties=[plaintiff.party], related=[consent])
        d.wait(1, 7)
        d.file(
            "scheduling_order", related=[consent], text="setting the briefing schedule under USCIT R. 56.2"
        )
        if rng.random() < 0.5:
            d.wait(20, 40)
            self.motion_and_order(d, "motion_extension", plaintiff, "granting")
        d.wait(30, 60)
        brief = d.file("motion_judgment_agency_record", by=plaintiff.lead, parties=[plaintiff.party],
                       related=[record], attachments=["Proposed Order", "Memorandum in Support"],
                       text="(Attachments: # 1 Proposed Order, # 2 Memorandum in Support)")  # fmt: skip
        if rng.random() < 0.35:
            d.file("motion_judgment_agency_record", by=plaintiff.lead, parties=[plaintiff.party],
                   text="CONFIDENTIAL VERSION.", seal=True)  # fmt: skip
        d.wait(40, 70)
        responses = [
            d.file("response_brief_56_2", by=side.lead, parties=[side.party], related=[brief])
            for side in [us, *intervenors]
        ]
        d.wait(20, 35)
        reply = d.file("reply_brief_56_2", by=plaintiff.lead, parties=[plaintiff.party], related=responses)
        if rng.random() < 0.25:
            d.file("z_document", by=plaintiff.lead, parties=[plaintiff.party], related=[reply],
                   text="Joint Appendix, filed after the Clerk's Office closed.")  # fmt: skip
        judge = plan.judges[0]
        if rng.random() < 0.4:
            d.wait(30, 90)
            d.file(
                "minute_entry",
                text=f"Oral argument held before {judge.title} {judge.name} on {d.day:%m/%d/%Y}.",
            )
        d.wait(60, 180)
        if plan.appeal or rng.random() < 0.5:
            opinion = d.file("slip_opinion", related=[brief],
                             text=f"{self.slip_op(d.day, judge)}, sustaining the final determination")  # fmt: skip
        else:
            opinion = d.file("slip_opinion", related=[brief],
                             text=f"{self.slip_op(d.day, judge)}, remanding to the agency")  # fmt: skip
            d.wait(90, 120)
            results = d.file("remand_results", by=us.lead, parties=[us.party], related=[opinion])
            d.wait(25, 35)
            d.file("remand_comments", by=plaintiff.lead, parties=[plaintiff.party], related=[results])
            d.wait(60, 120)
            opinion = d.file("slip_opinion", related=[results],
                             text=f"{self.slip_op(d.day, judge)}, sustaining the remand results")  # fmt: skip
        result.judgment = d.file("judgment", related=[opinion], text="entered in favor of defendant")
        self.finish(result, appeal=plan.appeal)
        return result

    def consolidate(self, lead_docket: _Docket, plan: _Plan) -> None:
        """Member cases on the same determination, consolidated under the lead case."""
        lead = lead_docket.case
        members = []
        for member_day in plan.members:
            caption = f"{self.company(plan.country)} v. United States"
            member = case_open(
                court=lead.court, caption=caption, short_title=caption, date_filed=member_day,
                judges=plan.judges, nature_of_suit=lead.nature_of_suit, jurisdiction=lead.jurisdiction,
                agency=lead.agency, product_description=lead.product_description,
                export_country=lead.export_country, acting_user=None,
            )  # fmt: skip
            plaintiff = self._side(
                member, caption.split(" v. ", maxsplit=1)[0], PartyRole.PLAINTIFF, self._team("cit")
            )
            us = self._side(member, "United States", PartyRole.DEFENDANT, self._doj("cit"))
            d = _Docket(self, member, member_day)
            self.opening(d, plaintiff, complaint_after=(20, 30))
            self.government_appears(d, us)
            d.day = max(d.day, lead_docket.day)
            d.file("order_consolidation", text=f"consolidating this action under {lead.display_case_number}")
            members.append(member)
        lead_docket.wait(1, 5)
        numbers = ", ".join(m.display_case_number for m in members)
        lead_docket.file("order_consolidation", text=f"consolidating {numbers} under this lead case")
        case_consolidate(lead_case=lead, member_cases=members, acting_user=None)
        self.members[lead.pk] = members
        self.summary.cases += len(members)

    def finish(self, result: _Result, *, appeal: bool) -> None:
        judgment = result.judgment
        if judgment is None:
            return
        case_terminate(case=result.case, date_terminated=judgment.date_filed, acting_user=None)
        for member in self.members.get(result.case.pk, []):
            case_terminate(case=member, date_terminated=judgment.date_filed, acting_user=None)
        if appeal:
            result.docket.wait(20, 55)
            result.notice_of_appeal = result.docket.file(
                "notice_appeal",
                by=result.plaintiff.lead,
                parties=[result.plaintiff.party],
                related=[judgment],
            )

    def protest_case(self, plan: _Plan) -> _Result:
        rng, cit = self.rng, self.courts["cit"]
        nature, product, country = rng.choice(PROTEST_ISSUES)
        importer = self.importer()
        caption = f"{importer} v. United States"
        case = case_open(
            court=cit, caption=caption, short_title=caption, date_filed=plan.day, judges=plan.judges,
            nature_of_suit=nature, jurisdiction="28 U.S.C. 1581(a)", agency=CBP,
            product_description=product.capitalize(), export_country=country, acting_user=None,
        )  # fmt: skip
        plaintiff = self._side(case, importer, PartyRole.PLAINTIFF, self._team("cit"))
        us = self._side(case, "United States", PartyRole.DEFENDANT, self._doj("cit", "doj_ny"))
        d = _Docket(self, case, plan.day)
        # A protest action starts with the summons alone (USCIT R. 3(a)(1)).
        summons = self.opening(d, plaintiff, complaint_after=None)
        d.wait(2, 6)
        d.file("summons_served", parties=[plaintiff.party, us.party], related=[summons])
        self.government_appears(d, us)
        result = _Result(case, plaintiff, [us], [], d)
        if rng.random() < 0.4:
            d.wait(10, 30)
            self.motion_and_order(d, "motion_stay", plaintiff, "granting")
            d.wait(120, 300)
        d.wait(30, 90)
        complaint = d.file("complaint", by=plaintiff.lead, parties=[plaintiff.party])
        if rng.random() < 0.3:
            d.file("notice_manual_filing", by=plaintiff.lead, parties=[plaintiff.party],
                   text=f"Physical sample of the imported {product} delivered to the Clerk's Office.")  # fmt: skip
        d.wait(50, 60)
        d.file("answer", by=us.lead, parties=[us.party], related=[complaint])
        ending = rng.random()
        if ending < 0.25:
            d.wait(60, 200)
            stipulation = d.file("stipulation", by=us.lead, parties=[us.party, plaintiff.party],
                                 text="Stipulated judgment on agreed statement of facts.")  # fmt: skip
            d.wait(2, 10)
            result.judgment = d.file("judgment", related=[stipulation], text="on stipulation of the parties")
        elif ending < 0.4:
            d.wait(60, 200)
            notice = d.file("notice_dismissal", by=plaintiff.lead, parties=[plaintiff.party])
            d.wait(1, 5)
            result.judgment = d.file("order", related=[notice], text="dismissing the action")
        else:
            d.wait(60, 150)
            motion = d.file("motion_summary_judgment", by=plaintiff.lead, parties=[plaintiff.party])
            d.wait(40, 60)
            cross = d.file("motion_summary_judgment", by=us.lead, parties=[us.party], related=[motion],
                           text="Cross-motion for summary judgment.")  # fmt: skip
            d.file("response", by=us.lead, parties=[us.party], related=[motion])
            d.wait(25, 40)
            d.file("reply", by=plaintiff.lead, parties=[plaintiff.party], related=[cross])
            d.wait(90, 200)
            opinion = d.file("slip_opinion", related=[motion, cross],
                             text=f"{self.slip_op(d.day, plan.judges[0])} on cross-motions for summary judgment")  # fmt: skip
            result.judgment = d.file(
                "judgment", related=[opinion], text="entered on the classification of the merchandise"
            )
        self.finish(result, appeal=plan.appeal)
        return result

    def residual_case(self, plan: _Plan) -> _Result:
        rng, cit = self.rng, self.courts["cit"]
        issue, agency = rng.choice(RESIDUAL_ISSUES)
        importer = self.importer()
        caption = f"{importer} v. United States"
        case = case_open(
            court=cit, caption=caption, short_title=caption, date_filed=plan.day, judges=plan.judges,
            nature_of_suit="1581(i) Residual Jurisdiction", jurisdiction="28 U.S.C. 1581(i)",
            agency=agency, product_description=issue, acting_user=None,
        )  # fmt: skip
        plaintiff = self._side(case, importer, PartyRole.PLAINTIFF, self._team("cit"))
        us = self._side(case, "United States", PartyRole.DEFENDANT, self._doj("cit"))
        agency_side = self._side(case, agency, PartyRole.DEFENDANT, us.attorneys)
        d = _Docket(self, case, plan.day)
        # Actions under 1581(i) start with summons and complaint together (USCIT R. 3(a)(3)).
        self.opening(d, plaintiff, complaint_after=(0, 0))
        if len(plan.judges) > 1:
            d.wait(5, 20)
            names = ", ".join(j.name for j in plan.judges)
            d.file("order_assigning", text=f"assigning this action to a three-judge panel: Judges {names}")
        self.government_appears(d, us)
        result = _Result(case, plaintiff, [us, agency_side], [], d)
        if rng.random() < 0.4:
            d.file("z_motion", by=plaintiff.lead, parties=[plaintiff.party],
                   text="Motion for a temporary restraining order.")  # fmt: skip
            d.wait(1, 3)
            motion = d.file("motion_preliminary_injunction", by=plaintiff.lead, parties=[plaintiff.party])
            d.wait(7, 14)
            d.file("response", by=us.lead, parties=[us.party, agency_side.party], related=[motion])
            d.wait(7, 20)
            d.file("order", related=[motion], text="denying Motion for Preliminary Injunction")
        d.wait(50, 60)
        dismiss = d.file("motion_dismiss", by=us.lead, parties=[us.party, agency_side.party])
        d.wait(25, 35)
        d.file("response", by=plaintiff.lead, parties=[plaintiff.party], related=[dismiss])
        d.wait(14, 21)
        d.file("reply", by=us.lead, parties=[us.party], related=[dismiss])
        d.wait(90, 240)
        opinion = d.file("slip_opinion", related=[dismiss],
                         text=f"{self.slip_op(d.day, plan.judges[0])}, granting Motion to Dismiss")  # fmt: skip
        result.judgment = d.file("judgment", related=[opinion], text="dismissing the action")
        self.finish(result, appeal=plan.appeal)
        return result

    # -- Federal Circuit appeals ----------------------------------------------------------------
    def appeal(self, origin: _Result) -> Case | None:
        notice = origin.notice_of_appeal
        if notice is None:
            return None
        rng, cafc = self.rng, self.courts["cafc"]
        by_name = {a.name: a for firm in self.firms["cafc"] for a in firm}
        by_name |= {a.name: a for team in self.government["cafc"].values() for a in team}
        day = _weekday(notice.date_filed + dt.timedelta(days=rng.randint(2, 8)))
        cit_case = origin.case
        caption = f"{origin.plaintiff.party.name} v. United States"
        case = case_open(
            court=cafc, caption=caption, short_title=caption, date_filed=day,
            judges=rng.sample(self.judges["cafc"], k=3), nature_of_suit="Court of International Trade",
            jurisdiction="28 U.S.C. 1295(a)(5)", originating_case=cit_case,
            originating_case_text=f"United States Court of International Trade, {cit_case.pacer_case_number}",
            agency=cit_case.agency, acting_user=None,
        )  # fmt: skip

        def carry(side: _Side, role: PartyRole, label: str) -> _Side:
            return self._side(case, side.party.name, role, [by_name[a.name] for a in side.attorneys], label)

        appellant = carry(origin.plaintiff, PartyRole.APPELLANT, "Plaintiff - Appellant")
        appellees = [carry(origin.defendants[0], PartyRole.APPELLEE, "Defendant - Appellee")]
        appellees += [
            carry(side, PartyRole.APPELLEE, "Defendant-Intervenor - Appellee") for side in origin.intervenors
        ]
        d = _Docket(self, case, day)
        d.file("notice_docketing", text=f"Appeal from {cit_case.display_case_number} docketed. Received "
                                        f"{notice.date_filed:%m/%d/%Y}. Entries of appearance and certificates "
                                        "of interest due within 14 days; docketing statement due within 30 days.")  # fmt: skip
        d.wait(3, 12)
        for side in [appellant, *appellees]:
            d.file("entry_of_appearance", by=side.lead, parties=[side.party])
            d.file("certificate_of_interest", by=side.lead, parties=[side.party])
        d.wait(5, 15)
        d.file("docketing_statement", by=appellant.lead, parties=[appellant.party])
        d.file("certified_list", by=appellees[0].lead, parties=[appellees[0].party])
        if rng.random() < 0.5:
            d.wait(40, 55)
            motion = d.file("motion_extension", by=appellant.lead, parties=[appellant.party])
            d.wait(1, 4)
            d.file("order", related=[motion], text="granting the motion; opening brief due in 30 days")
        d.wait(50, 70)
        opening = d.file("opening_brief", by=appellant.lead, parties=[appellant.party])
        d.wait(50, 70)
        responses = [
            d.file("response_brief", by=s.lead, parties=[s.party], related=[opening]) for s in appellees
        ]
        d.wait(18, 25)
        d.file("reply_brief", by=appellant.lead, parties=[appellant.party], related=responses)
        d.wait(5, 10)
        d.file("joint_appendix", by=appellant.lead, parties=[appellant.party])
        d.wait(90, 200)
        d.file(
            "notice_oral_argument", text=f"Argument calendared for the session beginning {d.day:%m/%d/%Y}."
        )
        d.wait(30, 40)
        panel = ", ".join(j.name for j in case.judges.order_by("casejudge__position"))
        d.file("oral_argument_held", text=f"Oral argument heard. Panel: {panel}.")
        d.wait(20, 150)
        outcome = rng.choice(["AFFIRMED", "AFFIRMED", "AFFIRMED", "VACATED AND REMANDED", "REVERSED"])
        if outcome == "AFFIRMED" and rng.random() < 0.35:
            decision = d.file("judgment", text="under Fed. Cir. R. 36: AFFIRMED")
        else:
            writer = rng.choice(list(case.judges.all()))
            precedential = "Precedential" if rng.random() < 0.5 else "Nonprecedential"
            d.file("opinion", text=f"({precedential}) for the court, filed by Circuit Judge {writer.name}")
            decision = d.file("judgment", text=outcome)
        if rng.random() < 0.15:
            d.wait(40, 45)
            petition = d.file("petition_rehearing", by=appellant.lead, parties=[appellant.party])
            d.wait(30, 60)
            d.file(
                "order",
                related=[petition],
                text="denying the petition for panel rehearing and rehearing en banc",
            )
        d.wait(7, 10)
        mandate = d.file("mandate", text="issued")
        if decision is None or mandate is None:
            return case
        case_terminate(case=case, date_terminated=mandate.date_filed, acting_user=None)
        back = _Docket(self, cit_case, mandate.date_filed)
        back.wait(1, 5)
        back.file("mandate_received", text=f"in Appeal No. {case.display_case_number}: {outcome}")
        return case

    # -- the 10,000-entry docket ----------------------------------------------------------------
    def big_case(self, entries: int) -> Case:
        rng, cit = self.rng, self.courts["cit"]
        start = dt.date(2020, 9, 21)
        case = case_open(
            court=cit, caption="In re Section 301 Cases", short_title="In re Section 301 Cases",
            date_filed=start, judges=self.cit_judges(panel=True),
            nature_of_suit="1581(i) Residual Jurisdiction", jurisdiction="28 U.S.C. 1581(i)",
            agency="Office of the U.S. Trade Representative",
            product_description="Products of China subject to Section 301 duties (Lists 3 and 4A)",
            export_country="China", acting_user=None,
        )  # fmt: skip
        plaintiffs = [
            self._side(case, self.importer(), PartyRole.PLAINTIFF, self._team("cit")) for _ in range(40)
        ]
        us = self._side(case, "United States", PartyRole.DEFENDANT, self._doj("cit"))
        ustr = self._side(case, "Office of the U.S. Trade Representative", PartyRole.DEFENDANT, us.attorneys)
        cbp = self._side(case, "U.S. Customs and Border Protection", PartyRole.DEFENDANT, us.attorneys)
        government = [us.party, ustr.party, cbp.party]
        d = _Docket(self, case, start)
        span = (dt.date(2026, 10, 30) - start).days
        pending: list[DocketEntry] = []
        # One transaction per chunk: the services' own transactions become cheap savepoints.
        chunk = 250
        for first in range(0, entries, chunk):
            with transaction.atomic():
                for i in range(first, min(first + chunk, entries)):
                    d.day = _weekday(start + dt.timedelta(days=i * span // max(entries, 1)))
                    self._big_entry(
                        d, i, side=rng.choice(plaintiffs), us=us, government=government, pending=pending
                    )
                    self.progress(1)
        return case

    def _big_entry(
        self,
        d: _Docket,
        i: int,
        *,
        side: _Side,
        us: _Side,
        government: list[Party],
        pending: list[DocketEntry],
    ) -> None:
        roll = self.rng.random()
        parties = [side.party]
        if i == 0:
            d.file("complaint", by=side.lead, parties=parties, text="Master complaint.")
        elif i % 500 == 25:
            d.file(
                "motion",
                by=side.lead,
                parties=parties,
                text="Motion for leave to file under seal.",
                seal=True,
            )
        elif i % 60 == 30:
            d.file("minute_entry", text=f"Status conference held by telephone on {d.day:%m/%d/%Y}.")
        elif pending and roll < 0.18:
            ruling = "granting" if self.rng.random() < 0.8 else "denying"
            d.file("order", related=[pending.pop(0)], text=f"{ruling} the motion")
        elif roll < 0.30:
            code = self.rng.choice(["motion_extension", "consent_motion", "motion_stay"])
            by, filers = (us.lead, government) if self.rng.random() < 0.3 else (side.lead, parties)
            motion = d.file(code, by=by, parties=filers)
            if motion is not None:
                pending.append(motion)
        elif roll < 0.55:
            code = self.rng.choice(
                ["form11", "form13", "notice_consent_electronic_service", "notice_substitution"]
            )
            d.file(code, by=side.lead, parties=parties)
        elif roll < 0.70:
            d.file("joint_status_report", by=us.lead, parties=[*government, side.party])
        elif roll < 0.80:
            d.file("stipulation", by=side.lead, parties=parties,
                   text="Stipulation of dismissal of the member case.")  # fmt: skip
        elif roll < 0.88:
            d.file("notice_supplemental_authority", by=side.lead, parties=parties)
        elif roll < 0.93:
            d.file("z_document", by=side.lead, parties=parties, text="Exhibits, filed after hours.")
        else:
            d.file("certificate_of_service", by=side.lead, parties=parties)


@dataclass
class _Plan:
    kind: str
    day: dt.date
    judges: list[Judge]
    product: str = ""
    country: str = ""
    orders: str = "AD"
    coalition: str = ""
    appeal: bool = False
    sealed: bool = False
    members: list[dt.date] = field(default_factory=list)


@dataclass
class _Result:
    case: Case
    plaintiff: _Side
    defendants: list[_Side]
    intervenors: list[_Side]
    docket: _Docket
    judgment: DocketEntry | None = None
    notice_of_appeal: DocketEntry | None = None


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return _weekday(first + dt.timedelta(days=rng.randint(0, (last - first).days)))


def _plans(seeder: _Seeder, count: int, appeals: int) -> list[_Plan]:
    """What the CIT cases will be: a fixed mix of trade, protest and residual cases."""
    rng = seeder.rng
    groups = count // 25 if count >= 25 else int(count >= 8)
    kinds = ["sealed"] + ["group"] * groups
    remaining = count - 1 - sum(3 + n % 2 for n in range(groups))
    trade = max(appeals, round(remaining * 0.55))
    protest = round((remaining - trade) * 0.65)
    kinds += ["trade"] * trade + ["protest"] * protest + ["residual"] * (remaining - trade - protest)
    plans: list[_Plan] = []
    group_index = 0
    for index, kind in enumerate(kinds):
        appeal = kind == "trade" and index - kinds.index("trade") < appeals
        # Appealed cases are filed early enough for the whole appeal to end before LAST_DAY.
        last = dt.date(2021, 6, 30) if appeal else dt.date(2026, 6, 30)
        day = _day_between(rng, dt.date(2019, 1, 2), last)
        panel = kind in {"residual", "sealed"} and (
            index % 3 == 0 or (kind == "residual" and index == len(kinds) - 1)
        )
        plan = _Plan("residual" if kind == "sealed" else kind, day, seeder.cit_judges(panel), appeal=appeal,
                     sealed=kind == "sealed")  # fmt: skip
        if kind in {"trade", "group"}:
            plan.product, countries, plan.coalition = rng.choice(PRODUCTS)
            plan.country = rng.choice(countries)
            plan.orders = rng.choice(["AD", "AD", "CVD"])
        if kind == "group":
            plan.kind = "trade"
            plan.members = [
                _weekday(day + dt.timedelta(days=7 * (n + 1))) for n in range(2 + group_index % 2)
            ]
            group_index += 1
        plans.append(plan)
    return sorted(plans, key=lambda p: p.day)


def demo_seed_courts(*, seed: int = 2026, progress: Progress | None = None) -> _Seeder:
    """Both courts with their judges, event dictionaries and bar; the demo staff accounts."""
    seeder = _Seeder(seed=seed, progress=progress)
    with transaction.atomic():
        seeder.courts_seed()
        seeder.users_seed()
    return seeder


def demo_seed_big_case(seeder: _Seeder, *, entries: int) -> Case:
    """The CIT case with `entries` docket entries (the benchmark's docket)."""
    case = seeder.big_case(entries)
    seeder.summary.cases += 1
    seeder.summary.big_case = case.pacer_case_number
    seeder.summary.sealed_entries = DocketEntry.objects.filter(restriction=EntryRestriction.SEALED).count()
    return case


def demo_seed(
    *, cases: int = 200, big_entries: int = 10_000, seed: int = 2026, progress: Progress | None = None
) -> SeedSummary:
    """The whole demo: `cases` cases in all (CIT, Federal Circuit and the big case)."""
    seeder = demo_seed_courts(seed=seed, progress=progress)
    big = 1 if big_entries > 0 and cases > 0 else 0
    appeals = cases // 7 if cases >= 4 else 0
    cit_count = cases - big - appeals
    if cit_count < 1 + appeals:
        appeals, cit_count = 0, cases - big
    results: list[_Result] = []
    plans = _plans(seeder, cit_count, appeals) if cit_count > 0 else []
    sealed: list[Case] = []
    for plan in plans:
        with transaction.atomic():
            flow = {
                "trade": seeder.trade_case,
                "protest": seeder.protest_case,
                "residual": seeder.residual_case,
            }
            result = flow[plan.kind](plan)
            if plan.sealed:
                case_restriction_set(case=result.case, restriction=CaseRestriction.SEALED, acting_user=None)
                sealed.append(result.case)
        results.append(result)
        seeder.summary.cases += 1
        seeder.progress(1 + len(plan.members))
    for result in results:
        if result.notice_of_appeal is not None:
            with transaction.atomic():
                if seeder.appeal(result) is not None:
                    seeder.summary.cases += 1
            seeder.progress(1)
    if big:
        demo_seed_big_case(seeder, entries=big_entries)
    seeder.summary.sealed_cases = len(sealed)
    seeder.summary.sealed_entries = DocketEntry.objects.filter(restriction=EntryRestriction.SEALED).count()
    with transaction.atomic():
        demo_filers_place(cit=seeder.courts["cit"], day=LAST_DAY)
    with transaction.atomic():
        audit_event_record(
            kind=DEMO_COMPLETE_KIND,
            acting_user=None,
            subject=seeder.courts["cit"],
            extra={"cases": seeder.summary.cases, "entries": seeder.summary.entries, "seed": seed},
        )
    return seeder.summary

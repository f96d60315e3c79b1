from __future__ import annotations

import string

import pytest

from openecf.audit.models import AuditEvent
from openecf.courts.services import court_get_or_create_from_courts_db
from openecf.docket.event_dictionary import (
    CAFC_EVENTS,
    CIT_EVENTS,
    EVENT_DICTIONARIES,
    event_dictionary_load,
    event_search,
)
from openecf.docket.models import Event
from openecf.docket.services import TEMPLATE_FIELDS, docket_text_compose
from openecf.errors import InvalidInput

pytestmark = pytest.mark.django_db


def test_loading_twice_defines_the_same_events(cit, cafc):
    first = event_dictionary_load(court=cit, acting_user=None)
    assert first == len(CIT_EVENTS) == Event.objects.for_court(cit).count()
    assert event_dictionary_load(court=cit, acting_user=None) == first
    assert Event.objects.for_court(cit).count() == first
    assert event_dictionary_load(court=cafc, acting_user=None) == len(CAFC_EVENTS)
    assert Event.objects.count() == len(CIT_EVENTS) + len(CAFC_EVENTS)
    assert AuditEvent.objects.filter(kind="event.redefined").count() == len(CIT_EVENTS)


def test_reloading_restores_an_event_the_clerk_changed(cit):
    event_dictionary_load(court=cit, acting_user=None)
    Event.objects.filter(court=cit, code="motion_intervene").update(label="Changed")
    event_dictionary_load(court=cit, acting_user=None)
    assert Event.objects.get(court=cit, code="motion_intervene").label == "Motion to Intervene"


@pytest.mark.parametrize("court_id", sorted(EVENT_DICTIONARIES))
def test_every_template_uses_only_known_fields_and_composes(court_id):
    definitions = EVENT_DICTIONARIES[court_id]
    assert len({d.code for d in definitions}) == len(definitions), "codes are unique"
    for definition in definitions:
        names = {n for _, n, _, _ in string.Formatter().parse(definition.docket_text_template) if n}
        assert names <= TEMPLATE_FIELDS, definition.code
        assert len(definition.docket_text_template) <= 500
        assert len(definition.label) <= 200 and len(definition.keywords) <= 300


def test_composed_text_follows_the_cit_style(cit):
    event_dictionary_load(court=cit, acting_user=None)
    motion = Event.objects.get(court=cit, code="motion_intervene")
    text = docket_text_compose(event=motion, filer="Ann Lee of Lee & Park LLP")
    assert text == "Motion to Intervene. Filed by Ann Lee of Lee & Park LLP on behalf of the court."


def test_cit_dictionary_has_the_courts_rules(cit):
    event_dictionary_load(court=cit, acting_user=None)
    events = {e.code: e for e in Event.objects.for_court(cit)}
    assert events["summons"].opens_case
    assert not events["minute_entry"].numbered and not events["minute_entry"].document_required
    for code in ("order", "slip_opinion", "judgment", "minute_entry"):
        assert events[code].staff_only, code
    for code in ("response", "reply", "order", "certificate_of_service"):
        assert events[code].prompts_related_entry, code
    assert not events["form11"].staff_only
    menus = {e.menu for e in events.values()}
    assert {"Initial Pleadings and Service", "Motions", "Orders and Judgments"} <= menus


def test_keyword_search_finds_motion_to_intervene(cit):
    event_dictionary_load(court=cit, acting_user=None)
    labels = [e.label for e in event_search(court=cit, query="intervene")]
    assert "Motion to Intervene" in labels
    assert [e.label for e in event_search(court=cit, query="BPI consultant")] == [
        "Form 17 Business Proprietary Information Certification (consultant)"
    ]
    assert list(event_search(court=cit, query="no-such-word-anywhere")) == []


def test_search_hides_court_only_events_from_filers(cit):
    event_dictionary_load(court=cit, acting_user=None)
    assert not [e for e in event_search(court=cit, query="judgment") if e.staff_only]
    staff = [e.code for e in event_search(court=cit, query="slip opinion", include_staff_only=True)]
    assert staff == ["slip_opinion"]


def test_search_stays_within_the_court(cit, cafc):
    event_dictionary_load(court=cafc, acting_user=None)
    assert list(event_search(court=cit, query="brief")) == []
    assert event_search(court=cafc, query="appendix").get().code == "joint_appendix"


def test_search_treats_hostile_input_as_plain_text(cit):
    event_dictionary_load(court=cit, acting_user=None)
    assert list(event_search(court=cit, query="%' OR 1=1 --")) == []
    assert event_search(court=cit, query="   ").count() == Event.objects.filter(staff_only=False).count()


def test_a_court_without_a_dictionary_is_refused(db):
    dcd = court_get_or_create_from_courts_db(court_id="dcd", acting_user=None)
    with pytest.raises(InvalidInput, match="no event dictionary for 'dcd'"):
        event_dictionary_load(court=dcd, acting_user=None)
    assert not Event.objects.exists()

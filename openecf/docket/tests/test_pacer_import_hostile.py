"""Import of a doctored PACER docket: nothing imported may break the docket later, nothing hidden may show."""

from __future__ import annotations

import pytest
from django.test import Client

from openecf.cases.models import Case, Party
from openecf.docket.models import DocketEntry
from openecf.docket.pacer_import import pacer_docket_import
from openecf.errors import InvalidInput

pytestmark = pytest.mark.django_db

CASE = "/cit/cases/1:08-cv-00398/docket/"


@pytest.fixture
def cit_html(pacer_samples) -> str:
    return str((pacer_samples / "dockets" / "cit" / "cit.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("link", ["²²²²", "①②③④⑤⑥⑦⑧⑨⑩", "٠١٤٠٣٤٨٣٣٦"])
def test_a_document_link_of_unicode_digits_is_refused_and_nothing_written(cit, cit_html, link):
    doctored = cit_html.replace("doc1/0141348336", f"doc1/{link}", 1)
    with pytest.raises(InvalidInput) as refused:
        pacer_docket_import(html=doctored, court_id="cit", acting_user=None)
    assert refused.value.code == "not_a_docket_report"
    assert "document" in refused.value.message and "0-9" in refused.value.message
    assert "\n" not in refused.value.message
    assert not Case.objects.exists()


def test_the_command_says_so_in_one_line(cit, cit_html, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "docket.html"
    path.write_text(cit_html.replace("doc1/0141348336", "doc1/²²²²", 1), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_pacer_docket", str(path), "--court", "cit")
    assert "\n" not in str(refused.value)
    assert "document" in str(refused.value)


@pytest.mark.parametrize("control", ["\u202e", "&#x202E;", "\u2067", "&#8207;", "\u061c"])
def test_direction_controls_are_removed_from_imported_text(cit, cit_html, control):
    doctored = cit_html.replace("Summons. Filed by", f"Summons.{control} Filed by", 1).replace(
        "New Hampshire Ball Bearing, Inc.", f"New Hampshire{control} Ball Bearing, Inc."
    )
    result = pacer_docket_import(html=doctored, court_id="cit", acting_user=None)
    first = DocketEntry.objects.filter(case=result.case).order_by("sequence").first()
    assert first is not None
    assert first.text.startswith("Summons. Filed by")
    names = list(Party.objects.filter(case=result.case).values_list("name", flat=True))
    assert "New Hampshire Ball Bearing, Inc." in names
    assert result.case.caption == "New Hampshire Ball Bearing, Inc. v. United States"
    page = Client().get(CASE).content.decode()
    assert "\u202e" not in page and "\u2067" not in page and "\u061c" not in page

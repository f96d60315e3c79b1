"""Docket Report filters (openecf/reports/filters.py): every bad value is InvalidInput naming its parameter."""

from __future__ import annotations

import pytest

from openecf.errors import InvalidInput
from openecf.reports.filters import DocketFilters, docket_filters_parse


@pytest.mark.parametrize("parameter", ["number_from", "number_to"])
@pytest.mark.parametrize("value", ["²", "①", "1²", "٣", "9" * 5000, "0", "-2", "1000000000000", "4\x00"])
def test_a_number_that_is_not_ascii_digits_in_range_is_refused(parameter, value):
    with pytest.raises(InvalidInput) as refused:
        docket_filters_parse({parameter: value})
    assert refused.value.field == parameter
    assert refused.value.code == "invalid_filter"
    assert refused.value.message.startswith(f"{parameter}: ")


@pytest.mark.parametrize("parameter", ["date_from", "date_to", "date_type", "order"])
@pytest.mark.parametrize("value", ["²⁰²⁰-01-01", "2020\x00-01-01", "\u202eoldest", "9" * 5000])
def test_other_filters_refuse_hostile_text(parameter, value):
    with pytest.raises(InvalidInput) as refused:
        docket_filters_parse({parameter: value})
    assert refused.value.field == parameter
    assert "\x00" not in refused.value.message
    assert len(refused.value.message) < 200


def test_long_document_ids_may_be_filtered_on():
    parsed = docket_filters_parse({"number_from": "000000000012", "number_to": "999999999999"})
    assert parsed == DocketFilters(number_from=12, number_to=999_999_999_999)

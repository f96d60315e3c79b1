"""Many clerks opening cases in one court and year at the same moment, each on its own connection.

PostgreSQL runs in this process (threads, real connections). SQLite's test database is in memory,
so the SQLite variant runs the same scenarios in a child process on a real WAL file database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openecf.cases.models import Case, CaseNumberSequence
from openecf.cases.services import case_open
from openecf.courts.catalog import catalog_court_configure
from openecf.courts.models import Court
from openecf.docket.tests.test_concurrency import run_together
from openecf.errors import Conflict
from openecf.testing.sqlite_child import run_on_sqlite_file

CLERKS = 20
FILED = dt.date(2020, 3, 16)


def open_cases_at_once(court_id: str, clerks: int, *, opened_before: int) -> dict[str, Any]:
    """`opened_before` cases first (0: the year's counter row does not exist yet), then `clerks` at once."""
    court = catalog_court_configure(court_id)
    for index in range(opened_before):
        case_open(
            court=court, caption=f"Earlier {index} v. United States", date_filed=FILED, acting_user=None
        )
    connection.close()

    def open_one(index: int) -> int:
        court = Court.objects.get(pk=court_id)
        return case_open(
            court=court, caption=f"Company {index} v. United States", date_filed=FILED, acting_user=None
        ).sequence

    outcomes = run_together(clerks, open_one)
    sequences = list(Case.objects.filter(court_id=court_id, year=2020).values_list("sequence", flat=True))
    counters = list(
        CaseNumberSequence.objects.filter(court_id=court_id, year=2020).values_list(
            "last_sequence", flat=True
        )
    )
    connection.close()
    return {
        "outcomes": [o if isinstance(o, int) else f"{type(o).__name__}: {o}" for o in outcomes],
        "sequences": sequences,
        "counters": counters,
    }


def assert_no_collision(result: dict[str, Any], first: int, clerks: int, opened_before: int) -> None:
    errors = [o for o in result["outcomes"] if not isinstance(o, int)]
    assert not errors, errors
    expected = list(range(first, first + opened_before + clerks))
    assert sorted(result["sequences"]) == expected, "no duplicate and no missing case number"
    assert sorted(result["outcomes"]) == expected[opened_before:]
    assert result["counters"] == [expected[-1]], "one counter row for the court, year and type"


def the_same_imported_number_at_once(clerks: int) -> dict[str, Any]:
    court = catalog_court_configure("cit")
    connection.close()

    def import_one(index: int) -> int:
        court = Court.objects.get(pk="cit")
        return case_open(
            court=court, caption=f"Import {index}", date_filed=FILED, sequence=50, acting_user=None
        ).sequence

    outcomes = run_together(clerks, import_one)
    count = Case.objects.filter(court=court, year=2020, sequence=50).count()
    connection.close()
    return {
        "outcomes": [o if isinstance(o, int) else type(o).__name__ for o in outcomes],
        "conflicts": sum(isinstance(o, Conflict) for o in outcomes),
        "count": count,
    }


def assert_one_import_wins(result: dict[str, Any], clerks: int) -> None:
    assert result["count"] == 1
    assert result["outcomes"].count(50) == 1
    assert result["conflicts"] == clerks - 1, f"the others are told of the conflict: {result['outcomes']}"


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...); the SQLite variant runs below")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("court_id", "first", "opened_before"),
    [("cit", 1, 0), ("cit", 1, 3), ("cafc", 1001, 0)],
    ids=["first-case-of-the-year", "counter-exists", "first-appeal-of-the-year"],
)
def test_concurrent_case_openings_on_postgresql(court_id, first, opened_before):
    _needs_postgresql()
    result = open_cases_at_once(court_id, CLERKS, opened_before=opened_before)
    assert_no_collision(result, first, CLERKS, opened_before)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_number_on_postgresql():
    _needs_postgresql()
    assert_one_import_wins(the_same_imported_number_at_once(CLERKS), CLERKS)


_CHILD = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from django.db import connection
from openecf.cases.models import Case, CaseNumberSequence
from openecf.cases.tests import test_concurrency as scenario
clerks = int(sys.argv[1])
results = {}
for name, court_id, before in (("first", "cit", 0), ("exists", "cit", 3), ("appeal", "cafc", 0)):
    results[name] = scenario.open_cases_at_once(court_id, clerks, opened_before=before)
    Case.objects.all().delete()
    CaseNumberSequence.objects.all().delete()
    connection.close()
results["import"] = scenario.the_same_imported_number_at_once(clerks)
print(json.dumps(results))
"""


def test_concurrent_case_openings_on_a_sqlite_file(tmp_path: Path):
    results = run_on_sqlite_file(tmp_path, _CHILD, str(CLERKS))
    assert_no_collision(results["first"], 1, CLERKS, 0)
    assert_no_collision(results["exists"], 1, CLERKS, 3)
    assert_no_collision(results["appeal"], 1001, CLERKS, 0)
    # SQLite's IMMEDIATE transactions run one at a time, so the check-then-insert holds there.
    assert_one_import_wins(results["import"], CLERKS)

"""The simple spreadsheet's own syntax: hours, formula detection, Greek Excel's semicolons and decimal commas."""

from typing import Any

import pytest
from django.utils import translation

from bulkupload.reading import Cell, table_read_csv
from bulkupload.sheet import formula_like, parse_hours, sheet_plan
from services.models import Organization

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("MO-FR 09:00-17:00", [("MO,TU,WE,TH,FR", "09:00", "17:00")]),
        ("MO-FR 09:00-17:00; SA 10:00-14:00", [("MO,TU,WE,TH,FR", "09:00", "17:00"), ("SA", "10:00", "14:00")]),
        ("ΔΕ,ΤΕ 09:00-13:00 17:00-20:00", [("MO,WE", "09:00", "13:00"), ("MO,WE", "17:00", "20:00")]),
        ("Δευ-Παρ 9.00-14.30", [("MO,TU,WE,TH,FR", "09:00", "14:30")]),
        ("SA-MO 22:00-02:00", [("SA,SU,MO", "22:00", "02:00")]),
        ("", []),
    ],
)
def test_the_hours_syntax(text: str, groups: list[tuple[str, str, str]]) -> None:
    assert parse_hours(text) == (groups, None)


@pytest.mark.parametrize(
    "text", ["MO-FR", "09:00-17:00", "XX 09:00-17:00", "MO 9-17", "MO 10:00-10:00", "MO 25:00-26:00"]
)
def test_bad_hours_say_what_is_wrong(text: str) -> None:
    groups, error = parse_hours(text)
    assert groups == [] and error


@pytest.mark.parametrize(
    ("cell", "formula"),
    [
        (Cell("=1+1"), True),
        (Cell("@SUM(A1)"), True),
        (Cell("+cmd|' /C calc'!A0"), True),
        (Cell("-2+3+cmd|' /C calc'!A0"), True),
        (Cell("\\t=1+1"[2:]), True),
        (Cell("+30 210 1234567"), False),
        (Cell("-12.5"), False),
        (Cell("Σοφοκλέους 15"), False),
        (Cell(37.98), False),
        (Cell("SUM(A1)", formula=True), True),
    ],
)
def test_formula_detection(cell: Cell, formula: bool) -> None:
    assert formula_like(cell) is formula


def test_greek_excel_semicolons_and_decimal_commas_are_read(organization: Organization) -> None:
    content = csv_bytes(
        [
            ["organization", "name_el", "categories", "latitude", "longitude"],
            [organization.name_el, "Υπηρεσία; με ερωτηματικό", "health, food", "37,98", "23,73"],
        ],
        delimiter=";",
    )
    table = table_read_csv(content, max_rows=10)
    plan = sheet_plan(table)
    assert plan.issues == []
    location = plan.rows[0]["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (37.98, 23.73)
    assert plan.rows[0]["name"] == "Υπηρεσία; με ερωτηματικό"


def test_a_sheet_with_only_a_header_is_an_error() -> None:
    plan = sheet_plan(table_read_csv(csv_bytes([["organization", "name_el", "categories"]]), max_rows=10))
    assert [issue.message for issue in plan.issues] == ["no rows below the header: nothing to upload"]

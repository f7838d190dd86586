"""Committee pages in Greek and English, the monthly report and its CSV, and every write path's permissions (report
notes, attaching and detaching organisations): coordinators write; editors, caseworkers 403; anonymous to sign-in;
bad input a 400 with a message that changes nothing."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from boundaries.models import Area
from committees.models import CommitteeNote, CommitteeOrganization
from committees.selectors import committee_area_tables
from coverage.actions import week_start
from coverage.models import UnmetNeed, UnmetNeedReason
from geo_accmr.geo import ATHENS
from services.models import Service
from services.rules import service_day
from tests.editing.conftest import make_user
from tests.factories import OrganizationFactory, ServiceAtLocationFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> dict[str, object]:
    organization = OrganizationFactory(name="Οργάνωση Ε")
    return {
        "coordinator": make_user("coord", Role.COORDINATOR),
        "editor": make_user("editor", Role.EDITOR, [organization]),
        "caseworker": make_user("caseworker", Role.CASEWORKER),
    }


@pytest.fixture
def legal() -> Service:
    sal = ServiceAtLocationFactory(
        service__name="Νομική συμβουλευτική", service__name_el="Νομική συμβουλευτική", service__name_en="Legal advice",
        service__organization__name="Δικηγόροι Α", service__organization__name_en="Lawyers A",
        service__categories=[term("legal-aid")],
        service__valid_to=service_day() + timedelta(days=20),
    )  # fmt: skip
    return sal.service


def this_month() -> str:
    return f"{service_day():%Y-%m}"


@pytest.mark.parametrize(
    ("path", "greek", "english"),
    [
        ("/committees/", "Ομάδες εργασίας", "Working committees"),
        ("/committees/rights-legal/", "Δικαιώματα και νομική υποστήριξη", "Rights and legal support"),
        ("/committees/rights-legal/report/", "Μηνιαία αναφορά κενών", "Monthly gap report"),
    ],
)
def test_pages_in_both_languages(client, legal, path: str, greek: str, english: str) -> None:  # noqa: ANN001
    el = client.get(path)
    en = client.get("/en" + path)
    assert el.status_code == en.status_code == 200
    assert greek in el.content.decode() and english in en.content.decode()
    assert '<html lang="el">' in el.content.decode() and '<html lang="en">' in en.content.decode()


def test_workspace_shows_covers_members_and_counts(client, legal) -> None:  # noqa: ANN001
    outsider = OrganizationFactory(name="Συνδεδεμένη", name_en="Attached one")
    CommitteeOrganization.objects.create(committee=term("rights-legal"), organization=outsider)
    page = client.get("/en/committees/rights-legal/").content.decode()
    assert term("legal-aid").name_en in page  # a subcategory it covers
    assert "Lawyers A" in page and "Attached one" in page and "attached by the coordinators" in page
    assert '<dd data-figure="services">1</dd>' in page
    assert '<dd data-figure="organisations">2</dd>' in page
    assert '<dd data-figure="ending_soon">1</dd>' in page
    assert 'id="map-config"' in page and '"category": "rights-legal"' in page


def test_unknown_committee_is_404(client) -> None:  # noqa: ANN001
    assert client.get("/committees/no-such/").status_code == 404
    assert client.get("/committees/legal-aid/").status_code == 404  # a subcategory is not a committee
    assert client.get("/committees/no-such/report/").status_code == 404


@pytest.mark.parametrize("month", ["2026-13", "march", "1999-01", "2026-1-1"])
def test_report_bad_month_is_400_with_a_message(client, month: str) -> None:  # noqa: ANN001
    response = client.get("/en/committees/health/report/", {"month": month})
    assert response.status_code == 400
    assert "Give the month as YYYY-MM" in response.content.decode()
    assert client.get("/en/committees/health/report.csv", {"month": month}).status_code == 400


def test_report_for_a_month_not_started_is_400(client) -> None:  # noqa: ANN001
    later = service_day().replace(day=1) + timedelta(days=40)
    response = client.get("/en/committees/health/report/", {"month": f"{later:%Y-%m}"})
    assert response.status_code == 400
    assert "has not started" in response.content.decode()


def test_report_lists_new_ended_cliffs_and_unmet_need(client) -> None:  # noqa: ANN001
    with time_machine.travel(datetime(2026, 6, 15, 10, 0, tzinfo=ATHENS), tick=False):
        today = service_day()
        legal = ServiceAtLocationFactory(
            service__name_el="Νομική", service__name_en="Legal advice", service__categories=[term("legal-aid")],
            service__valid_to=date(2026, 6, 20),
        ).service  # fmt: skip
        ended = ServiceAtLocationFactory(
            service__name_el="Έληξε", service__name_en="Ended", service__categories=[term("asylum-procedure")],
            service__valid_to=date(2026, 6, 14), service__assured_date=date(2026, 3, 1),
        ).service  # fmt: skip
        may = ServiceAtLocationFactory(
            service__name_el="Μάιος", service__name_en="Ended in May", service__categories=[term("legal-aid")],
            service__valid_to=date(2026, 5, 31),
        ).service  # fmt: skip
        other = ServiceAtLocationFactory(
            service__name_en="Other committee", service__categories=[term("primary-health")]
        )
        Service.objects.filter(pk__in=[ended.pk, may.pk]).update(created_at=timezone.now() - timedelta(days=400))
        athens = Area.objects.get(code="gr-9186")
        community = Area.objects.filter(level="community").order_by("code").first()
        UnmetNeed.objects.create(
            week=week_start(today), municipality=athens, community=community, category="legal-aid", language="fa",
            reason=UnmetNeedReason.NOT_SUITABLE, count=6,
        )  # fmt: skip
        UnmetNeed.objects.create(
            week=date(2026, 5, 25),
            municipality=athens,
            community=community,
            category="legal-aid",
            language="ar",
            reason=UnmetNeedReason.NOT_SUITABLE,
            count=9,
        )  # fmt: skip  (the week starts in May: May's report)
        page = client.get("/en/committees/rights-legal/report/", {"month": "2026-06"}).content.decode()
        may_page = client.get("/en/committees/rights-legal/report/", {"month": "2026-05"}).content.decode()

    def section(html: str, name: str) -> str:
        return html.split(f'id="{name}-title"')[1].split("</section>")[0]

    assert "Legal advice" in section(page, "new") and "Ended" not in section(page, "new")  # listed in June
    assert "Ended" in section(page, "ended") and "Legal advice" not in section(page, "ended")  # ends on the 20th
    assert "Ended in May" not in section(page, "ended") and "Ended in May" in section(may_page, "ended")
    assert "Legal advice" in section(page, "cliffs")  # ends within 60 days
    assert "Other committee" not in page and other
    unmet = section(page, "unmet")
    assert community.name_en in unmet and "Persian" in unmet and ">6<" in unmet and "Arabic" not in unmet
    assert "Arabic" in section(may_page, "unmet") and ">9<" in section(may_page, "unmet")
    assert legal


def test_report_csv_is_the_gap_table(client, legal) -> None:  # noqa: ANN001
    response = client.get("/en/committees/rights-legal/report.csv", {"month": this_month()})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["Level"] for r in rows].count("community") == 7
    assert [r["Level"] for r in rows].count("municipality") == Area.objects.filter(cni_member=True).count()
    tables = {t.key: t for t in committee_area_tables(committee=term("rights-legal"))}
    expected = {row["code"]: row["services"] for table in tables.values() for row in table.rows}
    assert {r["Code"]: int(r["Services"]) for r in rows} == expected
    assert sum(expected.values()) >= 2  # the legal service counts in its community and in Athens


# ----------------------------------------------------------------------------------------------- notes
def test_coordinator_saves_the_notes(client, people) -> None:  # noqa: ANN001
    client.force_login(people["coordinator"])
    response = client.post("/committees/health/notes/", {"month": this_month(), "text": "  Κενά στην Κυψέλη  "})
    assert response.status_code == 302 and response["Location"].endswith(f"?month={this_month()}#notes")
    note = CommitteeNote.objects.get(committee=term("health"))
    assert note.text == "Κενά στην Κυψέλη" and note.month == service_day().replace(day=1)
    assert note.updated_by == people["coordinator"]
    page = client.get("/committees/health/report/").content.decode()
    assert "Κενά στην Κυψέλη" in page and 'name="text"' in page


@pytest.mark.parametrize("role", ["editor", "caseworker"])
def test_others_cannot_save_notes(client, people, role: str) -> None:  # noqa: ANN001
    client.force_login(people[role])
    response = client.post("/committees/health/notes/", {"month": this_month(), "text": "x"})
    assert response.status_code == 403
    assert not CommitteeNote.objects.exists()
    assert 'name="text"' not in client.get("/committees/health/report/").content.decode()


def test_anonymous_is_sent_to_sign_in_and_does_not_see_notes(client) -> None:  # noqa: ANN001
    response = client.post("/committees/health/notes/", {"month": this_month(), "text": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CommitteeNote.objects.exists()
    CommitteeNote.objects.create(committee=term("health"), month=service_day().replace(day=1), text="Εσωτερικό")
    assert "Εσωτερικό" not in client.get("/committees/health/report/").content.decode()


def test_caseworkers_read_the_notes(client, people) -> None:  # noqa: ANN001
    CommitteeNote.objects.create(committee=term("health"), month=service_day().replace(day=1), text="Εσωτερικό")
    client.force_login(people["caseworker"])
    assert "Εσωτερικό" in client.get("/committees/health/report/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"month": "2026-13", "text": "x"}, "Give the month as YYYY-MM"),
        ({"text": "x"}, "This field is required"),
        ({"month": "2099-01", "text": "x"}, "has not started"),
        ({"month": "CURRENT", "text": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_notes_are_400_and_change_nothing(client, people, data: dict, message: str) -> None:  # noqa: ANN001
    month = service_day().replace(day=1)
    CommitteeNote.objects.create(committee=term("health"), month=month, text="Πριν")
    client.force_login(people["coordinator"])
    data = {**data, "month": this_month()} if data.get("month") == "CURRENT" else data
    response = client.post("/en/committees/health/notes/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CommitteeNote.objects.get().text == "Πριν"


def test_notes_need_post(client, people) -> None:  # noqa: ANN001
    client.force_login(people["coordinator"])
    assert client.get("/committees/health/notes/").status_code == 405


# ----------------------------------------------------------------------------------------------- attachments
def test_coordinator_attaches_and_detaches(client, people) -> None:  # noqa: ANN001
    organization = OrganizationFactory(name="Νέο μέλος", name_el="Νέο μέλος")
    client.force_login(people["coordinator"])
    response = client.post("/committees/gender/organisations/attach/", {"organization": organization.pk})
    assert response.status_code == 302
    attachment = CommitteeOrganization.objects.get()
    assert (attachment.committee, attachment.organization, attachment.attached_by) == (
        term("gender"), organization, people["coordinator"]
    )  # fmt: skip
    assert "Νέο μέλος" in client.get("/committees/gender/").content.decode()
    response = client.post("/committees/gender/organisations/detach/", {"organization": organization.pk})
    assert response.status_code == 302
    assert not CommitteeOrganization.objects.exists()


@pytest.mark.parametrize("role", ["editor", "caseworker", None])
@pytest.mark.parametrize("action", ["attach", "detach"])
def test_others_cannot_attach_or_detach(client, people, role: str | None, action: str) -> None:  # noqa: ANN001
    organization = OrganizationFactory()
    if action == "detach":
        CommitteeOrganization.objects.create(committee=term("gender"), organization=organization)
    if role:
        client.force_login(people[role])
    response = client.post(f"/committees/gender/organisations/{action}/", {"organization": organization.pk})
    if role:
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert CommitteeOrganization.objects.count() == (1 if action == "detach" else 0)


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "ATTACHED"])
def test_bad_attach_is_400_and_changes_nothing(client, people, value: str) -> None:  # noqa: ANN001
    attached = OrganizationFactory()
    CommitteeOrganization.objects.create(committee=term("gender"), organization=attached)
    client.force_login(people["coordinator"])
    response = client.post(
        "/en/committees/gender/organisations/attach/", {"organization": attached.pk if value == "ATTACHED" else value}
    )
    assert response.status_code == 400
    message = {"": "required", "not-a-uuid": "not a valid UUID"}.get(value, "Choose an organisation")
    assert message in response.content.decode()
    assert list(CommitteeOrganization.objects.values_list("organization_id", flat=True)) == [attached.pk]


def test_attach_form_only_for_coordinators(client, people) -> None:  # noqa: ANN001
    client.force_login(people["editor"])
    assert "organisations/attach/" not in client.get("/committees/gender/").content.decode()
    client.force_login(people["coordinator"])
    assert "organisations/attach/" in client.get("/committees/gender/").content.decode()

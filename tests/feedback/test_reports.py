"""Report a problem: anyone may report, at most FEEDBACK_REPORTS_PER_HOUR per address, bots are dropped; the
coordinators' queue and resolve; editors see reports about their own services only, never the reporter's address."""

import logging
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from feedback.models import ProblemReport, ReportStatus

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Η κυρία Παπαδοπούλου στο τηλέφωνο 6999999999 είπε ότι έκλεισε"
REPORTER = "reporter-private@example.org"


def _url(service) -> str:  # noqa: ANN001
    with translation.override("el"):
        return reverse("feedback:report", args=[service.pk])


def _report(client, service, **data: str):  # noqa: ANN001, ANN202
    addr = data.pop("addr", "203.0.113.7")
    payload = {"kind": "closed", "text": SECRET_TEXT, "contact_email": REPORTER, "website": "", **data}
    return client.post(_url(service), payload, REMOTE_ADDR=addr)


def test_service_page_offers_the_form(client, service_a) -> None:  # noqa: ANN001
    page = client.get(f"/en/services/{service_a.pk}/").content.decode()
    assert "Report a problem" in page and f'action="/en/feedback/services/{service_a.pk}/"' in page
    assert 'name="website"' in page  # the honeypot, hidden from people


def test_anonymous_report_lands_in_the_queue(client, coordinator, service_a) -> None:  # noqa: ANN001
    response = _report(client, service_a)
    assert response.status_code == 200
    assert "Η αναφορά σας στάλθηκε" in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.service, report.kind, report.text, report.contact_email, report.status) == (
        service_a,
        "closed",
        SECRET_TEXT,
        REPORTER,
        ReportStatus.OPEN,
    )
    client.force_login(coordinator)
    queue = client.get(reverse("feedback:queue")).content.decode()
    assert SECRET_TEXT in queue and REPORTER in queue
    assert reverse("editing:service_edit", args=[service_a.pk]) in queue


def test_the_report_is_never_public(client, service_a) -> None:  # noqa: ANN001
    _report(client, service_a)
    for path in (f"/services/{service_a.pk}/", f"/en/services/{service_a.pk}/", f"/hsds/services/{service_a.pk}"):
        content = client.get(path).content.decode()
        assert SECRET_TEXT not in content and REPORTER not in content


def test_sixth_report_within_the_hour_gets_429(client, service_a, service_b) -> None:  # noqa: ANN001
    with time_machine.travel(datetime(2026, 5, 4, 10, 5), tick=False):
        for _ in range(5):
            assert _report(client, service_a).status_code == 200
        sixth = _report(client, service_b)
        assert sixth.status_code == 429
        assert "Πάρα πολλές αναφορές" in sixth.content.decode()
        assert _report(client, service_a, addr="198.51.100.1").status_code == 200  # another address is counted apart
    assert ProblemReport.objects.count() == 6
    with time_machine.travel(datetime(2026, 5, 4, 10, 5) + timedelta(hours=1), tick=False):
        assert _report(client, service_a).status_code == 200  # the next hour
    assert ProblemReport.objects.count() == 7


@override_settings(FEEDBACK_REPORTS_PER_HOUR=2)
def test_the_limit_is_a_setting(client, service_a) -> None:  # noqa: ANN001
    assert [_report(client, service_a).status_code for _ in range(3)] == [200, 200, 429]


@override_settings(REST_FRAMEWORK={"NUM_PROXIES": 1})
def test_behind_a_proxy_the_forwarded_address_counts(client, service_a) -> None:  # noqa: ANN001
    for i in range(6):  # six different clients behind one proxy: none is limited
        response = client.post(
            _url(service_a), {"kind": "hours"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}"
        )
        assert response.status_code == 200
    assert ProblemReport.objects.count() == 6


def test_honeypot_drops_bots(client, service_a) -> None:  # noqa: ANN001
    response = _report(client, service_a, website="http://spam.example")
    assert response.status_code == 200  # looks like success to the bot
    assert not ProblemReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"kind": "other", "text": " "}, "text"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"text": "x" * 2001}, "text"),
    ],
)
def test_bad_input_shows_the_form_again(client, service_a, data, field) -> None:  # noqa: ANN001
    response = _report(client, service_a, **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "η αναφορά δεν στάλθηκε" in page and "field--invalid" in page
    assert not ProblemReport.objects.exists()


def test_report_for_unknown_service_is_404(client) -> None:  # noqa: ANN001
    response = client.post("/feedback/services/00000000-0000-0000-0000-000000000000/", {"kind": "closed"})
    assert response.status_code == 404


def test_logs_never_hold_the_report(client, caplog, service_a) -> None:  # noqa: ANN001
    with caplog.at_level(logging.DEBUG):
        _report(client, service_a)
        _report(client, service_a, kind="nonsense")
        for _ in range(5):
            _report(client, service_a)  # up to and past the limit
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET_TEXT not in logged and REPORTER not in logged and "Παπαδοπούλου" not in logged


def test_queue_is_for_coordinators(client, editor_a, caseworker) -> None:  # noqa: ANN001
    url = reverse("feedback:queue")
    assert client.get(url).status_code == 302
    for person in (editor_a, caseworker):
        client.force_login(person)
        assert client.get(url).status_code == 403


def test_coordinator_resolves_with_a_note(client, coordinator, editor_a, service_a) -> None:  # noqa: ANN001
    _report(client, service_a)
    report = ProblemReport.objects.get()
    client.force_login(editor_a)
    assert client.post(reverse("feedback:resolve", args=[report.pk]), {"note": "x"}).status_code == 403
    client.force_login(coordinator)
    response = client.post(reverse("feedback:resolve", args=[report.pk]), {"note": "Διορθώθηκε το ωράριο"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.resolved_by, report.resolution_note) == (
        ReportStatus.RESOLVED,
        coordinator,
        "Διορθώθηκε το ωράριο",
    )
    assert SECRET_TEXT not in client.get(reverse("feedback:queue")).content.decode()  # open reports only
    assert SECRET_TEXT in client.get(reverse("feedback:queue"), {"status": "resolved"}).content.decode()
    again = client.post(reverse("feedback:resolve", args=[report.pk]), {"note": ""}, follow=True)
    assert "έχει ήδη επιλυθεί" in again.content.decode()


def test_editors_see_reports_about_their_own_services_without_the_address(
    client, editor_a, editor_b, service_a, service_b
) -> None:  # noqa: ANN001
    _report(client, service_a, text="Λάθος ώρες στην Α")
    _report(client, service_b, text="Λάθος ώρες στη Β")
    client.force_login(editor_a)
    dashboard = client.get(reverse("editing:manage")).content.decode()
    assert "Λάθος ώρες στην Α" in dashboard and "Λάθος ώρες στη Β" not in dashboard
    assert REPORTER not in dashboard
    client.force_login(editor_b)
    dashboard = client.get(reverse("editing:manage")).content.decode()
    assert "Λάθος ώρες στη Β" in dashboard and "Λάθος ώρες στην Α" not in dashboard

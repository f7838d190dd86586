"""manage.py freshness_reminders across both policy periods: the right emails, once per quiet period."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from accounts.models import Role
from freshness.models import ReminderSent
from search.actions.map_cells import map_cells_refresh
from search.models import DirectoryState
from services.models import Service
from tests.factories import OrganizationFactory
from tests.freshness.conftest import athens, make_user, published_service

pytestmark = pytest.mark.django_db


def run(day: str, *extra: str) -> str:
    out = StringIO()
    call_command("freshness_reminders", "--today", day, "--base-url", "https://map.example.org", *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def directory(org_a, org_b):  # noqa: ANN001, ANN201
    """Α: two editors (one without email, one inactive), a never-confirmed service, one confirmed later, one fresh.
    Β: no editors, its own address. Γ: no address at all."""
    with time_machine.travel(athens(2025, 1, 10), tick=False):
        never = published_service(org_a, name_el="Ποτέ επιβεβαιωμένη")
    later = published_service(org_a, name_el="Επιβεβαιωμένη τον Ιούνιο")
    fresh = published_service(org_a, name_el="Πάντα φρέσκια")
    Service.objects.filter(pk=later.pk).update(assured_date=date(2025, 6, 1))
    Service.objects.filter(pk=fresh.pk).update(assured_date=date(2030, 1, 1))
    for name, email in (("eleni", "eleni@example.org"), ("nikos", "nikos@example.org"), ("nomail", "")):
        user = make_user(name, Role.EDITOR, [org_a])
        user.email = email
        user.save()
    gone = make_user("gone", Role.EDITOR, [org_a])
    gone.email, gone.is_active = "gone@example.org", False
    gone.save()
    make_user("coordinator-x", Role.COORDINATOR).__class__.objects.filter(username="coordinator-x").update(
        email="coord@example.org"
    )
    org_b.email = "info@b.example.org"
    org_b.save()
    other = published_service(org_b, name_el="Υπηρεσία Β")
    Service.objects.filter(pk=other.pk).update(assured_date=date(2025, 1, 5))
    org_c = OrganizationFactory(name="Οργάνωση Γ", name_el="Οργάνωση Γ", email="")
    silent = published_service(org_c, name_el="Υπηρεσία Γ")
    Service.objects.filter(pk=silent.pk).update(assured_date=date(2025, 1, 5))
    return {"never": never, "later": later, "fresh": fresh, "other": other}


def test_reminders_across_both_periods(directory, mailoutbox) -> None:  # noqa: ANN001
    # 15 July 2025: "never" (10 Jan) and Β's service (5 Jan) need re-confirmation; Γ has no address
    output = run("2025-07-15")
    assert {tuple(m.to) for m in mailoutbox} == {("eleni@example.org", "nikos@example.org"), ("info@b.example.org",)}
    to_a = next(m for m in mailoutbox if "eleni@example.org" in m.to)
    assert "Ποτέ επιβεβαιωμένη" in to_a.body and "Επιβεβαιωμένη τον Ιούνιο" not in to_a.body
    assert "Πάντα φρέσκια" not in to_a.body
    assert "Χρειάζεται επανεπιβεβαίωση" in to_a.body and "Needs re-confirmation" in to_a.body  # Greek, then English
    assert to_a.body.index("Χρειάζεται") < to_a.body.index("Needs re-confirmation")
    assert f"https://map.example.org/services/{directory['never'].pk}/" in to_a.body
    assert "https://map.example.org/manage/" in to_a.body and "https://map.example.org/en/manage/" in to_a.body
    assert "11 January 2026" in to_a.body  # the day it will be hidden
    assert "Οργάνωση Γ" in output and "no address" in output

    # the same day again, and within the quiet days: nothing new
    mailoutbox.clear()
    run("2025-07-15")
    run("2025-07-21")
    assert mailoutbox == []
    # after the quiet days (7), the same news is sent again
    run("2025-07-22")
    assert len(mailoutbox) == 2

    # 5 December 2025: "later" (1 June) needs re-confirmation too — Α hears about both, Β hears nothing new
    mailoutbox.clear()
    run("2025-12-05")
    run("2025-12-05")
    assert len(mailoutbox) == 2  # Α (new service) and Β (its weekly repeat)
    to_a = next(m for m in mailoutbox if "eleni@example.org" in m.to)
    assert "Ποτέ επιβεβαιωμένη" in to_a.body and "Επιβεβαιωμένη τον Ιούνιο" in to_a.body

    # 10 January 2026: Β's service is hidden (since 6 January); "never" still needs re-confirmation
    mailoutbox.clear()
    run("2026-01-10")
    assert len(mailoutbox) == 2
    to_b = next(m for m in mailoutbox if "info@b.example.org" in m.to)
    assert "Hidden from search since 6 January 2026" in to_b.body
    # 11 January 2026: "never" became hidden — a change of state is news even within the quiet days
    mailoutbox.clear()
    run("2026-01-11")
    assert len(mailoutbox) == 1
    to_a = [m for m in mailoutbox if "eleni@example.org" in m.to]
    assert len(to_a) == 1
    assert "Hidden from search since 11 January 2026" in to_a[0].body
    assert ReminderSent.objects.filter(organization=directory["never"].organization).count() == 5


def test_dry_run_sends_and_records_nothing(directory, mailoutbox) -> None:  # noqa: ANN001
    output = run("2025-07-15", "--dry-run")
    assert mailoutbox == [] and not ReminderSent.objects.exists()
    assert "would send to 2 recipients" in output and "dry run" in output
    run("2025-07-15")
    assert len(mailoutbox) == 2


@override_settings(FRESHNESS_REMINDER_DAYS=30)
def test_quiet_days_are_a_setting(directory, mailoutbox) -> None:  # noqa: ANN001
    run("2025-07-15")
    mailoutbox.clear()
    run("2025-08-10")
    assert mailoutbox == []
    run("2025-08-15")
    assert len(mailoutbox) == 2


def test_a_confirmed_service_is_not_reminded(directory, mailoutbox) -> None:  # noqa: ANN001
    Service.objects.filter(pk=directory["never"].pk).update(assured_date=date(2025, 7, 14))
    run("2025-07-15")
    assert {tuple(m.to) for m in mailoutbox} == {("info@b.example.org",)}


def test_map_cells_recounted_when_a_service_became_hidden(directory) -> None:  # noqa: ANN001
    map_cells_refresh(on=date(2025, 12, 5))
    output = run("2025-12-20")  # nothing crossed into hidden between 5 and 20 December
    assert DirectoryState.objects.get(pk=1).map_cells_on == date(2025, 12, 5)
    assert "Map cells recounted" not in output
    output = run("2026-01-11")  # Β's service (5 Jan 2025) and "never" (10 Jan 2025) crossed
    assert DirectoryState.objects.get(pk=1).map_cells_on == date(2026, 1, 11)
    assert "Map cells recounted" in output


def test_bad_date_is_an_error() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("15/07/2025")


def test_a_failed_send_is_reported_not_recorded_and_retried(directory, mailoutbox) -> None:  # noqa: ANN001
    with override_settings(EMAIL_BACKEND="tests.freshness.refusing_mail.EmailBackend"):
        output = run("2025-07-15")
    assert "sending failed" in output and not ReminderSent.objects.exists()
    run("2025-07-15")
    assert len(mailoutbox) == 2

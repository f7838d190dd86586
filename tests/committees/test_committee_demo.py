"""seed_demo fills the committees: labelled notes for this month's and last month's report, and one attached demo
organisation without services there; again and again without duplicates, never over a coordinator's own notes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from committees.actions import DEMO_NOTES, committee_demo_seed
from committees.models import CommitteeNote, CommitteeOrganization
from committees.selectors import committee_services_by_organization
from services.actions.demo import DEMO_LABEL_EL, DEMO_LABEL_EN
from services.directory import committee_list
from services.rules import service_day
from tests.factories import term

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_every_committee() -> None:
    call_command("seed_demo", "--seed", "4", stdout=StringIO())  # the default size, as `make run` loads it
    this_month = service_day().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    for committee in committee_list():
        notes = CommitteeNote.objects.filter(committee=committee)
        assert sorted(notes.values_list("month", flat=True)) == [last_month, this_month]
        assert all(n.is_demo and DEMO_LABEL_EL in n.text and DEMO_LABEL_EN in n.text for n in notes)
        attached = CommitteeOrganization.objects.get(committee=committee).organization
        assert attached.is_demo
        assert attached.id not in committee_services_by_organization(committee=committee)


def test_seeding_again_adds_nothing_and_keeps_a_coordinators_notes() -> None:
    call_command("seed_demo", "--services", "30", "--seed", "5", stdout=StringIO())
    health = term("health")
    note = CommitteeNote.objects.get(committee=health, month=service_day().replace(day=1))
    note.text, note.is_demo = "Οι δικές μας σημειώσεις", False
    note.save()
    counts = (CommitteeNote.objects.count(), CommitteeOrganization.objects.count())
    committee_demo_seed()
    assert (CommitteeNote.objects.count(), CommitteeOrganization.objects.count()) == counts
    assert CommitteeNote.objects.get(pk=note.pk).text == "Οι δικές μας σημειώσεις"
    assert CommitteeNote.objects.exclude(pk=note.pk).filter(text=DEMO_NOTES).count() == counts[0] - 1

"""Writes of the committee workspaces: report notes, attached organisations, and their demo records."""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from services.actions.demo import DEMO_LABEL_EL, DEMO_LABEL_EN
from services.directory import committee_list
from services.models import Organization, TaxonomyTerm
from services.rules import service_day

from .models import CommitteeNote, CommitteeOrganization
from .selectors import committee_services_by_organization


def committee_note_save(*, committee: TaxonomyTerm, month: date, text: str, user: Any) -> CommitteeNote:
    """Set the notes of the committee's report for the month (the first day of it)."""
    note, _created = CommitteeNote.objects.get_or_create(committee=committee, month=month.replace(day=1))
    note.text = text.strip()
    note.updated_by = user
    note.is_demo = False
    note.full_clean()
    note.save()
    return note


def committee_organization_attach(
    *, committee: TaxonomyTerm, organization: Organization, user: Any
) -> CommitteeOrganization:
    """Attach an organisation to a committee (idempotent)."""
    attachment, _created = CommitteeOrganization.objects.get_or_create(
        committee=committee, organization=organization, defaults={"attached_by": user}
    )
    return attachment


def committee_organization_detach(*, committee: TaxonomyTerm, organization: Organization) -> bool:
    """Remove an explicit attachment; an organisation with services in the committee stays a member through them."""
    deleted, _rows = CommitteeOrganization.objects.filter(committee=committee, organization=organization).delete()
    return bool(deleted)


DEMO_NOTES = (
    f"{DEMO_LABEL_EL} Σημειώσεις για τη συνεδρίαση: ελλείψεις στις κοινότητες με τις περισσότερες αναζητήσεις χωρίς "
    "αποτέλεσμα· υπηρεσίες που λήγουν μέσα στους επόμενους δύο μήνες· ποιος αναλαμβάνει επικοινωνία με τον Δήμο.\n"
    f"{DEMO_LABEL_EN} Notes for the meeting: gaps in the communities with the most searches that found nothing; "
    "services ending within the next two months; who contacts the Municipality."
)


@transaction.atomic
def committee_demo_seed() -> int:
    """Demo records for each committee: notes for this month's and last month's report, and one demo organisation
    with no services there attached to it. Updates its own demo records in place; returns the rows written."""
    this_month = service_day().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    demo_organizations = list(Organization.objects.filter(is_demo=True).order_by("name", "id"))
    written = 0
    for committee in committee_list():
        for month in (last_month, this_month):
            note = CommitteeNote.objects.filter(committee=committee, month=month).first()
            if note is None or note.is_demo:  # never overwrite a coordinator's own notes
                CommitteeNote.objects.update_or_create(
                    committee=committee, month=month, defaults={"text": DEMO_NOTES, "is_demo": True}
                )
                written += 1
        with_services = set(committee_services_by_organization(committee=committee))
        outsider = next((o for o in demo_organizations if o.id not in with_services), None)
        if outsider is not None:
            CommitteeOrganization.objects.get_or_create(committee=committee, organization=outsider)
            written += 1
    return written

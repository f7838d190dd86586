"""Writes: declare, change and end an emergency; offer a service for it; the fast review lane."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.permissions import is_coordinator

from .models import Emergency, EmergencyOffer, OfferStatus


@transaction.atomic
def emergency_save(*, form: Any, user: Any) -> Emergency:
    """Declare a new emergency or save changes to one (a valid EmergencyForm)."""
    emergency: Emergency = form.save(commit=False)
    if emergency.pk is None:
        emergency.created_by = user
    emergency.save()
    form.save_m2m()
    return emergency


def emergency_end_now(*, emergency: Emergency, at=None) -> Emergency:  # noqa: ANN001
    """End an emergency earlier than expected: its end becomes now (an emergency not yet started cannot end)."""
    at = at or timezone.now()
    if emergency.starts_at < at < emergency.ends_at:
        emergency.ends_at = at
        emergency.save(update_fields=["ends_at"])
    return emergency


@transaction.atomic
def offer_submit(*, form: Any, user: Any) -> EmergencyOffer:
    """A coordinator's offer is published at once; an editor's waits in the fast review lane."""
    offer: EmergencyOffer = form.save(commit=False)
    offer.submitted_by = user
    if is_coordinator(user):
        offer.status = OfferStatus.PUBLISHED
        offer.reviewed_by = user
        offer.reviewed_at = timezone.now()
    else:
        offer.status = OfferStatus.PENDING
    offer.save()
    return offer


def offer_review(*, offer: EmergencyOffer, user: Any, publish: bool, note: str = "") -> EmergencyOffer:
    offer.status = OfferStatus.PUBLISHED if publish else OfferStatus.REJECTED
    offer.reviewed_by = user
    offer.reviewed_at = timezone.now()
    offer.review_note = note
    offer.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return offer


def offer_end_now(*, offer: EmergencyOffer, at=None) -> EmergencyOffer:  # noqa: ANN001
    """Stop an offer before its emergency ends (it stays in the history)."""
    at = at or timezone.now()
    if offer.effective_end() > at:
        offer.ends_at = max(at, offer.emergency.starts_at)
        offer.save(update_fields=["ends_at"])
    return offer

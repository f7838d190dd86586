"""Reads of the accounts app: people, invitations, saved searches."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Invitation, SavedSearch

CATEGORIES = "categories"


def person_list() -> QuerySet:
    """Everyone with an account, with their role and organisations; active people first."""
    return (
        get_user_model()
        .objects.select_related("profile")
        .prefetch_related("profile__organizations")
        .order_by("-is_active", "username")
    )


def invitation_pending_list() -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked, newest first (expired ones included, to be resent)."""
    return (
        Invitation.objects.filter(accepted_at=None, revoked_at=None)
        .select_related("invited_by")
        .prefetch_related("organizations")
    )


def saved_search_list(*, user: Any) -> QuerySet[SavedSearch]:
    """A person's saved searches by name."""
    return SavedSearch.objects.filter(user=user)

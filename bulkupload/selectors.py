"""Reads of the bulk upload pages."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Upload


def upload_list_recent(*, user: Any, limit: int = 10) -> QuerySet[Upload]:
    """The person's latest uploads (without their bytes)."""
    return Upload.objects.owned_by(user).defer("content")[:limit]


def upload_get(*, user: Any, upload_id: Any) -> Upload:
    """One of the person's own uploads; another coordinator's is a 404, like one that does not exist."""
    return get_object_or_404(Upload.objects.owned_by(user), pk=upload_id)

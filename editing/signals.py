"""Changes made in the Django admin are versioned too: the admin logs every addition and change it saved."""

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from services.models import Location, Organization, Service

from .actions import record_outside_change


def _admin_saved(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """The admin writes its log entry after the record and its inlines are saved, so the state is complete."""
    if not created or kwargs.get("raw") or instance.action_flag not in (ADDITION, CHANGE):
        return
    if instance.object_id is None:  # nothing to record (the admin logs additions and changes with their object)
        return
    model = instance.content_type.model_class() if instance.content_type else None
    who = instance.user.get_full_name() or instance.user.get_username()
    comment = _("Changed in the administration by %(user)s") % {"user": who}
    if model is Service:
        services = Service.objects.filter(pk=instance.object_id)
    elif model is Location:
        services = Service.objects.filter(service_at_locations__location_id=instance.object_id).distinct()
    elif model is Organization:
        organization = Organization.objects.filter(pk=instance.object_id).first()
        if organization is not None:
            record_outside_change(organization=organization, user=instance.user, comment=comment)
        return
    else:
        return
    for service in services:
        record_outside_change(service=service, user=instance.user, comment=comment)


def connect() -> None:
    post_save.connect(_admin_saved, sender=LogEntry, dispatch_uid="editing-admin-log")

"""Moderation and history: proposed changes waiting for a coordinator, and every published version of a record."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from services.models import Organization, Service


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(models.Model):
    """A new service or a change to a published one, proposed by an organisation editor; published only on approval.

    `proposed` is the whole proposed state (editing.state), `base` the published state it was made from (None for a
    new service); approving applies only the paths where they differ.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="change_requests")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="change_requests"
    )
    service_name = models.CharField(_("service"), max_length=300)
    proposed = models.JSONField(encoder=DjangoJSONEncoder)
    base = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.TextField(_("note to the coordinators"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="submitted_changes"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_changes"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("coordinator's comment"), blank=True)

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="changerequest_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_at__isnull=False), name="changerequest_reviewed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.service_name}"

    @property
    def is_new_service(self) -> bool:
        return self.base is None


class ResourceType(models.TextChoices):
    SERVICE = "service", _("Service")
    ORGANIZATION = "organization", _("Organisation")


class VersionSource(models.TextChoices):
    """Which path published a version (every path records through editing.writer)."""

    EDITOR = "editor", _("Edited in the form")
    APPROVAL = "approval", _("Approved change request")
    REVERT = "revert", _("Revert")
    ADMIN = "admin", _("Administration")
    IMPORT = "import", _("HSDS import")
    BULK_UPLOAD = "bulk_upload", _("Bulk upload")
    FRESHNESS = "freshness", _("Confirmed still accurate")  # metadata only: a confirmation makes no version
    FOUND = "found", _("State before the first recorded change")


class Version(models.Model):
    """One published state of a service (with its hours, terms, languages and locations) or of an organisation."""

    resource_type = models.CharField(_("record type"), max_length=20, choices=ResourceType.choices)
    resource_id = models.UUIDField(_("record"))
    number = models.PositiveIntegerField(_("version"))
    state = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    change_request = models.ForeignKey(ChangeRequest, null=True, blank=True, on_delete=models.SET_NULL)
    # blank: recorded before the source was kept
    source = models.CharField(_("source"), max_length=20, choices=VersionSource.choices, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource_type", "resource_id", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.resource_type} {self.resource_id} v{self.number}"

"""A file a coordinator uploaded for a bulk import, kept in the database between its preview and its apply."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadKind(models.TextChoices):
    SPREADSHEET_CSV = "csv", _("Spreadsheet (CSV)")
    SPREADSHEET_XLSX = "xlsx", _("Spreadsheet (XLSX)")
    DATAPACKAGE = "datapackage", _("HSDS datapackage (ZIP)")


class UploadQuerySet(models.QuerySet):
    """Uploads, by owner and freshness."""

    def owned_by(self, user: object) -> "UploadQuerySet":
        return self.filter(owner=user)

    def expired(self, *, now: object) -> "UploadQuerySet":
        return self.filter(expires_at__lt=now)


class Upload(models.Model):
    """One uploaded file: its bytes (the app servers keep no local files), owner, checksum, expiry and outcome.

    The preview (`report`) is the dry run of these exact bytes; apply re-checks the same bytes (sha256) and writes.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=UploadKind.choices)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    report = models.JSONField(_("dry-run report"), default=dict)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    result = models.JSONField(_("apply result"), default=dict, blank=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("bulk upload")
        verbose_name_plural = _("bulk uploads")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(size__gte=0), name="bulkupload_size_not_negative")]

    def __str__(self) -> str:
        return self.filename

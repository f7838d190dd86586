"""Problems with a listing reported by anyone from the service page, for the coordinators to check."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemKind(models.TextChoices):
    ADDRESS = "address", _("Wrong address")
    HOURS = "hours", _("Wrong opening hours")
    CLOSED = "closed", _("The service has closed")
    PHONE = "phone", _("Wrong phone number")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class ProblemReport(models.Model):
    """One report about one service; the reporter's email (optional) is seen by coordinators only, never published."""

    service = models.ForeignKey(
        "services.Service", verbose_name=_("service"), on_delete=models.CASCADE, related_name="problem_reports"
    )
    kind = models.CharField(_("what is wrong"), max_length=20, choices=ProblemKind.choices)
    text = models.TextField(_("details"), max_length=2000, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"], name="feedback_status_created")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

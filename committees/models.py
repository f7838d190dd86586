"""The working committees' own records: the notes of a monthly gap report, and organisations a coordinator attached.

A committee is a top-level term of the service categories (services.directory.committee_list); these tables only
add what the directory does not hold.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTES_MAX_LENGTH = 2000


class CommitteeNote(models.Model):
    """The notes section of one committee's gap report for one month, edited by coordinators before the meeting."""

    committee = models.ForeignKey(
        "services.TaxonomyTerm", verbose_name=_("committee"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    text = models.TextField(_("notes"), max_length=NOTES_MAX_LENGTH, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("committee notes")
        verbose_name_plural = _("committee notes")
        constraints = [
            models.UniqueConstraint(fields=["committee", "month"], name="committee_note_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="committee_note_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.month:%Y-%m}"


class CommitteeOrganization(models.Model):
    """An organisation a coordinator attached to a committee (members without current services in its categories)."""

    committee = models.ForeignKey(
        "services.TaxonomyTerm", verbose_name=_("committee"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "services.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attached by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    attached_at = models.DateTimeField(_("attached"), auto_now_add=True)

    class Meta:
        verbose_name = _("attached organisation")
        verbose_name_plural = _("attached organisations")
        constraints = [
            models.UniqueConstraint(fields=["committee", "organization"], name="committee_organization_once"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.organization}"

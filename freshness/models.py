"""Reminders sent to organisations about services that need re-confirmation, so the same news is not sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder email to one organisation: which services in which state it listed, and to how many people."""

    organization = models.ForeignKey(
        "services.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("sent on"), db_index=True)
    # [[service id, freshness state], ...]: a service listed again in the same state within the quiet days is news
    # to nobody; a service newly stale or newly hidden is.
    services = models.JSONField(_("services"), default=list)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.sent_on}"

"""Who may do what: a role per person, and for organisation editors the organisations they speak for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")  # all data, moderation, users
    EDITOR = "editor", _("Organisation editor")  # their own organisations' services and locations
    CASEWORKER = "caseworker", _("Caseworker")  # read, save searches, report problems


class Profile(models.Model):
    """A person's role on the platform; editors are tied to the organisations they may edit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    organizations = models.ManyToManyField(
        "services.Organization", verbose_name=_("organisations"), related_name="editor_profiles", blank=True
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

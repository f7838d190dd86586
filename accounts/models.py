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
    # When the account was deactivated: it is anonymised PRIVACY_INACTIVE_ACCOUNT_MONTHS later (privacy.actions).
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    # When the name, username and email were replaced: history then shows "former editor" and the organisations.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Invitation(models.Model):
    """A coordinator's invitation to join with a role; the emailed link lets the person choose a username/password."""

    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organizations = models.ManyToManyField(
        "services.Organization", verbose_name=_("organisations"), related_name="invitations", blank=True
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"))
    # Part of the signed link: a new one (on resending or revoking) makes every earlier link useless.
    nonce = models.CharField(max_length=32)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_pending(self) -> bool:
        """Neither accepted nor revoked (it may still have expired)."""
        return self.accepted_at is None and self.revoked_at is None


class SavedSearch(models.Model):
    """A search on the caseworker map kept under a name: the whole search is the page's query string."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("search"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_unique_per_user"),
            models.CheckConstraint(condition=~models.Q(name=""), name="saved_search_name_not_blank"),
        ]

    def __str__(self) -> str:
        return self.name

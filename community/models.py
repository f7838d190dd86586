"""What members share with each other beside their services: activities (moderated like services), open calls
between members (closed by their expiry, derived from the dates) and the toolkit of publications.

Each belongs to one organisation (its editors manage it, accounts.permissions) and one working committee (a top-level
term of the service categories, services.directory.committee_list).
"""

from datetime import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from services.models import Organization, TaxonomyTerm

from .validators import validate_web_url

LANGUAGE_CODE = RegexValidator(r"^[a-z]{2,3}$", _("A language is a two-letter ISO 639-1 code."))


def _in_language(el: str, en: str) -> str:
    """The English text on English pages when there is one; the Greek otherwise."""
    return en if (get_language() or "el").startswith("en") and en else el


class ModerationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ActivityKind(models.TextChoices):
    EVENT = "event", _("Event")
    TRAINING = "training", _("Training")
    INFORMATION = "information", _("Information session")


class ActivityQuerySet(models.QuerySet):
    def published(self) -> "ActivityQuerySet":
        """What the public sees: approved activities (a waiting edit of one leaves the published version showing)."""
        return self.filter(status=ModerationStatus.PUBLISHED)

    def upcoming(self, now: datetime | None = None) -> "ActivityQuerySet":
        """Not yet over."""
        return self.filter(ends_at__gte=now or timezone.now())


class Activity(models.Model):
    """An event, training or information session a member organisation announces; coordinators approve editors'
    activities and edits before they are public. `point` (SRID 4326, geography) is where it takes place, if not online.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("organiser"), on_delete=models.CASCADE, related_name="activities"
    )
    committee = models.ForeignKey(TaxonomyTerm, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, default=ActivityKind.EVENT)
    title_el = models.CharField(_("title (Greek)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_el = models.TextField(_("description (Greek)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online link"), blank=True, validators=[validate_web_url])
    place = models.CharField(_("place"), max_length=300, blank=True)
    point = models.PointField(_("point on the map"), geography=True, srid=4326, null=True, blank=True)
    languages = ArrayField(
        models.CharField(max_length=3, validators=[LANGUAGE_CODE]), verbose_name=_("languages"), default=list
    )
    audiences = ArrayField(models.CharField(max_length=80), verbose_name=_("audience"), default=list, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True, validators=[validate_web_url])
    status = models.CharField(
        _("status"), max_length=10, choices=ModerationStatus.choices, default=ModerationStatus.PENDING
    )
    # An editor's change to a published activity waits here (the form's state, community.state) while the published
    # version stays public; approving applies it.
    proposed = models.JSONField(null=True, blank=True)
    review_comment = models.TextField(_("coordinator's comment"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "ends_at"], name="activity_status_ends")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="activity_ends_after_start"),
            models.CheckConstraint(
                condition=Q(online=True) | ~Q(place="") | Q(point__isnull=False), name="activity_has_place"
            ),
        ]

    def __str__(self) -> str:
        return self.title_el

    @property
    def title(self) -> str:
        return _in_language(self.title_el, self.title_en)

    @property
    def description(self) -> str:
        return _in_language(self.description_el, self.description_en)


class CallKind(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class OpenCallQuerySet(models.QuerySet):
    def open(self, now: datetime | None = None) -> "OpenCallQuerySet":
        """Calls still open: not closed by hand and not past their expiry (nothing has to run at the expiry)."""
        return self.filter(closed_at__isnull=True, expires_at__gt=now or timezone.now())

    def closed(self, now: datetime | None = None) -> "OpenCallQuerySet":
        return self.filter(Q(closed_at__isnull=False) | Q(expires_at__lte=now or timezone.now()))

    def closed_before(self, moment: datetime) -> "OpenCallQuerySet":
        """Calls that were closed, by hand or by their expiry, before `moment` (the privacy purge's clock)."""
        return self.filter(Q(closed_at__lt=moment) | Q(expires_at__lte=moment))


class OpenCall(models.Model):
    """A need or an offer one member posts to the others ("interpreters for Dari needed Tuesday"); open until its
    expiry or until its organisation closes it. Signed-in members only."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="open_calls"
    )
    committee = models.ForeignKey(TaxonomyTerm, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("need or offer"), max_length=10, choices=CallKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    contact = models.CharField(_("contact"), max_length=300)
    expires_at = models.DateTimeField(_("open until"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = OpenCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("open call")
        verbose_name_plural = _("open calls")
        ordering = ["expires_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=F("created_at")), name="opencall_expires_after_posted")
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime | None = None) -> bool:
        return self.closed_at is None and self.expires_at > (now or timezone.now())


class ToolkitKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")


class ToolkitEntry(models.Model):
    """A publication, guide or template of a member, by committee and language: a web link or an uploaded PDF."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="toolkit_entries"
    )
    committee = models.ForeignKey(TaxonomyTerm, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=ToolkitKind.choices, default=ToolkitKind.PUBLICATION)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=3, validators=[LANGUAGE_CODE])
    published_on = models.DateField(_("date"))
    link = models.URLField(_("link"), max_length=500, blank=True, validators=[validate_web_url])
    search_text = models.TextField(editable=False, default="")  # folded words (geo_accmr.text.fold)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("toolkit entry")
        verbose_name_plural = _("toolkit entries")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ToolkitFile(models.Model):
    """An entry's uploaded PDF: its bytes live in the database, as bulk uploads' do (the app servers keep no files)."""

    entry = models.OneToOneField(ToolkitEntry, on_delete=models.CASCADE, primary_key=True, related_name="file")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()

    class Meta:
        verbose_name = _("toolkit file")
        verbose_name_plural = _("toolkit files")
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="toolkitfile_not_empty")]

    def __str__(self) -> str:
        return self.name

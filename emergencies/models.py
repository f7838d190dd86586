"""An emergency (kind, Greek and English title, affected areas, start and expected end) and the services offered for
it (EmergencyOffer: a place with temporary hours and its own optional end, published directly by coordinators or
after a fast review for organisation editors). A temporary shelter is stored by its area only: the table cannot hold
its point, address or phone (a check constraint), so no page or export can publish them (services/redaction.py)."""

from typing import ClassVar

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from geo_accmr.geo import WGS84

from .querysets import EmergencyQuerySet, OfferQuerySet


class EmergencyKind(models.TextChoices):
    HEATWAVE = "heatwave", _("Heatwave")
    COLD_SPELL = "cold_spell", _("Cold spell")
    FLOOD = "flood", _("Flood")
    FIRE = "fire", _("Fire")
    EARTHQUAKE = "earthquake", _("Earthquake")
    NEW_ARRIVALS = "new_arrivals", _("New arrivals")
    OTHER = "other", _("Other")


class OfferKind(models.TextChoices):
    COOLING = "cooling", _("Cooling centre")
    WARMING = "warming", _("Warming centre")
    SHELTER = "shelter", _("Temporary shelter")
    FOOD_WATER = "food_water", _("Food and water")
    MEDICAL = "medical", _("Medical point")
    INFORMATION = "information", _("Information point")


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


def _localised(el: str, en: str) -> str:
    return en if get_language() == "en" and en else el


class Emergency(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EmergencyKind.choices)
    title_el = models.CharField(_("title (Greek)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_el = models.TextField(_("what to know (Greek)"), blank=True)
    description_en = models.TextField(_("what to know (English)"), blank=True)
    areas = models.ManyToManyField(
        "boundaries.Area", verbose_name=_("affected areas"), related_name="emergencies", blank=False
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("expected end"))
    demo = models.BooleanField(_("demo"), default=False, help_text=_("Fictional, loaded by seed_demo."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[EmergencyQuerySet] = EmergencyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="emergency_ends_after_start",
                violation_error_message=_("The expected end must be after the start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _localised(self.title_el, self.title_en)

    @property
    def description(self) -> str:
        return _localised(self.description_el, self.description_en)

    def is_active(self, at=None) -> bool:  # noqa: ANN001
        at = at or timezone.now()
        return self.starts_at <= at < self.ends_at

    def status(self, at=None) -> str:  # noqa: ANN001
        at = at or timezone.now()
        if at < self.starts_at:
            return "upcoming"
        return "active" if at < self.ends_at else "ended"


class EmergencyOffer(models.Model):
    emergency = models.ForeignKey(Emergency, on_delete=models.CASCADE, related_name="offers")
    organization = models.ForeignKey(
        "services.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("related service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the organisation's regular service this offer extends."),
    )
    kind = models.CharField(_("kind of help"), max_length=20, choices=OfferKind.choices)
    name_el = models.CharField(_("name (Greek)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    area = models.ForeignKey(
        "boundaries.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="emergency_offers"
    )
    point = models.PointField(_("point"), srid=WGS84, geography=True, null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hours = models.CharField(_("temporary hours"), max_length=200, help_text=_("For example: every day 10:00–22:00"))
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Leave empty to end with the emergency.")
    )
    status = models.CharField(_("status"), max_length=12, choices=OfferStatus.choices, default=OfferStatus.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("note"), max_length=500, blank=True)

    objects: ClassVar[OfferQuerySet] = OfferQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("emergency service")
        verbose_name_plural = _("emergency services")
        ordering = ["kind", "name_el", "id"]
        constraints = [
            # A temporary shelter is known by its area only: never a point, an address or a phone at the door.
            models.CheckConstraint(
                condition=~Q(kind="shelter") | (Q(point__isnull=True) & Q(address="") & Q(phone="")),
                name="emergency_offer_shelter_has_area_only",
            ),
            models.CheckConstraint(
                condition=Q(kind="shelter") | Q(point__isnull=False), name="emergency_offer_place_has_point"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_el, self.name_en)

    @property
    def redacted(self) -> bool:
        return self.kind == OfferKind.SHELTER

    def effective_end(self):  # noqa: ANN201
        """The offer's end: its own when earlier than its emergency's."""
        if self.ends_at and self.ends_at < self.emergency.ends_at:
            return self.ends_at
        return self.emergency.ends_at

    def is_active(self, at=None) -> bool:  # noqa: ANN001
        at = at or timezone.now()
        return self.status == OfferStatus.PUBLISHED and self.emergency.starts_at <= at < self.effective_end()

"""The service directory, after HSDS 3.0 (field names and enumerations as in HSDS (hsds/schema/) where HSDS has a term).

Our HSDS profile extensions are marked `# ext:` and described in README.md.
"""

import uuid
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo_accmr.geo import WGS84
from geo_accmr.text import fold

from .querysets import (
    LocationManager,
    LocationQuerySet,
    ScheduleQuerySet,
    ServiceManager,
    ServiceQuerySet,
    TaxonomyTermManager,
    TaxonomyTermQuerySet,
)
from .rules import WEEKDAYS, open_now_params, period_open, service_day

ATHENS_TZ = "Europe/Athens"


class HsdsModel(models.Model):
    """Base: the HSDS `id` (a UUID) is our primary key and public id; timestamps feed `last_modified`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        abstract = True


# ----------------------------------------------------------------------------------------------- organisations
class OrganizationKind(models.TextChoices):
    MUNICIPAL_SERVICE = "municipal_service", _("Municipal service")
    LOCAL_NGO = "local_ngo", _("Local NGO")
    INTERNATIONAL_NGO = "international_ngo", _("International NGO")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    MIGRANT_FORUM = "migrant_forum", _("Migrant or refugee forum")
    MINISTRY_DEPARTMENT = "ministry_department", _("Ministry department")
    NATIONAL_INSTITUTION = "national_institution", _("National institution")
    INTERNATIONAL_INSTITUTION = "international_institution", _("International institution")


class Organization(HsdsModel):
    """An HSDS organization: a member body that provides services."""

    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    logo = models.URLField(_("logo"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    parent_organization = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)  # ext
    accmr_member = models.BooleanField(_("ACCMR member"), default=False)  # ext
    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Fictional, for demonstration only."))

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    alternate_name_el: str | None
    alternate_name_en: str | None
    description_el: str | None
    description_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers).
    objects: ClassVar[models.Manager["Organization"]]
    _default_manager: ClassVar[models.Manager["Organization"]]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="organization_name_not_blank"),
            models.CheckConstraint(condition=~Q(parent_organization=F("id")), name="organization_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        services = list(self.services.all())  # their search words include the organisation's name
        for service in services:
            service.search_text = service_search_text(service, (self.name_el or "", self.name_en or ""))
        Service.objects.bulk_update(services, ["search_text"], batch_size=500)


class OrganizationIdentifier(HsdsModel):
    """An HSDS organization_identifier, e.g. the Greek tax number (ΑΦΜ)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="organization_identifiers")
    identifier_scheme = models.CharField(_("scheme"), max_length=50, blank=True, help_text=_("e.g. GR-AFM"))
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        verbose_name = _("organisation identifier")
        verbose_name_plural = _("organisation identifiers")
        constraints = [
            models.UniqueConstraint(
                fields=["identifier_scheme", "identifier"], name="organization_identifier_unique_per_scheme"
            ),
            models.CheckConstraint(
                condition=~Q(identifier_scheme="GR-AFM") | Q(identifier__regex=r"^[0-9]{9}$"),
                name="organization_identifier_afm_nine_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.identifier_scheme}:{self.identifier}"


# ----------------------------------------------------------------------------------------------- taxonomy
class Taxonomy(HsdsModel):
    """An HSDS taxonomy: a vocabulary of terms (service categories, audiences, eligibility)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)  # ext: stable handle for our vocabularies

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    description_el: str | None
    description_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers).
    objects: ClassVar[models.Manager["Taxonomy"]]
    _default_manager: ClassVar[models.Manager["Taxonomy"]]

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HsdsModel):
    """An HSDS taxonomy_term; the service taxonomy's top level is the six ACCMR working committees."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    term_uri = models.URLField(_("term URI"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)  # ext: display order
    icon = models.CharField(_("icon"), max_length=40, blank=True)  # ext

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    description_el: str | None
    description_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers):
    # mypy is given the class that as_manager() builds.
    objects: ClassVar[TaxonomyTermManager["TaxonomyTerm"]] = TaxonomyTermQuerySet.as_manager()
    _default_manager: ClassVar[TaxonomyTermManager["TaxonomyTerm"]]

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["taxonomy", "position", "code"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="taxonomy_term_not_own_parent"),
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_code_unique_per_taxonomy"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.taxonomy_id != self.taxonomy_id:
            raise ValidationError({"parent": _("The parent term must belong to the same taxonomy.")})


# ----------------------------------------------------------------------------------------------- services
SEARCH_TEXT_FIELDS = ["name", "alternate_name", "description", "eligibility_description"]


def service_search_text(service: "Service | SimpleNamespace", organization_names: tuple[str, ...] | None = None) -> str:
    """The folded search words of a service: its texts in Greek and English and its organisation's names."""
    parts = [getattr(service, f"{field}_{lang}", "") or "" for field in SEARCH_TEXT_FIELDS for lang in ("el", "en")]
    if organization_names is None and isinstance(service, Service) and service.organization_id:
        org = service.organization
        organization_names = (org.name_el or "", org.name_en or "")
    parts.extend(organization_names or ())
    # A leading space lets a query match the start of any word with LIKE '% word%' (trigram-indexed).
    return " " + " ".join(dict.fromkeys(fold(" ".join(parts)).split()))


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class CapacityStatus(models.TextChoices):
    ACCEPTING = "accepting", _("Accepting new clients")
    WAITING_LIST = "waiting_list", _("Waiting list")
    FULL = "full", _("Full")


# Where a service's taxonomy terms are held, by taxonomy code: the Service many-to-many field (HSDS attributes, the
# editor's form and the bulk upload sheet all go through it).
TERM_FIELDS = {"categories": "categories", "audience": "audiences", "eligibility": "eligibility"}


class Service(HsdsModel):
    """An HSDS service offered by an organisation; texts in Greek and English (see translation.py)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    assurer_email = models.EmailField(_("verified by"), blank=True)
    alert = models.TextField(_("alert"), blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=True)  # ext
    valid_from = models.DateField(_("valid from"), null=True, blank=True)  # ext: temporary services
    valid_to = models.DateField(_("valid until"), null=True, blank=True)  # ext
    capacity_status = models.CharField(  # ext
        _("capacity"), max_length=20, choices=CapacityStatus.choices, default=CapacityStatus.ACCEPTING
    )
    categories = models.ManyToManyField(TaxonomyTerm, verbose_name=_("categories"), related_name="services", blank=True)
    audiences = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("audience"), related_name="services_for_audience", blank=True
    )
    eligibility = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("eligibility"), related_name="services_for_eligibility", blank=True
    )
    # Folded words of the names and descriptions in both languages and of the organisation's name
    # (geo_accmr.text.fold): free-text search matches Greek, Latin and Greeklish spellings alike.
    search_text = models.TextField(editable=False, blank=True, default="")

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    alternate_name_el: str | None
    alternate_name_en: str | None
    description_el: str | None
    description_en: str | None
    eligibility_description_el: str | None
    eligibility_description_en: str | None
    application_process_el: str | None
    application_process_en: str | None
    fees_description_el: str | None
    fees_description_en: str | None
    interpretation_services_el: str | None
    interpretation_services_en: str | None
    alert_el: str | None
    alert_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers):
    # mypy is given the class that as_manager() builds.
    objects: ClassVar[ServiceManager["Service"]] = ServiceQuerySet.as_manager()
    _default_manager: ClassVar[ServiceManager["Service"]]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "valid_from", "valid_to"], name="service_searchable"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="service_search_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="service_name_not_blank"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_from__lte=F("valid_to")),
                name="service_valid_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=F("maximum_age")),
                name="service_ages_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError({"valid_to": _("The end date must not be before the start date.")})
        if self.minimum_age is not None and self.maximum_age is not None and self.minimum_age > self.maximum_age:
            raise ValidationError({"maximum_age": _("The maximum age must not be below the minimum age.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = service_search_text(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def is_current(self, on: date | None = None) -> bool:
        """Active and inside its valid dates on `on` (today in Athens): ServiceQuerySet.current, rules.current_sql."""
        on = on or service_day()
        return (
            self.status == ServiceStatus.ACTIVE
            and (self.valid_from is None or self.valid_from <= on)
            and (self.valid_to is None or on <= self.valid_to)
        )


class RequiredDocument(HsdsModel):
    """An HSDS required_document: a document the client must bring."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.CharField(_("document"), max_length=300)
    uri = models.URLField(_("link"), blank=True)

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    document_el: str | None
    document_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers).
    objects: ClassVar[models.Manager["RequiredDocument"]]
    _default_manager: ClassVar[models.Manager["RequiredDocument"]]

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document


class CostOption(HsdsModel):
    """An HSDS cost_option."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(_("option"), max_length=300, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="EUR")
    amount = models.DecimalField(
        _("amount"), max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount_description = models.CharField(_("amount description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="cost_option_amount_non_negative")]


# ----------------------------------------------------------------------------------------------- locations
class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class GeocodeStatus(models.TextChoices):
    SOURCE = "source", _("Coordinates given")
    GEOCODED = "geocoded", _("Geocoded")
    PENDING = "pending", _("Waiting for the geocoder")
    FAILED = "failed", _("Address not found")


class Location(HsdsModel):
    """An HSDS location. `point` is geography(Point, 4326): KNN `<->` in metres; null while geocoding is pending."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations", null=True, blank=True
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    url = models.URLField(_("website"), blank=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("public transport"), blank=True)
    external_identifier = models.CharField(_("external identifier"), max_length=200, blank=True)
    external_identifier_type = models.CharField(_("external identifier type"), max_length=200, blank=True)
    point = models.PointField(_("point"), srid=WGS84, geography=True, null=True, blank=True)
    redacted = models.BooleanField(  # ext: shelters — the public sees the area only
        _("hide exact location"),
        default=False,
        help_text=_("The public sees only the area, never the point or street."),
    )
    geocode_status = models.CharField(
        _("geocoding"), max_length=10, choices=GeocodeStatus.choices, default=GeocodeStatus.SOURCE
    )
    # ext: the areas covering `point`, kept by actions.location_assign_areas (exact covers, computed on write).
    municipality = models.ForeignKey(
        "boundaries.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    community = models.ForeignKey(
        "boundaries.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    neighbourhood = models.ForeignKey(
        "boundaries.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    # Added at runtime by django-modeltranslation (translation.py; nullable): declared here for mypy only.
    name_el: str | None
    name_en: str | None
    description_el: str | None
    description_en: str | None
    transportation_el: str | None
    transportation_en: str | None
    # modeltranslation replaces the managers' classes at runtime; mypy cannot resolve them (nor the reverse managers):
    # mypy is given the class that as_manager() builds.
    objects: ClassVar[LocationManager["Location"]] = LocationQuerySet.as_manager()
    _default_manager: ClassVar[LocationManager["Location"]]

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(geocode_status="pending") | Q(point__isnull=True), name="location_pending_has_no_point"
            ),
            models.CheckConstraint(
                condition=~Q(location_type="physical")
                | Q(point__isnull=False)
                | Q(geocode_status__in=["pending", "failed"]),
                name="location_physical_has_point_or_is_geocoding",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)

    @property
    def latitude(self) -> float | None:
        return self.point.y if self.point else None

    @property
    def longitude(self) -> float | None:
        return self.point.x if self.point else None


class Address(HsdsModel):
    """An HSDS address of a location."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=200, blank=True)
    address_1 = models.CharField(_("street address"), max_length=300)
    address_2 = models.CharField(_("address line 2"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=200)
    region = models.CharField(_("region"), max_length=200, blank=True)
    state_province = models.CharField(_("region (state/province)"), max_length=200, blank=True, default="Attica")
    postal_code = models.CharField(
        _("postal code"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{3} ?[0-9]{2}$", _("A Greek postal code has five digits."))],
    )
    country = models.CharField(_("country"), max_length=2, default="GR")
    address_type = models.CharField(_("type"), max_length=10, choices=LocationType.choices, default="physical")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="address_country_iso")]

    def __str__(self) -> str:
        return self.one_line()

    def one_line(self) -> str:
        return ", ".join(part for part in [self.address_1, self.address_2, self.postal_code, self.city] if part)


class Accessibility(HsdsModel):
    """An HSDS accessibility record of a location."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(_("description"), blank=True)
    details = models.TextField(_("details"), blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")


class ServiceAtLocation(HsdsModel):
    """An HSDS service_at_location: where a service is delivered; the unit of search results."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique")]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class ServiceArea(HsdsModel):
    """An HSDS service_area: where a service is offered (e.g. residents of one municipality)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.MultiPolygonField(_("extent"), srid=WGS84, null=True, blank=True)
    extent_type = models.CharField(_("extent type"), max_length=20, blank=True, default="geojson")
    uri = models.URLField(_("URI"), blank=True)
    area = models.ForeignKey("boundaries.Area", null=True, blank=True, on_delete=models.SET_NULL)  # ext

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


# ----------------------------------------------------------------------------------------------- languages, contacts
class Language(HsdsModel):
    """An HSDS language: one spoken at a service or location (ISO 639-1 code)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages", null=True, blank=True)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="languages", null=True, blank=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=3, validators=[RegexValidator(r"^[a-z]{2,3}$")])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        indexes = [models.Index(fields=["code", "service"], name="language_code_service")]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[a-z]{2,3}$"), name="language_code_iso639"),
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(location__isnull=False), name="language_has_owner"
            ),
            models.UniqueConstraint(fields=["service", "code"], name="language_unique_per_service"),
        ]

    def __str__(self) -> str:
        return self.code


class Contact(HsdsModel):
    """An HSDS contact person."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class Phone(HsdsModel):
    """An HSDS phone number."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    number = models.CharField(
        _("number"), max_length=30, validators=[RegexValidator(r"^\+?[0-9 ()\-]{5,}$", _("Enter a phone number."))]
    )
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    type = models.CharField(
        _("type"),
        max_length=10,
        blank=True,
        choices=[("text", _("Text")), ("voice", _("Voice")), ("fax", _("Fax")), ("cell", _("Mobile")),
                 ("video", _("Video")), ("pager", _("Pager")), ("textphone", _("Textphone"))],
    )  # fmt: skip
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False)
                | Q(service__isnull=False)
                | Q(location__isnull=False)
                | Q(contact__isnull=False),
                name="phone_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.number


# ----------------------------------------------------------------------------------------------- schedules
def _validate_byday(value: str) -> None:
    days = [d.strip() for d in value.split(",") if d.strip()]
    if not days or any(d not in WEEKDAYS for d in days):
        raise ValidationError(_("Use weekday codes MO,TU,WE,TH,FR,SA,SU separated by commas."))


class Schedule(HsdsModel):
    """An HSDS schedule: weekly opening hours (freq WEEKLY, byday, opens_at/closes_at) in Europe/Athens time.

    A closing time earlier than the opening time means the period ends after midnight (e.g. 22:00–02:00).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=40, default=ATHENS_TZ)
    freq = models.CharField(_("frequency"), max_length=10, default="WEEKLY", choices=[("WEEKLY", _("Weekly"))])
    byday = models.CharField(_("days"), max_length=30, validators=[_validate_byday])
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    attending_type = models.CharField(_("attending type"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(location__isnull=False) | Q(service_at_location__isnull=False),
                name="schedule_has_owner",
            ),
            models.CheckConstraint(condition=~Q(opens_at=F("closes_at")), name="schedule_nonempty_period"),
            models.CheckConstraint(
                condition=Q(byday__regex=r"^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$"),
                name="schedule_byday_codes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def days(self) -> list[str]:
        return [d for d in self.byday.split(",") if d]

    def week_minutes(self) -> list[tuple[int, int]]:
        """Open periods as [start, end) minutes from Monday 00:00, wrapping past Sunday midnight."""
        periods = []
        start_min = self.opens_at.hour * 60 + self.opens_at.minute
        end_min = self.closes_at.hour * 60 + self.closes_at.minute
        length = (end_min - start_min) % (24 * 60)
        for day in self.days:
            start = WEEKDAYS.index(day) * 24 * 60 + start_min
            end = start + length
            if end <= 7 * 24 * 60:
                periods.append((start, end))
            else:
                periods.append((start, 7 * 24 * 60))
                periods.append((0, end - 7 * 24 * 60))
        return periods

    def is_open_at(self, moment: datetime) -> bool:
        """Whether `moment` (aware) falls in an open period, Athens time (rules.OPEN_NOW_SQL, ScheduleQuerySet)."""
        params = open_now_params(moment)
        on = params["today"]
        if (self.valid_from and on < self.valid_from) or (self.valid_to and on > self.valid_to):
            return False
        return period_open(days=self.days, opens_at=self.opens_at, closes_at=self.closes_at, params=params)


# ----------------------------------------------------------------------------------------------- audit trail
class Metadata(models.Model):
    """HSDS metadata: one change to one field of one record (the audit trail)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resource_id = models.UUIDField(_("record"), db_index=True)
    resource_type = models.CharField(_("record type"), max_length=50)
    last_action_date = models.DateTimeField(_("date"), default=timezone.now)
    last_action_type = models.CharField(_("action"), max_length=20)
    field_name = models.CharField(_("field"), max_length=100, blank=True)
    previous_value = models.TextField(_("previous value"), blank=True)
    replacement_value = models.TextField(_("new value"), blank=True)
    updated_by = models.CharField(_("updated by"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-last_action_date"]

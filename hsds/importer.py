"""Import of HSDS 3.0 JSON (services, or organisations with their services): check every row, then upsert by id.

Rules, also in `manage.py import_hsds --help` and the README:
- Input: a page of `/services` (`{"contents": [...]}`), a list, or one object; an object with `services` and no
  `status` is an organisation whose services follow it.
- All or nothing per file: any row error and nothing is written; the report names row, HSDS id, field and problem.
- Every object is upserted by its HSDS `id` (a UUID, kept as our id). The same id may appear several times in a
  file (HSDS repeats a phone under the service, its location and its contact): it is one record with each owner.
- A key absent from an object leaves the stored value alone; a key present (even null) sets it. A list present
  (`phones`, `schedules`, ...) replaces that owner's stored list; the taxonomy `attributes` replace the service's
  categories, audiences and eligibility. An organisation's `locations` list only adds (locations are shared).
- HSDS has one text per field: texts go to the `language` columns (`name_el` by default, `name_en` with `en`).
- Locations with an address and no coordinates are geocoded; when the geocoder is down they are saved as
  `pending` (the `geocode_pending` command retries), when the address is not found as `failed`, with a warning.
- A tabular datapackage (a folder with datapackage.json and one CSV per HSDS table, as `export_hsds` writes) is
  read as the same nested rows (hsds/tabular.py). Columns `<field>_<language>` (e.g. `name_en`, our profile)
  carry a translated field's text in another language than --language.
- Structural validation is our own (below); when `settings.HSDS_SCHEMA_DIR` names the compiled HSDS schemas
  (`schema/compiled`), each row is also validated against them with jsonschema (Draft 2020-12).
"""

import json
import logging
import math
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.gis.geos import GEOSException, GEOSGeometry, Point
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from boundaries.actions import location_areas_refresh, to_multipolygon
from geo_accmr.geo import WGS84
from hsds.tabular import TabularError, datapackage_path, tabular_rows
from services.models import (
    ATHENS_TZ,
    WEEKDAYS,
    Accessibility,
    Address,
    CapacityStatus,
    Contact,
    CostOption,
    GeocodeStatus,
    Language,
    Location,
    LocationType,
    Metadata,
    Organization,
    OrganizationIdentifier,
    OrganizationKind,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

logger = logging.getLogger(__name__)

# Greece, islands included, as (west, south, east, north) degrees: coordinates outside are an error.
GREECE_BBOX = (19.0, 34.0, 30.0, 42.0)
# Our taxonomy codes and the Service many-to-many field that holds their terms.
TAXONOMY_FIELDS = {"categories": "categories", "audience": "audiences", "eligibility": "eligibility"}
# ISO 639-1, and ISO 639-2 (T and B) codes of the same languages, from Debian's iso-codes 4.15.
ISO_639_1 = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el
    en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu
    ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na
    nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so
    sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()
)
ISO_639_2_TO_1 = dict(
    pair.split(":")
    for pair in """aar:aa abk:ab afr:af aka:ak alb:sq amh:am ara:ar arg:an arm:hy asm:as ava:av ave:ae aym:ay aze:az
    bak:ba bam:bm baq:eu bel:be ben:bn bih:bh bis:bi bod:bo bos:bs bre:br bul:bg bur:my cat:ca ces:cs cha:ch che:ce
    chi:zh chu:cu chv:cv cor:kw cos:co cre:cr cym:cy cze:cs dan:da deu:de div:dv dut:nl dzo:dz ell:el eng:en epo:eo
    est:et eus:eu ewe:ee fao:fo fas:fa fij:fj fin:fi fra:fr fre:fr fry:fy ful:ff geo:ka ger:de gla:gd gle:ga glg:gl
    glv:gv gre:el grn:gn guj:gu hat:ht hau:ha heb:he her:hz hin:hi hmo:ho hrv:hr hun:hu hye:hy ibo:ig ice:is ido:io
    iii:ii iku:iu ile:ie ina:ia ind:id ipk:ik isl:is ita:it jav:jv jpn:ja kal:kl kan:kn kas:ks kat:ka kau:kr kaz:kk
    khm:km kik:ki kin:rw kir:ky kom:kv kon:kg kor:ko kua:kj kur:ku lao:lo lat:la lav:lv lim:li lin:ln lit:lt ltz:lb
    lub:lu lug:lg mac:mk mah:mh mal:ml mao:mi mar:mr may:ms mkd:mk mlg:mg mlt:mt mon:mn mri:mi msa:ms mya:my nau:na
    nav:nv nbl:nr nde:nd ndo:ng nep:ne nld:nl nno:nn nob:nb nor:no nya:ny oci:oc oji:oj ori:or orm:om oss:os pan:pa
    per:fa pli:pi pol:pl por:pt pus:ps que:qu roh:rm ron:ro rum:ro run:rn rus:ru sag:sg san:sa sin:si slk:sk slo:sk
    slv:sl sme:se smo:sm sna:sn snd:sd som:so sot:st spa:es sqi:sq srd:sc srp:sr ssw:ss sun:su swa:sw swe:sv tah:ty
    tam:ta tat:tt tel:te tgk:tg tgl:tl tha:th tib:bo tir:ti ton:to tsn:tn tso:ts tuk:tk tur:tr twi:tw uig:ug ukr:uk
    urd:ur uzb:uz ven:ve vie:vi vol:vo wel:cy wln:wa wol:wo xho:xh yid:yi yor:yo zha:za zho:zh zul:zu""".split()
)
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$", re.IGNORECASE)
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
# Keys that only link nested objects to their parent (the nesting says that already) or that we keep ourselves.
QUIET_KEYS = frozenset(
    {"service_id", "location_id", "contact_id", "phone_id", "service_at_location_id", "link_id", "last_modified"}
)
# Keys we read, per HSDS table; anything else is reported once per file as not stored.
KNOWN_KEYS = {
    "organization": {
        "id", "name", "alternate_name", "description", "email", "website", "year_incorporated", "legal_status", "logo",
        "uri", "parent_organization_id", "contacts", "phones", "locations", "organization_identifiers", "services",
        "kind", "accmr_member", "organization_id", "is_demo",
    },
    "service": {
        "id", "organization_id", "organization", "name", "alternate_name", "description", "url", "email", "status",
        "interpretation_services", "application_process", "fees_description", "accreditations",
        "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "phones",
        "schedules", "service_areas", "service_at_locations", "languages", "cost_options", "required_documents",
        "contacts", "attributes", "free_of_charge", "valid_from", "valid_to", "capacity_status",
    },
    "service_at_location": {"id", "description", "location", "contacts", "phones", "schedules"},
    "location": {
        "id", "location_type", "url", "organization_id", "name", "alternate_name", "description", "transportation",
        "latitude", "longitude", "external_identifier", "external_identifier_type", "languages", "addresses",
        "contacts", "accessibility", "phones", "schedules", "redacted",
    },
    "address": {
        "id", "attention", "address_1", "address_2", "city", "region", "state_province", "postal_code", "country",
        "address_type",
    },
    "accessibility": {"id", "description", "details", "url"},
    "language": {"id", "name", "code", "note"},
    "contact": {"id", "organization_id", "name", "title", "department", "email", "phones"},
    "phone": {"id", "organization_id", "number", "extension", "type", "description"},
    "schedule": {
        "id", "valid_from", "valid_to", "freq", "byday", "opens_at", "closes_at", "description", "attending_type",
        "notes",
    },
    "service_area": {"id", "name", "description", "extent", "extent_type", "uri"},
    "required_document": {"id", "document", "uri"},
    "cost_option": {"id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description"},
    "organization_identifier": {"id", "identifier_scheme", "identifier_type", "identifier"},
    "attribute": {"id", "taxonomy_term_id", "taxonomy_term", "link_type", "link_entity", "value", "label"},
}  # fmt: skip
RESOURCE_TYPES: dict[type[models.Model], str] = {
    Organization: "organization",
    OrganizationIdentifier: "organization_identifier",
    Location: "location",
    Service: "service",
    ServiceAtLocation: "service_at_location",
    Contact: "contact",
    Phone: "phone",
    Language: "language",
    Schedule: "schedule",
    Address: "address",
    Accessibility: "accessibility",
    ServiceArea: "service_area",
    RequiredDocument: "required_document",
    CostOption: "cost_option",
}
SAVE_ORDER = list(RESOURCE_TYPES)  # parents first (PostgreSQL checks the deferred foreign keys at commit anyway)
# Foreign keys by which a record belongs to its owners; a record left without any owner is deleted.
OWNER_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    OrganizationIdentifier: ("organization_id",),
    ServiceAtLocation: ("service_id",),
    Contact: ("organization_id", "service_id", "location_id"),
    Phone: ("organization_id", "service_id", "location_id", "contact_id"),
    Language: ("service_id", "location_id"),
    Schedule: ("service_id", "location_id", "service_at_location_id"),
    Address: ("location_id",),
    Accessibility: ("location_id",),
    ServiceArea: ("service_id",),
    RequiredDocument: ("service_id",),
    CostOption: ("service_id",),
}
AUDITED = (Organization, Service, Location)  # created and updated records get HSDS metadata rows


@dataclass(frozen=True)
class ImportIssue:
    """One problem in the file: the row (1-based; 0 for the whole file), the HSDS id, the field path and what."""

    row: int
    hsds_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = [_("row %(row)s") % {"row": self.row} if self.row else _("file")]
        if self.hsds_id:
            where.append(f"id {self.hsds_id}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class ImportReport:
    """What an HSDS import did (or, on a dry run, would do); with any `errors` nothing was written."""

    path: Path
    dry_run: bool = False
    language: str = "el"
    rows: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    geocoded: list[str] = field(default_factory=list)  # location ids
    geocode_pending: list[str] = field(default_factory=list)  # queued for `geocode_pending` (or, dry run: to do)
    geocode_failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Item:
    """One record to write: the model instance with the file's values applied, and its state before."""

    obj: models.Model
    new: bool
    before: dict[str, Any]
    values: dict[str, Any]
    row: int
    path: str
    owners: dict[str, uuid.UUID] = field(default_factory=dict)  # owner foreign keys the file gives


@dataclass
class _Reference:
    """An id that must name a record in the file or in the database, checked once every row is read."""

    row: int
    hsds_id: str
    path: str
    model: type[models.Model]
    target: uuid.UUID
    apply: Callable[[bool], None]  # called with whether the target exists
    required: bool = True


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@cache
def _tracked_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The attnames compared to tell an update from no change (translated originals are mirrors of `_el`/`_en`)."""
    try:
        originals = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        originals = set()
    return tuple(f.attname for f in model._meta.concrete_fields if f.editable and f.name not in originals)


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in _tracked_fields(type(obj))}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, GEOSGeometry) and isinstance(b, GEOSGeometry):
        return a.srid == b.srid and a.equals_exact(b, 1e-9)
    return a == b


def _as_text(value: Any) -> str:
    if isinstance(value, GEOSGeometry):
        return value.wkt
    return "" if value is None else str(value)


class _Reader:
    """Reads the fields of one HSDS object into model values, recording problems against its path."""

    def __init__(self, plan: "_Plan", data: dict[str, Any], path: str, table: str) -> None:
        self.plan = plan
        self.data = data
        self.path = path
        self.table = table
        self.raw_id = str(data.get("id") or "")
        self.values: dict[str, Any] = {}
        self.failed = False
        suffixes = tuple(f"_{code}" for code, _name in settings.LANGUAGES)
        unknown = {
            key
            for key in set(data) - KNOWN_KEYS[table] - QUIET_KEYS
            if not (key.endswith(suffixes) and key[:-3] in KNOWN_KEYS[table])  # name_en: a translation
        }
        plan.not_stored.update(f"{table}.{key}" for key in unknown)

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.plan.error(field=_join(self.path, key), hsds_id=self.raw_id, message=message)

    def present(self, key: str) -> bool:
        return key in self.data

    def uuid(self, key: str = "id", *, required: bool = True) -> uuid.UUID | None:
        raw = self.data.get(key)
        if raw in (None, ""):
            if required:
                self.error(key, _("an id (a UUID) is required"))
            return None
        if not isinstance(raw, str) or not UUID_RE.match(raw.strip()):
            self.error(key, _("%(value)r is not a valid UUID") % {"value": raw})
            return None
        return uuid.UUID(raw.strip())

    def text(self, key: str, *, translated: bool = False, attname: str | None = None) -> None:
        if key not in self.data:
            return
        raw = self.data[key]
        if isinstance(raw, bool) or isinstance(raw, dict | list):
            self.error(key, _("must be text"))
            return
        value = "" if raw is None else str(raw).strip()
        name = attname or key
        self.values[f"{name}_{self.plan.language}" if translated else name] = value
        if not translated:
            return
        for code, _name in settings.LANGUAGES:  # profile: `name_en` beside `name` holds the English text
            other = self.data.get(f"{key}_{code}")
            if code != self.plan.language and isinstance(other, str | type(None)) and f"{key}_{code}" in self.data:
                self.values[f"{name}_{code}"] = (other or "").strip()

    def required_name(self, key: str = "name") -> None:
        raw = self.data.get(key)
        if not isinstance(raw, str) or not raw.strip():
            self.error(key, _("a name is required"))

    def choice(self, key: str, choices: list[str], *, upper: bool = False, lower: bool = False) -> None:
        if key not in self.data or self.data[key] in (None, ""):
            return
        value = str(self.data[key]).strip()
        value = value.upper() if upper else value.lower() if lower else value
        if value not in choices:
            self.error(key, _("%(value)r is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)})
            return
        self.values[key] = value

    def date(self, key: str) -> None:
        if key not in self.data:
            return
        raw = self.data[key]
        if raw in (None, ""):
            self.values[key] = None
            return
        try:
            self.values[key] = date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            self.error(key, _("%(value)r is not a date (YYYY-MM-DD)") % {"value": raw})

    def _number(self, key: str) -> tuple[bool, Any, Decimal | None]:
        """(present and not blank, the raw value, its Decimal or None when it is not a finite number)."""
        if key not in self.data:
            return False, None, None
        raw = self.data[key]
        if raw in (None, ""):
            self.values[key] = None
            return False, raw, None
        try:
            number = Decimal(str(raw)) if not isinstance(raw, bool) else None
        except InvalidOperation:
            number = None
        return True, raw, number if number is not None and number.is_finite() else None

    def integer(self, key: str, *, minimum: int = 0) -> None:
        present, raw, number = self._number(key)
        if not present:
            return
        if number is None or number != number.to_integral_value() or number < minimum:
            self.error(key, _("%(value)r is not a whole number of at least %(min)s") % {"value": raw, "min": minimum})
            return
        self.values[key] = int(number)

    def decimal(self, key: str) -> None:
        present, raw, number = self._number(key)
        if not present:
            return
        if number is None or number < 0:
            self.error(key, _("%(value)r is not an amount of at least 0") % {"value": raw})
            return
        self.values[key] = number

    def boolean(self, key: str) -> None:
        if key not in self.data or self.data[key] is None:
            return
        if not isinstance(self.data[key], bool):
            self.error(key, _("must be true or false"))
            return
        self.values[key] = self.data[key]

    def objects(self, key: str) -> list[tuple[int, dict[str, Any]]] | None:
        """The objects of a list-valued key (None when absent: the stored list is left alone)."""
        if key not in self.data:
            return None
        raw = self.data[key]
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.error(key, _("must be a list"))
            return None
        result = []
        for index, child in enumerate(raw):
            if isinstance(child, dict):
                result.append((index, child))
            else:
                self.error(f"{key}[{index}]", _("must be an object"))
        return result


class _Plan:
    """Everything one file would write, checked before anything is."""

    def __init__(self, *, report: ImportReport, language: str) -> None:
        self.report = report
        self.language = language
        self.row = 0
        self.items: dict[tuple[type[models.Model], uuid.UUID], _Item] = {}
        self.references: list[_Reference] = []
        # (model, owner foreign key, owner id) -> ids the file lists there; the rest of that owner's list goes.
        self.lists: dict[tuple[type[models.Model], str, uuid.UUID], set[uuid.UUID]] = defaultdict(set)
        self.m2m: dict[uuid.UUID, dict[str, set[TaxonomyTerm]]] = {}
        self.geocode_queue: list[tuple[_Item, dict[str, str]]] = []
        self.queued: set[uuid.UUID] = set()
        self.not_stored: set[str] = set()
        self.delete: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
        self.detach: list[tuple[models.Model, list[str]]] = []
        self.schemas: dict[str, Any] = {}
        self.stored: dict[type[models.Model], dict[Any, models.Model]] = defaultdict(dict)
        self.stored_addresses: dict[Any, tuple[str, str, str]] = {}
        self.stored_terms: dict[Any, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        terms = TaxonomyTerm.objects.filter(taxonomy__code__in=TAXONOMY_FIELDS).select_related("taxonomy")
        self.terms_by_id = {term.id: term for term in terms}
        self.taxonomies = {term.taxonomy for term in self.terms_by_id.values()}
        self.terms_by_code: dict[str, list[TaxonomyTerm]] = defaultdict(list)
        for term in self.terms_by_id.values():
            self.terms_by_code[term.code].append(term)

    def load_stored(self, rows: list[Any]) -> None:
        """Fetch, a query per table, the stored records whose ids the file holds (rather than one per record)."""
        ids: set[uuid.UUID] = set()
        stack: list[Any] = list(rows)
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                raw = node.get("id")
                if isinstance(raw, str) and UUID_RE.match(raw.strip()):
                    ids.add(uuid.UUID(raw.strip()))
                stack.extend(value for value in node.values() if isinstance(value, dict | list))
            elif isinstance(node, list):
                stack.extend(node)
        for model in RESOURCE_TYPES:
            self.stored[model] = {obj.pk: obj for obj in model.objects.filter(pk__in=ids)}
        addresses = Address.objects.filter(location_id__in=list(self.stored[Location])).order_by("created_at", "id")
        for address in addresses:
            self.stored_addresses.setdefault(
                address.location_id,
                (address.address_1.strip(), address.city.strip(), "".join(address.postal_code.split())),
            )
        for attname in TAXONOMY_FIELDS.values():
            relation = Service._meta.get_field(attname)
            through = relation.remote_field.through
            service_field, term_field = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            pairs = through.objects.filter(**{f"{service_field}_id__in": list(self.stored[Service])}).values_list(
                f"{service_field}_id", f"{term_field}__code"
            )
            for service_id, code in pairs:
                self.stored_terms[service_id][attname].add(code)

    # ------------------------------------------------------------------------------------------- issues
    def error(self, *, field: str, hsds_id: str, message: str) -> None:
        self.report.errors.append(ImportIssue(self.row, hsds_id, field, message))

    def warning(self, *, field: str, hsds_id: str, message: str, row: int | None = None) -> None:
        if any(w.hsds_id == hsds_id and w.message == message for w in self.report.warnings if hsds_id):
            return  # the same record repeated in the file: say it once
        self.report.warnings.append(ImportIssue(self.row if row is None else row, hsds_id, field, message))

    # ------------------------------------------------------------------------------------------- rows
    def add_row(self, *, number: int, data: Any) -> None:
        self.row = number
        if not isinstance(data, dict):
            self.error(field="", hsds_id="", message=_("a row must be an HSDS service or organization object"))
            return
        is_organization = "services" in data and "status" not in data
        errors_before = len(self.report.errors)
        if is_organization:
            self._organization(data, "", row_level=True)
        else:
            self._service(data, "", organization_id=None)
        if len(self.report.errors) == errors_before:
            self._schema_check(data, "organization" if is_organization else "service")

    def _schema_check(self, data: dict[str, Any], name: str) -> None:
        """Validate against the compiled HSDS schema when settings.HSDS_SCHEMA_DIR names it (optional)."""
        schema_dir = getattr(settings, "HSDS_SCHEMA_DIR", None)
        if not schema_dir:
            return
        if name not in self.schemas:
            from jsonschema import Draft202012Validator

            path = Path(schema_dir) / f"{name}.json"
            if not path.is_file():
                raise ImproperlyConfigured(f"HSDS_SCHEMA_DIR: {path} does not exist")
            with path.open(encoding="utf-8") as handle:
                self.schemas[name] = Draft202012Validator(
                    json.load(handle), format_checker=Draft202012Validator.FORMAT_CHECKER
                )
        for problem in self.schemas[name].iter_errors(data):
            parts = list(problem.absolute_path)
            if problem.validator == "required" and isinstance(problem.instance, dict):
                parts += [key for key in problem.validator_value if key not in problem.instance][:1]
            where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)
            self.error(
                field=where.lstrip("."),
                hsds_id=str(data.get("id") or ""),
                message=_("HSDS schema: %(message)s") % {"message": problem.message},
            )

    # ------------------------------------------------------------------------------------------- records
    def _item(
        self,
        model: type[models.Model],
        reader: _Reader,
        object_id: uuid.UUID | None,
        *,
        owners: dict[str, uuid.UUID] | None = None,
        exclude: tuple[str, ...] = (),
        prepare: Callable[[models.Model, bool], None] | None = None,
    ) -> _Item | None:
        """Register (or merge into) the record `object_id` of `model` with the reader's values; None on errors."""
        if reader.failed or object_id is None:
            return None
        key = (model, object_id)
        item = self.items.get(key)
        if item is not None:
            for name, value in reader.values.items():
                if name in item.values and not _same(item.values[name], value):
                    reader.error(
                        name.removesuffix(f"_{self.language}"),
                        _("id %(id)s appears again (row %(row)s, %(path)s) with a different value")
                        % {"id": object_id, "row": item.row, "path": item.path or model._meta.model_name},
                    )
                    return None
            revalidate = any(name not in item.values for name in reader.values)
            item.values.update(reader.values)
        else:
            revalidate = True
            obj = self.stored[model].get(object_id)
            new = obj is None
            if obj is None:
                obj = model(id=object_id)
            item = _Item(
                obj=obj,
                new=new,
                before={} if new else _snapshot(obj),
                values=dict(reader.values),
                row=self.row,
                path=reader.path,
            )
        for name, value in reader.values.items():
            setattr(item.obj, name, value)
        if prepare is not None:
            prepare(item.obj, item.new)
        if reader.failed or (revalidate and not self._validate(item.obj, reader, exclude=exclude)):
            return None
        self.items[key] = item
        for owner_field, owner_id in (owners or {}).items():
            current = item.owners.get(owner_field)
            if current is not None and current != owner_id:
                reader.error(
                    "id",
                    _("id %(id)s is listed under two different %(owner)ss; one record belongs to one")
                    % {"id": object_id, "owner": owner_field.removesuffix("_id").replace("_", " ")},
                )
                return None
            item.owners[owner_field] = owner_id
            setattr(item.obj, owner_field, owner_id)
            self.lists[(model, owner_field, owner_id)].add(object_id)
        return item

    def _validate(self, obj: models.Model, reader: _Reader, *, exclude: tuple[str, ...]) -> bool:
        """The model's field validation and clean(); relations are checked once all rows are read.

        The check constraints are not evaluated here (one query per record): the readers check the same rules
        with row-level messages, and PostgreSQL still enforces them when the plan is written.
        """
        skip = {f.name for f in obj._meta.concrete_fields if f.is_relation} | set(exclude)
        problems: dict[str, list[str]] = {}
        try:
            obj.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = exc.message_dict
        for name, messages in problems.items():
            key = "" if name == NON_FIELD_ERRORS else name
            key = {"point": "latitude"}.get(key, key).removesuffix("_el").removesuffix("_en")
            for message in messages:
                reader.error(key, message)
        return not problems

    def _children(
        self,
        reader: _Reader,
        key: str,
        handler: Callable[[dict[str, Any], str, dict[str, uuid.UUID]], Any],
        owners: dict[str, uuid.UUID],
        model: type[models.Model],
    ) -> None:
        """Read a list of nested objects; listed under an owner, they replace the owner's stored list."""
        children = reader.objects(key)
        if children is None:
            return
        for owner_field, owner_id in owners.items():
            self.lists.setdefault((model, owner_field, owner_id), set())  # an empty list empties the stored one
        for index, child in children:
            handler(child, _join(reader.path, f"{key}[{index}]"), owners)

    # ------------------------------------------------------------------------------------------- organization
    def _organization(self, data: dict[str, Any], path: str, *, row_level: bool = False) -> uuid.UUID | None:
        reader = _Reader(self, data, path, "organization")
        org_id = reader.uuid()
        reader.required_name()
        for key in ("name", "alternate_name", "description"):
            reader.text(key, translated=True)
        for key in ("email", "website", "legal_status", "logo", "uri"):
            reader.text(key)
        reader.integer("year_incorporated", minimum=1800)
        reader.choice("kind", OrganizationKind.values, lower=True)  # ext
        reader.boolean("accmr_member")  # ext
        reader.boolean("is_demo")  # ext
        parent_id = reader.uuid("parent_organization_id", required=False)
        kind_missing = "kind" not in reader.values
        item = self._item(
            Organization, reader, org_id, exclude=("kind",) if kind_missing else (), prepare=self._kind_check(reader)
        )
        if item is not None and parent_id is not None:
            if parent_id == org_id:
                reader.error("parent_organization_id", _("an organization cannot be its own parent"))
            else:
                self._reference(
                    reader,
                    "parent_organization_id",
                    Organization,
                    parent_id,
                    item,
                    "parent_organization_id",
                    required=False,
                )
        if org_id is not None:
            owner = {"organization_id": org_id}
            self._children(reader, "organization_identifiers", self._identifier, owner, OrganizationIdentifier)
            self._children(reader, "phones", self._phone, owner, Phone)
            self._children(reader, "contacts", self._contact, owner, Contact)
            for index, child in reader.objects("locations") or []:
                self._location(child, _join(path, f"locations[{index}]"), organization_id=org_id)
            if row_level:
                for index, child in reader.objects("services") or []:
                    self._service(child, _join(path, f"services[{index}]"), organization_id=org_id)
        return org_id

    def _kind_check(self, reader: _Reader) -> Callable[[models.Model, bool], None]:
        def check(obj: models.Model, new: bool) -> None:
            if not getattr(obj, "kind", ""):
                self.warning(
                    field=_join(reader.path, "kind"),
                    hsds_id=reader.raw_id,
                    message=_("no organization kind (HSDS has none): left blank, set it in the admin"),
                )

        return check

    def _identifier(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "organization_identifier")
        identifier_id = reader.uuid()
        for key in ("identifier_scheme", "identifier_type", "identifier"):
            reader.text(key)
        scheme, value = reader.values.get("identifier_scheme", ""), reader.values.get("identifier", "")
        if scheme == "GR-AFM" and not re.fullmatch(r"[0-9]{9}", value):
            reader.error("identifier", _("a Greek tax number (GR-AFM) has nine digits"))
        self._item(OrganizationIdentifier, reader, identifier_id, owners=owners)

    # ------------------------------------------------------------------------------------------- service
    def _service(self, data: dict[str, Any], path: str, *, organization_id: uuid.UUID | None) -> None:
        reader = _Reader(self, data, path, "service")
        service_id = reader.uuid()
        reader.required_name()
        for key in (
            "name",
            "alternate_name",
            "description",
            "interpretation_services",
            "application_process",
            "fees_description",
            "eligibility_description",
            "alert",
        ):
            reader.text(key, translated=True)
        for key in ("url", "email", "accreditations", "assurer_email"):
            reader.text(key)
        reader.choice("status", ServiceStatus.values, lower=True)
        reader.integer("minimum_age")
        reader.integer("maximum_age")
        for key in ("assured_date", "valid_from", "valid_to"):  # valid_from/valid_to: ext (temporary services)
            reader.date(key)
        reader.choice("capacity_status", CapacityStatus.values, lower=True)  # ext
        reader.boolean("free_of_charge")  # ext; else derived from the cost options
        if "free_of_charge" not in data and isinstance(data.get("cost_options"), list):
            reader.values["free_of_charge"] = not any(
                isinstance(option, dict) and _positive(option.get("amount")) for option in data["cost_options"]
            )
        if isinstance(data.get("organization"), dict):
            organization_id = self._organization(data["organization"], _join(path, "organization"))
        elif organization_id is None:
            organization_id = reader.uuid("organization_id", required=False)
            if organization_id is None and not reader.failed:
                reader.error("organization", _("a service needs its organization (embedded, or organization_id)"))
        if organization_id is not None:
            reader.values["organization_id"] = organization_id
        item = self._item(Service, reader, service_id)
        if item is not None and organization_id is not None and not isinstance(data.get("organization"), dict):
            self._reference(reader, "organization_id", Organization, organization_id, item, None)
        if service_id is None:
            return
        owner = {"service_id": service_id}
        self._children(reader, "phones", self._phone, owner, Phone)
        self._children(reader, "contacts", self._contact, owner, Contact)
        self._children(reader, "schedules", self._schedule, owner, Schedule)
        self._children(reader, "service_areas", self._service_area, owner, ServiceArea)
        self._children(reader, "required_documents", self._required_document, owner, RequiredDocument)
        self._children(reader, "cost_options", self._cost_option, owner, CostOption)
        languages = reader.objects("languages")
        if languages is not None:
            self.lists.setdefault((Language, "service_id", service_id), set())
            seen: dict[str, int] = {}
            for index, child in languages:
                child_path = _join(path, f"languages[{index}]")
                code = self._language(child, child_path, owner)
                if code and code in seen:
                    self.error(
                        field=_join(child_path, "code"),
                        hsds_id=str(child.get("id") or ""),
                        message=_("language %(code)r is listed twice") % {"code": code},
                    )
                seen[code or ""] = index
        sals = reader.objects("service_at_locations")
        if sals is not None:
            self.lists.setdefault((ServiceAtLocation, "service_id", service_id), set())
            seen_locations: set[uuid.UUID] = set()
            for index, child in sals:
                location_id = self._service_at_location(
                    child,
                    _join(path, f"service_at_locations[{index}]"),
                    service_id=service_id,
                    organization_id=organization_id,
                )
                if location_id is not None and location_id in seen_locations:
                    self.error(
                        field=_join(path, f"service_at_locations[{index}].location"),
                        hsds_id=str(child.get("id")),
                        message=_("the service is already at this location"),
                    )
                if location_id is not None:
                    seen_locations.add(location_id)
        self._attributes(reader, service_id)

    def _attributes(self, reader: _Reader, service_id: uuid.UUID) -> None:
        attributes = reader.objects("attributes")
        if attributes is None:
            return
        terms = self.m2m.setdefault(service_id, {name: set() for name in TAXONOMY_FIELDS.values()})
        for index, attribute in attributes:
            attribute_reader = _Reader(self, attribute, _join(reader.path, f"attributes[{index}]"), "attribute")
            attribute_reader.uuid()
            term = self._term(attribute_reader)
            if term is not None:
                terms[TAXONOMY_FIELDS[term.taxonomy.code]].add(term)

    def _term(self, reader: _Reader) -> TaxonomyTerm | None:
        """The taxonomy term an attribute links to: our term's id, else its `code` (within `taxonomy` if given)."""
        term_data = reader.data.get("taxonomy_term")
        term_data = term_data if isinstance(term_data, dict) else {}
        for raw in (reader.data.get("taxonomy_term_id"), term_data.get("id")):
            if isinstance(raw, str) and UUID_RE.match(raw.strip()) and uuid.UUID(raw.strip()) in self.terms_by_id:
                return self.terms_by_id[uuid.UUID(raw.strip())]
        code = term_data.get("code")
        if not isinstance(code, str) or not code.strip():
            reader.error("taxonomy_term.code", _("a taxonomy term needs the code of one of our terms"))
            return None
        code = code.strip()
        candidates = self.terms_by_code.get(code, [])
        detail = term_data.get("taxonomy_detail") if isinstance(term_data.get("taxonomy_detail"), dict) else {}
        hint = term_data.get("taxonomy") or detail.get("name")
        taxonomy_id = str(term_data.get("taxonomy_id") or detail.get("id") or "").lower()
        if hint or taxonomy_id:
            wanted = str(hint or "").strip().lower()
            matching = {
                taxonomy.id
                for taxonomy in self.taxonomies
                if str(taxonomy.id) == taxonomy_id
                or bool(wanted)
                and wanted in {taxonomy.code, (taxonomy.name_el or "").lower(), (taxonomy.name_en or "").lower()}
            }
            if not matching:
                reader.error(
                    "taxonomy_term.taxonomy",
                    _("unknown taxonomy %(name)r (ours: %(known)s)")
                    % {"name": hint or taxonomy_id, "known": ", ".join(sorted(TAXONOMY_FIELDS))},
                )
                return None
            candidates = [t for t in candidates if t.taxonomy_id in matching]
        if not candidates:
            reader.error("taxonomy_term.code", _("unknown taxonomy term code %(code)r") % {"code": code})
            return None
        if len(candidates) > 1:
            reader.error(
                "taxonomy_term.taxonomy",
                _("term code %(code)r is in several taxonomies (%(names)s): say which in taxonomy_term.taxonomy")
                % {"code": code, "names": ", ".join(sorted(t.taxonomy.code for t in candidates))},
            )
            return None
        return candidates[0]

    def _service_at_location(
        self, data: dict[str, Any], path: str, *, service_id: uuid.UUID, organization_id: uuid.UUID | None
    ) -> uuid.UUID | None:
        reader = _Reader(self, data, path, "service_at_location")
        sal_id = reader.uuid()
        reader.text("description")
        if isinstance(data.get("location"), dict):
            location_id = self._location(data["location"], _join(path, "location"), organization_id=organization_id)
            embedded = True
        else:
            location_id = reader.uuid("location_id", required=False)
            embedded = False
            if location_id is None and not reader.failed:
                reader.error("location", _("a service at location needs its location (embedded, or location_id)"))
        if location_id is not None:
            reader.values["location_id"] = location_id
        item = self._item(ServiceAtLocation, reader, sal_id, owners={"service_id": service_id})
        if item is not None and location_id is not None and not embedded:
            self._reference(reader, "location_id", Location, location_id, item, None)
        if sal_id is not None:
            # Our contacts and phones have no service_at_location link (a model gap): they go to the service.
            self._children(reader, "contacts", self._contact, {"service_id": service_id}, Contact)
            self._children(reader, "phones", self._phone, {"service_id": service_id}, Phone)
            self._children(reader, "schedules", self._schedule, {"service_at_location_id": sal_id}, Schedule)
        return location_id

    # ------------------------------------------------------------------------------------------- location
    def _location(self, data: dict[str, Any], path: str, *, organization_id: uuid.UUID | None) -> uuid.UUID | None:
        reader = _Reader(self, data, path, "location")
        location_id = reader.uuid()
        reader.choice("location_type", LocationType.values, lower=True)
        for key in ("name", "description", "transportation"):
            reader.text(key, translated=True)
        for key in ("url", "alternate_name", "external_identifier", "external_identifier_type"):
            reader.text(key)
        reader.boolean("redacted")  # ext: shelters
        point = self._coordinates(reader)
        own_organization = reader.uuid("organization_id", required=False)
        address = _geocodable_address(data.get("addresses"))
        coordinates_given = "latitude" in data or "longitude" in data
        queue: list[dict[str, str]] = []

        def prepare(obj: models.Model, new: bool) -> None:
            assert isinstance(obj, Location)
            if own_organization is not None:
                obj.organization_id = own_organization
            elif obj.organization_id is None and organization_id is not None:
                obj.organization_id = organization_id
            if point is not None:
                obj.point, obj.geocode_status = point, GeocodeStatus.SOURCE
            elif address is not None and obj.location_type == LocationType.PHYSICAL:
                # An address seen before keeps its point: re-imports do not ask the geocoder again.
                if new or obj.point is None or self.stored_addresses.get(obj.pk) != _address_key(address):
                    obj.point, obj.geocode_status = None, GeocodeStatus.PENDING
                    queue.append(address)
            elif coordinates_given or new:
                obj.point, obj.geocode_status = None, GeocodeStatus.SOURCE
                if obj.location_type == LocationType.PHYSICAL:
                    reader.error("latitude", _("a physical location needs coordinates or an address"))

        item = self._item(Location, reader, location_id, prepare=prepare)
        if item is not None:
            if own_organization is not None:
                self._reference(reader, "organization_id", Organization, own_organization, item, None)
            if queue and location_id not in self.queued:
                self.queued.add(location_id)
                self.geocode_queue.append((item, queue[0]))
        if location_id is None:
            return None
        owner = {"location_id": location_id}
        self._children(reader, "addresses", self._address, owner, Address)
        self._children(reader, "accessibility", self._accessibility, owner, Accessibility)
        self._children(reader, "languages", self._language, owner, Language)
        self._children(reader, "phones", self._phone, owner, Phone)
        self._children(reader, "contacts", self._contact, owner, Contact)
        self._children(reader, "schedules", self._schedule, owner, Schedule)
        return location_id

    def _coordinates(self, reader: _Reader) -> Point | None:
        raw_lat, raw_lon = reader.data.get("latitude"), reader.data.get("longitude")
        if raw_lat in (None, "") and raw_lon in (None, ""):
            return None
        if raw_lat in (None, "") or raw_lon in (None, ""):
            reader.error(
                "latitude" if raw_lat in (None, "") else "longitude", _("latitude and longitude must be given together")
            )
            return None
        numbers = {}
        for key, raw, limit in (("latitude", raw_lat, 90), ("longitude", raw_lon, 180)):
            try:
                number = float(raw) if not isinstance(raw, bool) else math.nan
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                reader.error(key, _("%(value)r is not a number") % {"value": raw})
            elif abs(number) > limit:
                reader.error(key, _("%(value)s is out of range (±%(limit)s)") % {"value": raw, "limit": limit})
            else:
                numbers[key] = number
        if len(numbers) < 2:
            return None
        lat, lon = numbers["latitude"], numbers["longitude"]
        west, south, east, north = GREECE_BBOX
        if not (west <= lon <= east and south <= lat <= north):
            swapped = west <= lat <= east and south <= lon <= north
            message = _(
                "(latitude %(lat)s, longitude %(lon)s) is outside Greece (longitude %(w)s–%(e)s, latitude %(s)s–%(n)s)"
            ) % {"lat": lat, "lon": lon, "w": west, "e": east, "s": south, "n": north}
            if swapped:
                message += " " + _("— latitude and longitude look swapped")
            reader.error("longitude" if not west <= lon <= east else "latitude", message)
            return None
        return Point(lon, lat, srid=WGS84)

    def _address(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "address")
        address_id = reader.uuid()
        for key in ("attention", "address_1", "address_2", "city", "region", "state_province", "postal_code"):
            reader.text(key)
        reader.choice("address_type", LocationType.values, lower=True)
        if "country" in data:
            reader.text("country")
            reader.values["country"] = country = reader.values.get("country", "").upper()
            if not re.fullmatch(r"[A-Z]{2}", country):
                reader.error("country", _("%(value)r is not a two-letter ISO 3166 country code") % {"value": country})
        self._item(Address, reader, address_id, owners=owners)

    def _accessibility(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "accessibility")
        accessibility_id = reader.uuid()
        for key in ("description", "details", "url"):
            reader.text(key)
        self._item(Accessibility, reader, accessibility_id, owners=owners)

    # ------------------------------------------------------------------------------------------- shared children
    def _language(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> str | None:
        reader = _Reader(self, data, path, "language")
        language_id = reader.uuid()
        reader.text("name")
        reader.text("note")
        raw = data.get("code")
        code = str(raw).strip().lower() if isinstance(raw, str) else ""
        code = ISO_639_2_TO_1.get(code, code)
        if not code:
            reader.error("code", _("a language needs its ISO 639 code"))
        elif not (code in ISO_639_1 or re.fullmatch(r"[a-z]{3}", code)):
            reader.error("code", _("%(value)r is not an ISO 639-1 (or 639-2/3) language code") % {"value": raw})
        else:
            reader.values["code"] = code
        self._item(Language, reader, language_id, owners=owners)
        return code or None

    def _contact(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "contact")
        contact_id = reader.uuid()
        for key in ("name", "title", "department", "email"):
            reader.text(key)
        self._item(Contact, reader, contact_id, owners=owners)
        if contact_id is not None:
            self._children(reader, "phones", self._phone, {"contact_id": contact_id}, Phone)

    def _phone(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "phone")
        phone_id = reader.uuid()
        for key in ("number", "extension", "description"):
            reader.text(key)
        reader.choice("type", [value for value, _label in Phone._meta.get_field("type").choices], lower=True)
        if not reader.values.get("number") and not reader.failed:
            reader.error("number", _("a phone needs its number"))
        if "languages" in data:
            self.not_stored.add("phone.languages")
        self._item(Phone, reader, phone_id, owners=owners)

    def _schedule(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "schedule")
        schedule_id = reader.uuid()
        reader.date("valid_from")
        reader.date("valid_to")
        for key in ("description", "attending_type", "notes"):
            reader.text(key)
        freq = str(data.get("freq") or "WEEKLY").strip().upper()
        if freq != "WEEKLY":
            reader.error(
                "freq", _("only weekly schedules (freq WEEKLY) can be stored, not %(value)r") % {"value": freq}
            )
        raw_days = data.get("byday")
        days = [d.strip().upper() for d in str(raw_days or "").split(",") if d.strip()]
        if not days:
            reader.error("byday", _("weekly hours need byday (e.g. MO,TU,WE)"))
        elif any(day not in WEEKDAYS for day in days):
            reader.error("byday", _("%(value)r: use the weekday codes MO,TU,WE,TH,FR,SA,SU") % {"value": raw_days})
        else:
            reader.values["byday"] = ",".join(days)
        on = reader.values.get("valid_from") or date.today()
        for key in ("opens_at", "closes_at"):
            raw = data.get(key)
            parsed = _parse_time(raw, on=on) if isinstance(raw, str) else None
            if raw in (None, ""):
                reader.error(key, _("weekly hours need opens_at and closes_at"))
            elif parsed is None:
                reader.error(
                    key, _("%(value)r is not a time (HH:MM, optionally with :SS and a UTC offset)") % {"value": raw}
                )
            else:
                reader.values[key] = parsed
        opens_at = reader.values.get("opens_at")
        if opens_at is not None and opens_at == reader.values.get("closes_at"):
            reader.error("closes_at", _("the closing time equals the opening time"))
        if not reader.failed:
            reader.values["freq"] = "WEEKLY"
        self._item(Schedule, reader, schedule_id, owners=owners)

    def _service_area(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "service_area")
        area_id = reader.uuid()
        for key in ("name", "description", "uri", "extent_type"):
            reader.text(key)
        if "extent" in data:
            raw = data["extent"]
            extent_type = str(data.get("extent_type") or "geojson").strip().lower()
            if raw in (None, ""):
                reader.values["extent"] = None
            elif extent_type != "geojson":
                reader.error(
                    "extent_type", _("only GeoJSON extents can be stored, not %(value)r") % {"value": extent_type}
                )
            else:
                try:
                    text = raw if isinstance(raw, str) else json.dumps(raw)
                    reader.values["extent"] = to_multipolygon(GEOSGeometry(text, srid=WGS84))
                except (GEOSException, ValueError, TypeError):
                    reader.error("extent", _("not a GeoJSON Polygon or MultiPolygon"))
        self._item(ServiceArea, reader, area_id, owners=owners)

    def _required_document(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "required_document")
        document_id = reader.uuid()
        reader.text("document", translated=True)
        reader.text("uri")
        if not str(data.get("document") or "").strip():
            reader.error("document", _("a required document needs its description"))
        self._item(RequiredDocument, reader, document_id, owners=owners)

    def _cost_option(self, data: dict[str, Any], path: str, owners: dict[str, uuid.UUID]) -> None:
        reader = _Reader(self, data, path, "cost_option")
        option_id = reader.uuid()
        reader.date("valid_from")
        reader.date("valid_to")
        reader.text("option")
        reader.text("amount_description")
        reader.decimal("amount")
        if "currency" in data:
            reader.text("currency")
            reader.values["currency"] = reader.values.get("currency", "").upper()
        self._item(CostOption, reader, option_id, owners=owners)

    # ------------------------------------------------------------------------------------------- references
    def _reference(
        self,
        reader: _Reader,
        key: str,
        model: type[models.Model],
        target: uuid.UUID,
        item: _Item,
        attname: str | None,
        *,
        required: bool = True,
    ) -> None:
        def apply(exists: bool) -> None:
            if exists and attname:
                setattr(item.obj, attname, target)

        self.references.append(
            _Reference(self.row, reader.raw_id, _join(reader.path, key), model, target, apply, required)
        )

    def finish(self) -> None:
        """Check references across rows, then work out which stored records the file's lists drop."""
        by_model: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
        for reference in self.references:
            if (reference.model, reference.target) not in self.items:
                by_model[reference.model].add(reference.target)
        stored = {
            model: set(model.objects.filter(pk__in=ids).values_list("pk", flat=True)) for model, ids in by_model.items()
        }
        for reference in self.references:
            exists = (reference.model, reference.target) in self.items or reference.target in stored.get(
                reference.model, set()
            )
            reference.apply(exists)
            if not exists:
                name = RESOURCE_TYPES[reference.model]
                issue = ImportIssue(
                    reference.row,
                    reference.hsds_id,
                    reference.path,
                    _("%(kind)s %(id)s is neither in this file nor in the database")
                    % {"kind": name, "id": reference.target},
                )
                (self.report.errors if reference.required else self.report.warnings).append(issue)
        if self.report.errors:
            return
        self._drop_unlisted()
        self._check_unique()
        if self.not_stored:
            self.warning(
                row=0,
                field="",
                hsds_id="",
                message=_("not stored (no matching field here): %(keys)s")
                % {"keys": ", ".join(sorted(self.not_stored))},
            )

    def _drop_unlisted(self) -> None:
        """Records an owner's list no longer holds lose that owner; those left with none are deleted."""
        planned: dict[type[models.Model], set[uuid.UUID]] = defaultdict(set)
        by_owner: dict[tuple[type[models.Model], str, Any], list[_Item]] = defaultdict(list)
        for (model, object_id), item in self.items.items():
            planned[model].add(object_id)
            for owner_field in OWNER_FIELDS.get(model, ()):
                by_owner[(model, owner_field, getattr(item.obj, owner_field))].append(item)
        groups: dict[tuple[type[models.Model], str], set[uuid.UUID]] = defaultdict(set)
        for (model, owner_field, owner_id), keep in self.lists.items():
            groups[(model, owner_field)].add(owner_id)
            for item in by_owner.get((model, owner_field, owner_id), []):
                if item.obj.pk not in keep and owner_field not in item.owners:
                    setattr(item.obj, owner_field, None)  # stored under this owner, no longer listed there
        stale: dict[tuple[type[models.Model], uuid.UUID], models.Model] = {}
        for (model, owner_field), owner_ids in groups.items():
            query = model.objects.filter(**{f"{owner_field}__in": owner_ids}).exclude(pk__in=planned[model])
            for obj in query:
                setattr(stale.setdefault((model, obj.pk), obj), owner_field, None)
        # Deleting a contact or a service at location would cascade to its phones or schedules: unlink them first.
        for parent, child, link in (
            (Contact, Phone, "contact_id"),
            (ServiceAtLocation, Schedule, "service_at_location_id"),
        ):
            doomed = {pk for (model, pk), obj in stale.items() if model is parent and not _has_owner(obj)}
            if not doomed:
                continue
            for obj in child.objects.filter(**{f"{link}__in": doomed}).exclude(pk__in=planned[child]):
                setattr(stale.setdefault((child, obj.pk), obj), link, None)
            for (item_model, _pk), item in self.items.items():
                if item_model is child and getattr(item.obj, link) in doomed:
                    setattr(item.obj, link, None)
        for (model, pk), obj in stale.items():
            if _has_owner(obj):
                self.detach.append((obj, list(OWNER_FIELDS[model])))
            else:
                self.delete[model].add(pk)

    def _check_unique(self) -> None:
        """Unique rules: languages per service and organisation identifiers, in the file and against the stored."""
        rewritten: dict[type[models.Model], set[Any]] = defaultdict(set)
        for model, pk in self.items:
            rewritten[model].add(pk)
        for obj, _fields in self.detach:
            rewritten[type(obj)].add(obj.pk)
        for model, pks in self.delete.items():
            rewritten[model] |= pks
        languages = [item for (model, _pk), item in self.items.items() if model is Language and item.obj.service_id]
        identifiers = [item for (model, _pk), item in self.items.items() if model is OrganizationIdentifier]
        taken: set[tuple[Any, ...]] = set()
        taken.update(
            Language.objects.filter(service_id__in={item.obj.service_id for item in languages})
            .exclude(pk__in=rewritten[Language])
            .values_list("service_id", "code")
        )
        taken.update(
            OrganizationIdentifier.objects.filter(identifier__in={item.obj.identifier for item in identifiers})
            .exclude(pk__in=rewritten[OrganizationIdentifier])
            .values_list("identifier_scheme", "identifier")
        )
        seen: dict[tuple[Any, ...], _Item] = {}
        for item in languages + identifiers:
            obj = item.obj
            if isinstance(obj, Language):
                key, field_name = (obj.service_id, obj.code), "code"
                message = _("the service already has language %(value)r") % {"value": obj.code}
            else:
                assert isinstance(obj, OrganizationIdentifier)
                key, field_name = (obj.identifier_scheme, obj.identifier), "identifier"
                message = _("%(value)r is already another organization's identifier") % {"value": obj.identifier}
            if key in seen:
                message = _("duplicates %(path)s (row %(row)s)") % {"path": seen[key].path, "row": seen[key].row}
            if key in taken or key in seen:
                self.report.errors.append(ImportIssue(item.row, str(obj.pk), _join(item.path, field_name), message))
            seen[key] = item

    # ------------------------------------------------------------------------------------------- geocoding
    def geocode(self, *, limit: int | None = None) -> None:
        """Geocode queued addresses; once the geocoder is unreachable, the rest stay pending (nothing is lost).

        With `limit`, only that many are asked now (a web request cannot wait on a rate-limited provider for
        hundreds of addresses); the rest are saved as pending for `geocode_pending`.
        """
        from boundaries.geocoding import GeocoderUnavailable, geocode_address

        unavailable = False
        for index, (item, address) in enumerate(self.geocode_queue):
            location = item.obj
            assert isinstance(location, Location)
            hsds_id = str(location.pk)
            if unavailable:
                self.report.geocode_pending.append(hsds_id)
                continue
            if limit is not None and index >= limit:
                self.report.geocode_pending.append(hsds_id)
                if index == limit:
                    self.warning(
                        row=item.row,
                        field=_join(item.path, "addresses"),
                        hsds_id=hsds_id,
                        message=_(
                            "more than %(limit)s addresses to geocode: this and the following ones are saved without "
                            "a point, queued for `manage.py geocode_pending`"
                        )
                        % {"limit": limit},
                    )
                location.point, location.geocode_status = None, GeocodeStatus.PENDING
                continue
            try:
                point = geocode_address(
                    address_1=address["address_1"], city=address["city"], postal_code=address["postal_code"]
                )
            except GeocoderUnavailable as exc:
                logger.warning("geocoder unavailable while importing %s: %s", self.report.path, exc)
                unavailable = True
                self.report.geocode_pending.append(hsds_id)
                self.warning(
                    row=item.row,
                    field=_join(item.path, "addresses"),
                    hsds_id=hsds_id,
                    message=_(
                        "the geocoder is unreachable (%(error)s): saved without a point, with this and any further "
                        "address queued for `manage.py geocode_pending`"
                    )
                    % {"error": exc},
                )
                continue
            west, south, east, north = GREECE_BBOX
            if point is not None and west <= point.x <= east and south <= point.y <= north:
                point.srid = WGS84
                location.point, location.geocode_status = point, GeocodeStatus.GEOCODED
                self.report.geocoded.append(hsds_id)
            else:
                location.point, location.geocode_status = None, GeocodeStatus.FAILED
                self.report.geocode_failed.append(hsds_id)
                self.warning(
                    row=item.row,
                    field=_join(item.path, "addresses"),
                    hsds_id=hsds_id,
                    message=_("address not found by the geocoder: %(address)s; add coordinates")
                    % {"address": ", ".join(v for v in address.values() if v)},
                )

    # ------------------------------------------------------------------------------------------- writing
    def write(self, *, dry_run: bool, user_label: str, user: Any = None) -> None:
        """Write the plan in one transaction (rolled back on a dry run), with metadata rows and area links."""
        created: Counter[str] = Counter()
        updated: Counter[str] = Counter()
        unchanged: Counter[str] = Counter()
        removed: Counter[str] = Counter()
        audit: list[Metadata] = []
        ordered = sorted(self.items.values(), key=lambda item: SAVE_ORDER.index(type(item.obj)))
        try:
            with transaction.atomic():
                for obj, owner_fields in self.detach:
                    obj.save(update_fields=owner_fields)
                    updated[RESOURCE_TYPES[type(obj)]] += 1
                for model in reversed(SAVE_ORDER):
                    if self.delete[model]:
                        model.objects.filter(pk__in=self.delete[model]).delete()
                        removed[RESOURCE_TYPES[model]] += len(self.delete[model])
                for item in ordered:
                    kind = RESOURCE_TYPES[type(item.obj)]
                    changes = {} if item.new else _changes(item.before, _snapshot(item.obj))
                    if item.new:
                        item.obj.save(force_insert=True)
                    elif changes:
                        item.obj.save()
                    if isinstance(item.obj, Service) and item.obj.pk in self.m2m:
                        changes.update(self._set_terms(item.obj))
                    (created if item.new else updated if changes else unchanged)[kind] += 1
                    if isinstance(item.obj, AUDITED):
                        audit.extend(_metadata(item=item, changes=changes, user_label=user_label, user=user))
                Metadata.objects.bulk_create(audit)
                located = [item.obj.pk for item in self.items.values() if isinstance(item.obj, Location)]
                if located:
                    location_areas_refresh(ids=located)
                if dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as exc:
            logger.exception("HSDS import of %s refused by the database", self.report.path)
            self.report.errors.append(
                ImportIssue(0, "", "", _("the database refused the import: %(error)s") % {"error": exc})
            )
            return
        self.report.created, self.report.updated = created, updated
        self.report.unchanged, self.report.removed = unchanged, removed

    def _set_terms(self, service: Service) -> dict[str, tuple[str, str]]:
        changes = {}
        for attname, terms in self.m2m[service.pk].items():
            before = self.stored_terms[service.pk][attname]
            after = {term.code for term in terms}
            if before != after:
                getattr(service, attname).set(terms)
                changes[attname] = (",".join(sorted(before)), ",".join(sorted(after)))
        return changes


def _has_owner(obj: models.Model) -> bool:
    return any(getattr(obj, name) is not None for name in OWNER_FIELDS[type(obj)])


def _positive(raw: Any) -> bool:
    try:
        return Decimal(str(raw)) > 0
    except InvalidOperation:
        return False


def _parse_time(raw: str, *, on: date) -> time | None:
    """HH:MM[:SS] as Europe/Athens wall-clock time; with `Z` or an offset, converted to Athens time on `on`."""
    match = TIME_RE.match(raw.strip())
    if not match:
        return None
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours == 24 and minutes == 0 and seconds == 0:
        hours = 0  # "24:00" closes at midnight
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    parsed = time(hours, minutes, seconds)
    suffix = (match[4] or "").upper()
    if not suffix:
        return parsed
    if suffix == "Z":
        offset = timedelta(0)
    else:
        digits = suffix[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        offset = -offset if suffix[0] == "-" else offset
    moment = datetime.combine(on, parsed, tzinfo=timezone(offset))
    return moment.astimezone(ZoneInfo(ATHENS_TZ)).time().replace(tzinfo=None)


def _geocodable_address(raw: Any) -> dict[str, str] | None:
    """The address to geocode: the first physical one with a street, else the first with a street."""
    if not isinstance(raw, list):
        return None
    addresses = [a for a in raw if isinstance(a, dict) and str(a.get("address_1") or "").strip()]
    physical = [a for a in addresses if str(a.get("address_type") or "physical").lower() == LocationType.PHYSICAL]
    chosen = (physical or addresses or [None])[0]
    if chosen is None:
        return None
    return {key: str(chosen.get(key) or "").strip() for key in ("address_1", "city", "postal_code")}


def _address_key(address: dict[str, str]) -> tuple[str, str, str]:
    return (address["address_1"], address["city"], "".join(address["postal_code"].split()))


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        name: (_as_text(before.get(name)), _as_text(value))
        for name, value in after.items()
        if not _same(before.get(name), value)
    }


def _metadata(*, item: _Item, changes: dict[str, tuple[str, str]], user_label: str, user: Any = None) -> list[Metadata]:
    """HSDS metadata: one `create` row for a new record, one `update` row per changed field."""
    resource_type = RESOURCE_TYPES[type(item.obj)]
    if item.new:
        return [
            Metadata(
                resource_id=item.obj.pk,
                resource_type=resource_type,
                last_action_type="create",
                updated_by=user_label,
                user=user,
            )
        ]
    return [
        Metadata(
            resource_id=item.obj.pk,
            resource_type=resource_type,
            last_action_type="update",
            field_name=name,
            previous_value=previous,
            replacement_value=replacement,
            updated_by=user_label,
            user=user,
        )
        for name, (previous, replacement) in changes.items()
    ]


def _rows(*, path: Path, report: ImportReport) -> list[Any]:
    """The top-level objects of an HSDS JSON file (a page's `contents`, a list, or one object) or datapackage."""
    package = datapackage_path(path)
    if package is not None:
        try:
            return tabular_rows(package, known_keys=KNOWN_KEYS)
        except TabularError as exc:
            report.errors.append(ImportIssue(0, "", "", str(exc)))
            return []
    if path.is_dir():
        report.errors.append(ImportIssue(0, "", "", _("%(path)s has no datapackage.json") % {"path": path}))
        return []
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError) as exc:
        report.errors.append(ImportIssue(0, "", "", _("cannot read the file: %(error)s") % {"error": exc}))
        return []
    except json.JSONDecodeError as exc:
        report.errors.append(ImportIssue(0, "", "", _("not valid JSON: %(error)s") % {"error": exc}))
        return []
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "id" in data:
        return [data]
    report.errors.append(
        ImportIssue(0, "", "", _("expected HSDS JSON: a page with `contents`, a list, or one service or organization"))
    )
    return []


def hsds_import(*, path: Path, dry_run: bool = False, user_label: str = "import", language: str = "el") -> ImportReport:
    """Check an HSDS 3.0 JSON file and upsert its records by HSDS id, all or nothing; a dry run writes nothing."""
    languages = [code for code, _name in settings.LANGUAGES]
    if language not in languages:
        raise ValueError(f"language must be one of {languages}, not {language!r}")
    report = ImportReport(path=path, dry_run=dry_run, language=language)
    rows = _rows(path=path, report=report)
    if report.errors:
        report.rows = len(rows)
        return report
    return hsds_import_rows(rows=rows, report=report, user_label=user_label)


def hsds_import_rows(
    *,
    rows: list[Any],
    report: ImportReport,
    user_label: str = "import",
    user: Any = None,
    geocode_limit: int | None = None,
) -> ImportReport:
    """Check HSDS JSON rows already read (services or organisations) and upsert them as `hsds_import` does."""
    report.rows = len(rows)
    plan = _Plan(report=report, language=report.language)
    plan.load_stored(rows)
    for number, row in enumerate(rows, start=1):
        plan.add_row(number=number, data=row)
    if not report.errors:
        plan.finish()
    if report.errors:
        return report
    if report.dry_run:
        report.geocode_pending = [str(item.obj.pk) for item, _address in plan.geocode_queue]
    else:
        plan.geocode(limit=geocode_limit)
    plan.write(dry_run=report.dry_run, user_label=user_label, user=user)
    return report

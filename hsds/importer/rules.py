"""What the HSDS importer reads and how it stores it: known keys per table, models, owners, code lists."""

import re

from django.db import models

from services.models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

from ..tables import TABLE_MODELS, TAXONOMY_TABLES

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
# What an import writes, model -> HSDS table, parents first (hsds.tables; taxonomies are only referred to).
RESOURCE_TYPES: dict[type[models.Model], str] = {
    model: table for table, model in TABLE_MODELS.items() if table not in TAXONOMY_TABLES
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

"""The plan: every row of the demo data, built as plain tuples from one seeded `random.Random`.

Organisations, services, locations and addresses, languages, schedules, phones, categories, audiences and
eligibility; locations get their points later (`points`), from the areas the plan picks for them.
"""

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from django.utils.text import slugify

from services.actions.taxonomy import ID_NAMESPACE
from services.models import OrganizationKind, service_search_text

from .reference import Municipality, Reference
from .vocabulary import (
    AGE_LIMITS,
    APPLICATION,
    AUDIENCES_BY_CATEGORY,
    BY_APPOINTMENT,
    CAPACITIES,
    CAPACITY_CUM,
    CATEGORY_WEIGHTS,
    DAILY_MEAL,
    DEMO_LABEL_EL,
    DEMO_LABEL_EN,
    ELIGIBILITY_WEIGHTS,
    EMBLEMS,
    EVENING_SHARE,
    EVENINGS,
    FEES,
    FREE,
    HELPLINE,
    HELPLINE_SHARE,
    LANGUAGE_INDEX,
    LANGUAGE_NAMES_EL,
    LANGUAGE_NAMES_EN,
    LANGUAGES,
    MONTHS_EN,
    NIGHT_SHELTER,
    OFFICE_HOURS,
    ORG_DESCRIPTION,
    ORGANIZATION_FORMS,
    ORGANIZATION_KINDS,
    OUTREACH_NIGHT,
    PAID_SHARE,
    PART_WEEK,
    REDACTED_SHARE,
    ROUND_THE_CLOCK,
    SERVICE_NAMES,
    SERVICES_PER_ORGANIZATION,
    STATUS_CUM,
    STATUSES,
    STREETS,
    VERIFIED_WITHIN_DAYS,
    WEEKDAYS,
    WEEKEND_SHARE,
    WEEKENDS,
)


@dataclass
class Rows:
    """Rows to load, table by table, each a tuple in the order of the matching `COLUMNS` entry."""

    organizations: list[tuple] = field(default_factory=list)
    services: list[tuple] = field(default_factory=list)
    locations: list[tuple] = field(default_factory=list)
    addresses: list[tuple] = field(default_factory=list)
    service_at_locations: list[tuple] = field(default_factory=list)
    languages: list[tuple] = field(default_factory=list)
    schedules: list[tuple] = field(default_factory=list)
    phones: list[tuple] = field(default_factory=list)
    categories: list[tuple] = field(default_factory=list)
    audiences: list[tuple] = field(default_factory=list)
    eligibility: list[tuple] = field(default_factory=list)


COLUMNS = {
    "organizations": ["id", "name", "name_el", "name_en", "description", "description_el", "description_en",
                      "email", "website", "year_incorporated", "kind", "accmr_member", "is_demo"],
    "services": ["id", "organization_id", "name", "name_el", "name_en", "description", "description_el",
                 "description_en", "email", "status", "interpretation_services", "interpretation_services_el",
                 "interpretation_services_en", "application_process", "application_process_el",
                 "application_process_en", "fees_description", "fees_description_el", "fees_description_en",
                 "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "alert_el", "alert_en",
                 "free_of_charge", "valid_from", "valid_to", "capacity_status", "search_text"],
    # `point` is None in the plan, then filled in from the generated points.
    "locations": ["id", "organization_id", "name", "name_el", "name_en", "redacted", "point"],
    "addresses": ["id", "location_id", "address_1", "city", "state_province", "postal_code", "country"],
    "service_at_locations": ["id", "service_id", "location_id"],
    "languages": ["id", "service_id", "name", "code"],
    "schedules": ["id", "service_id", "byday", "opens_at", "closes_at", "attending_type", "description"],
    "phones": ["id", "service_id", "number", "type", "description"],
    "categories": ["service_id", "taxonomyterm_id"],
    "audiences": ["service_id", "taxonomyterm_id"],
    "eligibility": ["service_id", "taxonomyterm_id"],
}  # fmt: skip


def _id_maker(*, seed: int, services: int) -> Callable[..., str]:
    """Ids equal to `stable_id("demo", seed, services, kind, *index)` (uuid5), as strings without UUID objects."""
    prefix = ID_NAMESPACE.bytes + f"demo/{seed}/{services}/".encode()
    sha1 = hashlib.sha1
    clear = ~(0xC000 << 48) & ~(0xF000 << 64)
    version = (0x8000 << 48) | (5 << 76)

    def uid(kind: str, *index: int) -> str:
        name = kind + "".join(f"/{i}" for i in index)
        value = int.from_bytes(sha1(prefix + name.encode()).digest()[:16], "big") & clear | version
        x = f"{value:032x}"
        return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"

    return uid


def _search_words(*, names: tuple[str, str], descriptions: tuple[str, str] = ("", "")) -> str:
    """Folded search words of a service's own texts or of its organisation's names (see `service_search_text`)."""
    texts = SimpleNamespace(name_el=names[0], name_en=names[1], description_el=descriptions[0],
                            description_en=descriptions[1])  # fmt: skip
    return service_search_text(texts, organization_names=())


def _phone(rng: random.Random, *, area: str) -> str:
    """A Greek landline number in the area's code: +30 plus ten digits."""
    rest = f"{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"
    return f"+30 {area} {rest[:3]} {rest[3:]}"


def _mobile(rng: random.Random) -> str:
    """A Greek mobile number."""
    return f"+30 69{rng.choice('3456789')} {rng.randrange(1000):03d} {rng.randrange(10000):04d}"


def _freephone(rng: random.Random) -> str:
    """A Greek toll-free (800) number, as helplines have."""
    return f"+30 800 {rng.randrange(100, 1000)} {rng.randrange(10000):04d}"


def rows_plan(
    *, ref: Reference, services: int, seed: int, today: date
) -> tuple[Rows, list[str], dict[str, tuple[int, int]]]:
    """Every row to write; also the area (code) each location's point is drawn in, and (area id, municipality id)."""
    rng = random.Random(seed)
    rows = Rows()

    uid = _id_maker(seed=seed, services=services)

    munis = ref.municipalities
    muni_cum = _accumulate([m.weight for m in munis])
    neighbourhoods = ref.neighbourhoods
    nb_cum = _accumulate([n[2] for n in neighbourhoods])
    categories = ref.terms["categories"]
    audiences = ref.terms.get("audience", {})
    eligibility = ref.terms.get("eligibility", {})
    committees = [code for code, term in categories.items() if term[3] is None]
    category_codes = list(categories)
    category_cum = _accumulate([CATEGORY_WEIGHTS.get(code, 1.0) for code in category_codes])
    by_committee = {c: [code for code in category_codes if code == c or categories[code][3] == c] for c in committees}
    status_codes = [code for code in eligibility if code != "everyone"]
    status_cum = _accumulate([ELIGIBILITY_WEIGHTS.get(code, 1.0) for code in status_codes])
    audience_codes = list(audiences)

    # Organisations: a kind, a name, a home municipality and one or two committees they work in.
    n_orgs = max(1, round(services / SERVICES_PER_ORGANIZATION))
    kinds: list[str] = [k for k, _, _ in ORGANIZATION_KINDS]
    kind_share = [share for _, share, _ in ORGANIZATION_KINDS]
    kind_size: dict[str, float] = {k: size for k, _, size in ORGANIZATION_KINDS}
    orgs: list[tuple[str, str, str, str, Municipality, list[str], str]] = []
    taken: dict[str, int] = {}
    org_words: list[str] = []
    # Every kind once (when there are enough organisations), then in realistic shares.
    kind_of = rng.sample(kinds, k=len(kinds))[:n_orgs]
    kind_of += rng.choices(kinds, weights=kind_share, k=n_orgs - len(kind_of))
    for o in range(n_orgs):
        kind = kind_of[o]
        emblem_el, emblem_en = rng.choice(EMBLEMS)
        form_el, form_en = rng.choice(ORGANIZATION_FORMS[kind])
        name_el, name_en = form_el.format(el=emblem_el), form_en.format(en=emblem_en)
        taken[name_en] = taken.get(name_en, 0) + 1
        if taken[name_en] > 1:
            name_el, name_en = f"{name_el} {taken[name_en]}", f"{name_en} {taken[name_en]}"
        home = rng.choices(munis, cum_weights=muni_cum)[0]
        focus = rng.sample(committees, k=min(len(committees), rng.choice((1, 1, 2))))
        slug = slugify(name_en)[:60].strip("-") or f"org-{o}"
        email = f"info@{slug}.example.org"
        org_id = uid("organization", o)
        orgs.append((org_id, name_el, name_en, kind, home, focus, email))
        org_words.append(_search_words(names=(f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EN} {name_en}")))
        rows.organizations.append(
            (org_id, f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EN} {name_en}",
             ORG_DESCRIPTION[0], ORG_DESCRIPTION[0], ORG_DESCRIPTION[1], email, f"https://{slug}.example.org",
             rng.randrange(1975, 2024), kind, rng.random() < 0.4, True)
        )  # fmt: skip

    # Which organisation runs each service: every organisation at least one, bigger kinds more.
    owner = list(range(min(n_orgs, services)))
    owner += rng.choices(range(n_orgs), weights=[kind_size[o[3]] for o in orgs], k=services - len(owner))
    rng.shuffle(owner)
    # Category of each service: every category once (when there are enough services), then by weight, mostly
    # inside the organisation's own committees.
    forced = rng.sample(category_codes, k=len(category_codes))[:services]

    descriptions = {
        code: (
            f"Φανταστική υπηρεσία επίδειξης ({term[1]}). Δεν είναι πραγματική υπηρεσία: μην παραπέμπετε ανθρώπους εδώ.",
            f"Fictional demonstration service ({term[2]}). Not a real service: do not refer people here.",
        )
        for code, term in categories.items()
    }
    interpretation_cache: dict[tuple[str, ...], tuple[str, str]] = {}
    service_words: dict[tuple[str, int], str] = {}
    focus_pools: dict[tuple[str, ...], tuple[list[str], list[float]]] = {}
    office: dict[tuple[int, int], int] = {}  # (organisation, municipality) -> its main location
    cells: list[str] = []
    cell_areas: dict[str, tuple[int, int]] = {}
    expiring_soon, expired = rng.sample(range(services), k=2) if services >= 20 else (-1, -1)
    min_verified = today - timedelta(days=VERIFIED_WITHIN_DAYS)
    used_audiences: set[str] = set()
    used_eligibility: set[str] = set()
    service_ids: list[str] = []

    for s in range(services):
        o = owner[s]
        org_id, org_el, org_en, kind, home, focus, email = orgs[o]
        if s < len(forced):
            category = forced[s]
        elif rng.random() < 0.75:
            if tuple(focus) not in focus_pools:
                pool = [code for committee in focus for code in by_committee[committee]]
                focus_pools[tuple(focus)] = (pool, _accumulate([CATEGORY_WEIGHTS.get(code, 1.0) for code in pool]))
            pool, pool_cum = focus_pools[tuple(focus)]
            category = rng.choices(pool, cum_weights=pool_cum)[0]
        else:
            category = rng.choices(category_codes, cum_weights=category_cum)[0]
        variants = SERVICE_NAMES.get(category) or [(categories[category][1], categories[category][2])]
        variant = rng.randrange(len(variants))
        name_el, name_en = variants[variant]
        service_id = uid("service", s)
        service_ids.append(service_id)

        # Where: municipal services in their own municipality; others half the time at home, else anywhere.
        if kind == OrganizationKind.MUNICIPAL_SERVICE or rng.random() < 0.5:
            muni = home
        else:
            muni = rng.choices(munis, cum_weights=muni_cum)[0]
        redacted = rng.random() < REDACTED_SHARE.get(category, 0.0)
        key = (o, muni.id)
        if not redacted and key in office and rng.random() < 0.35:
            location = office[key]
            location_id = rows.locations[location][0]
        else:
            location = len(rows.locations)
            location_id = uid("location", location)
            if not redacted:
                office.setdefault(key, location)
            if muni is ref.athens and neighbourhoods:
                cell_id, cell, _ = rng.choices(neighbourhoods, cum_weights=nb_cum)[0]
            else:
                cell_id, cell = muni.id, muni.code
            cells.append(cell)
            cell_areas[cell] = (cell_id, muni.id)
            if redacted:
                loc_el, loc_en = "Εμπιστευτική τοποθεσία", "Confidential location"
            else:
                loc_el, loc_en = f"{org_el}, {muni.name_el}", f"{org_en}, {muni.name_en}"
            rows.locations.append((location_id, org_id, loc_el, loc_el, loc_en, redacted, None))
            prefix = rng.choice(muni.postal_prefixes)
            rows.addresses.append(
                (uid("address", location), location_id, f"{rng.choice(STREETS)} {rng.randrange(1, 180)}",
                 muni.name_el, "Attica" if muni.attica else "", f"{prefix:03d} {rng.randrange(100):02d}", "GR")
            )  # fmt: skip
        rows.service_at_locations.append((uid("service_at_location", s), service_id, location_id))

        # Categories: the main one, sometimes a second.
        rows.categories.append((service_id, categories[category][0]))
        if rng.random() < 0.2:
            second = rng.choices(category_codes, cum_weights=category_cum)[0]
            if second != category:
                rows.categories.append((service_id, categories[second][0]))

        # Audiences and eligibility.
        chosen_audiences = []
        preferred = AUDIENCES_BY_CATEGORY.get(category)
        if preferred and rng.random() < 0.8:
            chosen_audiences = rng.sample(preferred, k=rng.randint(1, len(preferred)))
        elif audience_codes and rng.random() < 0.25:
            chosen_audiences = [rng.choice(audience_codes)]
        for code in chosen_audiences:
            if code in audiences:
                rows.audiences.append((service_id, audiences[code][0]))
                used_audiences.add(code)
        chosen_eligibility = []
        if category in ("asylum-procedure", "detention-support"):
            chosen_eligibility = ["asylum-seekers"]
        elif "everyone" in eligibility and rng.random() < 0.55:
            chosen_eligibility = ["everyone"]
        elif status_codes:
            chosen_eligibility = list(
                dict.fromkeys(rng.choices(status_codes, cum_weights=status_cum, k=rng.randint(1, 3)))
            )
        for code in chosen_eligibility:
            if code in eligibility:
                rows.eligibility.append((service_id, eligibility[code][0]))
                used_eligibility.add(code)

        # Languages: Greek and English common, the others in realistic shares; one each to begin with.
        codes = [code for code, share, _, _ in LANGUAGES if rng.random() < share]
        if "temporary-protection" in chosen_eligibility and "uk" not in codes and rng.random() < 0.7:
            codes.append("uk")
        if s < len(LANGUAGES) and LANGUAGES[s][0] not in codes:
            codes.append(LANGUAGES[s][0])
        if not codes:
            codes = ["el"]
        for code in codes:
            rows.languages.append((uid("language", s, LANGUAGE_INDEX[code]), service_id, LANGUAGE_NAMES_EN[code], code))
        others = tuple(code for code in codes if code not in ("el", "en"))
        if others not in interpretation_cache:
            interpretation_cache[others] = (
                ("Διερμηνεία: " + ", ".join(LANGUAGE_NAMES_EL[c] for c in others) + ".") if others else "",
                ("Interpreting: " + ", ".join(LANGUAGE_NAMES_EN[c] for c in others) + ".") if others else "",
            )
        interpretation_el, interpretation_en = interpretation_cache[others]

        # Hours.
        helpline = rng.random() < HELPLINE_SHARE.get(category, 0.0)
        appointment_only = False
        if helpline:
            hours = HELPLINE
        elif category == "emergency-shelter" or (redacted and rng.random() < 0.5):
            hours = ROUND_THE_CLOCK if rng.random() < 0.4 else rng.choice(NIGHT_SHELTER)
        elif category == "addiction-support" and rng.random() < 0.3:
            hours = OUTREACH_NIGHT
        elif category == "food" and rng.random() < 0.4:
            hours = DAILY_MEAL
        elif rng.random() < 0.05:
            hours, appointment_only = [], True
        else:
            if rng.random() < 0.7:
                opens, closes = rng.choice(OFFICE_HOURS)
                hours = [(WEEKDAYS, opens, closes, "in person")]
            else:
                hours = [rng.choice(PART_WEEK)]
            if rng.random() < EVENING_SHARE.get(category, 0.12):
                hours = hours + [rng.choice(EVENINGS)]
            if rng.random() < WEEKEND_SHARE.get(category, 0.08):
                hours = hours + [rng.choice(WEEKENDS)]
        note = "24/7" if hours is HELPLINE or hours is ROUND_THE_CLOCK else ""
        for h, (byday, opens, closes, attending) in enumerate(hours):
            rows.schedules.append((uid("schedule", s, h), service_id, byday, opens, closes, attending, note))

        # Phones.
        if helpline:
            rows.phones.append((uid("phone", s, 0), service_id, _freephone(rng), "voice", "24/7"))
        else:
            rows.phones.append((uid("phone", s, 0), service_id, _phone(rng, area=muni.phone_area), "voice", ""))
        if rng.random() < 0.3:
            rows.phones.append((uid("phone", s, 1), service_id, _mobile(rng), "cell", ""))

        # Money, dates, status.
        free = rng.random() >= PAID_SHARE.get(category, 0.02)
        fees_el, fees_en = FREE if free else rng.choice(FEES)
        apply_el, apply_en = BY_APPOINTMENT if appointment_only else rng.choice(APPLICATION)
        valid_from = valid_to = None
        alert_el = alert_en = ""
        roll = rng.random()
        if s == expired or roll < 0.016:
            valid_to = today - timedelta(days=rng.randrange(1, 120))
            valid_from = valid_to - timedelta(days=rng.randrange(30, 240))
        elif s == expiring_soon or roll < 0.08:
            valid_from = today - timedelta(days=rng.randrange(0, 180))
            valid_to = today + timedelta(days=rng.randrange(1, 60 if s == expiring_soon else 200))
        if valid_to:
            alert_el = f"Προσωρινή υπηρεσία έως {valid_to:%d/%m/%Y}."
            alert_en = f"Temporary service until {valid_to.day} {MONTHS_EN[valid_to.month - 1]} {valid_to.year}."
        status = rng.choices(STATUSES, cum_weights=STATUS_CUM)[0]
        capacity = rng.choices(CAPACITIES, cum_weights=CAPACITY_CUM)[0]
        ages = AGE_LIMITS.get(category) if rng.random() < 0.7 else None
        minimum_age, maximum_age = ages or (None, None)
        assured = min_verified + timedelta(days=rng.randrange(VERIFIED_WITHIN_DAYS + 1))
        label_el, label_en = f"{DEMO_LABEL_EL} {name_el}", f"{DEMO_LABEL_EN} {name_en}"
        description_el, description_en = descriptions[category]
        if (category, variant) not in service_words:
            service_words[category, variant] = _search_words(
                names=(label_el, label_en), descriptions=(description_el, description_en)
            )
        # service_search_text(): the service's words, then its organisation's, each once (folding is word by word).
        search_text = " " + " ".join(dict.fromkeys((service_words[category, variant] + org_words[o]).split()))
        rows.services.append(
            (service_id, org_id, label_el, label_el, label_en, description_el, description_el, description_en,
             email, status, interpretation_el, interpretation_el, interpretation_en, apply_el, apply_el, apply_en,
             fees_el, fees_el, fees_en, minimum_age, maximum_age, assured, "verification@demo.example.org",
             alert_el, alert_el, alert_en, free, valid_from, valid_to, capacity, search_text)
        )  # fmt: skip

    # Every audience and eligibility term appears at least once (given enough services).
    for present, wanted, target, lookup in (
        (used_audiences, list(audiences), rows.audiences, audiences),
        (used_eligibility, list(eligibility), rows.eligibility, eligibility),
    ):
        taken_pairs = set(target)
        for code in wanted:
            if code not in present and services >= len(wanted):
                pair = (service_ids[rng.randrange(services)], lookup[code][0])
                if pair not in taken_pairs:
                    target.append(pair)
                    taken_pairs.add(pair)
    return rows, cells, cell_areas


def _accumulate(weights: list[float]) -> list[float]:
    """Cumulative weights, for `random.choices(cum_weights=...)` without recomputing them on every draw."""
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out

"""Reads for the caseworker search over the directory tables: the filters a caseworker asks for and their SQL
conditions (the coverage dashboard and the exports use them); the search index's own reads are search.selectors."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from boundaries.models import Area
from geo_accmr.text import fold
from search.actions.directory import StampCache

from .models import Language, Service, ServiceAtLocation, TaxonomyTerm
from .rules import in_area_sql, open_now_params, open_now_sql, visible_params, visible_sql


@dataclass(frozen=True)
class SearchFilters:
    """What a caseworker asked for; every field is optional and they combine with AND (values within one: OR)."""

    categories: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    eligibility: tuple[str, ...] = ()
    free: bool = False
    open_now: bool = False
    area: str | None = None
    q: str = ""

    @classmethod
    def from_params(cls, data: dict[str, Any]) -> "SearchFilters":
        """From validated parameters named as in the URL (category, language, audience, eligibility, …)."""
        return cls(
            categories=tuple(data.get("category") or ()),
            languages=tuple(data.get("language") or ()),
            audiences=tuple(data.get("audience") or ()),
            eligibility=tuple(data.get("eligibility") or ()),
            free=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            area=data.get("area") or None,
            q=data.get("q") or "",
        )


class UnknownFilterValue(ValueError):
    """A filter names a code we do not know; carries the field name for the 400 answer."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


# per worker process: (directory stamp, taxonomy, codes, descendants) → the (id, code) rows of the terms
_TERM_ROWS: StampCache[tuple[str, str, tuple[str, ...], bool], list[tuple[UUID, str]]] = StampCache(size=256)


def filter_term_ids(
    taxonomy: str, codes: tuple[str, ...], *, field_name: str, descendants: bool = False, stamp: str | None = None
) -> list[UUID]:
    """The ids of the terms of these codes (with their descendants if asked); an unknown code raises.

    With the directory `stamp` the caller has read (search.actions.directory), the terms are read once per stamp in
    each worker: every change to the terms changes it (services/signals.py)."""

    def read() -> list[tuple[UUID, str]]:
        terms = TaxonomyTerm.objects.filter(taxonomy__code=taxonomy)
        found = terms.with_descendants(list(codes)) if descendants else terms.filter(code__in=codes)
        return list(found.values_list("id", "code"))

    rows = read() if stamp is None else _TERM_ROWS.get((stamp, taxonomy, codes, descendants), read)
    missing = set(codes) - {code for _, code in rows}
    if missing:
        raise UnknownFilterValue(field_name, f"Unknown {field_name}: {', '.join(sorted(missing))}")
    return [term_id for term_id, _ in rows]


def search_conditions(*, filters: SearchFilters, on: date, moment: datetime) -> tuple[list[str], dict[str, Any]]:
    """SQL conditions over `s` (service), `sal` and `l` (location) for the filters, with their parameters."""
    where = ["l.point IS NOT NULL", visible_sql("s")]
    params: dict[str, Any] = visible_params(on)
    if filters.categories:
        params["category_ids"] = filter_term_ids(
            "categories", filters.categories, field_name="category", descendants=True
        )
        where.append(
            "EXISTS (SELECT 1 FROM services_service_categories c"
            " WHERE c.service_id = s.id AND c.taxonomyterm_id = ANY(%(category_ids)s))"
        )
    if filters.audiences:
        params["audience_ids"] = filter_term_ids("audience", filters.audiences, field_name="audience")
        where.append(
            "EXISTS (SELECT 1 FROM services_service_audiences a"
            " WHERE a.service_id = s.id AND a.taxonomyterm_id = ANY(%(audience_ids)s))"
        )
    if filters.eligibility:
        params["eligibility_ids"] = filter_term_ids("eligibility", filters.eligibility, field_name="eligibility")
        where.append(
            "EXISTS (SELECT 1 FROM services_service_eligibility e"
            " WHERE e.service_id = s.id AND e.taxonomyterm_id = ANY(%(eligibility_ids)s))"
        )
    if filters.languages:
        params["languages"] = list(filters.languages)
        where.append(
            "EXISTS (SELECT 1 FROM services_language lang"
            " WHERE lang.service_id = s.id AND lang.code = ANY(%(languages)s))"
        )
    if filters.free:
        where.append("s.free_of_charge")
    if filters.area:
        area_id = Area.objects.filter(code=filters.area).values_list("id", flat=True).first()
        if area_id is None:
            raise UnknownFilterValue("area", f"Unknown area: {filters.area}")
        params["area_id"] = area_id
        where.append(in_area_sql("l"))
    if filters.q:
        words = fold(filters.q).split()[:8]
        for number, word in enumerate(words):
            params[f"q{number}"] = f"% {word}%"
            where.append(f"s.search_text LIKE %(q{number})s")
    if filters.open_now:
        params.update(open_now_params(moment))
        where.append(open_now_sql(service="s.id", sal="sal.id"))
    return where, params


def service_detail_queryset() -> QuerySet[Service]:
    """A service with everything its page shows, in a fixed number of queries."""
    places = ServiceAtLocation.objects.select_related(
        "location__municipality", "location__community", "location__neighbourhood"
    ).prefetch_related("location__addresses", "location__accessibility", "location__phones")
    return Service.objects.select_related("organization").prefetch_related(
        "categories__parent",
        "audiences",
        "eligibility",
        # in the order the organisation added them (its first is usually the one it serves in most), not the heap's
        Prefetch("languages", queryset=Language.objects.order_by("created_at", "id")),
        "schedules",
        "required_documents",
        "phones",
        "organization__phones",
        "contacts",
        "cost_options",
        Prefetch("service_at_locations", queryset=places),
    )

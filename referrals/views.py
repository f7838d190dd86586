"""Referral sheets in the client's language: one or several services on paper (`/referral/`, and the one-service
sheet `/services/<id>/referral/`), the same on a phone (`/r/`), and the list of sheet languages.

The sheet's own words come from its catalogue (referrals.sheet), day, time and language names from CLDR (Babel); the
service's own texts are in Greek on a Greek sheet and in English on every other. Nothing about the client is sent
here: the referral list lives in the caseworker's browser, and share texts are composed there."""

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import segno
from babel.dates import format_date
from babel.lists import format_list
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from services.hours import time_in, weekday_names_in
from services.languages import babel_locale, language_name_in
from services.models import Service
from services.redaction import PublicPlace, public_place, public_service_phones
from services.rules import WEEKDAYS
from services.selectors import service_detail_queryset

from .maps import place_map_svg
from .sheet import (
    MAX_SERVICES,
    SHEET_LANGUAGES,
    content_language,
    labels,
    sheet_language,
    sheet_languages,
)


class BadReferral(ValueError):
    """A referral link we cannot read; its message says why, in the interface's language."""


@dataclass
class SheetEntry:
    """One service on a sheet, or the place of one that is no longer listed (`service` None)."""

    service_id: UUID
    service: Service | None = None
    # the service's own texts, read in the content language (modeltranslation reads the active language on access)
    name: str = ""
    organization: str = ""
    description: str = ""
    application_process: str = ""
    fees: str = ""
    email: str = ""
    demo: bool = False
    places: list[dict[str, Any]] = field(default_factory=list)
    phones: list[Any] = field(default_factory=list)
    week: list[tuple[str, str]] = field(default_factory=list)  # (day name, "09:00–17:00, …" or "Closed")
    has_hours: bool = False
    open_now: bool | None = None
    documents: list[str] = field(default_factory=list)
    languages: str = ""  # "Arabic, Persian and English", as the sheet's language lists things (CLDR)
    page_url: str = ""
    qr_svg: SafeString | None = None
    checked: str = ""


def sheet_language_from(request: HttpRequest) -> str:
    """The `lang` asked for, else the interface's language; an unknown code is a BadReferral."""
    language = request.GET.get("lang") or get_language() or "el"
    if language not in SHEET_LANGUAGES:
        raise BadReferral(
            _("“%(lang)s” is not a language the sheet comes in. Choose one of: %(codes)s.")
            % {"lang": language[:20], "codes": ", ".join(SHEET_LANGUAGES)}
        )
    return language


def service_ids_from(raw: str) -> list[UUID]:
    """`services=<id>,<id>,…`: 1 to MAX_SERVICES service ids, each once, in the order given."""
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not parts:
        raise BadReferral(_("Give at least one service id in “services”, separated by commas."))
    ids: list[UUID] = []
    for part in parts:
        try:
            service_id = UUID(part)
        except ValueError:
            raise BadReferral(_("“%(value)s” is not a service id.") % {"value": part[:40]}) from None
        if service_id not in ids:
            ids.append(service_id)
    if len(ids) > MAX_SERVICES:
        raise BadReferral(
            _("A referral holds at most %(max)d services; this one has %(count)d.")
            % {"max": MAX_SERVICES, "count": len(ids)}
        )
    return ids


def spoken_list(names: list[str], language: str) -> str:
    """Names joined as `language` writes a list (CLDR list patterns); plain commas where CLDR has no pattern."""
    try:
        return format_list(names, style="standard", locale=babel_locale(language))
    except (KeyError, ValueError):
        return ", ".join(names)


def week_of(service: Service, language: str) -> tuple[list[tuple[str, str]], bool]:
    """Each day of the week with its opening times in `language`, or the sheet's word for closed."""
    names = weekday_names_in(language)
    closed = labels(language)["closed"]
    by_day: dict[str, list[str]] = {day: [] for day in WEEKDAYS}
    schedules = sorted(service.schedules.all(), key=lambda s: s.opens_at)
    for schedule in schedules:
        span = f"{time_in(schedule.opens_at, language)}–{time_in(schedule.closes_at, language)}"
        for day in schedule.days:
            by_day[day].append(span)
    return [(names[day], ", ".join(by_day[day]) or closed) for day in WEEKDAYS], bool(schedules)


def sheet_entries(request: HttpRequest, ids: list[UUID], language: str) -> list[SheetEntry]:
    """The services of a referral in the order asked; one that is hidden, expired or unknown says so."""
    text = labels(language)
    content = content_language(language)
    now = timezone.now()
    with translation.override(content):
        visible = Service.objects.visible().filter(pk__in=ids).values("pk")
        found = {s.id: s for s in service_detail_queryset().filter(pk__in=visible)}
        entries = []
        for service_id in ids:
            service = found.get(service_id)
            entry = SheetEntry(service_id=service_id, service=service)
            entries.append(entry)
            if service is None:
                continue
            page_url = request.build_absolute_uri(
                translate_url(reverse("services:detail", args=[service.id]), "el" if content == "el" else "en")
            )
            entry.page_url = page_url
            qr = segno.make(page_url, error="m").svg_inline(scale=3, dark="#0b0c0c", omitsize=False)
            entry.qr_svg = mark_safe(qr)  # noqa: S308 - SVG generated by segno from our own URL
            entry.name, entry.organization = service.name, service.organization.name
            entry.description, entry.application_process = service.description, service.application_process
            entry.fees, entry.email, entry.demo = service.fees_description, service.email, service.organization.is_demo
            for sal in service.service_at_locations.all():
                place: PublicPlace = public_place(sal.location)
                entry.places.append(
                    {
                        "redacted": place.redacted,
                        "name": place.name,
                        "addresses": [address.one_line for address in place.addresses],
                        "area": place.area.name if place.area else "",
                        "transportation": place.transportation,
                        "map": place_map_svg(place, label=f"{text['map']}: {service.name}"),
                    }
                )
            entry.phones = public_service_phones(service)
            entry.week, entry.has_hours = week_of(service, language)
            schedules = list(service.schedules.all())
            entry.open_now = any(s.is_open_at(now) for s in schedules) if schedules else None
            entry.documents = [str(d.document) for d in service.required_documents.all()]
            entry.languages = spoken_list(
                [language_name_in(lang.code, language) for lang in service.languages.all()], language
            )
            if service.assured_date:
                checked_on = format_date(service.assured_date, "long", locale=babel_locale(language))
                entry.checked = text["checked"].format(date=checked_on)
    return entries


def sheet_context(request: HttpRequest, ids: list[UUID], language: str) -> dict[str, Any]:
    text = labels(language)
    info = sheet_language(language)
    today = format_date(timezone.localdate(), "long", locale=babel_locale(language))
    entries = sheet_entries(request, ids, language)
    query = f"services={','.join(str(i) for i in ids)}&lang={language}"
    return {
        "t": text,
        "entries": entries,
        "sheet_language": info,
        "content_language": content_language(language),
        "own_texts": text["own_texts_el"] if content_language(language) == "el" else text["own_texts_en"],
        "printed": text["printed"].format(date=today),
        "languages": sheet_languages(),
        "query": query,
        "client_url": request.build_absolute_uri(f"{reverse('referrals:client')}?{query}"),
        "title": entries[0].name if len(entries) == 1 and entries[0].service else text["kicker_many"],
    }


def bad_referral(request: HttpRequest, error: BadReferral) -> HttpResponse:
    return render(request, "referrals/bad_referral.html", {"message": str(error)}, status=400)


def referral_sheet(request: HttpRequest) -> HttpResponse:
    """`/referral/?services=<id>,…&lang=`: the printable sheet; without `services`, the browser's referral list."""
    try:
        language = sheet_language_from(request)
        if "services" not in request.GET:
            return render(request, "referrals/list.html", {"languages": sheet_languages(), "language": language})
        ids = service_ids_from(request.GET["services"])
    except BadReferral as error:
        return bad_referral(request, error)
    return render(request, "referrals/sheet.html", sheet_context(request, ids, language))


def service_referral(request: HttpRequest, service_id: UUID) -> HttpResponse:
    """`/services/<id>/referral/?lang=`: one service's sheet (404 for no such service; a hidden one says so)."""
    try:
        language = sheet_language_from(request)
    except BadReferral as error:
        return bad_referral(request, error)
    if not Service.objects.filter(pk=service_id).exists():
        raise Http404
    return render(request, "referrals/sheet.html", sheet_context(request, [service_id], language))


def client_page(request: HttpRequest) -> HttpResponse:
    """`/r/?services=…&lang=…`: the same referral on the client's phone, with no site navigation."""
    try:
        language = sheet_language_from(request)
        ids = service_ids_from(request.GET["services"]) if request.GET.get("services") else []
    except BadReferral as error:
        return bad_referral(request, error)
    context = (
        sheet_context(request, ids, language)
        if ids
        else {
            "t": labels(language),
            "entries": [],
            "sheet_language": sheet_language(language),
            "title": labels(language)["services_for_you"],
        }
    )
    return render(request, "referrals/client.html", context)


def language_list(request: HttpRequest) -> HttpResponse:
    """`/referral/languages/`: the languages a sheet comes in and how far each catalogue has been reviewed."""
    return render(request, "referrals/languages.html", {"languages": sheet_languages()})

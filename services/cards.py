"""The search page's result cards, without the template engine per card.

A page lists up to 200 cards, and rendering each through the template cost more than the search itself. A card's
HTML depends on its texts and on its shape: which optional blocks it shows, and the language. Each shape is rendered
once per worker process from templates/services/_result_card.html with a marker in place of every text, and a card
is that shape with its texts, escaped as the template escapes them, put in place of the markers: byte for byte what
the template gives (tests/services/test_result_cards.py).
"""

import html
import re
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .templatetags.directory import distance, is_stale_on, verified_age_on

CARD_TEMPLATE = "services/_result_card.html"
# A service id the shape is rendered with ({% url %} needs a UUID); no real id is rendered into a shape.
_SHAPE_SERVICE_ID = "00000000-0000-0000-0000-00000005ec1d"
_MARKER = re.compile("\x00(\\w+)\x00")


def _marker(name: str) -> str:
    return f"\x00{name}\x00"


def card_texts(
    properties: dict[str, Any], ages: dict[Any, tuple[str, bool]] | None = None, *, today: date | None = None
) -> dict[str, Any]:
    """What a card shows that the template's filters would compute: its distances, how long ago it was verified
    (`ages`: those already worked out for the same page, by verification date; `today`: the page's day)."""
    assured = properties.get("assured_date")
    age = ages.get(assured) if ages is not None else None
    if age is None:
        today = today or timezone.localdate()
        age = (verified_age_on(assured, today=today), is_stale_on(assured, today=today))
        if ages is not None:
            ages[assured] = age
    return {
        "distance": distance(properties.get("distance_m")),
        "shown": distance(properties.get("shown_m")),
        "verified": age[0],
        "stale": age[1],
    }


def render_card(feature: dict[str, Any]) -> SafeString:
    """A card through the template (what `card_html` must equal)."""
    p = feature["properties"]
    return render_to_string(CARD_TEMPLATE, {"feature": feature, "p": p, "card": card_texts(p)})


def _shape_key(p: dict[str, Any], texts: dict[str, Any], language: str | None) -> tuple[Any, ...]:
    """Everything a card's template decides on besides its texts (each of its {% if %}s), and the language."""
    open_now = p.get("open_now")
    capacity = p.get("capacity_status")
    return (
        language,
        bool(p.get("redacted")),
        open_now if open_now is True or open_now is False else None,
        bool(p.get("hours_today")),
        bool(p.get("free_of_charge")),
        capacity if capacity in ("waiting_list", "full") else None,
        bool(p.get("language_names")),
        bool(p.get("address")),
        bool(texts["stale"]),
    )


def _render_shape(key: tuple[Any, ...]) -> list[str]:
    """A shape as its literal pieces and the names of the texts between them: [literal, name, literal, ...]."""
    _language, redacted, open_now, hours, free, capacity, languages, address, stale = key
    m = _marker
    properties = {
        "service_id": _SHAPE_SERVICE_ID,
        "name": m("name"),
        "organization": m("organization"),
        "address": m("address") if address else "",
        "area": {"name": m("area")},
        "redacted": redacted,
        "open_now": open_now,
        "hours_today": [m("hours")] if hours else [],
        "free_of_charge": free,
        "capacity_status": capacity,
        "language_names": [m("languages")] if languages else [],
    }
    texts = {"distance": m("distance"), "shown": m("shown"), "verified": m("verified"), "stale": stale}
    html = render_to_string(CARD_TEMPLATE, {"feature": {"id": m("id")}, "p": properties, "card": texts})
    return _MARKER.split(html.replace(_SHAPE_SERVICE_ID, m("service_id")))


_FILLS = ("id", "service_id", "name", "organization", "address", "area", "hours", "languages", "distance", "shown",
          "verified")  # fmt: skip
_SLOT = {name: n for n, name in enumerate(_FILLS)}
# per worker process, a few hundred shapes at most: [literal, slot, literal, ...], a slot being an index in _FILLS
_SHAPES: dict[tuple[Any, ...], list[Any]] = {}


def _raw_texts(feature: dict[str, Any], p: dict[str, Any], texts: dict[str, Any]) -> list[str]:
    """A card's texts in _FILLS order, as {{ value }} would print them before escaping."""
    area = p.get("area")
    return [
        str(feature["id"]),
        str(p["service_id"]),
        str(p["name"]) if "name" in p else "",
        str(p["organization"]) if "organization" in p else "",
        str(p.get("address")),
        # {{ p.area.name }}: nothing when the area or its name is missing
        str(area["name"]) if isinstance(area, dict) and "name" in area else "",
        # escaping is character by character, and ", " has nothing to escape: escaping the joined list is
        # joining the escaped items, as the template's join filter does
        ", ".join(map(str, p.get("hours_today") or [])),
        ", ".join(map(str, p.get("language_names") or [])),
        str(texts["distance"]),
        str(texts["shown"]),
        str(texts["verified"]),
    ]


def _cards(
    features: list[dict[str, Any]], ages: dict[Any, tuple[str, bool]], language: str | None, today: date
) -> list[SafeString]:
    shapes: list[list[Any]] = []
    raw: list[str] = []
    for feature in features:
        p = feature["properties"]
        texts = card_texts(p, ages, today=today)
        key = _shape_key(p, texts, language)
        pieces = _SHAPES.get(key)
        if pieces is None:
            pieces = _SHAPES[key] = [_SLOT[piece] if i % 2 else piece for i, piece in enumerate(_render_shape(key))]
        shapes.append(pieces)
        raw += _raw_texts(feature, p, texts)
    # each text escaped as {{ value }} with autoescape escapes it (django.utils.html.escape, without its wrapping);
    # escaping a page's texts in one call split at a separator saved under 0.1 ms a page: not worth a second path
    fills = [html.escape(text) for text in raw]
    cards: list[SafeString] = []
    for n, pieces in enumerate(shapes):
        out = pieces[:]
        base = n * len(_FILLS)
        for i in range(1, len(out), 2):
            out[i] = fills[base + out[i]]
        cards.append(mark_safe("".join(out)))  # noqa: S308 - the template's own HTML with texts escaped as it escapes them
    return cards


def card_html(
    feature: dict[str, Any],
    ages: dict[Any, tuple[str, bool]] | None = None,
    *,
    language: str | None = None,
    today: date | None = None,
) -> SafeString:
    """A card's HTML: its shape (rendered once per worker) with its texts (`language` and `today`: the page's)."""
    (card,) = _cards([feature], {} if ages is None else ages, language or get_language(), today or timezone.localdate())
    return card


# per worker process: (language, day, policy period) → verification date → (how long ago, stale), what card_texts
# works out from those alone; the few hundred dates a directory holds, kept for the current day only
_AGES: dict[tuple[str | None, date, int], dict[Any, tuple[str, bool]]] = {}
_AGES_SIZE = 5000


def _ages(language: str | None, today: date) -> dict[Any, tuple[str, bool]]:
    key = (language, today, settings.FRESHNESS_MONTHS)
    ages = _AGES.get(key)
    if ages is None or len(ages) > _AGES_SIZE:
        _AGES.clear()
        ages = _AGES[key] = {}
    return ages


def cards_html(features: list[dict[str, Any]]) -> list[SafeString]:
    """The cards of one page (one language, one day: a verification date reads the same on every card, and on every
    page of that language and day)."""
    language, today = get_language(), timezone.localdate()
    return _cards(features, _ages(language, today), language, today)


def cards_list_html(features: list[dict[str, Any]]) -> SafeString:
    """The cards of one page one after the other, as the template's loop over them printed them."""
    return mark_safe("".join(cards_html(features)))  # noqa: S308 - cards are safe HTML (cards_html)

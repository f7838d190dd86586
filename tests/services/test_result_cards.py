"""The search page's result cards: a card filled into its cached shape is byte for byte the template's rendering,
for every combination of the card's optional blocks in both languages, and hostile texts stay text."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone, translation

from services import cards
from services.cards import card_html, cards_html, cards_list_html, render_card
from tests.factories import ServiceAtLocationFactory

HOSTILE = [
    '<script>alert("x")</script>',
    'Tom & Jerry\'s "place"',
    "&amp; &lt;already escaped&gt;",
    "\x00id\x00 \x00name\x00",  # the shape's own markers, as a text: filled as text, never as a slot
    "00000000-0000-0000-0000-00000005ec1d",  # the service id the shape is drawn with
    "Κέντρο Ημέρας «Ελπίδα»",
]


def feature(n: int, **p: object) -> dict[str, object]:
    text = HOSTILE[n % len(HOSTILE)]
    properties = {
        "service_id": f"6a1f0c52-0000-4000-8000-{n:012d}",
        "name": f"{text} {n}",
        "organization": HOSTILE[(n + 1) % len(HOSTILE)],
        "address": None,
        "area": {"code": "x", "name": HOSTILE[(n + 2) % len(HOSTILE)]},
        "distance_m": 137.4 + n * 97.3,
        "shown_m": 1137.4 + n * 97.3,
        "redacted": False,
        "open_now": None,
        "hours_today": [],
        "free_of_charge": False,
        "capacity_status": "available",
        "language_names": [],
        "assured_date": None,
        **p,
    }
    return {"type": "Feature", "id": f"b7e3c1d0-0000-4000-8000-{n:012d}", "geometry": None, "properties": properties}


def test_every_shape_fills_to_the_templates_html() -> None:
    cards._SHAPES.clear()  # shapes are then reused across the cases: a decision missing from the key shows
    today = timezone.localdate()
    dates = [None, (today - timedelta(days=100)).isoformat()]  # never verified (stale), verified months ago
    combos = itertools.product(
        [False, True],  # redacted (a shelter)
        [True, False, None],  # open now, closed now, no hours known
        [[], ["08:00–12:00", '<b>"18:00–20:00"</b>']],  # today's hours
        [False, True],  # free of charge
        ["available", "waiting_list", "full", None],  # capacity
        [[], ["Arabic", "Farsi & <Dari>"]],  # language names
        [None, "", "Πατησίων 100 & <Κυψέλη>"],  # address
        dates,  # verified: never (stale), months ago (not stale)
    )
    compared = 0
    for n, (redacted, open_now, hours, free, capacity, names, address, assured) in enumerate(combos):
        blocks = {"redacted": redacted, "open_now": open_now, "hours_today": hours, "free_of_charge": free}
        card = feature(
            n, **blocks, capacity_status=capacity, language_names=names, address=address, assured_date=assured
        )
        for language in ("el", "en"):
            with translation.override(language):
                assert card_html(card) == render_card(card), (language, card)
                compared += 1
    assert compared == 2 * 2 * 3 * 2 * 2 * 4 * 2 * 3 * 2
    assert len(cards._SHAPES) <= 2 * 2 * 3 * 2 * 2 * 3 * 2 * 2 * 2  # one per combination of decisions, no more


@pytest.mark.parametrize("days", [0, 40, 400])
def test_how_long_ago_verified(days: int) -> None:
    card = feature(days, assured_date=(timezone.localdate() - timedelta(days=days)).isoformat(), redacted=True)
    for language in ("el", "en"):
        with translation.override(language):
            assert card_html(card) == render_card(card)


@pytest.mark.parametrize("area", [None, {"code": "x"}, {"code": "x", "name": None}])
def test_a_shelter_without_an_area_name(area: object) -> None:
    card = feature(1, redacted=True, area=area)
    assert card_html(card) == render_card(card)


def test_hostile_texts_stay_text() -> None:
    card = feature(0, name='<script>alert("x")</script>', organization="A & B's \"office\"",
                   address="<img src=x onerror=alert(1)>", language_names=["<i>Arabic</i>"],
                   hours_today=["<b>9</b>"], open_now=True)  # fmt: skip
    html = card_html(card)
    assert "<script>" not in html and "<img" not in html and "<i>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # link text and data-name alike
    assert html.count("&lt;script&gt;") == 2
    assert "A &amp; B&#x27;s &quot;office&quot;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;i&gt;Arabic&lt;/i&gt;" in html and "&lt;b&gt;9&lt;/b&gt;" in html
    assert "\x00" not in html


@pytest.mark.django_db
def test_the_page_shows_the_cards_of_the_template(client) -> None:  # noqa: ANN001
    sal = ServiceAtLocationFactory(service__name_el='Νομική <script>"βοήθεια"</script> & συμβουλές')
    point = sal.location.point
    response = client.get("/", {"lat": point.y, "lon": point.x})
    html = response.content.decode()
    (result,) = response.context["results"]
    with translation.override("el"):
        assert render_card(result) in html
    assert "Νομική &lt;script&gt;&quot;βοήθεια&quot;&lt;/script&gt; &amp; συμβουλές" in html


def test_the_cards_of_a_page_work_out_each_verification_date_once_and_right() -> None:
    today = timezone.localdate()
    dates = [
        None,
        today.isoformat(),
        (today - timedelta(days=100)).isoformat(),
        (today - timedelta(days=400)).isoformat(),
    ]
    features = [feature(n, assured_date=dates[n % 4], open_now=n % 3 == 0) for n in range(12)]
    for language in ("el", "en"):
        with translation.override(language):
            assert cards_html(features) == [render_card(f) for f in features]


@pytest.mark.parametrize("with_separator", [False, True])
def test_a_pages_texts_escaped_together_are_each_cards_own(with_separator: bool) -> None:
    """A page's cards hold each card's own texts, escaped as the template escapes them, also where a text holds the
    marker character of the shapes (NUL; the texts were once escaped in one call split again at it)."""
    features = [feature(n, language_names=[HOSTILE[n % 6], "Farsi"], hours_today=[f"0{n % 10}:00–12:00", HOSTILE[1]],
                        open_now=n % 2 == 0, redacted=n % 5 == 0) for n in range(40) if n % 6 != 3]  # fmt: skip
    if with_separator:
        features[17]["properties"]["organization"] = "A\x00B & C"
    assert not any("\x00" in str(f) for f in features) or with_separator
    for language in ("el", "en"):
        with translation.override(language):
            expected = [render_card(f) for f in features]
            assert cards_html(features) == expected
            assert cards_list_html(features) == "".join(expected)


def test_ages_worked_out_on_earlier_pages_follow_the_day_the_language_and_the_policy(settings) -> None:  # noqa: ANN001
    """cards_html keeps what each verification date reads as for the current language, day and freshness period in
    the worker: another day, language or period reads them again."""
    today = timezone.localdate()
    dates = [(today - timedelta(days=d)).isoformat() for d in (3, 29, 31, 60, 175, 185, 360, 370)]
    features = [feature(n, assured_date=dates[n % len(dates)], redacted=n % 2 == 0) for n in range(16)]

    def check() -> None:
        for language in ("el", "en", "el"):
            with translation.override(language):
                assert cards_html(features) == [render_card(f) for f in features]

    check()
    settings.FRESHNESS_MONTHS = 1
    check()
    settings.FRESHNESS_MONTHS = 12
    check()
    for days in (20, 200):
        with time_machine.travel(timezone.now() + timedelta(days=days)):
            check()
    check()

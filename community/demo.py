"""Demo activities, open calls and toolkit entries for `seed_demo`: a few of each, of the demo organisations, labelled
like the demo services ([ΔΟΚΙΜΑΣΤΙΚΟ] / [DEMO] and `is_demo`), so that a new user sees a living example.

Places are named neighbourhoods of our gazetteer (never a demo location's point: some of those are shelters). Running
again replaces the previous demo records of this app; nothing else is touched.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from boundaries.geocoding import gazetteer_search
from geo_accmr.geo import ATHENS
from services.actions.demo.vocabulary import DEMO_LABEL_EL, DEMO_LABEL_EN
from services.directory import committee_list
from services.models import Organization

from .actions import toolkit_search_text
from .models import Activity, ActivityKind, CallKind, ModerationStatus, OpenCall, ToolkitEntry, ToolkitKind

PLACES = ["Κυψέλη", "Πατήσια", "Κολωνός", "Εξάρχεια", "Παγκράτι", "Γκάζι", "Σεπόλια", "Άγιος Παντελεήμονας"]
ACTIVITIES = [  # (committee, kind, Greek title, English title, languages)
    ("health", ActivityKind.INFORMATION, "Ενημέρωση για εμβολιασμούς παιδιών", "Childhood vaccination briefing",
     ["el", "ar", "fa"]),
    ("education", ActivityKind.EVENT, "Ημέρα εγγραφών στα σχολεία", "School enrolment day", ["el", "fa", "uk"]),
    ("rights-legal", ActivityKind.TRAINING, "Εκπαίδευση: η διαδικασία ασύλου", "Training: the asylum procedure",
     ["el", "en"]),
    ("skills-employment", ActivityKind.INFORMATION, "Πώς γράφω βιογραφικό", "Writing a CV", ["el", "ar", "en"]),
    ("gender", ActivityKind.EVENT, "Ομάδα γυναικών: γνωριμία", "Women's group: meet-up", ["el", "ar", "so"]),
    ("urban-coexistence", ActivityKind.EVENT, "Γιορτή της γειτονιάς", "Neighbourhood festival", ["el", "en", "ar"]),
    ("health", ActivityKind.TRAINING, "Πρώτες βοήθειες για διερμηνείς", "First aid for interpreters", ["el", "en"]),
    ("rights-legal", ActivityKind.INFORMATION, "Online: άδειες διαμονής", "Online: residence permits",
     ["el", "en", "fr"]),
]  # fmt: skip
CALLS = [  # (committee, kind, title)
    ("health", CallKind.NEED, "Χρειαζόμαστε διερμηνείς Νταρί την Τρίτη / Dari interpreters needed on Tuesday"),
    ("education", CallKind.OFFER, "Διαθέσιμα 50 σχολικά πακέτα / 50 school kits available"),
    ("urban-coexistence", CallKind.OFFER, "Αίθουσα για 30 άτομα τα Σάββατα / A room for 30 people on Saturdays"),
    ("rights-legal", CallKind.NEED, "Δικηγόρος για οικογενειακή επανένωση / Lawyer for a family reunification"),
]
TOOLKIT = [  # (committee, kind, language, title)
    ("rights-legal", ToolkitKind.GUIDE, "el", "Οδηγός για αιτούντες άσυλο"),
    ("education", ToolkitKind.TEMPLATE, "en", "School enrolment checklist"),
    ("health", ToolkitKind.PUBLICATION, "ar", "دليل الخدمات الصحية في أثينا"),
    ("skills-employment", ToolkitKind.TEMPLATE, "el", "Υπόδειγμα βιογραφικού"),
    ("gender", ToolkitKind.GUIDE, "en", "Referral pathways for survivors of violence"),
]


@transaction.atomic
def community_demo_seed(*, seed: int = 1, today: date | None = None) -> int:
    """Replace this app's demo records with fresh ones around `today`; how many were made (0 without demo
    organisations)."""
    Activity.objects.filter(is_demo=True).delete()
    OpenCall.objects.filter(is_demo=True).delete()
    ToolkitEntry.objects.filter(is_demo=True).delete()
    organizations = list(Organization.objects.filter(is_demo=True).order_by("id")[:40])
    if not organizations:
        return 0
    rng = random.Random(seed)
    today = today or timezone.localdate()
    committees = {c.code: c for c in committee_list()}
    points = {}
    for name in PLACES:
        found = gazetteer_search(query=name, limit=1)
        if found:
            points[name] = Point(found[0].lon, found[0].lat, srid=4326)
    made = 0
    for index, (code, kind, title_el, title_en, languages) in enumerate(ACTIVITIES):
        day = today + timedelta(days=rng.randint(-10, 40) if index else 2)
        starts = datetime.combine(day, time(rng.choice([10, 11, 17, 18]), 0), tzinfo=ATHENS)
        online = title_en.startswith("Online")
        place = rng.choice(list(points) or PLACES)
        Activity.objects.create(
            organization=rng.choice(organizations),
            committee=committees[code],
            kind=kind,
            title_el=f"{DEMO_LABEL_EL} {title_el}",
            title_en=f"{DEMO_LABEL_EN} {title_en}",
            description_el="Φανταστική δράση για επίδειξη της πλατφόρμας.",
            description_en="A fictional activity that shows what the platform does.",
            starts_at=starts,
            ends_at=starts + timedelta(hours=rng.choice([2, 3])),
            online=online,
            online_url="https://meet.example.org/demo" if online else "",
            place="" if online else f"{place}, Αθήνα",
            point=None if online else points.get(place),
            languages=languages,
            registration_url="https://example.org/register" if index % 2 else "",
            status=ModerationStatus.PUBLISHED,
            is_demo=True,
        )
        made += 1
    now = timezone.now()
    for code, call_kind, title in CALLS:
        OpenCall.objects.create(
            organization=rng.choice(organizations),
            committee=committees[code],
            kind=call_kind,
            title=f"{DEMO_LABEL_EL} {title}",
            description="Φανταστικό αίτημα για επίδειξη. / A fictional call for demonstration.",
            contact="demo@example.org",
            expires_at=now + timedelta(days=rng.randint(2, 20)),
            created_at=now,
            is_demo=True,
        )
        made += 1
    for code, entry_kind, language, title in TOOLKIT:
        entry = ToolkitEntry(
            organization=rng.choice(organizations),
            committee=committees[code],
            kind=entry_kind,
            language=language,
            title=f"{DEMO_LABEL_EL if language == 'el' else DEMO_LABEL_EN} {title}",
            description="Φανταστική έκδοση για επίδειξη. / A fictional publication for demonstration.",
            published_on=today - timedelta(days=rng.randint(10, 400)),
            link="https://example.org/toolkit/demo",
            is_demo=True,
        )
        entry.search_text = toolkit_search_text(entry)
        entry.save()
        made += 1
    return made

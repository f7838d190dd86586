"""seed_demo fills activities, open calls and toolkit with labelled fictional records of the demo organisations;
they show on the public pages, in the feed and to members, and a second run replaces them."""

import icalendar
import pytest
from django.urls import reverse

from community.models import Activity, ModerationStatus, OpenCall, ToolkitEntry
from services.actions.demo import DEMO_LABEL_EL, DEMO_LABEL_EN, demo_seed
from services.models import Location

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_each_part_labelled_as_demo(client, caseworker, org_a) -> None:  # noqa: ANN001
    real = make_activity(org_a, title_el="Πραγματική δράση")
    demo_seed(services=30, seed=5)
    activities = Activity.objects.filter(is_demo=True)
    assert activities.count() == 8 and OpenCall.objects.filter(is_demo=True).count() == 4
    assert ToolkitEntry.objects.filter(is_demo=True).count() == 5
    for activity in activities:
        assert activity.title_el.startswith(DEMO_LABEL_EL) and activity.title_en.startswith(DEMO_LABEL_EN)
        assert activity.organization.is_demo and activity.status == ModerationStatus.PUBLISHED
        activity.full_clean()
    assert {a.committee.code for a in activities} == {
        "health", "education", "rights-legal", "skills-employment", "gender", "urban-coexistence",
    }  # fmt: skip
    located = [a for a in activities if a.point is not None]
    assert len(located) >= 6
    shelters = Location.objects.filter(redacted=True, point__isnull=False)
    for activity in located:  # never a shelter's point
        assert not shelters.filter(point=activity.point).exists()
    page = client.get(reverse("activities:list")).content.decode()
    assert "Demo data" in page or "Δοκιμαστικά" in page or "Δοκιμαστικό" in page
    feed = icalendar.Calendar.from_ical(client.get("/activities.ics").content)
    assert len(list(feed.walk("VEVENT"))) == 9  # the 8 demo activities (from 10 days ago on) and the real one
    client.force_login(caseworker)
    assert len(client.get(reverse("calls:list")).context["page"].object_list) == 4
    assert client.get(reverse("toolkit:list") + "?q=demo").context["page"].paginator.count == 5
    demo_seed(services=30, seed=5)  # again: replaced, not doubled; the real activity stays
    assert Activity.objects.filter(is_demo=True).count() == 8
    assert Activity.objects.filter(pk=real.pk).exists()

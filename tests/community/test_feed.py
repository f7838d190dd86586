"""/activities.ics: a real iCalendar parser reads it; the committee filter works in the subscription URL."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse

from community.models import ModerationStatus

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def events(body: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


def test_the_feed_parses_and_carries_published_activities(client, org_a) -> None:  # noqa: ANN001
    health = make_activity(org_a, committee="health", title_el="Εμβολιασμοί", title_en="Vaccinations")
    online = make_activity(
        org_a, committee="education", online=True, place="", point=None, online_url="https://meet.example.org/a"
    )
    make_activity(org_a, committee="health", status=ModerationStatus.PENDING)
    make_activity(org_a, committee="health", days=-200)  # long past
    response = client.get("/activities.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert set(found) == {f"activity-{health.pk}@testserver", f"activity-{online.pk}@testserver"}
    event = found[f"activity-{health.pk}@testserver"]
    assert str(event["SUMMARY"]) == "Εμβολιασμοί"
    assert event.decoded("DTSTART") == health.starts_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)
    assert str(event["LOCATION"]) == "Κυψέλη"
    assert str(event["URL"]) == f"http://testserver/activities/{health.pk}/"
    assert event["GEO"].latitude == pytest.approx(37.9995)
    assert str(found[f"activity-{online.pk}@testserver"]["LOCATION"]) == "https://meet.example.org/a"


def test_the_subscription_url_filters_by_committee(client, org_a) -> None:  # noqa: ANN001
    health = make_activity(org_a, committee="health")
    make_activity(org_a, committee="education")
    page = client.get(reverse("activities:list") + "?committee=health")
    feed_url = page.context["feed_url"]
    assert feed_url == "http://testserver/activities.ics?committee=health"
    assert page.context["feed_webcal"] == "webcal://testserver/activities.ics?committee=health"
    response = client.get(feed_url)
    assert [str(e["UID"]) for e in events(response.content)] == [f"activity-{health.pk}@testserver"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "Υγεία" in str(calendar["X-WR-CALNAME"]) or "Health" in str(calendar["X-WR-CALNAME"])


def test_the_english_feed_has_english_titles(client, org_a) -> None:  # noqa: ANN001
    make_activity(org_a, title_el="Εμβολιασμοί", title_en="Vaccinations")
    assert [str(e["SUMMARY"]) for e in events(client.get("/en/activities.ics").content)] == ["Vaccinations"]


def test_an_unknown_committee_is_a_400(client) -> None:  # noqa: ANN001
    response = client.get("/activities.ics?committee=nope")
    assert response.status_code == 400
    assert "nope" in response.content.decode()


def test_an_empty_feed_is_still_a_calendar(client) -> None:  # noqa: ANN001
    assert events(client.get("/activities.ics").content) == []

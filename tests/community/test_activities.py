"""Activities: public list, calendar and map show only published ones; editors' activities and changes wait for a
coordinator; bad input is refused with a message and changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.models import Activity, ModerationStatus
from geo_accmr.geo import ATHENS
from tests.factories import term

from .conftest import activity_post, make_activity

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_coming_activities_only(client, org_a) -> None:  # noqa: ANN001
    coming = make_activity(org_a, title_el="Ερχόμενη")
    make_activity(org_a, title_el="Σε αναμονή", status=ModerationStatus.PENDING)
    make_activity(org_a, title_el="Απορρίφθηκε", status=ModerationStatus.REJECTED)
    make_activity(org_a, title_el="Παλιά", days=-10)
    response = client.get(reverse("activities:list"))
    assert response.status_code == 200
    assert [a.pk for a in response.context["page"].object_list] == [coming.pk]
    past = client.get(reverse("activities:list") + "?when=past")
    assert [a.title_el for a in past.context["page"].object_list] == ["Παλιά"]


def test_the_committee_filter_and_an_unknown_committee(client, org_a) -> None:  # noqa: ANN001
    health = make_activity(org_a, committee="health")
    make_activity(org_a, committee="education")
    response = client.get(reverse("activities:list") + "?committee=health")
    assert [a.pk for a in response.context["page"].object_list] == [health.pk]
    assert "committee=health" in response.context["feed_url"]
    bad = client.get(reverse("activities:list") + "?committee=nope")
    assert bad.status_code == 400
    assert "nope" in bad.content.decode()


def test_english_page_shows_the_english_title(client, org_a) -> None:  # noqa: ANN001
    activity = make_activity(org_a, title_el="Ενημέρωση υγείας", title_en="Health briefing", audiences=["women"])
    assert "Health briefing" in client.get("/en/activities/").content.decode()
    detail = client.get(f"/en/activities/{activity.pk}/")
    assert detail.context["audiences"] == ["Women"] and "Greek (Ελληνικά), Arabic" in detail.content.decode()
    assert "Ενημέρωση υγείας" in client.get("/activities/").content.decode()


def test_the_calendar_puts_each_activity_on_its_athens_day(client, org_a) -> None:  # noqa: ANN001
    # 23:30 UTC on 9 March is 01:30 on 10 March in Athens
    late = make_activity(org_a, starts_at=datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    two_days = make_activity(
        org_a,
        starts_at=datetime(2026, 3, 20, 10, 0, tzinfo=ATHENS),
        ends_at=datetime(2026, 3, 21, 16, 0, tzinfo=ATHENS),
    )
    response = client.get(reverse("activities:calendar") + "?month=2026-03")
    assert response.status_code == 200
    days = {day.day.isoformat(): [a.pk for a in day.activities] for week in response.context["weeks"] for day in week}
    assert days["2026-03-10"] == [late.pk]
    assert days["2026-03-09"] == []
    assert days["2026-03-20"] == [two_days.pk] and days["2026-03-21"] == [two_days.pk]
    assert days["2026-03-22"] == []
    first_week = response.context["weeks"][0]
    assert first_week[0].day.isoformat() == "2026-02-23"  # Monday first


@pytest.mark.parametrize("month", ["2026-13", "march", "2026-3-1", "0001-01", "9999-12", "-1-1"])
def test_a_bad_month_is_a_400_with_a_message(client, month: str) -> None:  # noqa: ANN001
    response = client.get(reverse("activities:calendar") + f"?month={month}")
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_the_map_has_coming_located_published_activities(client, org_a) -> None:  # noqa: ANN001
    located = make_activity(org_a)
    make_activity(org_a, online=True, place="", point=None, online_url="https://meet.example.org/x")
    make_activity(org_a, status=ModerationStatus.PENDING)
    response = client.get(reverse("activities:map"))
    points = response.context["map_config"]["points"]
    assert [p["url"] for p in points] == [reverse("activities:detail", args=[located.pk])]
    assert points[0]["lat"] == pytest.approx(37.9995)


def test_an_editors_new_activity_waits_for_review(client, editor_a, org_a, coordinator) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    response = client.post(reverse("activities:create"), activity_post(org_a))
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get()
    assert activity.status == ModerationStatus.PENDING and activity.submitted_by == editor_a
    assert activity.languages == ["el", "fa"]
    assert (activity.point.x, activity.point.y) == pytest.approx((23.73, 37.98))
    client.logout()
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 404
    assert list(client.get(reverse("activities:list")).context["page"].object_list) == []
    client.force_login(coordinator)
    queue = client.get(reverse("activities:review_queue"))
    assert [a.pk for a, _changes in queue.context["items"]] == [activity.pk]
    client.post(reverse("activities:review", args=[activity.pk]), {"decision": "approve"})
    activity.refresh_from_db()
    assert activity.status == ModerationStatus.PUBLISHED and activity.reviewed_by == coordinator
    client.logout()
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200


def test_an_editors_change_waits_while_the_published_version_stays(client, editor_a, org_a, coordinator) -> None:  # noqa: ANN001
    activity = make_activity(org_a, title_el="Παλιός τίτλος")
    client.force_login(editor_a)
    data = activity_post(org_a, title_el="Νέος τίτλος")
    assert client.post(reverse("activities:edit", args=[activity.pk]), data).status_code == 302
    activity.refresh_from_db()
    assert activity.title_el == "Παλιός τίτλος" and activity.proposed["title_el"] == "Νέος τίτλος"
    assert "Παλιός τίτλος" in client.get(reverse("activities:list")).content.decode()
    client.force_login(coordinator)
    queue = client.get("/en" + reverse("activities:review_queue"))
    ((_item, changes),) = queue.context["items"]
    assert ("title (Greek)", "Παλιός τίτλος", "Νέος τίτλος") in changes
    client.post(reverse("activities:review", args=[activity.pk]), {"decision": "approve"})
    activity.refresh_from_db()
    assert activity.title_el == "Νέος τίτλος" and activity.proposed is None


def test_rejecting_needs_a_comment_and_keeps_the_published_version(client, editor_a, org_a, coordinator) -> None:  # noqa: ANN001
    activity = make_activity(org_a, title_el="Δημοσιευμένο")
    client.force_login(editor_a)
    client.post(reverse("activities:edit", args=[activity.pk]), activity_post(org_a, title_el="Πρόταση"))
    client.force_login(coordinator)
    no_comment = client.post(reverse("activities:review", args=[activity.pk]), {"decision": "reject"})
    assert no_comment.status_code == 400
    activity.refresh_from_db()
    assert activity.proposed is not None
    client.post(reverse("activities:review", args=[activity.pk]), {"decision": "reject", "comment": "Λάθος ώρα"})
    activity.refresh_from_db()
    assert activity.proposed is None and activity.title_el == "Δημοσιευμένο"
    assert activity.status == ModerationStatus.PUBLISHED and activity.review_comment == "Λάθος ώρα"


def test_a_coordinators_activity_publishes_at_once(client, coordinator, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    assert client.post(reverse("activities:create"), activity_post(org_a)).status_code == 302
    assert Activity.objects.get().status == ModerationStatus.PUBLISHED


def test_a_place_without_coordinates_takes_the_gazetteers_point(client, coordinator, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    data = activity_post(org_a, place="Κυψέλη", latitude="", longitude="")
    assert client.post(reverse("activities:create"), data).status_code == 302
    point = Activity.objects.get().point
    assert point is not None and 37.99 < point.y < 38.01 and 23.73 < point.x < 23.76


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": None}, "ends_at", ""),
        ({"registration_url": "javascript:alert(1)"}, "registration_url", ""),
        ({"registration_url": "ftp://example.org/x"}, "registration_url", "http"),
        ({"online": "on", "online_url": "", "place": ""}, "online_url", ""),
        ({"online": "on", "online_url": "file:///etc/passwd"}, "online_url", ""),
        ({"place": "", "latitude": "", "longitude": ""}, "place", ""),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "Greece"),
        ({"languages": []}, "languages", ""),
        ({"committee": "legal-aid"}, "committee", ""),  # a subcategory is not a committee
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, coordinator, org_a, overrides, field, message) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    if "committee" in overrides:
        overrides = {"committee": str(term(overrides["committee"]).pk)}
    response = client.post("/en" + reverse("activities:create"), activity_post(org_a, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert message in " ".join(response.context["form"].errors[field])
    assert not Activity.objects.exists()


def test_dates_in_the_wrong_order_are_refused(client, coordinator, org_a) -> None:  # noqa: ANN001
    client.force_login(coordinator)
    data = activity_post(org_a)
    data["starts_at"], data["ends_at"] = data["ends_at"], data["starts_at"]
    response = client.post("/en" + reverse("activities:create"), data)
    assert response.status_code == 400
    assert "The end must be after the start." in response.context["form"].errors["ends_at"]
    greek = client.post("/activities/new/", data)  # the Greek page says it in Greek
    assert "Η λήξη πρέπει να είναι μετά την έναρξη." in greek.content.decode()
    activity = make_activity(org_a, title_el="Σωστές ώρες")
    response = client.post(reverse("activities:edit", args=[activity.pk]), {**data, "title_el": "Αλλαγή"})
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.title_el == "Σωστές ώρες" and activity.ends_at > activity.starts_at


def test_the_database_refuses_an_end_before_the_start(org_a) -> None:  # noqa: ANN001
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_activity(org_a, ends_at=timezone.now() - timedelta(days=30))


def test_the_edit_form_continues_from_the_waiting_change(client, editor_a, org_a) -> None:  # noqa: ANN001
    activity = make_activity(org_a, title_el="Δημοσιευμένος τίτλος")
    client.force_login(editor_a)
    client.post(reverse("activities:edit", args=[activity.pk]), activity_post(org_a, title_el="Προτεινόμενος τίτλος"))
    form = client.get(reverse("activities:edit", args=[activity.pk])).context["form"]
    assert form["title_el"].value() == "Προτεινόμενος τίτλος"
    assert form["latitude"].value() == pytest.approx(37.98) and form["languages"].value() == ["el", "fa"]
    assert str(form["organization"].value()) == str(org_a.pk)

"""Open calls: members only, closed by their expiry (derived from the dates, nothing runs), bad dates refused."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community.models import OpenCall

from .conftest import make_call

pytestmark = pytest.mark.django_db


def call_post(organization, **overrides) -> dict:  # noqa: ANN001
    from tests.factories import term

    data = {
        "organization": str(organization.pk),
        "committee": str(term("education").pk),
        "kind": "offer",
        "title": "50 σχολικά πακέτα",
        "description": "",
        "contact": "Νίκος, 210 1111111",
        "expires_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client, org_a) -> None:  # noqa: ANN001
    make_call(org_a)
    response = client.get(reverse("calls:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_caseworker_reads_open_calls(client, caseworker, org_a) -> None:  # noqa: ANN001
    open_call = make_call(org_a, title="Ανοιχτή")
    make_call(org_a, title="Κλειστή", closed_at=timezone.now())
    client.force_login(caseworker)
    response = client.get(reverse("calls:list"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [open_call.pk]
    assert "Ανοιχτή" in response.content.decode() and "Post a call" not in response.content.decode()


def test_a_call_closes_by_itself_at_its_expiry(client, caseworker, org_a) -> None:  # noqa: ANN001
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        call = make_call(org_a, expires_at=now + timedelta(hours=2))
        client.force_login(caseworker)
        assert [c.pk for c in client.get(reverse("calls:list")).context["page"].object_list] == [call.pk]
    with time_machine.travel(now + timedelta(hours=2), tick=False):  # at the expiry: closed
        assert list(client.get(reverse("calls:list")).context["page"].object_list) == []
        closed = client.get(reverse("calls:list") + "?show=closed")
        assert [c.pk for c in closed.context["page"].object_list] == [call.pk]
        assert "Expired on" in client.get("/en/calls/?show=closed").content.decode()
    assert OpenCall.objects.get().closed_at is None  # nothing was written: closed is derived


def test_filters_by_committee_and_kind(client, caseworker, org_a) -> None:  # noqa: ANN001
    from tests.factories import term

    need = make_call(org_a, kind="need")
    offer = make_call(org_a, kind="offer", committee=term("health"))
    client.force_login(caseworker)
    assert [c.pk for c in client.get("/calls/?kind=offer").context["page"].object_list] == [offer.pk]
    assert [c.pk for c in client.get("/calls/?committee=education").context["page"].object_list] == [need.pk]
    assert client.get("/calls/?kind=everything").status_code == 400
    assert client.get("/calls/?committee=nope").status_code == 400


def test_an_editor_posts_and_closes_a_call(client, editor_a, org_a) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    assert client.post(reverse("calls:create"), call_post(org_a)).status_code == 302
    call = OpenCall.objects.get()
    assert call.created_by == editor_a and call.is_open()
    assert client.post(reverse("calls:close", args=[call.pk])).status_code == 302
    call.refresh_from_db()
    assert call.closed_at is not None and not call.is_open()


@pytest.mark.parametrize(
    ("expires", "message"),
    [
        (timedelta(hours=-1), "The closing time must be in the future."),
        (timedelta(days=400), "at most"),
    ],
)
def test_an_expiry_in_the_past_or_too_far_is_refused(client, editor_a, org_a, expires, message) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    when = (timezone.localtime() + expires).strftime("%Y-%m-%dT%H:%M")
    response = client.post("/en" + reverse("calls:create"), call_post(org_a, expires_at=when))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["expires_at"])
    assert not OpenCall.objects.exists()


def test_a_changed_call_with_a_past_expiry_changes_nothing(client, editor_a, org_a) -> None:  # noqa: ANN001
    call = make_call(org_a, title="Αρχικός")
    client.force_login(editor_a)
    when = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("calls:edit", args=[call.pk]), call_post(org_a, title="Νέος", expires_at=when))
    assert response.status_code == 400
    call.refresh_from_db()
    assert call.title == "Αρχικός"

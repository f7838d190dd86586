"""Every write path of activities, open calls and the toolkit: anonymous → sign in, caseworker → 403, an editor of A
on B's records → 404 (or a form error naming B), the review for coordinators only; nothing changes when refused."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import Activity, ModerationStatus, OpenCall, ToolkitEntry
from tests.editing.conftest import make_user

from .conftest import PDF, activity_post, make_activity, make_call, make_entry
from .test_calls import call_post
from .test_toolkit import entry_post

pytestmark = pytest.mark.django_db


def snapshot() -> Any:
    """Everything the write paths could change."""
    return (
        sorted(Activity.objects.values_list("pk", "title_el", "status", "proposed", "review_comment")),
        sorted(OpenCall.objects.values_list("pk", "title", "closed_at")),
        sorted(ToolkitEntry.objects.values_list("pk", "title")),
    )


@pytest.fixture
def records(org_b) -> dict[str, Any]:  # noqa: ANN001
    activity = make_activity(org_b, title_el="Του Β")
    pending = make_activity(org_b, title_el="Σε αναμονή", status=ModerationStatus.PENDING)
    return {"activity": activity, "pending": pending, "call": make_call(org_b), "entry": make_entry(org_b)}


def write_paths(records: dict[str, Any], org: Any) -> list[tuple[str, str, Callable[[], dict[str, Any]]]]:
    """(name, URL, POST data) of every write path, aimed at organisation B's records."""
    pdf = lambda: {**entry_post(org), "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")}  # noqa: E731
    return [
        ("activity create", reverse("activities:create"), lambda: activity_post(org)),
        ("activity edit", reverse("activities:edit", args=[records["activity"].pk]), lambda: activity_post(org)),
        ("activity delete", reverse("activities:delete", args=[records["activity"].pk]), dict),
        (
            "activity approve",
            reverse("activities:review", args=[records["pending"].pk]),
            lambda: {"decision": "approve"},
        ),
        (
            "activity reject",
            reverse("activities:review", args=[records["pending"].pk]),
            lambda: {"decision": "reject", "comment": "όχι"},
        ),
        ("call create", reverse("calls:create"), lambda: call_post(org)),
        ("call edit", reverse("calls:edit", args=[records["call"].pk]), lambda: call_post(org)),
        ("call close", reverse("calls:close", args=[records["call"].pk]), dict),
        ("toolkit create", reverse("toolkit:create"), pdf),
        ("toolkit edit", reverse("toolkit:edit", args=[records["entry"].pk]), pdf),
        ("toolkit delete", reverse("toolkit:delete", args=[records["entry"].pk]), dict),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, records, org_b) -> None:  # noqa: ANN001
    before = snapshot()
    for name, url, data in write_paths(records, org_b):
        response = client.post(url, data())
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], name
    assert snapshot() == before


@pytest.mark.parametrize("role", ["caseworker", None])
def test_caseworkers_and_plain_accounts_get_403_and_change_nothing(client, records, org_b, role) -> None:  # noqa: ANN001
    client.force_login(make_user("reader", role))
    before = snapshot()
    for name, url, data in write_paths(records, org_b):
        assert client.post(url, data()).status_code == 403, name
        if "create" in name or "edit" in name:
            assert client.get(url).status_code == 403, name
    assert snapshot() == before


def test_an_editor_of_a_cannot_touch_bs_records(client, editor_a, records, org_b) -> None:  # noqa: ANN001
    client.force_login(editor_a)
    before = snapshot()
    for name, url, data in write_paths(records, org_b):
        status = client.post(url, data()).status_code
        if "create" in name:
            assert status == 400, name  # B is not among the organisations the form offers
        elif name.startswith("activity approve") or name.startswith("activity reject"):
            assert status == 403, name
        else:
            assert status == 404, name
    assert snapshot() == before
    assert client.get(reverse("activities:review_queue")).status_code == 403
    # a waiting activity of B is not shown to A's editor either
    assert client.get(reverse("activities:detail", args=[records["pending"].pk])).status_code == 404


def test_an_editor_of_a_cannot_move_their_record_to_b(client, editor_a, org_a, org_b) -> None:  # noqa: ANN001
    call = make_call(org_a, title="Του Α")
    client.force_login(editor_a)
    assert client.post(reverse("calls:edit", args=[call.pk]), call_post(org_b, title="Στο Β")).status_code == 400
    call.refresh_from_db()
    assert call.organization_id == org_a.pk and call.title == "Του Α"


def test_an_editor_of_b_and_a_coordinator_may_write(client, records, org_b, coordinator) -> None:  # noqa: ANN001
    from accounts.models import Role

    editor_b = make_user("editor_b", Role.EDITOR, [org_b])
    for user in (editor_b, coordinator):
        client.force_login(user)
        for name, url, data in write_paths(records, org_b):
            if name.startswith("activity approve") or name.startswith("activity reject") or "delete" in name:
                continue
            assert client.post(url, data()).status_code == 302, (user, name)
    client.force_login(editor_b)
    assert (
        client.post(reverse("activities:review", args=[records["pending"].pk]), {"decision": "approve"}).status_code
        == 403
    )
    client.force_login(coordinator)
    assert (
        client.post(reverse("activities:review", args=[records["pending"].pk]), {"decision": "approve"}).status_code
        == 302
    )
    client.force_login(editor_b)
    for name, url, _data in write_paths(records, org_b):
        if "delete" in name:
            assert client.post(url).status_code == 302, name
    assert not Activity.objects.filter(pk=records["activity"].pk).exists()
    assert not ToolkitEntry.objects.filter(pk=records["entry"].pk).exists()

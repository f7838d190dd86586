"""createcoordinator makes the first coordinator from the command line."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from accounts.permissions import is_coordinator

pytestmark = pytest.mark.django_db


def test_creates_a_coordinator_who_can_sign_in(monkeypatch: pytest.MonkeyPatch, client) -> None:  # noqa: ANN001
    monkeypatch.setenv("GEO_ACCMR_COORDINATOR_PASSWORD", "a-Long-enough-pass-9")
    call_command("createcoordinator", "anna", "--email", "anna@example.org", "--no-input")
    user = get_user_model().objects.get(username="anna")
    assert is_coordinator(user) and user.email == "anna@example.org"
    assert client.login(username="anna", password="a-Long-enough-pass-9")


def test_refuses_a_weak_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_ACCMR_COORDINATOR_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("createcoordinator", "anna", "--email", "anna@example.org", "--no-input")
    assert not get_user_model().objects.filter(username="anna").exists()

"""Writes of the accounts app: invitations, people's roles, saved searches."""

import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Profile, Role, SavedSearch

INVITATION_SALT = "accounts.invitation"


class InvitationSpent(Exception):
    """The invitation was accepted or withdrawn in the meantime."""


def invitation_token(*, invitation: Invitation) -> str:
    """The signed, timestamped secret of an invitation's link."""
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT, compress=True)


def invitation_from_token(*, token: str) -> Invitation | None:
    """The pending invitation a link names, or None when the link is forged, expired, replaced or used."""
    max_age = timedelta(days=settings.ACCOUNTS_INVITATION_DAYS)
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    invitation = Invitation.objects.filter(pk=data.get("i"), nonce=data.get("n")).first()
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


def invitation_send(*, invitation: Invitation, base_url: str) -> None:
    """Email the invitation's link (base_url: scheme and host of the site, e.g. https://map.example.org)."""
    invitation.nonce = secrets.token_hex(16)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["nonce", "sent_at"])
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[invitation_token(invitation=invitation)])
    context = {"invitation": invitation, "link": link, "days": settings.ACCOUNTS_INVITATION_DAYS}
    send_mail(
        subject=_("Your invitation to the service map"),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(*, email: str, role: str, organizations: Any, invited_by: Any, base_url: str) -> Invitation:
    """Invite a person by email with a role (editors: their organisations); earlier pending invitations lapse."""
    email = email.strip()
    now = timezone.now()
    Invitation.objects.filter(email__iexact=email, accepted_at=None, revoked_at=None).update(revoked_at=now)
    invitation = Invitation(email=email, role=role, invited_by=invited_by, sent_at=now, nonce=secrets.token_hex(16))
    invitation.full_clean()
    invitation.save()
    invitation.organizations.set(organizations if role == Role.EDITOR else [])
    invitation_send(invitation=invitation, base_url=base_url)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw a pending invitation: its link stops working."""
    invitation.revoked_at = timezone.now()
    invitation.nonce = secrets.token_hex(16)
    invitation.save(update_fields=["revoked_at", "nonce"])


def coordinator_create(*, username: str, email: str, password: str) -> Any:
    """The first (or another) coordinator, from the command line: a user with a coordinator profile."""
    user_model = get_user_model()
    user = user_model(username=username, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        Profile.objects.create(user=user, role=Role.COORDINATOR)
    return user


@transaction.atomic
def invitation_accept(*, invitation: Invitation, username: str, password: str) -> Any:
    """Create the invited person's account with the invitation's role and organisations; the link is then spent."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationSpent(invitation.pk)
    user = get_user_model().objects.create_user(username=username, email=invitation.email, password=password)
    profile = Profile.objects.create(user=user, role=invitation.role)
    profile.organizations.set(invitation.organizations.all())
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user


@transaction.atomic
def person_update(*, user: Any, role: str, organizations: Any, is_active: bool) -> Profile:
    """Set a person's role, organisations (editors only) and whether they may sign in."""
    profile, _created = Profile.objects.get_or_create(user=user, defaults={"role": role})
    profile.role = role
    profile.full_clean()
    profile.save()
    profile.organizations.set(organizations if role == Role.EDITOR else [])
    if user.is_active != is_active:
        user.is_active = is_active  # an inactive account's sessions stop being recognised at once
        user.save(update_fields=["is_active"])
        # the retention clock of an inactive account (privacy: anonymised after PRIVACY_INACTIVE_ACCOUNT_MONTHS)
        profile.deactivated_at = None if is_active else timezone.now()
        profile.save(update_fields=["deactivated_at"])
    return profile


def saved_search_query(*, query: str) -> str:
    """The query string kept for a search: re-encoded, empty values and the page's own bookkeeping dropped."""
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=False) if k and v]
    return urlencode(pairs)[:2000]


def saved_search_save(*, user: Any, name: str, query: str) -> SavedSearch:
    """Keep a search under a name; saving again under the same name replaces it (and restarts its retention)."""
    search, _created = SavedSearch.objects.update_or_create(
        user=user, name=name.strip(), defaults={"query": saved_search_query(query=query), "created_at": timezone.now()}
    )
    return search


def saved_search_delete(*, user: Any, search_id: int) -> bool:
    """Delete one of the person's saved searches; False when they have none by that id."""
    deleted, _rows = SavedSearch.objects.filter(user=user, pk=search_id).delete()
    return bool(deleted)

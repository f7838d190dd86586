"""Sign-in: by username or email; coordinators hold every model permission but over accounts (the admin is theirs);
axes' helpers."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .permissions import is_coordinator


def user_for_login(identifier: str) -> Any | None:
    """The account a sign-in names: its username, else an email address that exactly one account has."""
    users = get_user_model()._default_manager
    identifier = identifier.strip()
    user = users.filter(username=identifier).first()
    if user is None and "@" in identifier:
        matches = list(users.filter(email__iexact=identifier)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lock on web sign-ins; a check without a request (shell, the test client's login) is let through.

    Every sign-in form of the site and the admin passes its request, so each is throttled.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any | None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


# What holds accounts and their powers (passwords, flags, groups, permissions, roles): a coordinator who could write
# it could take over a superuser. Coordinators manage people on /accounts/people/, which guards that; superusers
# keep these permissions (Django grants a superuser everything before it asks any backend).
ACCOUNT_APPS = {"auth"}  # users, groups, permissions
ACCOUNT_MODELS = {"accounts.profile"}  # roles and the organisations editors speak for
ACCOUNT_MODELS_READABLE = {"accounts.invitation"}  # made and withdrawn on /accounts/people/, shown in the admin


def coordinator_may(perm: str) -> bool:
    """Does an active coordinator hold `perm` ("app_label.action_model")? Every one but those over accounts."""
    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    model = f"{app_label}.{model_name}"
    if model in ACCOUNT_MODELS_READABLE:
        return action == "view"
    return app_label not in ACCOUNT_APPS and model not in ACCOUNT_MODELS


class UsernameOrEmailBackend(ModelBackend):
    """Django's ModelBackend, answering to an email address too; active coordinators have every permission but those
    over accounts."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any | None:
        username = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = user_for_login(username)
        if user is None:
            get_user_model()().set_password(password)  # as long as a wrong password takes: no account probing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if user_obj.is_active and is_coordinator(user_obj) and coordinator_may(perm):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if user_obj.is_active and is_coordinator(user_obj) and app_label not in ACCOUNT_APPS:
            return True
        return super().has_module_perms(user_obj, app_label)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The name axes counts failures under: an email and the username it belongs to count as one person."""
    given = str((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    user = user_for_login(given) if given else None
    return user.get_username() if user is not None else given.lower()


def axes_client_ip(request: HttpRequest) -> str | None:
    """The client address: REMOTE_ADDR, or from X-Forwarded-For when API_NUM_PROXIES says how many proxies to trust."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote  # a forwarded address nobody vouches for could be forged to dodge the lockout
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote

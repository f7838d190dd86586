"""The admin for coordinators only: editors' changes go through moderation, so the admin is not theirs to use."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.common import no_append_slash

from .permissions import is_coordinator

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


class CoordinatorAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form: active coordinators and superusers, whatever their `is_staff` flag."""

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active or not is_coordinator(user):
            raise ValidationError(
                self.error_messages["invalid_login"], code="invalid_login", params={"username": self.username_field}
            )


class CoordinatorAdminSite(admin.AdminSite):
    """Admits active coordinators; anyone else signed in gets 403 on every admin URL, anonymous visitors its login."""

    login_form = CoordinatorAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and is_coordinator(request.user)

    def _refuse_others(self, request: HttpRequest) -> None:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            self._refuse_others(request)
            return inner(request, *args, **kwargs)

        return cast(_View, guarded)  # functools.wraps: the view's signature

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        self._refuse_others(request)
        return super().login(request, extra_context)

    @no_append_slash
    def catch_all_view(self, request: HttpRequest, url: str) -> HttpResponse:
        self._refuse_others(request)
        return super().catch_all_view(request, url)
